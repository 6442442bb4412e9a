"""Issue 11, point 5: tables and charts that speak to people, icons that need no emoji font."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from atlas_ui import NAV, SETTLED, choose_file, open_page, scroll_to_below

pytestmark = pytest.mark.browser


@contextlib.contextmanager
def _on_a_phone(browser_page, url: str, below: bool = True) -> Iterator:
    """``url`` opened on a phone (390 px, touch: nothing hovers), scrolled to its foot unless ``below`` is False."""
    phone = browser_page.context.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                                     has_touch=True)
    try:
        page = phone.new_page()
        open_page(page, url)
        if below:
            scroll_to_below(page)
        yield page
    finally:
        phone.close()


def _headers(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] "
                         "table[role=\"grid\"] th')].map(e => e.innerText.trim())")


def _plots(page) -> list[dict]:
    scroll_to_below(page)  # charts are drawn once the viewer scrolls to them (map first)
    page.wait_for_selector(".js-plotly-plot", timeout=90_000)
    page.wait_for_timeout(1000)
    return page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({"
                         "title: (p.layout.title || {}).text || '', traces: p.data.length,"
                         "names: p.data.map(t => t.name),"
                         "barmode: p.layout.barmode, y0: (p._fullLayout.yaxis.range || [null])[0],"
                         "x0: (p._fullLayout.xaxis.range || [null])[0]}))")


def test_displacement_tables_and_charts_are_readable(app, browser_page):
    page = browser_page
    open_page(page, f"{app}/displacement?round=28&metric=migrants")
    scroll_to_below(page)
    page.wait_for_selector('[data-testid="stDataFrame"] table[role="grid"]', state="attached", timeout=30_000)
    headers = _headers(page)
    assert {"Baladiya", "Arabic name", "Mantika", "Migrants"} <= set(headers), headers
    assert not {"name_en", "baladiya_name", "value", "name_ar"} & set(headers)
    plots = _plots(page)
    per_mantika = [p for p in plots if "largest mantika" in p["title"]]
    assert per_mantika and per_mantika[0]["traces"] <= 5  # not 22 lines
    assert all(p["y0"] is not None and p["y0"] <= 0 for p in plots)  # honest axes: from zero


def test_one_mantika_gets_one_trend_not_the_1_largest(app, browser_page):
    # Alkufra's right-hand chart was its own line again, titled "the 1 largest mantika in the latest round".
    page = browser_page
    open_page(page, f"{app}/displacement?round=26&metric=migrants&region=LY01&mantika=LY0107")
    titles = [p["title"] for p in _plots(page)]
    assert len(titles) == 1 and "largest" not in titles[0], titles
    page.get_by_text("One mantika is selected: its trend is the chart “Migrants · Alkufra”.").wait_for(timeout=10_000)


def test_compare_tables_show_labels_and_percent(app, browser_page):
    page = browser_page
    open_page(page, f"{app}/displacement?compare=1&round_a=24&round_b=28")
    scroll_to_below(page)
    page.wait_for_selector('[data-testid="stDataFrame"] table[role="grid"]', state="attached", timeout=30_000)
    headers = _headers(page)
    assert {"R24", "R28", "Change", "Change %"} <= set(headers), headers
    cells = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] "
                          "table[role=\"grid\"] td')].map(e => e.innerText.trim())")
    # The grid's accessible copy holds raw values (the canvas draws them formatted): no "None" in either.
    assert cells and "None" not in cells


def test_overlapping_measures_are_grouped_not_stacked(app, browser_page):
    open_page(browser_page, f"{app}/disembarkation")
    monthly = [p for p in _plots(browser_page) if "Per month" in p["title"]]
    assert monthly and monthly[0]["barmode"] == "group"
    # The legend names each measure as the headlines above it do (it read "disembarked", "assisted", "screenings").
    assert monthly[0]["names"] == ["People disembarked", "People assisted", "Medical screenings"]


def test_navigation_icons_are_material_symbols_not_emoji(app, browser_page):
    open_page(browser_page, f"{app}/displacement")
    texts = browser_page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    assert len(texts) == len(NAV)
    emoji = [t for t in texts if any(ord(ch) > 0x2300 and not ("\u0600" <= ch <= "\u06ff") for ch in t)]
    assert not emoji, emoji


@pytest.mark.parametrize("name", ["snapshots", "data"])
def test_page_titles_and_notices_use_material_icons_not_emoji(app, browser_page, name):
    # The Snapshots title began with 🗂 and the local-mode notice with 🖥: pictographs, drawn by whatever emoji font
    # a machine has (an empty box where it has none), beside the Material icons of every other title.
    browser_page.goto(f"{app}/{name}")  # no map on these pages
    browser_page.wait_for_function(SETTLED, timeout=90_000)
    text = browser_page.locator(".stApp").inner_text()
    pictographs = sorted({ch for ch in text if ord(ch) >= 0x1F000})
    assert not pictographs, pictographs
    assert browser_page.locator("h1 span[role=img][translate=no]").count() == 1  # a Material Symbols icon


def test_overview_flash_link_has_a_material_icon_not_an_emoji(app, browser_page):
    open_page(browser_page, f"{app}/")
    link = browser_page.locator('[data-testid="stPageLink"]', has_text="Flash updates").first
    link.wait_for(timeout=30_000)
    text = link.inner_text()
    assert "\u26a1" not in text, text  # ⚡: an empty box where no emoji font is installed
    assert link.locator('[data-testid="stIconMaterial"]').count() == 1


# Labels in rows of columns whose text is cut (an ellipsis): wider inside than the box that shows them.
_CLIPPED = """() => [...document.querySelectorAll('[data-testid="stHorizontalBlock"] .stMarkdownEllipsis')]
    .filter(e => e.offsetWidth > 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText.trim())"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_phone_controls_side_by_side_show_their_whole_label(app, browser_page, lang):
    """On a phone the rows of controls stay side by side (the map must stay in view), so the narrow column's
    labels wrap instead of ending in "…" ("Compare …", "▶ Pl…" told the reader nothing)."""
    with _on_a_phone(browser_page, f"{app}/displacement" + ("?lang=ar" if lang == "ar" else ""), below=False) as page:
        page.locator(".st-key-play button").wait_for(timeout=30_000)
        labels = page.locator('.st-key-atlas-switch-compare, .st-key-play').all_inner_texts()
        assert len(labels) == 2, labels
        assert page.evaluate(_CLIPPED) == []


# Each drawn chart: its title's box, its toolbar's and its own (the toolbar is laid out even while transparent).
_CHART_TITLES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => {
    const box = e => { const r = e ? e.getBoundingClientRect() : null;
                       return r && r.width ? [r.left, r.top, r.right, r.bottom] : null; };
    return {title: [...p.querySelectorAll('.gtitle .line')].map(l => l.textContent).join(' ')
                   || (p.querySelector('.gtitle') || {}).textContent,
            text: box(p.querySelector('.gtitle')), tools: box(p.querySelector('.modebar')),
            chart: box(p.querySelector('.main-svg'))};
})"""


@pytest.mark.parametrize(("path", "lang"), [("displacement", "en"), ("health", "en"), ("stabilization", "en"),
                                            ("displacement", "ar")])
def test_a_charts_title_on_a_phone_is_whole_and_clear_of_its_toolbar(app, browser_page, path, lang):
    """On a phone Plotly's toolbar shows all the time, at the chart's top right: English titles stood under it
    ("Migrants: the 5 largest mantika in the latest round" behind its icons) and ran past the chart's edge."""
    with _on_a_phone(browser_page, f"{app}/{path}?lang={lang}") as page:
        page.wait_for_selector(".js-plotly-plot .gtitle", timeout=90_000)
        page.wait_for_timeout(1000)
        charts = page.evaluate(_CHART_TITLES)
    assert charts and all(c["text"] and c["tools"] and c["chart"] for c in charts), charts
    for c in charts:
        (left, top, right, _), (t_left, _, t_right, t_bottom) = c["text"], c["tools"]
        assert c["chart"][0] - 0.5 <= left and right <= c["chart"][2] + 0.5, c  # whole, inside the chart
        assert top >= t_bottom - 0.5 or right <= t_left + 0.5 or left >= t_right - 0.5, c  # not under the tools
    if path == "displacement" and lang == "en":
        assert any(c["title"] == "Migrants: the 5 largest mantika in the latest round" for c in charts), charts


def test_arabic_compare_tables_show_their_name_column(app, browser_page):
    """A right-to-left grid scrolls from the left: side by side, the six columns overflowed half the page and
    hid the first (rightmost) one, the Arabic name.  In Arabic the two tables stand one above the other, each as
    wide as the page and wide enough for all six columns."""
    page = browser_page
    open_page(page, f"{app}/displacement?compare=1&round_a=24&round_b=28&lang=ar")
    scroll_to_below(page)
    grids = page.locator('[data-testid="stDataFrame"]')
    grids.nth(1).wait_for(timeout=30_000)
    first, second = grids.nth(0).bounding_box(), grids.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]  # one above the other
    assert abs(second["x"] - first["x"]) < 2 and first["width"] > 6 * 90  # each wide enough for its six columns


# The title's text box (its font's ascent included) and the bottom of Streamlit's header, which is opaque and
# stays on top of the page: a title under it loses the tops of its letters ("Dısplacement", no dot on the i).
_TITLE_UNDER_HEADER = """() => {
  const h1 = document.querySelector('h1'), header = document.querySelector('[data-testid="stHeader"]');
  const range = document.createRange(); range.selectNodeContents(h1);
  return [range.getBoundingClientRect().top, header.getBoundingClientRect().bottom];
}"""


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_page_title_is_not_under_the_header(app, browser_page, width, lang):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900 if width > 640 else 844})
    for path in ("displacement", "data"):  # a map page and one without a map
        open_page(page, f"{app}/{path}?lang={lang}", needs_map=path != "data")
        text_top, header_bottom = page.evaluate(_TITLE_UNDER_HEADER)
        assert text_top >= header_bottom - 0.5, (path, text_top, header_bottom)


# Each grid's scroll position: how far it is scrolled from the left, and how far it could be.
_GRID_SCROLL = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
    .map(s => [s.scrollLeft, s.scrollWidth - s.clientWidth])"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_wide_table_on_a_phone_opens_on_its_first_columns(app, browser_page, lang):
    """The projects table is wider than a phone.  Its first columns (title, sector) are on its left in English and on
    its right in Arabic; the grid scrolls from the left either way, so in Arabic it opens scrolled to its right end."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app}/stabilization?lang={lang}")
    scroll_to_below(page)
    page.wait_for_selector('[data-testid="stDataFrame"] .dvn-scroller', timeout=30_000)
    page.wait_for_timeout(1000)  # the grid measures its columns, then the page scrolls it (every 0.3 s)
    (scrolled, overflow), = page.evaluate(_GRID_SCROLL)
    assert overflow > 100  # wider than the phone
    if lang == "ar":
        assert scrolled >= overflow - 1
    else:
        assert scrolled == 0


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", ["detention", "health", "stabilization"])
def test_a_desktops_tables_show_every_column(app, browser_page, path, lang):
    """At 1,440 px a table's long texts (project titles, services, facility names) pushed its last columns out of
    its box: Stabilization's Beneficiaries read "2,", Health's table, beside a chart, cut its facility's name."""
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1000})
    open_page(page, f"{app}/{path}?lang={lang}")
    scroll_to_below(page)
    page.wait_for_selector('[data-testid="stDataFrame"] .dvn-scroller', timeout=30_000)
    page.wait_for_timeout(1000)  # the grid measures its columns
    grids = page.evaluate(_GRID_SCROLL)
    assert grids and all(overflow <= 1 for _, overflow in grids), grids


def test_an_arabic_table_stays_on_its_first_columns_when_the_page_changes_above_it(app, browser_page, tmp_path):
    """Seen: after an upload on the Arabic Data page, the Versions table opened scrolled as the Audit log had been
    (Streamlit gave its grid the other table's element), its version numbers and dates out of sight.  A reader's
    own scrolling is kept."""
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    open_page(page, f"{app}/data?lang=ar", needs_map=False)
    page.wait_for_selector('[data-testid="stDataFrame"] .dvn-scroller', timeout=30_000)
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")  # refused: nothing is stored
    choose_file(page, str(bad))
    page.locator('[data-testid="stTable"]').first.wait_for(timeout=60_000)  # the problems, above the tables
    page.wait_for_timeout(1500)
    grids = page.evaluate(_GRID_SCROLL)
    assert any(overflow > 100 for _, overflow in grids), grids  # the Versions table is wider than its box
    assert all(scrolled >= overflow - 1 for scrolled, overflow in grids), grids
    versions = page.locator('[data-testid="stDataFrame"] .dvn-scroller').first
    versions.hover()
    page.mouse.wheel(-300, 0)  # the reader scrolls toward the last columns
    page.wait_for_timeout(1000)
    (scrolled, overflow), *_ = page.evaluate(_GRID_SCROLL)
    assert scrolled < overflow - 100


# Each shown element toolbar: its top, and the bottom of what stands above its element.
_TOOLBARS = """() => [...document.querySelectorAll('[data-testid="stElementToolbar"]')].map(t => {
    const element = t.closest('[data-testid="stElementContainer"]'), above = element.previousElementSibling;
    return [t.getBoundingClientRect().top, above ? above.getBoundingClientRect().bottom : -1e9,
            getComputedStyle(t).opacity];
})"""


@pytest.mark.parametrize(("path", "lang"), [("", "ar"), ("", "en"), ("displacement", "ar")])
def test_a_tables_toolbar_on_a_phone_covers_no_heading(app, browser_page, path, lang):
    """Where nothing hovers (a phone), Streamlit shows a table's toolbar all the time, 44 px over what is above
    the table: it hid the Overview's "Largest decreases" and cut "Largest increases …, R27 → R28" to "…R2"."""
    with _on_a_phone(browser_page, f"{app}/{path}?lang={lang}") as page:
        page.wait_for_selector('[data-testid="stElementToolbar"]', timeout=30_000)
        page.wait_for_timeout(500)
        toolbars = page.evaluate(_TOOLBARS)
    assert toolbars and all(float(o) > 0 for _, _, o in toolbars), toolbars  # shown without a hover
    assert all(top >= bottom - 0.5 for top, bottom, _ in toolbars), toolbars


@pytest.mark.parametrize(("lang", "when", "imported"), [
    ("en", r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", "import"),
    ("ar", r"\d{1,2} \S+ \d{4}، الساعة \d\d:\d\d بالتوقيت العالمي", "استيراد"),
])
def test_data_page_versions_and_audit_say_when_in_words(app, browser_page, lang, when, imported):
    # They showed the store's ISO text ("2026-12-02T10:52:07+00:00") and its action keys in both languages.
    import re

    page = browser_page
    open_page(page, f"{app}/data?lang={lang}", needs_map=False)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stDataFrame\"] table[role=\"grid\"]')"
                           ".length >= 2", timeout=30_000)
    cells = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] "
                          "table[role=\"grid\"] td')].map(e => e.innerText.trim())")
    assert any(re.fullmatch(when, c) for c in cells), cells
    assert not any(re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", c) for c in cells), cells
    assert imported in cells
    # The audit log opens on when and what was done (it opened on its row number, which on a phone hid both).
    audit = page.evaluate("() => [...[...document.querySelectorAll('[data-testid=\"stDataFrame\"] "
                          "table[role=\"grid\"]')].pop().querySelectorAll('th')].map(e => e.innerText.trim())"
                          ".filter(Boolean)")
    opening = audit[:2] if lang == "en" else audit[::-1][:2]
    assert opening == (["When", "Action"] if lang == "en" else ["الوقت", "الإجراء"]), audit


@pytest.mark.parametrize(("lang", "zero"), [("en", "0.0"), ("ar", "0,0")])
def test_every_bar_of_a_ranking_says_its_value_even_zero(app, browser_page, lang, zero):
    # Health's share within reach per mantika: a mantika at 0 % had no bar, and read as a gap in the data.
    page = browser_page
    open_page(page, f"{app}/health?lang={lang}")
    scroll_to_below(page)
    page.wait_for_selector(".js-plotly-plot .bartext", state="attached", timeout=60_000)
    bars = page.evaluate("() => { const p = document.querySelector('.js-plotly-plot');"
                         " return {n: p._fullData[0].y.length, xs: Array.from(p._fullData[0].x),"
                         " texts: [...p.querySelectorAll('.bartext')]"
                         ".map(e => e.textContent)}; }")
    assert len(bars["texts"]) == bars["n"], bars
    zeros = [i for i, v in enumerate(bars["xs"]) if v == 0]
    assert zeros, "the shipped data has mantikas out of reach"
    assert all(bars["texts"][i] == zero for i in zeros), bars
