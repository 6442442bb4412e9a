"""Official boundaries credited on the map pages, in a real browser: the caption under the map and the Sources list
name the publisher and licence their coordinator typed, in the reader's language; the public is not given the
store's file name.  Expected texts are literals (typed here) and the Arabic catalogue's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from atlas_ui import open_page, scroll_to_below
from babel.messages.pofile import read_po

from geo import ingest, store
from tests.importers.builders import squares

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PUBLISHER, LICENCE = "OCHA Libya (HDX)", "CC BY-IGO 3.0"
FILE = "lby_adm2_internal_copy.geojson"


@pytest.fixture(scope="module")
def official(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("atlas-boundaries")
    squares().to_file(tmp / FILE, driver="GeoJSON", engine="pyogrio")
    ingest.import_file(store.open_store(f"gpkg:{tmp}/atlas.gpkg"), tmp / FILE, actor="test", publisher=PUBLISHER,
                       licence=LICENCE)
    return str(tmp)


@pytest.mark.parametrize(("role", "lang"), [("public", "en"), ("public", "ar"), ("coordinator", "en")])
def test_the_boundaries_caption_and_sources_credit_the_publisher(streamlit_server, browser_page, official, role,
                                                                  lang):
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": official, "ATLAS_ROLE": role})
    open_page(browser_page, url + f"/displacement?lang={lang}")
    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        ar = {m.id: m.string for m in read_po(f) if m.id}
    words = (lambda s: ar[s]) if lang == "ar" else (lambda s: s)
    caption = browser_page.locator(".atlas-caption", has_text=PUBLISHER).first.inner_text()
    before_source = words("Official mantika boundaries — source: {source}; licence: {licence}; version {version} of "
                          "{date}").split("{source}")[0]
    assert before_source.strip() in caption and f"{PUBLISHER}" in caption and LICENCE in caption
    scroll_to_below(browser_page)
    browser_page.get_by_text(words("Sources"), exact=True).click()
    sources = browser_page.locator(".atlas-sources").inner_text()
    assert PUBLISHER in sources and LICENCE in sources
    shown = browser_page.locator("[data-testid='stMain']").first.inner_text()
    if role == "public":
        assert FILE not in shown
    else:
        assert f"from {FILE}" in caption
