"""Issue 11, points 2 and 3: the map and a search box choose the area; a clear way back out."""

from __future__ import annotations

import pytest
from atlas_ui import combo, map_frame, metric, open_page, settle
from playwright.sync_api import expect
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from components import geometry
from geo import catalog

pytestmark = pytest.mark.browser


def _outline(pcode: str) -> BaseGeometry:
    """The mantika's outline, from the boundaries the map draws."""
    return shape(next(f for f in geometry.mantika_geojson()["features"] if f["properties"]["id"] == pcode)["geometry"])


def _inside(pcode: str) -> tuple[float, float]:
    """(lat, lon) of a point inside the mantika, away from every baladiya symbol."""
    seats = catalog.seats()
    free = _outline(pcode).buffer(-0.1)
    for lon, lat in zip(seats["lon"], seats["lat"], strict=True):
        free = free.difference(Point(lon, lat).buffer(0.5))
    p = free.representative_point()
    return p.y, p.x


def _click_map(page, frame, lat: float, lon: float) -> None:
    """A real mouse click on the map at (lat, lon)."""
    where = ("([la, lo]) => { const m = Object.values(window.__atlasMaps)[0].map;"
             " const p = m.latLngToContainerPoint([la, lo]); return [Math.round(p.x), Math.round(p.y)]; }")
    x, y = frame.evaluate(where, [lat, lon])
    for _ in range(50):  # the map may still be fitting its bounds: wait until it stands still
        page.wait_for_timeout(200)
        now = frame.evaluate(where, [lat, lon])
        if now == [x, y]:
            break
        x, y = now
    frame.frame_element().evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def _sent_frames(page) -> list[int]:
    counter = [0]
    page.on("websocket", lambda ws: ws.on("framesent", lambda _payload: counter.__setitem__(0, counter[0] + 1)))
    return counter


def test_click_on_a_mantika_filters_and_the_way_back_clears(app, browser_page, shipped):
    page = browser_page
    sent = _sent_frames(page)
    frame = open_page(page, f"{app}/displacement?round=26")
    page.wait_for_timeout(1500)
    # Pan and zoom send nothing to the server: no rerun.
    before = sent[0]
    frame.evaluate("() => { const m = Object.values(window.__atlasMaps)[0].map; m.panBy([40, 20], {animate: false});"
                   " m.setZoom(m.getZoom() + 1, {animate: false}); m.setZoom(m.getZoom() - 1, {animate: false}); }")
    page.wait_for_timeout(1500)
    assert sent[0] == before, "pan/zoom caused a request to the server"

    lat, lon = _inside("LY0319")  # Sebha
    _click_map(page, frame, lat, lon)
    page.wait_for_function("() => location.search.includes('mantika=LY0319')", timeout=30_000)
    settle(page)
    assert combo(page, "Mantika") == "Sebha · سبها"
    sebha = shipped[shipped["mantika_pcode"] == "LY0319"]
    assert metric(page, "Migrants · Sebha") == f"{int(sebha.loc[sebha['round'] == 26, 'migrants'].sum()):,}"
    assert "round=26" in page.url  # the rest of the view is kept
    map_frame(page)
    # The clear way back out.
    page.get_by_role("button", name="All of Libya").click()
    page.wait_for_function("() => !location.search.includes('mantika=')", timeout=30_000)
    settle(page)
    assert combo(page, "Mantika") == "All"
    assert metric(page, "Migrants · Libya") == f"{int(shipped.loc[shipped['round'] == 26, 'migrants'].sum()):,}"


def test_click_on_the_selected_mantika_steps_out_to_its_region(app, browser_page):
    page = browser_page
    frame = open_page(page, f"{app}/?region=LY03&mantika=LY0319")
    page.wait_for_timeout(1500)
    lat, lon = _inside("LY0319")
    _click_map(page, frame, lat, lon)
    page.wait_for_function("() => !location.search.includes('mantika=')", timeout=30_000)
    settle(page)
    assert "region=LY03" in page.url
    assert combo(page, "Region") == "South · الجنوب"


@pytest.mark.parametrize(("typed", "region", "mantika", "baladiya"), [
    ("Taj", "West · الغرب", "Tripoli · طرابلس", "Tajoura · تاجوراء"),
    ("تأجوراء", "West · الغرب", "Tripoli · طرابلس", "Tajoura · تاجوراء"),   # hamza typed, none in the name
    ("سبها", "South · الجنوب", "Sebha · سبها", "All"),
])
def test_place_search_in_english_and_arabic_jumps_there(app, browser_page, typed, region, mantika, baladiya):
    page = browser_page
    open_page(page, f"{app}/displacement")
    box = page.get_by_role("textbox", name="Find a place")
    box.fill(typed)
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('region=')", timeout=30_000)
    settle(page)
    assert (combo(page, "Region"), combo(page, "Mantika"), combo(page, "Baladiya")) == (region, mantika, baladiya)
    map_frame(page)


@pytest.mark.parametrize(("lang", "typed", "found"), [
    ("en", "Taj", "Tajoura · تاجوراء (baladiya) — Tripoli, West"),
    # Seen in Arabic: "Tajoura · تاجوراء (baladiya) — Tripoli, West", the level and the units it lies in in English.
    ("ar", "تاجوراء", "تاجوراء (البلدية) — طرابلس، الغرب"),
    ("ar", "Taj", "تاجوراء (البلدية) — طرابلس، الغرب"),
])
def test_a_search_result_reads_in_the_pages_language(app, browser_page, lang, typed, found):
    page = browser_page
    open_page(page, f"{app}/displacement?lang={lang}")
    box = page.locator(".st-key-place_q input")
    box.fill(typed)
    box.blur()  # the text is taken (as with Enter, the best match is chosen) and the results stay listed
    expect(page.locator(".st-key-place-LY021102 [data-testid^='stBaseButton']").first).to_have_text(
        found, timeout=30_000)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_search_box_example_fits_its_box(app, browser_page, lang):
    # The sidebar is narrow: the old example ("English or Arabic name, e.g. Taj or تاجوراء") ended in "…".
    page = browser_page
    open_page(page, f"{app}/displacement?lang={lang}")
    box = page.locator(".st-key-place_q input")
    text, width, room = box.evaluate("""i => { const s = getComputedStyle(i);
        const c = document.createElement('canvas').getContext('2d'); c.font = s.font;
        return [i.placeholder, c.measureText(i.placeholder).width,
                i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)]; }""")
    assert "تاجوراء" in text and width <= room, f"{text!r}: {width:.0f} px in {room:.0f} px"


# Recorded in the page from before the choice: whether the map's iframe was ever 0 px tall (the page below it
# then jumps up by the map's height and back) or replaced.
FRAME_WATCH = """() => {
  const frame = () => [...document.querySelectorAll('iframe')].find(f => (f.src || '').includes('streamlit_folium'));
  const first = frame();
  window.__frameWatch = {replaced: false, collapsed: false};
  (function poll() {
    const f = frame();
    if (f !== first) window.__frameWatch.replaced = true;
    if (!f || !(f.offsetHeight > 0)) window.__frameWatch.collapsed = true;
    setTimeout(poll, 10);
  })();
}"""


@pytest.mark.parametrize("how", ["sidebar", "search", "map"])
def test_choosing_an_area_moves_the_map_without_reloading_it(app, browser_page, how):
    """Seen: choosing a region reloaded the map's frame (its document held the view), blank and 0 px tall for a
    moment, and what lies below the map jumped up and back.  Now the map stays and moves to the area."""
    page = browser_page
    frame = open_page(page, f"{app}/displacement")
    page.wait_for_timeout(1500)
    token = frame.evaluate("window.__atlasToken")
    zoom = frame.evaluate("() => Object.values(window.__atlasMaps)[0].map.getZoom()")
    page.evaluate(FRAME_WATCH)
    if how == "sidebar":
        box = page.get_by_role("combobox", name="Mantika").first
        box.click()
        box.fill("Sebha")
        page.get_by_role("option", name="Sebha · سبها").first.click()
    elif how == "search":
        page.get_by_role("textbox", name="Find a place").fill("سبها")
        page.get_by_role("textbox", name="Find a place").press("Enter")
    else:
        _click_map(page, frame, *_inside("LY0319"))
    page.wait_for_function("() => location.search.includes('mantika=LY0319')", timeout=30_000)
    settle(page)
    page.wait_for_timeout(1000)
    assert frame.evaluate("window.__atlasToken") == token, "the map was reloaded"
    watch = page.evaluate("() => window.__frameWatch")
    assert not watch["replaced"] and not watch["collapsed"], watch
    # The tooltip a click (on a phone, a tap) opened where it clicked does not stay on the moved map.
    assert frame.locator(".leaflet-tooltip:not(.atlas-cluster-label)").count() == 0
    # The map shows Sebha: its outline (from the boundaries, measured here) lies inside the map and fills most
    # of its width or height (all of Libya showed it a twelfth as wide and as tall).
    west, south, east, north = _outline("LY0319").bounds
    box = frame.evaluate("""([w, s, e, n]) => { const m = Object.values(window.__atlasMaps)[0].map;
        const a = m.latLngToContainerPoint([n, w]), b = m.latLngToContainerPoint([s, e]), z = m.getSize();
        return {left: a.x, top: a.y, right: b.x, bottom: b.y, width: z.x, height: z.y, zoom: m.getZoom()}; }""",
                         [west, south, east, north])
    assert box["zoom"] > zoom
    assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= box["width"] and box["bottom"] <= box["height"]
    assert max((box["right"] - box["left"]) / box["width"], (box["bottom"] - box["top"]) / box["height"]) > 0.3, box
