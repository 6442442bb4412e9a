"""Displacement's "Compare two rounds" with both ends of its slider on one round.

Seen (2026-12-06, English, coordinator and public): the link ``/displacement?compare=1&round_a=26&round_b=26``
drew a change map of zeros and, below it, "This view could not be shown because of an unexpected error" where the
"Biggest changes R26 → R26" tables were (two columns both named "R26"). Expected: a note that says what to do, no
error, and that round's own view (the catalogue's words, written out here).
"""

from __future__ import annotations

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
