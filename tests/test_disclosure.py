"""Statistical disclosure control: primary and secondary suppression.

Expected statuses are written out by hand for each table (the reasoning is in
the comments), never computed with geo.disclosure itself.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from geo import disclosure, registry
from geo.disclosure import PRIMARY, SECONDARY, SHOWN, Group


def test_primary_suppression_of_small_counts_only():
    status = disclosure.protect({"a": 0, "b": 1, "c": 4, "d": 5, "e": 120, "f": None})
    assert status == {"a": SHOWN, "b": PRIMARY, "c": PRIMARY, "d": SHOWN, "e": SHOWN, "f": "missing"}
    assert [disclosure.cell_text(v, status[k]) for k, v in
            {"a": 0, "b": 1, "c": 4, "d": 5, "e": 1200, "f": None}.items()] == ["0", "<5", "<5", "5", "1,200", ""]


def test_threshold_is_configurable_per_field_in_the_registry():
    layer = registry.get("flash_updates")
    assert disclosure.threshold(layer, "people_affected") == 5
    assert disclosure.threshold(layer, "title") is None  # not a count
    stricter = dataclasses.replace(layer, fields=tuple(
        dataclasses.replace(f, disclosure_min=20) if f.name == "people_affected" else f for f in layer.fields))
    assert disclosure.threshold(stricter, "people_affected") == 20
    rows = pd.DataFrame({"date": ["2019-04-05"] * 3, "people_affected": [13, 400, 25]})
    out = disclosure.protect_rows(rows, stricter, by=["date"])
    # 13 < 20 is withheld; with the day's total published, the next smallest (25) goes too.
    assert out["people_affected"].tolist() == ["<20", "400", "x"]


def test_one_suppressed_cell_beside_a_total_is_not_recoverable():
    # Migrants per baladiya of one mantika, with the mantika total shown beside them:
    # total 1,000 - 600 - 397 = 3 would give the withheld cell away.
    values = {"A": 600, "B": 3, "C": 397, "total": 1000}
    naive = {k: PRIMARY if 0 < v < 5 else SHOWN for k, v in values.items()}
    shown = [v for k, v in values.items() if naive[k] == SHOWN and k != "total"]
    assert values["total"] - sum(shown) == 3  # the leak secondary suppression must close
    status = disclosure.protect(values, [Group(("A", "B", "C"), total="total")])
    # B is small (primary); the next smallest cell, C = 397, is withheld as well.
    assert status == {"A": SHOWN, "B": PRIMARY, "C": SECONDARY, "total": SHOWN}
    assert [disclosure.cell_text(values[k], status[k]) for k in "ABC"] == ["600", "<5", "x"]


def test_two_way_table_with_row_and_column_totals():
    #            r1   r2   (row totals shown)
    # north      50    2   -> 52
    # south      30   40   -> 70
    # east       20   60   -> 80
    # (column totals shown: 100, 102)
    table = pd.DataFrame({"r1": [50, 30, 20], "r2": [2, 40, 60]}, index=["north", "south", "east"])
    status = disclosure.protect_table(table)
    # north/r2 = 2 is primary.  Its row then needs a second cell (north/r1, the only one);
    # its column too (south/r2 = 40, the smallest).  Column r1 would now give north/r1 away
    # (100 - 30 - 20) and row south would give south/r2 away (70 - 30): withholding south/r1
    # closes both, the classic rectangle; the row "east" stays fully shown.
    expected = pd.DataFrame({"r1": [SECONDARY, SECONDARY, SHOWN], "r2": [PRIMARY, SECONDARY, SHOWN]},
                            index=table.index)
    pd.testing.assert_frame_equal(status, expected)
    # Independent check: no row or column has exactly one withheld cell.
    withheld = status != SHOWN
    assert set(withheld.sum(axis=0)) <= {0, 2} and set(withheld.sum(axis=1)) <= {0, 2}


def test_withheld_total_is_not_recoverable_from_its_members():
    # Country total 1,000 published; mantika M1 (small part 3) and M2; M2's baladiyas
    # b1, b2 shown under M2.  Rule A withholds M2 (next smallest); but M2 = b1 + b2 would
    # then give it away, and with it M1 = 1,000 - M2: one of b1/b2 must go too.
    values = {"M1": 3, "M2": 997, "b1": 900, "b2": 97}
    groups = [Group(("M1", "M2")), Group(("b1", "b2"), total="M2")]
    status = disclosure.protect(values, groups)
    assert status["M1"] == PRIMARY
    assert status["M2"] == SECONDARY
    assert status["b2"] == SECONDARY  # the smaller baladiya
    assert status["b1"] == SHOWN


def test_small_total_is_itself_suppressed():
    values = {"a": 1, "b": 2, "t": 3}
    status = disclosure.protect(values, [Group(("a", "b"), total="t")])
    assert status == {"a": PRIMARY, "b": PRIMARY, "t": PRIMARY}


def test_differences_follow_their_operands():
    assert disclosure.difference_status(SHOWN, SHOWN) == SHOWN
    assert disclosure.difference_status(PRIMARY, SHOWN) == SECONDARY
    assert disclosure.difference_status(SHOWN, SECONDARY) == SECONDARY


def test_rows_for_download_per_period():
    layer = registry.get("disembarkation_points")
    rows = pd.DataFrame({
        "month": ["2019-01-01", "2019-01-01", "2019-01-01", "2019-02-01", "2019-02-01", "2019-02-01"],
        "disembarked": [4, 300, 120, 0, 50, 70],
        "assisted": [300, 300, 120, 0, 50, 70],
        "screenings": [10, 10, 10, 0, 3, 70],
    })
    out = disclosure.protect_rows(rows, layer)
    # January: 4 withheld, then the smallest other cell (120).  February: nothing small.
    assert out["disembarked"].tolist() == ["<5", "300", "x", "0", "50", "70"]
    assert out["assisted"].tolist() == ["300", "300", "120", "0", "50", "70"]
    # February: 3 is withheld; a 0 hides nothing, so the complement is 70, not 0.
    assert out["screenings"].tolist() == ["10", "10", "10", "0", "<5", "x"]
    assert rows["disembarked"].tolist() == [4, 300, 120, 0, 50, 70]  # the input is untouched


@pytest.mark.parametrize("values", [{"a": 3}, {"a": 3, "b": 0}])
def test_nothing_left_to_hide_behind_keeps_the_small_cell_withheld(values):
    status = disclosure.protect(values, [Group(tuple(values))])
    assert status["a"] == PRIMARY


def test_complement_is_taken_inside_the_same_mantika():
    # Mantika totals are published beside baladiya rows (map tooltips): a complement from
    # another mantika (100 in M2) would leave M1's 3 recoverable from M1's total.
    layer = registry.get("displacement")
    rows = pd.DataFrame({"round": [28] * 5, "mantika_pcode": ["M1", "M1", "M1", "M2", "M2"],
                         "migrants": [3, 500, 600, 100, 900], "idps": [10] * 5, "returnees": [10] * 5})
    out = disclosure.protect_rows(rows, layer)
    assert out["migrants"].tolist() == ["<5", "x", "600", "100", "900"]


def test_a_sum_of_small_counts_only_in_no_total_needs_no_complement():
    # Rule 0 leaves a small count out of every public total: a cell summing small counts only is shown "<5"
    # and nothing beside it is withheld.  Seen: a lone point of 200 shown as "x" beside a national 200.
    group = [disclosure.Group(("small", "big"))]
    left_out = disclosure.protect({"small": disclosure.SMALL, "big": 200}, group)
    assert left_out == {"small": disclosure.PRIMARY, "big": disclosure.SHOWN}
    # Two small counts (3 + 4 = 7 is not below 5): withheld as "x", not "<5", and still nothing beside them.
    several = disclosure.protect({"small": 2 * disclosure.SMALL, "big": 200}, group)
    assert several == {"small": disclosure.SECONDARY, "big": disclosure.SHOWN}
    exact = disclosure.protect({"small": 3, "big": 200}, group)  # 3 in the total: 203 - 200 would give it
    assert exact == {"small": disclosure.PRIMARY, "big": disclosure.SECONDARY}
    table = pd.DataFrame({"a": [disclosure.SMALL, 40.0], "b": [50.0, 60.0]})
    assert disclosure.protect_table(table).to_numpy().tolist() == [[disclosure.PRIMARY, disclosure.SHOWN],
                                                                  [disclosure.SHOWN, disclosure.SHOWN]]
