"""The geography switch in a real browser: Displacement by baladiya, coloured, kept in the permalink;
approximate seats drawn hollow and counted in the legend."""

from __future__ import annotations

import tempfile
import time
from typing import Any

import pytest
from atlas_ui import choose_file

from geo import admin
from geo.registry import get

pytestmark = pytest.mark.browser
NO_DATA = "#d9d9d9"


@pytest.fixture(scope="module")
def app(streamlit_server) -> str:
    with tempfile.TemporaryDirectory(prefix="atlas-i9-") as tmp:
        yield streamlit_server("app.py", env={"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "coordinator"})


def _map_with(page: Any, layer: str, timeout: float = 60.0) -> Any:
    """The map frame once it draws ``layer`` (and has applied a payload)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url:
                continue
            try:
                if frame.evaluate(f"typeof window.__atlasDebug === 'function' && window.__atlasDebug() && "
                                  f"window.__atlasDebug().restyles > 0 && !!window.__atlasDebug().layers['{layer}']"):
                    return frame
            except Exception:  # frame still loading or replaced
                pass
        page.wait_for_timeout(200)
    raise AssertionError(f"no map drew the layer {layer!r}")


def _coloured(frame: Any, layer: str) -> dict[str, str]:
    fill = frame.evaluate(f"window.__atlasDebug().layers['{layer}'].fill")
    return {k: v for k, v in fill.items() if v and v.lower() != NO_DATA}


def test_displacement_by_baladiya_and_back_from_the_permalink(app, browser_page, assert_clean):
    page = browser_page
    page.goto(f"{app}/displacement?metric=migrants")
    page.wait_for_selector("h1", timeout=60_000)
    frame = _map_with(page, "mantika")
    assert frame.evaluate("window.__atlasDebug().layers.mantika.features") == 22

    page.get_by_text("Baladiya (municipality)").click()
    frame = _map_with(page, "baladiya_areas")
    debug = frame.evaluate("window.__atlasDebug()")
    assert "mantika" not in debug["layers"]
    areas = debug["layers"]["baladiya_areas"]
    assert areas["features"] == len(admin.baladiyas()) == 100
    coloured = _coloured(frame, "baladiya_areas")
    assert len(coloured) == 100  # every baladiya has a migrant count in the shipped round
    assert len(set(coloured.values())) >= 4  # a choropleth, not one flat colour
    assert "Migrants" in areas["tooltip"]["LY021101"]
    assert "Approximate municipality areas" in page.inner_text("body")
    # approximate seats: hollow, said so in the tooltip, counted in the legend
    assert "approximate position" in debug["layers"]["baladiya"]["tooltip"]["LY031901"]
    assert "approximate seat position (100 of 100)" in debug["legend"]

    page.wait_for_function("() => location.search.includes('geo=baladiya')", timeout=30_000)
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    frame = _map_with(page, "baladiya_areas")
    assert page.get_by_role("radio", name="Baladiya (municipality)").is_checked()
    again = _coloured(frame, "baladiya_areas")
    assert again == coloured  # the same view
    assert_clean(page)


def test_seats_layer_is_one_registry_entry():
    layer = get("baladiya_seats")
    assert layer.has_field("approximate") and layer.key == ("baladiya_pcode",)


@pytest.fixture(scope="module")
def data_app(streamlit_server):
    with tempfile.TemporaryDirectory(prefix="atlas-i9-data-") as tmp:
        yield streamlit_server("app.py", env={"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "coordinator"}), tmp


def test_data_page_cannot_store_the_same_upload_twice_and_asks_when_unsure(data_app, browser_page, tmp_path):
    from geo import store

    url, folder = data_app
    good = tmp_path / "facilities.csv"
    good.write_text("facility_id,name,type,lat,lon,active_from,radius_km\n"
                    "HF-B1,Clinic B,mobile clinic stop,32.1,20.1,2019-05-01,20\n", encoding="utf-8")
    page = browser_page
    page.goto(f"{url}/data")
    page.wait_for_selector("h1", timeout=60_000)
    s = store.open_store(f"gpkg:{folder}/atlas.gpkg")  # after the app has seeded it
    before = len(s.versions("health_facilities"))
    choose_file(page, str(good))
    page.get_by_text("detected health_facilities").wait_for(timeout=30_000)
    page.get_by_role("button", name="Confirm").click(timeout=30_000)
    page.get_by_text(f"Stored health_facilities version {before + 1}").wait_for(timeout=30_000)
    # the stored file leaves the uploader: no second version, and no "Unchanged" said of the file just stored
    page.get_by_text("Stored health_facilities").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # the rerun that stored it has ended
    assert page.get_by_role("button", name="Confirm").count() == 0
    assert page.get_by_text("Unchanged: this file repeats the current version").count() == 0
    assert len(s.versions("health_facilities")) == before + 1

    unsure = tmp_path / "sites.csv"
    unsure.write_text("facility_id,project_id,name,title,lat,lon,radius_km,sector,consultations,notes,remarks,"
                      "comment\nX-1,P-1,A,B,32.9,13.2,10,WASH,5,,,\n", encoding="utf-8")
    choose_file(page, str(unsure))
    page.get_by_text("Which dataset does this file hold?").wait_for(timeout=30_000)
    assert page.get_by_role("radio", name="health_facilities").count() == 1
    assert page.get_by_role("radio", name="stabilization_projects").count() == 1
