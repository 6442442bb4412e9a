"""Issue 11, point 4 (and 6): legends that hold still and say what they show; the map's furniture."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from atlas_ui import open_page

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser


def _classes(frame) -> list[str]:
    """The class labels of the first (choropleth) legend block."""
    legend = frame.evaluate("window.__atlasDebug().legend")
    first = legend.split('<div class="atlas-legend-block">')[1]
    return [c for c in re.findall(r'atlas-legend-swatch"[^>]*></i>([^<]+)</div>', first) if c != "No data"]


def test_same_round_same_classes_on_overview_and_displacement(app, browser_page):
    overview = _classes(open_page(browser_page, f"{app}/?round=26"))
    displacement = _classes(open_page(browser_page, f"{app}/displacement?round=26&metric=migrants"))
    assert len(overview) == 5
    assert overview == displacement
    # ... and the classes do not move with the slider.
    assert _classes(open_page(browser_page, f"{app}/displacement?round=24&metric=migrants")) == displacement
    legend = open_page(browser_page, f"{app}/?round=24").evaluate("window.__atlasDebug().legend")
    assert "fixed across rounds and pages" in legend


def test_size_legend_states_the_largest_value_shown(app, browser_page, ):
    frame = open_page(browser_page, f"{app}/displacement?round=24&metric=migrants")
    debug = frame.evaluate("window.__atlasDebug()")
    shown = re.search(r"largest shown = ([\d,]+)", debug["legend"]).group(1)
    tips = [t for t in debug["layers"]["baladiya"]["tooltip"].values() if t]
    values = [int(m.group(1).replace(",", "")) for t in tips if (m := re.search(r"Migrants: <b>([\d,]+)</b>", t))]
    assert int(shown.replace(",", "")) == max(values)


def test_in_an_area_the_size_legend_says_its_largest_is_libyas(app, browser_page):
    # The map of Alkufra draws every baladiya's circle: "largest shown = 137,549" stood beside Alkufra's 2,347
    # migrants in all, as if it were one of Alkufra's.
    with open(ROOT / "data" / "layers" / "displacement.csv", encoding="utf-8", newline="") as f:
        r26 = [r for r in csv.DictReader(f) if r["round"] == "26"]
    libyas = max(int(r["migrants"]) for r in r26)
    alkufras = sum(int(r["migrants"]) for r in r26 if r["mantika_pcode"] == "LY0107")
    frame = open_page(browser_page, f"{app}/displacement?round=26&metric=migrants&region=LY01&mantika=LY0107")
    legend = frame.evaluate("window.__atlasDebug().legend")
    assert "largest shown" not in legend
    assert f"largest in all of Libya = {libyas:,}" in legend and libyas > alkufras, legend


def test_a_size_legend_with_no_circle_in_view_says_so(app, browser_page):
    # Seen: "largest shown = 1" (the scale's safe divisor) beside Sebha, where no disembarkation point is.
    with open(ROOT / "data" / "admin" / "baladiya.csv", encoding="utf-8", newline="") as f:
        mantika_of = {r["pcode"]: r["mantika_pcode"] for r in csv.DictReader(f)}
    with open(ROOT / "data" / "layers" / "disembarkation_points.csv", encoding="utf-8", newline="") as f:
        assert "LY0319" not in {mantika_of[r["baladiya_pcode"]] for r in csv.DictReader(f)}
    legend = open_page(browser_page, f"{app}/disembarkation?region=LY03&mantika=LY0319").evaluate(
        "window.__atlasDebug().legend")
    assert "largest shown" not in legend
    assert "circle area ∝ value; no value shown in this view" in legend


MAP_PAGES = ["", "displacement", "detention", "disembarkation", "health", "stabilization", "flash"]


@pytest.mark.parametrize(("width", "height", "visible"), [(1440, 1000, 400), (390, 844, 200)])
def test_map_is_above_the_fold_on_every_page(app, browser_page, tmp_path, width, height, visible):
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    for name in MAP_PAGES:
        open_page(page, f"{app}/{name}")
        top = page.evaluate("() => [...document.querySelectorAll('iframe')]"
                            ".find(f => (f.src || '').includes('streamlit_folium')).getBoundingClientRect().top")
        page.screenshot(path=str(tmp_path / f"{name or 'overview'}-{width}.png"))
        assert top <= height - visible, f"/{name}: the map starts at y={top:.0f} of {height}"


def test_phone_legend_starts_folded_and_opens(app, browser_page):
    browser_page.set_viewport_size({"width": 390, "height": 844})
    frame = open_page(browser_page, f"{app}/displacement")
    toggle = frame.get_by_role("button", name="Legend")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not frame.locator(".atlas-legend-body").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert frame.locator(".atlas-legend-body").is_visible()


def test_map_has_a_title_and_its_features_are_a_keyboard_table(app, browser_page):
    page = browser_page
    open_page(page, f"{app}/displacement")
    title = page.evaluate("() => [...document.querySelectorAll('iframe')]"
                          ".find(f => (f.src || '').includes('streamlit_folium')).title")
    assert title.startswith("Map: Mantika") and "Baladiya" in title
    page.get_by_text("List the map's features as a table").click()
    # The keyboard/screen-reader table: header, every mantika, every baladiya (other tables are on the page too).
    rows = 1 + 22 + 100
    page.wait_for_function("n => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] table[role=\"grid\"]')]"
                           ".some(g => Number(g.getAttribute('aria-rowcount')) === n)", arg=rows, timeout=30_000)


@pytest.mark.parametrize("path", ["/detention", "/disembarkation", "/health", "/stabilization", "/flash", "/"])
def test_every_map_page_titles_its_map_iframe(app, browser_page, path):
    page = browser_page
    open_page(page, f"{app}{path}")
    title = page.evaluate("() => [...document.querySelectorAll('iframe')]"
                          ".find(f => (f.src || '').includes('streamlit_folium')).title")
    assert title.startswith("Map: ") and "st_folium" not in title


def test_tooltip_stays_inside_the_map_at_the_top_edge(app, browser_page):
    page = browser_page
    frame = open_page(page, f"{app}/flash")
    page.wait_for_timeout(1500)
    frame.evaluate("() => { const m = Object.values(window.__atlasMaps)[0].map;"
                   " m.setView([24.5, 22.5], 8, {animate: false}); }")  # inside Alkufra: polygon everywhere
    page.wait_for_timeout(500)
    frame.frame_element().evaluate("e => e.scrollIntoView({block: 'center'})")
    box = frame.frame_element().bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 12)
    page.mouse.move(box["x"] + box["width"] / 2 + 3, box["y"] + 14)
    tip = frame.locator(".atlas-tooltip").first
    tip.wait_for(timeout=10_000)
    rect = tip.bounding_box()
    assert box["y"] <= rect["y"] and rect["y"] + rect["height"] <= box["y"] + box["height"]
    assert box["x"] <= rect["x"] and rect["x"] + rect["width"] <= box["x"] + box["width"]


def test_clusters_never_overlap(app, browser_page):
    # The Overview draws four point layers; around Tripoli their clusters stood on one another ("3", "5", "4").
    frame = open_page(browser_page, f"{app}/?round=28")
    browser_page.wait_for_timeout(2000)
    circles = [(name, *item) for name, items in frame.evaluate("window.__atlasDebug().drawn").items()
               for item in items]
    assert len({c[0] for c in circles if c[4] > 1}) >= 2  # clusters of more than one layer
    for i, (name1, x1, y1, r1, n1) in enumerate(circles):
        for name2, x2, y2, r2, n2 in circles[i + 1:]:
            if n1 > 1 or n2 > 1:
                assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (r1 + r2) ** 2, \
                    f"a cluster of {name1 if n1 > 1 else name2} overlaps a circle of {name2 if n1 > 1 else name1}"


def test_a_cluster_is_ringed_in_its_layers_colour(app, browser_page):
    # Every cluster was a white circle ringed in black, whatever it counted.
    frame = open_page(browser_page, f"{app}/?round=28")
    browser_page.wait_for_timeout(2000)
    rings = {name: colours for name, colours in frame.evaluate("window.__atlasDebug().rings").items() if colours}
    assert len(rings) >= 2, rings
    legend = frame.evaluate("window.__atlasDebug().legend")
    for layer, colours in rings.items():
        assert len(colours) == 1 and colours[0] != "#222" and colours[0].lower() in legend.lower(), (layer, colours)


def _luminance(rgb: list[float]) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_caption_and_legend_text_contrast_at_least_4_5(app, browser_page, scheme):
    """Also on a computer set to dark mode: Streamlit followed it and drew the page near-black, under captions
    darkened for a white page (contrast 2:1); the atlas is drawn for a light page, whatever the system's setting."""
    page = browser_page
    page.emulate_media(color_scheme=scheme)
    frame = open_page(page, f"{app}/displacement")
    # Every caption-like text on the page: Streamlit's captions, and the atlas's own (the way back's hint,
    # the headline figures' changes and notes, the illustrative-data note).
    pairs = page.evaluate("""() => {
        const rgb = s => s.match(/[\\d.]+/g).map(Number);
        const sel = '[data-testid="stCaptionContainer"] p, .atlas-caption, .atlas-figure-change, '
                    + '.atlas-figure-note, .atlas-warning';
        return [...document.querySelectorAll(sel)].map(el => {
            let bg = el; while (bg && rgb(getComputedStyle(bg).backgroundColor).length === 4
                                 && rgb(getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement;
            return [el.className || el.tagName, rgb(getComputedStyle(el).color),
                    rgb(getComputedStyle(bg || document.body).backgroundColor)];
        });
    }""")
    kinds = {name.split()[0] for name, _, _ in pairs}
    assert {"atlas-caption", "atlas-figure-change", "atlas-warning"} <= kinds, kinds
    for name, fg, bg in pairs:
        if len(fg) == 4:  # rgba text: blend over the background
            fg = [fg[3] * f + (1 - fg[3]) * b for f, b in zip(fg[:3], bg[:3], strict=True)]
        hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (name, fg, bg)
    note = frame.evaluate("getComputedStyle(document.querySelector('.atlas-legend-unit')).color")
    assert note in ("rgb(85, 85, 85)", "rgb(68, 68, 68)")  # #555 / #444 on white: 7.5:1 / 9.7:1


def test_scale_bar_is_metric_in_the_readers_language(app, browser_page):
    # Leaflet's own scale bar wrote "km" and "mi" in every language.
    frame = open_page(browser_page, f"{app}/displacement")
    line = frame.locator(".leaflet-control-scale-line")
    assert line.count() == 1  # no miles
    assert re.fullmatch(r"\d+ k?m", line.inner_text()), line.inner_text()
    frame = open_page(browser_page, f"{app}/displacement?lang=ar&digits=arab")
    line = frame.locator(".leaflet-control-scale-line")
    assert line.count() == 1
    assert re.fullmatch(r"[٠-٩]+ (كم|م)", line.inner_text()), line.inner_text()
    assert line.get_attribute("dir") == "rtl"
    # The legend, written by the page, in the same digits: its hollow-seats line read "(100 من أصل 100)".
    legend = frame.evaluate("window.__atlasDebug().legend")
    assert "من أصل" in legend and not re.search(r">[^<]*[0-9][^<]*<", legend), legend


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_whole_legend_is_shown_on_a_wide_screen(app, browser_page, lang):
    # Displacement's legend (classes, circle sizes, hollow seats) scrolled inside the map, its last line half shown.
    frame = open_page(browser_page, f"{app}/displacement?lang={lang}")
    body = frame.locator(".atlas-legend-body")
    assert body.is_visible()
    scroll, client = body.evaluate("b => [b.scrollHeight, b.clientHeight]")
    assert scroll <= client + 1, f"the legend scrolls: {scroll} px of content in {client} px"


@pytest.mark.parametrize("path", ["", "displacement", "health"])
def test_the_open_legend_covers_no_data_on_a_wide_screen(app, browser_page, path):
    # The legend stands over the map's bottom right corner; Kufra and the south-east were under it.
    frame = open_page(browser_page, f"{app}/{path}")
    left, _top, right, _bottom = frame.evaluate("window.__atlasDebug().fit")
    legend = frame.evaluate("document.querySelector('.atlas-legend').getBoundingClientRect().left")
    assert right <= legend, f"/{path}: the data reach x={right:.0f}, the legend starts at x={legend:.0f}"
    assert right - left > 300  # the country is still drawn large, not shrunk to make room


@pytest.mark.parametrize("path", ["", "displacement"])
def test_on_a_phone_the_country_has_a_margin_inside_the_map(app, browser_page, path):
    # Libya filled a phone's map edge to edge (west 9.23°, east 25.31° at zoom 5): Ghadames' circle was cut.
    browser_page.set_viewport_size({"width": 390, "height": 844})
    frame = open_page(browser_page, f"{app}/{path}")
    left, top, right, bottom = frame.evaluate("window.__atlasDebug().fit")
    width, height = frame.evaluate("[document.body.clientWidth, document.body.clientHeight]")
    assert left >= 8 and right <= width - 8, f"/{path}: the country spans x={left:.0f}..{right:.0f} of {width}"
    assert top >= 8 and bottom <= height - 8, f"/{path}: y={top:.0f}..{bottom:.0f} of {height}"
    assert right - left > width * 0.6  # still drawn large


def test_a_slider_step_does_not_refit_the_map(app, browser_page):
    # The view fits beside the legend when the legend appears or the map's size changes, not when only its words
    # change (each round changes the size legend's largest value): a refit on every step redrew the whole map, and
    # would shift it whenever the legend's width changed.
    frame = open_page(browser_page, f"{app}/displacement?round=24&metric=migrants")
    before = frame.evaluate("""() => { const g = window.__atlasDebug(), m = window.__atlasMaps[g.key].map;
        window.__moves = 0; m.on('moveend', () => { window.__moves += 1; }); return [g.legend, g.restyles]; }""")
    browser_page.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    browser_page.keyboard.press("ArrowRight")
    frame.wait_for_function(f"window.__atlasDebug().restyles > {before[1]}", timeout=30_000)
    browser_page.wait_for_timeout(500)
    assert frame.evaluate("window.__atlasDebug().legend") != before[0]  # the legend's words changed with the round
    assert frame.evaluate("window.__moves") == 0, "the step moved the map"
