"""A flash update's "Added" notice is worded by the run that shows it, in the language the page is in then (AppTest).

As with a rollback (``tests/test_rollback_notice.py``): the press's own runs can be stopped before they show the
notice (the reader chose Arabic straight after pressing "Add to the feed"), and the notice then came up on the
Arabic page in English.  Here those runs show nothing (``notices.show`` patched); the next run is in Arabic.
Expected words: the msgstr of "Added {id} to the feed (version {v})." in ``locales/ar/LC_MESSAGES/messages.po``."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo import defaults
from tests.app_runs import released

ROOT = Path(__file__).resolve().parents[1]


def test_an_added_notice_shown_after_a_language_change_is_in_that_language(store, monkeypatch, local_mode):
    from components import notices

    monkeypatch.syspath_prepend(str(ROOT))
    defaults.seed(store)
    before = store.current_version("flash_updates")
    at = released(AppTest.from_file(str(ROOT / "pages" / "flash.py"), default_timeout=180).run())
    at.text_input(key="fu-form-title").input("Road to Alkufra cut by a sand storm")
    at.multiselect(key="fu-form-baladiyas").set_value(["LY010701"])
    at.text_input(key="fu-form-source").input("Field team call")
    at.text_area(key="fu-form-text").input("The road south of Alkufra is closed.")

    show = notices.show
    monkeypatch.setattr(notices, "show", lambda slot, **_kw: False)
    (add,) = [b for b in at.button if b.label == "Add to the feed"]
    add.click().run()
    monkeypatch.setattr(notices, "show", show)
    assert store.current_version("flash_updates") == before + 1  # added, nothing said yet

    at.session_state["lang"] = "ar"
    at.run()
    said = [s.value for s in at.success]
    assert any(s.startswith("أُضيف ") and f"(الإصدار {before + 1})" in s for s in said), said
    assert not any("to the feed" in s for s in said), said
