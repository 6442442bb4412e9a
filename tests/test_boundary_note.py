"""The note under a baladiya map names the dataset to import official polygons as the Data page names it.

Seen (2026-12-07, a helper's probe): in Arabic the note ended with the store's machine name
"(boundaries_baladiya)", while the Data page's Dataset box offers "الحدود الرسمية للبلديات".
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_runs import released

ROOT = Path(__file__).resolve().parents[1]


def _note(at: AppTest) -> str:
    assert not at.exception and not at.error
    notes = [c.value for c in at.caption if "Voronoi" in c.value or "فورونوي" in c.value]
    assert len(notes) == 1, [c.value for c in at.caption]
    return notes[0]


def test_the_note_names_the_dataset_as_the_data_page_does(store, monkeypatch, local_mode):
    monkeypatch.syspath_prepend(str(ROOT))
    at = AppTest.from_file(str(ROOT / "pages" / "displacement.py"), default_timeout=120)
    at.query_params.update({"geo": "baladiya"})
    at.run()
    released(at)
    assert _note(at).endswith("can be imported on the Data page (boundaries_baladiya).")  # the command line's name
    at.session_state["lang"] = "ar"
    at.run()
    arabic = _note(at)
    assert arabic.endswith("من صفحة البيانات (مجموعة البيانات «الحدود الرسمية للبلديات»).")
    assert "boundaries_baladiya" not in arabic
