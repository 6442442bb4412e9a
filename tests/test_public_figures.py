"""What viewers see of counts: exact for coordinators, disclosure-controlled for the public."""

from __future__ import annotations

import math

import pandas as pd

from components import public_figures
from geo import registry

DISP = registry.get("displacement")
DP = registry.get("disembarkation_points")


def test_headline_numbers():
    assert public_figures.number(3, DISP, "migrants", "public") == "<5"
    assert public_figures.number(3, DISP, "migrants", "coordinator") == "3"
    assert public_figures.number(0, DISP, "migrants", "public") == "0"
    assert public_figures.number(12345, DISP, "migrants", "public") == "12,345"
    assert public_figures.number(pd.NA, DISP, "migrants", "public") == "no count"
    assert not public_figures.comparable([3, 900], DISP, "migrants", "public")
    assert public_figures.comparable([3, 900], DISP, "migrants", "coordinator")


def test_table_and_differences():
    frame = pd.DataFrame({"name": ["a", "b", "c"], "value_a": [3, 400, 800], "value_b": [10, 390, 900]})
    frame["change"] = frame["value_b"] - frame["value_a"]
    out = public_figures.column(frame, {"value_a": "migrants", "value_b": "migrants"}, DISP, "public",
                                {"change": ("value_a", "value_b")})
    # value_a: 3 is small, 400 the next smallest -> x; the changes that use them are withheld.
    assert out["value_a"].tolist() == ["<5", "x", "800"]
    assert out["value_b"].tolist() == ["10", "390", "900"]
    assert out["change"].tolist() == ["x", "x", "+100"]
    assert public_figures.column(frame, {"value_a": "migrants"}, DISP, "coordinator") is frame


def test_map_rows_give_withheld_points_no_size():
    rows = pd.DataFrame({"point_id": ["p1", "p2", "p3"], "disembarked": [2, 50, 70], "assisted": [40, 50, 60],
                         "screenings": [9, 9, 9]})
    out = public_figures.map_rows(rows, {m: m for m in DP.value_fields}, DP, "public", size="disembarked")
    assert out["disembarked"].tolist() == ["<5", "x", "70"]
    assert math.isnan(out["_size"][0]) and math.isnan(out["_size"][1]) and out["_size"][2] == 70
    exact = public_figures.map_rows(rows, {"disembarked": "disembarked"}, DP, "coordinator", size="disembarked")
    assert exact["_size"].tolist() == [2, 50, 70] and "_size" not in rows


def test_for_map_empties_withheld_sizes_and_keeps_their_text():
    # An index that is not 0..n-1 (rows filtered out of a bigger frame): the withheld rows are still the ones
    # emptied.  3 is below the threshold of 5, and 40 the next smallest of a published total -> x.
    rows = pd.DataFrame({"point_id": ["p1", "p2", "p3"], "disembarked": [3, 40, 700]}, index=[7, 2, 9])
    out = public_figures.for_map(rows, "disembarked", DP, "disembarked", "public")
    assert out["disembarked_text"].tolist() == ["<5", "x", "700"]
    assert out["disembarked"].isna().tolist() == [True, True, False] and out.loc[9, "disembarked"] == 700
    assert public_figures.for_map(rows, "disembarked", DP, "disembarked", "coordinator") is rows


def test_area_values_for_a_choropleth():
    values = pd.DataFrame({"pcode": ["LY0101", "LY0102", "LY0103"], "name_en": ["a", "b", "c"],
                           "name_ar": ["", "", ""], "value": [4.0, 300.0, 20000.0]})
    out = public_figures.area_values(values, DISP, "migrants", "public")
    assert out["value"].tolist() == ["<5", "x", 20000.0]
    assert public_figures.area_values(values, DISP, "migrants", "coordinator") is values


def _public_table() -> None:
    import pandas as pd

    from components import public_figures, tables
    from geo import registry

    frame = pd.DataFrame({"name": ["a", "b", "c"], "value_a": [3, 400, 12345], "value_b": [10, 390, 13000]})
    frame["change"] = frame["value_b"] - frame["value_a"]
    shown = public_figures.column(frame, {"value_a": "migrants", "value_b": "migrants"},
                                  registry.get("displacement"), "public", {"change": ("value_a", "value_b")})
    tables.show(shown, {"name": ("Baladiya", "text"), "value_a": ("Round A", "count"),
                        "value_b": ("Round B", "count"), "change": ("Change", "count")}, key="t")


def test_a_public_table_speaks_the_readers_digits():
    """A public count is text (it may be "<5"): it is still written in the reader's locale and digits."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_public_table, default_timeout=60)
    at.session_state["lang"] = "ar"
    at.session_state["digits"] = "arab"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    rows = at.dataframe[0].value.to_numpy().tolist()  # right to left: change, B, A, name
    assert rows[0] == ["x", "١٠", "<٥", "a"]
    assert rows[2] == ["+٦٥٥", "١٣٬٠٠٠", "١٢٬٣٤٥", "c"]

    at.session_state["digits"] = "latn"
    at.run()
    assert at.dataframe[0].value.to_numpy().tolist()[2] == ["+655", "13.000", "12.345", "c"]  # ar_LY separators

    at.session_state["lang"] = "en"
    at.run()
    assert at.dataframe[0].value.to_numpy().tolist()[2] == ["c", "12,345", "13,000", "+655"]


def test_a_public_legend_never_starts_at_a_real_small_count():
    # Breaks as geo.classes gives them: the first is the smallest area value over all rounds (here 3 people).
    breaks = [3.0, 120.0, 860.0, 4_200.0, 9_000.0, 133_566.0]
    assert public_figures.class_breaks(breaks, "public") == [0.0, 120.0, 860.0, 4_200.0, 9_000.0, 133_566.0]
    assert public_figures.class_breaks(breaks, "coordinator") == breaks
    assert public_figures.class_breaks([], "public") == []
    # Breaks of public sums that left small counts out (geo.disclosure.SMALL): whole numbers, as the values.
    assert public_figures.class_breaks([0.000002, 1865.000001, 7538.000003], "public") == [0.0, 1865.0, 7538.0]


def _nan_at(values) -> list[int]:
    return [i for i, v in enumerate(values) if v != v]


def test_chart_values_leave_out_what_the_public_may_not_see():
    # A measure's months add up to its headline: 3 alone withheld would be the headline minus 200, so 200 goes too.
    monthly = pd.DataFrame({"month": ["Jan", "Feb", "Jan", "Feb"], "measure": ["disembarked"] * 2 + ["assisted"] * 2,
                            "people": [3, 200, 150, 190]})
    shown, withheld = public_figures.chart_values(monthly, "people", DP, ["disembarked", "assisted"], "public",
                                                  summed_by=["measure"])
    assert _nan_at(shown["people"]) == [0, 1] and withheld == 2
    assert shown["people"].tolist()[2:] == [150, 190]
    # A trend's rounds add up to nothing shown: only the small count goes.
    trend = pd.DataFrame({"round": [26, 27, 28], "value": [40, 3, 0]})
    shown, withheld = public_figures.chart_values(trend, "value", DISP, ["migrants"], "public")
    assert _nan_at(shown["value"]) == [1] and withheld == 1 and shown["value"][2] == 0  # a zero is shown
    # Coordinators see every value.
    same, none = public_figures.chart_values(trend, "value", DISP, ["migrants"], "coordinator")
    assert same["value"].tolist() == [40, 3, 0] and none == 0


def test_shares_within_reach_are_withheld_with_their_counts():
    # Three areas; all of them sum to the headline's "of N counted". Expected by the rules of geo/disclosure.py:
    # a: 3 people (primary) -> its share goes; b: 998 of 1,000 within reach leaves 2 out of reach (primary) -> its
    # share goes; c: the smallest other cell of each column goes with them (a lone small cell beside a total).
    frame = pd.DataFrame({"pcode": ["LY0101", "LY0102", "LY0103"], "name_en": ["a", "b", "c"],
                          "name_ar": ["a", "b", "c"], "migrants_total": [3, 1000, 500],
                          "migrants_in_reach": [3, 998, 250], "migrants_share": [100.0, 99.8, 50.0]})
    shown = public_figures.shares(frame, ["migrants"], DISP, "public")
    assert shown["migrants_total"].tolist() == ["<5", "1,000", "x"]
    assert shown["migrants_share"].tolist() == ["x", "x", "x"]
    assert list(shown.columns) == list(frame.columns)
    # Large counts on every side: every share is shown, of the whole numbers shown beside it (150 of 300, ...).
    big = frame.assign(migrants_total=[300, 1000, 500], migrants_in_reach=[150, 900, 250])
    assert public_figures.shares(big, ["migrants"], DISP, "public")["migrants_share"].tolist() == [50.0, 90.0, 50.0]
    # A public sum holding a small count (geo.disclosure.SMALL) in reach: the share does not move for it.
    fraction = big.assign(migrants_total=[300.000001, 1000, 500], migrants_in_reach=[150.000001, 900, 250])
    assert public_figures.shares(fraction, ["migrants"], DISP, "public")["migrants_share"].tolist()[0] == 50.0
    assert public_figures.shares(frame, ["migrants"], DISP, "coordinator") is frame


def test_what_the_public_reads_is_whole_numbers():
    # Seen: a chart's hover said "People=80.000001" and a map-values download "22647.000001": public sums that left
    # a small count out (geo.disclosure.SMALL), telling how many they left out.
    frame = pd.DataFrame({"month": ["2024-02", "2024-03"], "assisted": [110.000001, 80.0]})
    values, withheld = public_figures.chart_values(frame, "assisted", DP, ["assisted"], "public")
    assert values["assisted"].tolist() == [110.0, 80.0] and withheld == 0
    areas = pd.DataFrame({"pcode": ["LY0101", "LY0102"], "value": [22647.000001, 0.000002]})
    assert public_figures.area_values(areas, DISP, "migrants", "public")["value"].tolist() == [22647.0, "x"]
    assert public_figures.number(22647.000001, DISP, "migrants", "public") == "22,647"
    assert public_figures.number(0.000001, DISP, "migrants", "public") == "<5"  # one small count
    assert public_figures.number(0.000002, DISP, "migrants", "public") == "x"  # two: 3 + 4 is not below 5
    points = public_figures.map_rows(pd.DataFrame({"point_id": ["p"], "assisted": [190.000001]}),
                                     {"assisted": "assisted"}, DP, "public", size="assisted")
    assert points["_size"].tolist() == [190.0] and points["assisted"].tolist() == ["190"]
