"""Valid data never breaks a page, and an unexpected error shows a short message.

Every page runs (Streamlit's AppTest, in-process, through ``app.py``'s
navigation) on stores whose layers carry rows with every optional field blank,
imported through the real importer (see ``blank_fields``); the browser test in
tests/browser/test_security_browser.py checks the same for real in Chromium.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tests.app_runs import released

from . import blank_fields

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["overview", "displacement", "detention", "disembarkation", "health", "stabilization", "flash", "data"]
SHORT_MESSAGE = "This view could not be shown because of an unexpected error"


@pytest.fixture(autouse=True)
def navigation_pages(monkeypatch, local_mode):
    # As scripts/serve.py declares: pages/ holds st.navigation pages, not an
    # old-style multipage folder (AppTest would otherwise run pages without app.py).
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)  # and local mode (a coordinator): ``local_mode``


def run(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    released(at.run())
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        released(at.run())
    return at


def problems(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]


@pytest.fixture(scope="module", params=[2, 1], ids=["every-other-row-blank", "all-rows-blank"])
def blank_store(request, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp(f"blank{request.param}")
    blank_fields.build(folder, every=request.param)
    return folder


@pytest.mark.parametrize("params", [{}, {"region": "LY02", "mantika": "LY0211"}], ids=["national", "mantika"])
def test_every_page_renders_with_blank_optional_fields(blank_store, params, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(blank_store))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for page in PAGES:
        at = run(page, params)
        assert at.title, f"{page}: nothing rendered"
        assert problems(at) == [], f"{page} {params}: {problems(at)}"
        if page != "data":  # the Download menu was opened (tests.app_runs.released): its files were made too
            assert at.get("download_button"), f"{page} {params}: no download in the open menu"


@pytest.mark.parametrize("metric", ["migrants", "idps", "returnees"])
def test_displacement_metrics_with_blank_counts(blank_store, metric, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(blank_store))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = run("displacement", {"metric": metric})
    assert problems(at) == []


def test_stabilization_project_without_baladiya_is_listed(blank_store, monkeypatch):
    """The reported crash: a project with a blank (optional) baladiya_pcode."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(blank_store))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = run("stabilization")
    assert problems(at) == []
    table = at.dataframe[0].value
    # Imported without a pcode, a project is placed by where its coordinates fall (the
    # spatial join), or listed under "(no baladiya given)": never a blank or a crash.
    assert len(table) > 0 and all(isinstance(c, str) and c for c in table["City"])


def test_unexpected_error_shows_a_short_message_and_no_traceback(store, monkeypatch):
    monkeypatch.setenv("ATLAS_TEST_FAIL_PAGE", "stabilization")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("atlas.errors").addHandler(handler)
    try:
        at = run("stabilization")
    finally:
        logging.getLogger("atlas.errors").removeHandler(handler)
    shown = [str(e.value) for e in at.error]
    assert len(shown) == 1 and shown[0].startswith(SHORT_MESSAGE) and "reference" in shown[0]
    assert not at.exception
    everything = " ".join(str(el.value) for el in at.main if hasattr(el, "value") and isinstance(el.value, str))
    assert "Traceback" not in everything and str(ROOT) not in everything and "RuntimeError" not in everything
    # The server log has the traceback, with the reference the viewer was given.
    assert len(records) == 1 and records[0].exc_info and records[0].exc_info[0] is RuntimeError
    assert records[0].getMessage().split("reference ")[1].rstrip(")") in shown[0]


def _failing_fragment_script() -> None:
    import streamlit as st

    from components import errors

    @st.fragment
    @errors.guarded
    def step() -> None:
        st.write("before")
        raise ValueError("/srv/secret/path.py")

    step()
    st.write("after the fragment")


def test_failing_fragment_shows_the_short_message():
    at = AppTest.from_function(_failing_fragment_script, default_timeout=60)
    at.run()
    assert not at.exception
    assert [str(e.value)[:len(SHORT_MESSAGE)] for e in at.error] == [SHORT_MESSAGE]
    texts = " ".join(str(m.value) for m in at.markdown)
    assert "after the fragment" in texts and "/srv/secret" not in texts
