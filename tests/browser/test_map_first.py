"""The map first: what lies below a page's map (the sidebar's controls, downloads) is put on the page only
once the map has drawn, and it does arrive afterwards (without a click, without reloading the map); its charts
and tables once the viewer scrolls towards them."""

from __future__ import annotations

import tempfile

import pytest
from atlas_ui import DOWNLOAD_MENU, SETTLED

pytestmark = pytest.mark.browser

# Recorded in the page itself: when every map had drawn (polled every 20 ms), where the map was then, and
# whether the map iframe was ever replaced.  Drawn: styled and given its height on the page; the map can style
# itself while its iframe is still 0 px tall and (an inline box on a line) lower than where it is then shown.
# The Plotly bundle's fetch start comes from the browser's resource timing.
WATCH = """
(() => {
  const mapFrames = () => [...document.querySelectorAll('iframe')]
    .filter(f => (f.src || '').includes('streamlit_folium'));
  window.__mapFirst = {drawnAt: null, frames: new Set()};
  const poll = () => {
    const frames = mapFrames();
    frames.forEach(f => window.__mapFirst.frames.add(f));
    const drawn = frames.length > 0 && frames.every(f => {
      if (!(f.offsetHeight > 0)) return false;
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


# Where each chart, table or placeholder is on the page (top, height, in page pixels) and what it is.
PLACES = """() => {
  const scroller = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
  return [...document.querySelectorAll('.atlas-below, [data-testid="stPlotlyChart"], [data-testid="stDataFrame"]')]
    .map(e => { const r = e.getBoundingClientRect();
                return [Math.round(r.top + scroller.scrollTop), Math.round(r.height)]; });
}"""


@pytest.mark.parametrize(("path", "charts"), [("displacement", 2), ("health", 1), ("disembarkation", 1)])
def test_charts_and_tables_wait_below_the_map_until_the_viewer_scrolls(app, browser_page, assert_clean, path,
                                                                        charts):
    """Below the map, charts and tables are placeholders of their size until the viewer scrolls towards
    them: Plotly's and the table grid's code is not even fetched for a viewer who only looks at the map.
    Scrolling down draws them, in the placeholders' places, without reloading the map."""
    page = browser_page
    page.add_init_script(WATCH)
    page.goto(f"{app}/{path}")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.locator(DOWNLOAD_MENU).first.wait_for(timeout=60_000)  # what follows the map has come ...
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"]').count() == 0
    assert page.evaluate(FETCH_START, r"PlotlyChart[^/]*\.js") is None  # ... but no chart nor its code
    assert page.evaluate(FETCH_START, r"DataFrame[^/]*\.js") is None
    waiting = page.evaluate(PLACES)
    assert len(waiting) == charts + 1  # every one of these pages has a table
    assert "Drawn when you scroll here." in page.locator(".atlas-below").first.inner_text()

    scrolled_at = page.evaluate("() => performance.now()")
    page.locator(".atlas-below").first.scroll_into_view_if_needed()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= {charts}"
                           " && !document.querySelector('.atlas-below')", timeout=60_000)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_timeout(500)
    drawn_at = page.evaluate("() => window.__mapFirst.drawnAt")
    plotly_at = page.evaluate(FETCH_START, r"PlotlyChart[^/]*\.js")
    assert drawn_at is not None and plotly_at is not None and plotly_at >= max(drawn_at, scrolled_at)
    drawn = sorted(page.evaluate(PLACES))
    assert len(drawn) == len(waiting)
    for (top, height), (was_top, was_height) in zip(drawn, sorted(waiting), strict=True):  # to a pixel or two
        assert abs(top - was_top) <= 2 and abs(height - was_height) <= 2, (drawn, waiting)
    assert page.evaluate("() => window.__mapFirst.frames.size") == 1, "the map's iframe was replaced"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_clean(page)


@pytest.mark.parametrize("path", [pytest.param("", id="overview"), "displacement", "detention",
                                  "disembarkation", "health", "stabilization", "flash"])
def test_release_keeps_the_map_and_brings_the_sidebar(app, browser_page, assert_clean, path):
    """What arrives after the map (the sidebar's controls, a form above the map on Flash) never moves the
    map to another place on the page, which would load its iframe again."""
    page = browser_page
    page.add_init_script(WATCH)
    page.goto(f"{app}/{path}")  # the Overview is the app's main page, at "/"
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.get_by_role("radiogroup", name="Language").wait_for(timeout=30_000)  # the sidebar has come
    assert page.get_by_text("Page not found").count() == 0
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


def test_charts_come_on_scrolling_after_a_change_of_view(app, browser_page, assert_clean):
    """A rerun before the viewer scrolls (a region chosen in the sidebar) sends the placeholders and their
    script again; scrolling down afterwards still draws the charts."""
    page = browser_page
    page.goto(f"{app}/disembarkation")
    page.wait_for_function(SETTLED, timeout=90_000)
    box = page.get_by_role("combobox", name="Region").first
    box.click()
    page.get_by_role("option").nth(1).click()
    page.wait_for_timeout(500)
    page.wait_for_function(SETTLED, timeout=60_000)
    assert page.locator(".atlas-below").count() >= 1
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    page.locator(".atlas-below").first.scroll_into_view_if_needed()
    page.wait_for_function("() => !document.querySelector('.atlas-below')", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    assert page.locator('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"]').count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_clean(page)


def test_download_menu_opened_before_the_charts_stays_open(app, browser_page, assert_clean):
    """Clicking "Download" scrolls the page to it, which brings the charts above it near; their release waits
    while the menu is open (the hidden button's press, a click outside the menu, would close it) and comes once
    the menu is closed."""
    page = browser_page
    page.goto(f"{app}/displacement")
    page.locator(".atlas-below").first.wait_for(state="attached", timeout=90_000)  # the charts wait below
    page.wait_for_function(SETTLED, timeout=60_000)
    page.locator(DOWNLOAD_MENU).first.get_by_role("button").first.click()
    page.locator('[data-testid="stDownloadButton"]').first.wait_for(timeout=30_000)
    page.wait_for_timeout(2000)  # time enough for a press (polled every 200 ms) to have closed it
    page.wait_for_function(SETTLED, timeout=60_000)
    assert page.locator('[data-testid="stDownloadButton"]').count() >= 1, "the menu was closed"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.atlas-below')", timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length === 2",
                           timeout=60_000)  # the chart's code loads after the run has placed it
    assert_clean(page)


@pytest.mark.parametrize("path", ["displacement", "overview", "health?lang=ar"])
def test_no_form_control_code_before_the_map(app, browser_page, assert_clean, path):
    """The choices above these maps (population group, rounds compared, mantika or baladiya) are segmented
    controls and pills, not radios and a switch, so the browser fetches no radio or checkbox code before the map
    has drawn (the sidebar's language radio comes after it)."""
    page = browser_page
    page.add_init_script(WATCH)
    page.goto(f"{app}/{path}")
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.get_by_role("radiogroup", name="Map by" if "lang=ar" not in path else "عرض الخريطة حسب").wait_for()
    drawn_at = page.evaluate("() => window.__mapFirst.drawnAt")
    for bundle in ("Radio", "Checkbox"):
        fetched_at = page.evaluate(FETCH_START, rf"/{bundle}\.[^/]*\.js")
        assert fetched_at is None or fetched_at >= drawn_at, (bundle, fetched_at, drawn_at)
    assert_clean(page)


@pytest.mark.parametrize("path", ["flash", "flash?lang=ar", "displacement?lang=ar"])
def test_no_html_markdown_parser_before_the_map(app, browser_page, assert_clean, path):
    """Markdown that allows HTML makes the browser fetch an HTML parser for it (rehype-raw, 0.19 MB of
    JavaScript) on first use. Flash's event cards, drawn beside its map, and the Arabic layout's styles are
    plain HTML, so that parser is not among what the browser fetches before the map has drawn."""
    page = browser_page
    page.add_init_script(WATCH)
    page.goto(f"{app}/{path}")
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    drawn_at = page.evaluate("() => window.__mapFirst.drawnAt")
    fetched_at = page.evaluate(FETCH_START, r"/rehype-raw[^/]*\.js")
    assert fetched_at is None or fetched_at >= drawn_at, (fetched_at, drawn_at)
    if path.startswith("flash"):  # the newest event's card, its title as data/layers/flash_updates.csv has it
        card = page.locator('[class*="st-key-fu-card-"]').first
        assert ("غارة جوية على مصنع للبسكويت في طرابلس" if "lang=ar" in path
                else "Airstrike on a biscuit factory in Tripoli") in card.inner_text()
    assert_clean(page)


def test_the_charts_release_waits_while_the_reader_acts(app, browser_page, assert_clean):
    """The hidden press waits 1.5 s after the reader's last key or click: a press just after theirs could stop
    their rerun before it reached their button (a snapshot's Publish press was lost once in CI)."""
    page = browser_page
    page.goto(f"{app}/displacement")
    page.locator(".atlas-below").first.wait_for(state="attached", timeout=90_000)  # the charts wait below
    page.wait_for_function(SETTLED, timeout=60_000)
    page.keyboard.press("Shift")
    page.evaluate("document.querySelector('.atlas-below').scrollIntoView()")  # the charts come near
    for _ in range(6):  # the reader keeps acting for 3 s: nothing is pressed for them
        page.wait_for_timeout(500)
        assert page.locator(".atlas-below").count() > 0, "released while the reader was acting"
        page.keyboard.press("Shift")
    page.wait_for_function("() => !document.querySelector('.atlas-below')", timeout=60_000)  # then it comes
    assert_clean(page)


SIDEBAR_CONTROLS = """() => document.querySelectorAll(
  '[data-testid="stSidebar"] [data-testid="stElementContainer"]').length"""


def _cpu_pressure(page):
    """A function that sets what the browser's Compute Pressure API reports for the computer's CPUs
    (DevTools' override)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setPressureSourceOverrideEnabled", {"enabled": True, "source": "cpu"})
    return lambda state: cdp.send("Emulation.setPressureStateOverride", {"source": "cpu", "state": state})


def test_what_follows_the_map_waits_while_the_computer_is_busy(app, browser_page, assert_clean):
    """Pages opened together on one computer share its CPUs: while they are under critical pressure, a page
    whose map has drawn keeps its sidebar and what follows the map back (they would delay the other pages'
    maps), and sends them once the pressure eases."""
    page = browser_page
    page.add_init_script(WATCH)
    pressure = _cpu_pressure(page)
    pressure("critical")
    page.goto(f"{app}/displacement")
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_timeout(5000)
    assert page.evaluate(SIDEBAR_CONTROLS) == 0, "the sidebar came while the computer was busy"
    assert page.locator(DOWNLOAD_MENU).count() == 0
    pressure("nominal")
    page.get_by_role("radiogroup", name="Language").wait_for(timeout=30_000)
    page.locator(DOWNLOAD_MENU).first.wait_for(timeout=30_000)
    assert page.evaluate("() => window.__mapFirst.frames.size") == 1, "the map's iframe was replaced"
    assert_clean(page)


def test_a_busy_computer_holds_what_follows_the_map_for_30_s_at_most(app, browser_page, assert_clean):
    """A computer that stays busy does not keep a reader from the sidebar for ever: it comes 30 s after the
    map at the latest (``map_first.CALM_WAIT_MS``)."""
    page = browser_page
    page.add_init_script(WATCH)
    _cpu_pressure(page)("critical")
    page.goto(f"{app}/")  # the Overview (the app's main page; "/overview" is not a page of its own)
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.wait_for_timeout(10_000)
    assert page.evaluate(SIDEBAR_CONTROLS) == 0, "the sidebar came while the computer was busy"
    page.get_by_role("radiogroup", name="Language").wait_for(timeout=40_000)
    came_after_s = (page.evaluate("() => performance.now()") - page.evaluate("() => window.__mapFirst.drawnAt")) / 1000
    assert 28 <= came_after_s <= 45, came_after_s
    assert_clean(page)


# When the page began to watch the CPUs and when the hidden release button was pressed (the page's Date.now()).
RELEASE_PRESSED = """() => { window.__released = null; window.__watching = null;
  const observe = PressureObserver.prototype.observe;
  PressureObserver.prototype.observe = function (...args) {
    window.__watching ??= Date.now();
    return observe.apply(this, args);
  };
  document.addEventListener('click', e => {
    if (e.target.closest('[class*="st-key-atlas-release"]')) window.__released ??= Date.now();
  }, true); }"""


def test_a_page_not_yet_told_how_busy_the_computer_is_waits_for_the_first_reading(app, browser_page, assert_clean):
    """The Compute Pressure API's first reading comes up to a second after a page begins to watch (later on a
    busy computer): a map drawn before it must not take the missing reading for "not busy". What follows the
    map waits for it, ``map_first.FIRST_READING_WAIT_MS`` at most (a tab the browser gives no readings to)."""
    page = browser_page
    page.add_init_script(WATCH)
    page.add_init_script(f"({RELEASE_PRESSED})()")
    _cpu_pressure(page)  # the override, with no state set: the page watches and is told nothing
    page.goto(f"{app}/displacement")
    page.wait_for_function("() => window.__mapFirst.drawnAt !== null", timeout=60_000)
    page.get_by_role("radiogroup", name="Language").wait_for(timeout=30_000)  # it does come
    watching_since = page.evaluate("() => window.__watching")
    pressed = page.evaluate("() => window.__released")
    assert pressed is not None
    assert pressed - watching_since >= 2400, pressed - watching_since  # FIRST_READING_WAIT_MS (2,500)
    assert page.evaluate("() => window.__mapFirst.frames.size") == 1, "the map's iframe was replaced"
    assert_clean(page)
