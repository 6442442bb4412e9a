"""The title offered for a snapshot follows the view until the coordinator writes their own, run with AppTest.

Seen: on Overview, the title offered stayed "Overview · Libya · R28" after the round was moved to R26 (the
snapshot published was R26's), and stayed English once the page was in Arabic: Streamlit keeps a keyed input's
text when its default changes.  Expected titles are literals: the shipped rounds end at 28, and the Arabic word is
the msgstr of "Overview" in ``locales/ar/LC_MESSAGES/messages.po``."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def _overview(monkeypatch) -> AppTest:
    from tests.app_runs import released

    monkeypatch.syspath_prepend(str(ROOT))
    return released(AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=120).run())


def _title(at: AppTest) -> str:
    (box,) = [b for b in at.text_input if (b.key or "").endswith("-title")]
    return box.value


def test_the_title_offered_names_the_round_shown(store, monkeypatch, local_mode):
    at = _overview(monkeypatch)
    assert _title(at) == "Overview · Libya · R28"
    at.select_slider(key="round").set_value(26).run()
    assert _title(at) == "Overview · Libya · R26"


def test_the_title_offered_is_in_the_page_s_language(store, monkeypatch, local_mode):
    at = _overview(monkeypatch)
    at.session_state["lang"] = "ar"
    at.run()
    assert "نظرة عامة" in _title(at) and "Overview" not in _title(at)


def test_a_title_the_coordinator_wrote_is_kept_when_the_view_changes(store, monkeypatch, local_mode):
    at = _overview(monkeypatch)
    (box,) = [b for b in at.text_input if (b.key or "").endswith("-title")]
    box.set_value("Libya for the donors' meeting").run()
    at.select_slider(key="round").set_value(25).run()
    at.session_state["lang"] = "ar"
    at.run()
    assert _title(at) == "Libya for the donors' meeting"
