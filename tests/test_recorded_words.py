"""What the atlas wrote in its own name (who stored the shipped data, and its note) is read in the reader's
language; what people wrote (their e-mail addresses, their notes) stays as written.

Seen on the Data page in Arabic: "system (shipped default data)" in every row of the versions and the audit
log, and "by system (shipped default data)" in a coordinator's Sources list (that one:
``tests/browser/test_sources.py``)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo import defaults, ingest
from tests.app_runs import released
from tests.importers.builders import write_csv

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_AR = "النظام (البيانات الافتراضية المرفقة)"  # locales/ar/LC_MESSAGES/messages.po
NOTE_AR = "البيانات الافتراضية المرفقة"


def _run(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return released(at)


def _person_imports(store, tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    defaults.seed(store)
    ingest.import_file(store, write_csv(tmp_path / "facilities.csv", [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km"],
        ["HF-P1", "Clinic P", "mobile clinic stop", 32.89, 13.19, "2019-05-01", 50]]),
        replace=True, actor="amina@example.org")


def _cells(at: AppTest) -> set[str]:
    return {str(v) for table in at.dataframe for v in table.value.to_numpy().ravel()}


def test_the_data_pages_tables_name_the_system_in_the_readers_language(store, tmp_path, monkeypatch, local_mode):
    _person_imports(store, tmp_path, monkeypatch)
    arabic = _cells(_run("data.py", "ar"))
    assert SYSTEM_AR in arabic and NOTE_AR in arabic
    assert defaults.SYSTEM not in arabic and "shipped default data" not in arabic
    assert "amina@example.org" in arabic  # a person's name as written
    english = _cells(_run("data.py", "en"))
    assert defaults.SYSTEM in english and SYSTEM_AR not in english
