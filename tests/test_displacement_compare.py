"""Displacement's "Compare two rounds" with both ends of its slider on one round.

Seen (2026-12-06, English, coordinator and public): the link ``/displacement?compare=1&round_a=26&round_b=26``
drew a change map of zeros and, below it, "This view could not be shown because of an unexpected error" where the
"Biggest changes R26 → R26" tables were (two columns both named "R26"). Expected: a note that says what to do, no
error, and that round's own view (the catalogue's words, written out here).
"""

from __future__ import annotations

import csv
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_runs import released

ROOT = Path(__file__).resolve().parents[1]
NOTE = "Round A and round B are the same round, shown on its own: move one end of the slider to compare two rounds."


def _compared(round_b: str) -> AppTest:
    """Displacement for Sebha comparing round 26 with ``round_b``, run as a browser would (map first)."""
    at = AppTest.from_file(str(ROOT / "pages" / "displacement.py"), default_timeout=120)
    at.query_params.update({"compare": "1", "round_a": "26", "round_b": round_b, "mantika": "LY0319"})
    at.run()
    return released(at)


def test_comparing_a_round_with_itself_says_so_instead_of_failing(store, monkeypatch, local_mode):
    monkeypatch.syspath_prepend(str(ROOT))
    at = _compared("26")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]  # the guarded fragment's "could not be shown"
    assert NOTE in [i.value for i in at.info]
    assert not [h.value for h in at.subheader if "Biggest changes" in h.value]
    assert "Top baladiyas · Migrants · R26" in [h.value for h in at.subheader]  # that round's own view


def test_two_rounds_are_still_compared(store, monkeypatch, local_mode):
    monkeypatch.syspath_prepend(str(ROOT))
    at = _compared("28")
    assert not at.exception and not at.error
    assert "Biggest changes R26 → R28" in [h.value for h in at.subheader]
    assert NOTE not in [i.value for i in at.info]



def _shipped_changes(mantika: str, metric: str, a: int, b: int) -> dict[str, int]:
    """Each baladiya's change in ``mantika`` from round ``a`` to ``b``, read from the shipped CSV here."""
    values: dict[str, dict[int, int]] = {}
    with (ROOT / "data" / "layers" / "displacement.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["mantika_pcode"] == mantika and int(row["round"]) in (a, b):
                values.setdefault(row["baladiya_name"], {})[int(row["round"])] = int(row[metric])
    return {name: v[b] - v[a] for name, v in values.items()}


def _changes_shown(mantika: str) -> tuple[list[list[tuple[str, float]]], list[str]]:
    """Displacement comparing R24 with R28 for ``mantika``'s migrants: each table's (baladiya, change) rows in
    the order drawn (increases, then decreases), and the captions."""
    at = AppTest.from_file(str(ROOT / "pages" / "displacement.py"), default_timeout=120)
    at.query_params.update({"compare": "1", "round_a": "24", "round_b": "28", "mantika": mantika})
    at.run()
    released(at)
    assert not at.exception and not at.error
    return ([list(zip(d.value["Baladiya"], d.value["Change"], strict=True)) for d in at.dataframe],
            [c.value for c in at.caption])


def test_increases_list_only_rises_and_decreases_only_falls(store, monkeypatch, local_mode):
    """Seen (2026-12-07, one baladiya selected): "Decreases" listed Almarj's +1,119, as "Increases" did: each
    table was the first or last eight rows, whatever their sign.  Derna's five baladiyas: three rose, two fell."""
    monkeypatch.syspath_prepend(str(ROOT))
    changes = _shipped_changes("LY0101", "migrants", 24, 28)
    tables, _ = _changes_shown("LY0101")
    rises = sorted(((n, c) for n, c in changes.items() if c > 0), key=lambda r: -r[1])
    falls = sorted(((n, c) for n, c in changes.items() if c < 0), key=lambda r: r[1])
    assert (len(rises), len(falls)) == (3, 2)
    assert tables == [rises, falls]


def test_a_view_where_nothing_fell_says_so(store, monkeypatch, local_mode):
    """LY0103's five baladiyas all rose from R24 to R28: no "Decreases" table, a line saying none fell."""
    monkeypatch.syspath_prepend(str(ROOT))
    changes = _shipped_changes("LY0103", "migrants", 24, 28)
    assert len(changes) == 5 and all(c > 0 for c in changes.values())
    tables, captions = _changes_shown("LY0103")
    assert [sorted(n for n, _ in rows) for rows in tables] == [sorted(changes)]
    assert "No baladiya in this view fell." in captions


def test_the_overview_lists_a_fall_only_under_decreases(store, monkeypatch, local_mode):
    """Seen (2026-12-07, Aljufra's baladiya clicked on the Overview): "Largest increases in migrants, R27 → R28"
    listed Aljufra's fall (2,776 → 2,561), as "Largest decreases" did."""
    monkeypatch.syspath_prepend(str(ROOT))
    (name, change), = _shipped_changes("LY0317", "migrants", 27, 28).items()  # the mantika's one baladiya
    assert change < 0
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=120)
    at.query_params.update({"region": "LY03", "mantika": "LY0317", "baladiya": "LY031701"})
    at.run()
    released(at)
    assert not at.exception and not at.error
    assert [list(zip(d.value["Baladiya"], d.value["Change"], strict=True)) for d in at.dataframe
            if "Change" in d.value] == [[(name, change)]]
    assert "No baladiya in this view rose." in [c.value for c in at.caption]
