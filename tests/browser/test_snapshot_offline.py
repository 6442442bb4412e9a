"""A published snapshot opened from disk in Chromium with every request blocked.

The snapshot is published from a store holding tests/snapshot_case.py's
data (one small count); the figures the page shows at each slider position
are compared with plain pandas sums of that file after the disclosure rules
(snapshot_case.expected), and with figures.csv.
"""

from __future__ import annotations

import pandas as pd
import pytest
import snapshot_case as case

from geo import snapshots

pytestmark = pytest.mark.browser

PAINTED_FILLS = """() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive'))
    .map((p) => p.getAttribute('fill'))"""


@pytest.fixture
def snapshot(store, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    data = case.import_case(store, tmp_path)
    view = snapshots.View(page="displacement", metric="migrants", rounds=(26, 27, 28), current=28, area=case.MANTIKA)
    return snapshots.publish(view, "Derna, rounds 26-28", publisher_role="coordinator"), data


def _details(page) -> dict[str, str]:
    rows = page.eval_on_selector_all("#details-body tr", "rs => rs.map(r => [r.cells[0].textContent, "
                                     "r.cells[1].textContent])")
    return dict(rows)


def test_snapshot_opens_offline_paints_and_slides(snapshot, browser_page):
    snap, data = snapshot
    url = (snap.path / "index.html").as_uri()
    requested: list[str] = []

    def block_everything(route) -> None:
        requested.append(route.request.url)
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    errors: list[str] = []
    browser_page.route("**/*", block_everything)
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_page.goto(url)
    browser_page.wait_for_selector("body[data-painted='1']", state="attached", timeout=30_000)
    assert requested == [url], f"the snapshot asked for more than itself: {requested}"
    assert not errors

    # Painted: 22 mantika polygons, Derna's with a class colour (not the grey "no data"),
    # and Derna's baladiya circles.
    fills = browser_page.evaluate(PAINTED_FILLS)
    assert len(fills) >= 22 + 5
    assert any(f and f.lower() not in ("#f4f4f4", "#bdbdbd", "#f2f2f2") for f in fills)
    box = browser_page.locator("#map").bounding_box()
    assert box["width"] > 400 and box["height"] > 300

    want = case.expected(data)
    names = pd.read_csv(data).drop_duplicates("baladiya_pcode").set_index("baladiya_pcode")["baladiya_name"]

    def check(rnd: int) -> None:
        assert browser_page.get_attribute("body", "data-round") == str(rnd)
        for metric in case.METRICS:
            assert browser_page.text_content(f"#fig-{metric}") == want["totals"][rnd][metric]
        shown = _details(browser_page)
        assert shown == {names[p]: v for p, v in want["baladiya"][rnd]["migrants"].items()}

    check(28)  # the slider starts at the view's round: the small count is "<5", in no total, so no "x" beside it
    assert _details(browser_page)[names[case.SMALL_BALADIYA]] == "<5"
    assert "x" not in _details(browser_page).values()
    slider = browser_page.locator("#round")
    slider.fill("0")  # the first published round, R26
    check(26)
    slider.fill("1")
    check(27)
    assert _details(browser_page)[names[case.SMALL_BALADIYA]] not in ("<5", "x")  # R27 was not small
    assert "R27" in browser_page.text_content(".round-label")

    # The same figures are in figures.csv.
    figures = pd.read_csv(snap.path / "figures.csv", dtype=str, keep_default_na=False)
    for rnd in (26, 27, 28):
        area = figures[(figures["round"] == str(rnd)) & (figures["level"] == "area")]
        assert dict(zip(area["metric"], area["value"], strict=True)) == {
            m: want["totals"][rnd][m].replace(",", "") for m in case.METRICS}

    # Print: one clean A4 landscape page, without the slider.
    browser_page.emulate_media(media="print")
    assert browser_page.locator(".controls").is_hidden()
    pdf = browser_page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    assert b"/MediaBox [0 0 841" in pdf or b"/MediaBox [0 0 842" in pdf  # 297 mm wide: landscape


def test_snapshot_on_a_phone_stacks_its_map_above_the_figures(snapshot, browser_page):
    # A donor opening a snapshot on a phone saw the map as an 80-px sliver beside the figures' column.
    snap, _data = snapshot
    browser_page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto((snap.path / "index.html").as_uri())
    browser_page.wait_for_selector("body[data-painted='1']", state="attached", timeout=30_000)
    map_box = browser_page.locator("#map").bounding_box()
    figures = browser_page.locator(".figures").bounding_box()
    assert map_box["width"] > 300, map_box
    assert figures["y"] >= map_box["y"] + map_box["height"]  # below the map, not beside it


def test_an_arabic_snapshot_reads_right_to_left_offline(store, tmp_path, monkeypatch, browser_page):
    """Published from an Arabic page: right to left, its slider's round, its map's tooltips and buttons in Arabic
    (literals: the msgstr of locales/ar/LC_MESSAGES/messages.po, CLDR's Arabic months); figures as ar_LY writes them
    (plain pandas sums, "." between thousands)."""
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    data = case.import_case(store, tmp_path)
    view = snapshots.View(page="displacement", metric="migrants", rounds=(27, 28), current=28, area=case.MANTIKA,
                          lang="ar")
    snap = snapshots.publish(view, "درنة", publisher_role="coordinator")
    url = (snap.path / "index.html").as_uri()
    browser_page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    browser_page.goto(url)
    browser_page.wait_for_selector("body[data-painted='1']", state="attached", timeout=30_000)
    assert browser_page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    want = case.expected(data)["totals"]
    assert browser_page.text_content("#fig-migrants") == want[28]["migrants"].replace(",", ".")
    label = browser_page.locator(".round-label")
    assert label.text_content().replace("\u00a0", " ") == "الجولة 28 · أكتوبر–ديسمبر 2019"
    browser_page.locator("#round").fill("0")
    assert label.text_content().replace("\u00a0", " ") == "الجولة 27 · يوليو–سبتمبر 2019"
    assert browser_page.text_content("#fig-idps") == want[27]["idps"].replace(",", ".")
    assert browser_page.get_attribute(".leaflet-control-zoom-in", "title") == "تكبير"
    assert browser_page.get_attribute(".leaflet-control-zoom-out", "title") == "تصغير"
    browser_page.locator(".leaflet-overlay-pane path.leaflet-interactive").first.hover(force=True)
    tooltip = browser_page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "المهاجرون: " in tooltip.text_content() and "الجولة 27" in tooltip.text_content().replace("\u00a0", " ")
