"""A rollback's notice is worded by the run that shows it, in the language the page is in then (AppTest).

The press's own run can be stopped before it shows the notice: the reader chose Arabic straight after pressing
"Roll back".  The notice then came up in the next run, the Arabic one, worded in English by the press's callback.
Here the press's run shows nothing (``notices.show`` patched for that run, as a stopped run shows nothing); the
next run is in Arabic.  Expected words: the msgstr of "{name}: version {to} is current (was version {frm})." in
``locales/ar/LC_MESSAGES/messages.po``."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo import defaults, ingest
from tests.app_runs import released
from tests.importers.builders import write_csv

ROOT = Path(__file__).resolve().parents[1]


def test_a_rollback_notice_shown_after_a_language_change_is_in_that_language(store, tmp_path, monkeypatch,
                                                                             local_mode):
    from components import notices

    monkeypatch.syspath_prepend(str(ROOT))
    defaults.seed(store)
    ingest.import_file(store, write_csv(tmp_path / "facilities.csv", [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km"],
        ["HF-P1", "Clinic P", "mobile clinic stop", 32.89, 13.19, "2019-05-01", 50]]), replace=True, actor="tester")
    at = released(AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=180).run())
    at.selectbox(key="versions-of").set_value("health_facilities").run()
    at.selectbox(key="rollback-to-health_facilities").set_value(1).run()
    at.checkbox(key="rollback-confirm-health_facilities-2-1").check().run()

    show = notices.show
    monkeypatch.setattr(notices, "show", lambda slot, **_kw: False)
    at.button(key="rollback").click().run()
    monkeypatch.setattr(notices, "show", show)
    assert store.current_version("health_facilities") != 2  # rolled back, nothing said yet

    at.session_state["lang"] = "ar"
    at.run()
    said = [s.value for s in at.success]
    assert any("هو الحالي (بعد أن كان الإصدار 2)." in s for s in said), said
    assert not any("is current" in s for s in said), said
