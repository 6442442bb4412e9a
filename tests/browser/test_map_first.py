"""The map first: what lies below a page's map (Plotly charts, tables, downloads) is put on the page only
once the map has drawn, and it does arrive afterwards (without a click, without reloading the map)."""

from __future__ import annotations

import tempfile

import pytest
from atlas_ui import DOWNLOAD_MENU, SETTLED

pytestmark = pytest.mark.browser

# Recorded in the page itself: when every map had drawn (polled every 20 ms), where the map was then, and
# whether the map iframe was ever replaced.  The Plotly bundle's fetch start comes from the browser's resource timing.
WATCH = """
(() => {
  const mapFrames = () => [...document.querySelectorAll('iframe')]
    .filter(f => (f.src || '').includes('streamlit_folium'));
  window.__mapFirst = {drawnAt: null, frames: new Set()};
  const poll = () => {
    const frames = mapFrames();
    frames.forEach(f => window.__mapFirst.frames.add(f));
    const drawn = frames.length > 0 && frames.every(f => {
      try { const d = f.contentWindow.__atlasDebug && f.contentWindow.__atlasDebug(); return !!d && d.restyles > 0; }
      catch (e) { return false; } });
    if (drawn && window.__mapFirst.drawnAt === null) {
      window.__mapFirst.drawnAt = performance.now();
      window.__mapFirst.topAtDraw = frames[0].getBoundingClientRect().top;
    }
    setTimeout(poll, 20);
  };
  poll();
})();
"""
# When the browser started fetching a lazily loaded bundle (Plotly's charts, the table grid).
FETCH_START = """(pattern) => {
  const e = performance.getEntriesByType('resource').find(r => new RegExp(pattern).test(r.name));
  return e ? e.startTime : null;
}"""


@pytest.fixture(scope="module")
def app(streamlit_server) -> str:
    with tempfile.TemporaryDirectory(prefix="atlas-map-first-") as tmp:
        yield streamlit_server("app.py", env={"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "coordinator"})


@pytest.mark.parametrize(("path", "charts"), [("displacement", 2), ("health", 1), ("disembarkation", 1)])
def test_map_draws_before_charts_and_tables_arrive(app, browser_page, assert_clean, path, charts):
    page = browser_page
    page.add_init_script(WATCH)
    page.goto(f"{app}/{path}")
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= {charts}",
                           timeout=90_000)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)  # every one of these pages has a table
    page.locator(DOWNLOAD_MENU).first.wait_for(timeout=60_000)  # the Download menu too
    drawn_at = page.evaluate("() => window.__mapFirst.drawnAt")
    plotly_at = page.evaluate(FETCH_START, r"PlotlyChart[^/]*\.js")
    grid_at = page.evaluate(FETCH_START, r"DataFrame[^/]*\.js")
    assert drawn_at is not None and plotly_at is not None and grid_at is not None
    assert plotly_at >= drawn_at, f"Plotly fetched at {plotly_at:.0f} ms, map drawn at {drawn_at:.0f} ms"
    assert grid_at >= drawn_at, f"the table grid fetched at {grid_at:.0f} ms, map drawn at {drawn_at:.0f} ms"
    assert page.evaluate("() => window.__mapFirst.frames.size") == 1, "the map's iframe was replaced"
    page.wait_for_function(SETTLED, timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_clean(page)


@pytest.mark.parametrize("path", ["overview", "displacement", "detention", "disembarkation", "health",
                                  "stabilization", "flash"])
def test_release_keeps_the_map_and_brings_the_sidebar(app, browser_page, assert_clean, path):
    """What arrives after the map (the sidebar's controls, a form above the map on Flash) never moves the
    map to another place on the page, which would load its iframe again."""
    page = browser_page
    page.add_init_script(WATCH)
    page.goto(f"{app}/{path}")
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.get_by_role("radiogroup", name="Language").wait_for(timeout=30_000)  # the sidebar has come
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__mapFirst.frames.size") == 1, "the map's iframe was replaced"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_clean(page)


def test_flash_form_widgets_follow_the_map(app, browser_page, assert_clean):
    """On Flash the closed "Add a flash update" expander is there at once (it holds the map's place); its
    dozen widgets, with every place and baladiya as options, come once the map has drawn."""
    page = browser_page
    page.add_init_script(WATCH)
    page.goto(f"{app}/flash")
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.get_by_text("Add a flash update").click()
    page.locator(".st-key-fu-form-text textarea").wait_for(timeout=30_000)
    drawn_at = page.evaluate("() => window.__mapFirst.drawnAt")
    text_area_at = page.evaluate(FETCH_START, r"/TextArea[^/]*\.js")
    assert text_area_at is not None and text_area_at >= drawn_at, (text_area_at, drawn_at)
    assert page.get_by_text("The form opens once the map has drawn.").count() == 0
    assert page.evaluate("() => window.__mapFirst.frames.size") == 1, "the map's iframe was replaced"
    assert_clean(page)


@pytest.mark.parametrize(("path", "bundles", "shown"), [
    ("health?date=2019-06-30&radius=50", ["DateInput", "NumberInput"], ["2019/06/30", "50"]),
    ("stabilization?from=2019-03-01&to=2019-09-30", ["DateInput"], ["2019/03/01", "2019/09/30"]),
])
def test_date_and_number_inputs_follow_the_map_in_place(app, browser_page, assert_clean, path, bundles, shown):
    """Health's and Stabilization's date (and number) inputs above the map: their code is fetched only after
    the map has drawn (a look-alike holds their place until then), they show the permalink's values, and the
    map does not move when they arrive (on a phone, where the page's columns are stacked)."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.add_init_script(WATCH)
    page.goto(f"{app}/{path}")
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.locator('[data-testid="stDateInput"]').wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    drawn_at = page.evaluate("() => window.__mapFirst.drawnAt")
    for bundle in bundles:
        fetched_at = page.evaluate(FETCH_START, rf"/{bundle}[^/]*\.js")
        assert fetched_at is not None and fetched_at >= drawn_at, (bundle, fetched_at, drawn_at)
    fields = " ".join(page.locator('[data-testid="stDateInputField"], [data-testid="stNumberInputField"]')
                      .evaluate_all("els => els.map(e => e.value !== undefined ? e.value : e.innerText)"))
    for text in shown:
        assert text in "".join(fields.split()), (text, fields)
    assert page.locator(".atlas-stand-in").count() == 0
    top_now = page.locator("iframe[src*=streamlit_folium]").first.bounding_box()["y"]
    assert abs(top_now - page.evaluate("() => window.__mapFirst.topAtDraw")) < 1, "the map moved"
    assert page.evaluate("() => window.__mapFirst.frames.size") == 1, "the map's iframe was replaced"
    assert_clean(page)
