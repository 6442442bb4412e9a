"""The atlas in a real browser, network blocked except localhost.

Each test opens the app as a user would and checks what they would see: every
page loads with no exception and no failed request; the map draws the expected
features; the round slider changes the headline and the colours; a permalink
restores the view; a download holds exactly the rows on screen; public mode
never shows restricted layers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from atlas_ui import PARSER_FETCHED, SETTLED, choose_file, map_frame, open_downloads

from geo import store

pytestmark = pytest.mark.browser

PAGES = ["overview", "displacement", "detention", "disembarkation", "health", "stabilization", "flash", "data"]
MAP_PAGES = {"overview", "displacement", "detention", "disembarkation", "health", "stabilization", "flash"}
EXCEPTION = '[data-testid="stException"]'


def _open(page: Any, url: str, needs_map: bool = True) -> Any:
    page.goto(url)
    page.wait_for_selector("h1", timeout=30_000)
    page.wait_for_function(SETTLED, timeout=30_000)
    return map_frame(page) if needs_map else None


def _metric(page: Any, label_part: str) -> str:
    return page.evaluate(
        """(part) => {
            for (const m of document.querySelectorAll('.atlas-figure')) {
                if (m.innerText.includes(part)) return m.querySelector('.atlas-figure-value').innerText;
            }
            return null;
        }""", label_part)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_without_error_or_external_request(app, browser_page, assert_clean, name):
    _open(browser_page, f"{app}/{name}", needs_map=name in MAP_PAGES)
    browser_page.wait_for_timeout(500)
    assert browser_page.locator(EXCEPTION).count() == 0, browser_page.locator(EXCEPTION).first.inner_text()
    assert "Traceback" not in browser_page.inner_text("body")
    assert_clean(browser_page)


@pytest.mark.parametrize("path", ["displacement", "health?lang=ar", ""])
def test_a_page_asks_its_server_at_the_right_address_first(app, browser_page, assert_clean, path):
    """Streamlit's page guesses its server's address from its own: opened on /displacement it asked
    /displacement/_stcore/health and host-config (two 404s), then /_stcore/..., 0.1 s later. The atlas's page
    names its server (scripts/serve.py), so every request to the server's own endpoints, the websocket
    included, goes to /_stcore/ at once (this server has no base path), and nothing answers 404."""
    page = browser_page
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlparse(r.url).path) if "/_stcore/" in r.url else None)
    page.on("websocket", lambda ws: asked.append(urlparse(ws.url).path))
    _open(page, f"{app}/{path}")
    assert "/_stcore/health" in asked and "/_stcore/stream" in asked, asked
    assert [p for p in asked if not p.startswith("/_stcore/")] == []
    assert_clean(page)  # no HTTP error either


@pytest.mark.parametrize(("path", "title"), [
    ("displacement", "Displacement · Libya Operations Atlas"),
    ("health?lang=ar", "التغطية الصحية · أطلس العمليات في ليبيا"),  # the two msgstr of locales/ar/.../messages.po
    ("", "Overview · Libya Operations Atlas"),
])
def test_the_browser_tab_names_the_page_then_the_atlas(app, browser_page, path, title):
    """Several tabs of the atlas open at once (an emergency team keeps Flash beside the map pages): each tab's title
    says which page it holds before whose it is."""
    _open(browser_page, f"{app}/{path}")
    assert browser_page.title() == title



@pytest.mark.parametrize("path", ["overview?lang=ar&round=27", "overview/?lang=ar&round=27"])
def test_the_overviews_own_name_opens_it_without_page_not_found(app, browser_page, assert_clean, path):
    """The Overview is the default page, at the root. Its name typed as an address showed Streamlit's "Page not
    found" before the Overview ran; now the address becomes the root's, the link's language and round kept."""
    page = browser_page
    page.add_init_script("""new MutationObserver(() => {
        if (document.body && /page not found/i.test(document.body.innerText)) window.__notFound = true;
    }).observe(document, {childList: true, subtree: true, characterData: true});""")
    _open(page, f"{app}/{path}")
    assert urlparse(page.url).path == "/"
    assert "lang=ar" in page.url and "round=27" in page.url
    assert page.title() == "نظرة عامة · أطلس العمليات في ليبيا"  # the two msgstr of locales/ar/.../messages.po
    assert page.evaluate("window.__notFound || false") is False
    assert_clean(page)

def test_displacement_map_draws_every_mantika_and_baladiya(app, browser_page):
    frame = _open(browser_page, f"{app}/displacement")
    debug = frame.evaluate("window.__atlasDebug()")
    assert debug["layers"]["mantika"]["features"] == 22
    assert debug["layers"]["baladiya"]["features"] == 100
    assert debug["layers"]["baladiya"]["shown"] == 100
    assert debug["base"]["countries"]["features"] == 7
    assert "Migrants" in debug["legend"]


def test_round_slider_changes_headline_and_map_colours(app, browser_page, shipped):
    frame = _open(browser_page, f"{app}/displacement?metric=idps&round=28")
    assert _metric(browser_page, "IDPs") == f"{int(shipped.loc[shipped['round'] == 28, 'idps'].sum()):,}"
    before = frame.evaluate("window.__atlasDebug().layers.mantika.fill")
    token = frame.evaluate("window.__atlasToken")
    browser_page.get_by_role("slider").first.focus()
    browser_page.keyboard.press("Home")  # first round: R24
    expected = f"{int(shipped.loc[shipped['round'] == 24, 'idps'].sum()):,}"
    browser_page.wait_for_function(
        """([exp]) => [...document.querySelectorAll('.atlas-figure-value')]
            .some(e => e.innerText === exp)""", arg=[expected], timeout=15_000)
    frame.wait_for_function("(b) => JSON.stringify(window.__atlasDebug().layers.mantika.fill) !== b",
                            arg=json.dumps(before), timeout=15_000)
    assert frame.evaluate("window.__atlasToken") == token, "the map was reloaded instead of restyled"
    assert "R24" in browser_page.inner_text("body")


def test_headline_figures_say_each_change_and_which_way(app, browser_page, shipped):
    """Each figure's change since the round before, with an arrow for its direction (not a colour that calls
    more displaced people good news); the sums are taken here from the shipped rows."""
    _open(browser_page, f"{app}/displacement?round=27")
    sums = shipped.groupby("round")[["migrants", "idps", "returnees"]].sum()
    cards = browser_page.evaluate("""() => [...document.querySelectorAll('.atlas-figure')].map(f => [
        f.querySelector('.atlas-figure-label').innerText, f.querySelector('.atlas-figure-value').innerText,
        f.querySelector('.atlas-figure-change span:last-child').innerText,
        f.querySelector('.atlas-figure-change .atlas-icon').textContent])""")
    assert [c[0] for c in cards] == ["Migrants · Libya · R27", "IDPs · Libya · R27", "Returnees · Libya · R27"]
    for (_, value, change, arrow), metric in zip(cards, ["migrants", "idps", "returnees"], strict=True):
        now, before = int(sums.loc[27, metric]), int(sums.loc[26, metric])
        assert now != before and value == f"{now:,}"
        assert change.endswith(" since R26") and f"{abs(now - before):,}" in change, change
        assert arrow == ("arrow_upward" if now > before else "arrow_downward"), (metric, now, before)


def test_headline_figures_stand_side_by_side_on_a_phone(app, browser_page):
    """Stacked, three figures would be a screen of height before the map."""
    browser_page.set_viewport_size({"width": 390, "height": 844})
    _open(browser_page, f"{app}/displacement")
    boxes = browser_page.evaluate("() => [...document.querySelectorAll('.atlas-figure')]"
                                  ".map(f => { const r = f.getBoundingClientRect(); return [r.top, r.left, r.right] })")
    assert len(boxes) == 3 and len({round(top) for top, _, _ in boxes}) == 1, boxes
    assert all(left >= 0 and right <= 390 for _, left, right in boxes), boxes


def test_health_says_under_each_share_what_it_is_a_share_of(app, browser_page, shipped):
    """It was a tooltip ("?"), which a phone cannot open; the totals are taken here from the shipped rows."""
    _open(browser_page, f"{app}/health")
    notes = browser_page.locator(".atlas-figure-note").all_inner_texts()
    last = shipped[shipped["round"] == 28]
    assert notes == [f"of {int(last[m].sum()):,} counted in R28 · Oct–Dec 2019" for m in ("migrants", "idps")]


def test_permalink_restores_area_time_and_options(app, browser_page, shipped):
    _open(browser_page, f"{app}/displacement?region=LY03&mantika=LY0319&round=24&metric=returnees")
    body = browser_page.inner_text("body")
    assert "Returnees · Sebha · R24" in body
    sebha = shipped[shipped["mantika_pcode"] == "LY0319"]
    assert _metric(browser_page, "Returnees · Sebha") == f"{int(sebha.loc[sebha['round'] == 24, 'returnees'].sum()):,}"
    assert browser_page.get_by_role("radio", name="Returnees").is_checked()
    # The URL the app writes back is itself a permalink to the same view.
    url = browser_page.url
    assert "mantika=LY0319" in url and "round=24" in url and "metric=returnees" in url


def test_download_returns_exactly_the_filtered_rows(app, browser_page, shipped):
    _open(browser_page, f"{app}/displacement?region=LY03&mantika=LY0319&round=26")
    # The files are made only while the "Download" menu is open: none is on the page before.
    assert browser_page.locator('[data-testid="stDownloadButton"]').count() == 0
    open_downloads(browser_page)
    with browser_page.expect_download(timeout=30_000) as info:
        browser_page.get_by_role("button", name="CSV (").click()
    assert info.value.suggested_filename == "displacement_sebha_r26.csv"  # dataset, area, period
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("round,round_start,")  # a plain CSV: the header is the first line
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = shipped[(shipped["mantika_pcode"] == "LY0319") & (shipped["round"] == 26)]
    assert sorted(r["baladiya_pcode"] for r in rows) == sorted(expected["baladiya_pcode"])
    assert sum(int(r["migrants"]) for r in rows) == int(expected["migrants"].sum())
    assert {r["round"] for r in rows} == {"26"}
    assert all(r["lat"] and r["lon"] for r in rows), "coordinates left empty"
    with browser_page.expect_download(timeout=30_000) as info:
        browser_page.get_by_role("button", name="Provenance (text)", exact=True).click()
    assert info.value.suggested_filename == "displacement_sebha_r26.provenance.txt"
    sidecar = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Provenance:" in sidecar and "Interface language: en" in sidecar
    assert "Filters: Area: Sebha; Rounds: R26\n" in sidecar  # what the view showed, as it named it
    with browser_page.expect_download(timeout=30_000) as info:  # the map's values: the area is in the name too
        browser_page.get_by_role("button", name="Map values by mantika (CSV)").click()
    assert info.value.suggested_filename == "migrants_r26_by_mantika_sebha.csv"
    area_rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [r["mantika_pcode"] for r in area_rows] == ["LY0319"]
    assert int(area_rows[0]["value"]) == int(expected["migrants"].sum())
    with browser_page.expect_download(timeout=30_000) as info:  # its provenance: a sidecar, not comment lines
        browser_page.get_by_role("button", name="Map values: provenance (text)").click()
    assert info.value.suggested_filename == "migrants_r26_by_mantika_sebha.provenance.txt"
    sidecar = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Filters: Area: Sebha; Rounds: R26\n" in sidecar and "Interface language: en" in sidecar


def _sidecar_filters(page: Any, url: str) -> tuple[str, str]:
    """(file name, "Filters" line) of the rows' provenance sidecar on the page at ``url``."""
    _open(page, url)
    open_downloads(page)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=re.compile(r"^(Provenance \(text\)|مصدر البيانات \(نص\))$")).click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    return info.value.suggested_filename, next(line for line in text.splitlines() if line.startswith(("Filters",
                                                                                                     "عوامل")))


def test_downloads_name_the_filters_that_chose_their_rows(app, browser_page):
    """Seen: the sidecars said "Filters: area=Libya; since=None; types=['flood']" (Python, in English in an Arabic
    view too), "since" although it chose no row, and the file was named ``flash_updates_libya_none``. Expected:
    the pills' and dates' words of the catalogue (locales/*/messages.po), written out here."""
    name, line = _sidecar_filters(browser_page, f"{app}/flash?types=flood,airstrike")
    assert (name, line) == ("flash_updates_libya.provenance.txt", "Filters: Area: Libya; Event types: flood, airstrike")
    name, line = _sidecar_filters(browser_page, f"{app}/flash?types=flood&since=2019-04-01")  # marks, chooses none
    assert (name, line) == ("flash_updates_libya.provenance.txt", "Filters: Area: Libya; Event types: flood")
    # "New since" chooses the rows only with "Only new" on; then it is named, as the day set by hand
    name, line = _sidecar_filters(browser_page, f"{app}/flash?types=flood&only_new=1&since=2019-04-01")
    assert name == "flash_updates_libya_2019-04-01.provenance.txt"
    assert line == "Filters: Area: Libya; Event types: flood; New since: 1 April 2019"
    name, line = _sidecar_filters(browser_page, f"{app}/stabilization?lang=ar&sectors=health&status=completed"
                                                "&from=2019-03-01&to=2019-06-30")
    assert name == "stabilization_projects_libya_2019-03-01-2019-06-30.provenance.txt"
    assert line == ("عوامل التصفية: النطاق الجغرافي: ليبيا؛ القطاع: الصحة؛ الحالة: مكتمل؛ "
                    "نشطة بين: 1 مارس 2019 – 30 يونيو 2019")


def test_public_mode_never_shows_restricted_layers(streamlit_server, browser_page, assert_clean, data_dir):
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "public"})
    frame = _open(browser_page, f"{url}/")  # the Overview is the default page
    assert "detention_centres" not in frame.evaluate("window.__atlasDebug()")["layers"]
    assert "Data (coordinators)" not in browser_page.inner_text("body")
    # The restricted page is not served to the public role at all: its address shows a note in the reader's
    # language (it showed Streamlit's English "Page not found" dialog over the Overview, in Arabic too).
    for path, title in (("detention", "For coordinators only"), ("data", "For coordinators only"),
                        ("detention?lang=ar", "للمنسقين فقط")):
        _open(browser_page, f"{url}/{path}", needs_map=False)
        assert browser_page.locator("h1").first.inner_text().strip() == title
        assert browser_page.locator('[role="dialog"]').count() == 0
        nav = browser_page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Detention centres" not in nav and "مراكز الاحتجاز" not in nav
        assert "People held" not in browser_page.inner_text("body")
        assert_clean(browser_page)


def test_imported_dtm_round_and_official_boundaries_show_up(streamlit_server, browser_page, reference, tmp_path):
    """Issue 3's done-when, seen by a user: round 54 beside the 2019 rounds, official mantika drawn."""
    from geo import ingest

    s = store.open_store(f"gpkg:{tmp_path / 'atlas.gpkg'}")
    ingest.import_file(s, reference / "dtm_libya_r54_migrants_public.xlsx")
    ingest.import_file(s, reference / "cod_ab_lby_adm2_mantika.geojson")
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": str(tmp_path), "ATLAS_ROLE": "coordinator"})
    frame = _open(browser_page, f"{url}/displacement?round=54&metric=migrants")
    body = browser_page.inner_text("body")
    assert "R54 · Aug–Sep 2024" in body and "R24 · Jan–Feb 2019" in body  # slider ends: 2019 rounds kept
    assert _metric(browser_page, "Migrants · Libya") == "787,326"
    assert ("Official mantika boundaries — source: a coordinator's import (publisher not recorded); licence: not "
            "recorded at import; store version 1 of") in body
    # The caption under the map is HTML, the file name marked as data, and no Markdown HTML parser is fetched.
    caption = browser_page.locator(".atlas-caption", has_text="Official mantika boundaries")
    assert caption.locator("bdi.atlas-data").last.inner_text() == "cod_ab_lby_adm2_mantika.geojson"
    assert caption.locator(".atlas-icon").inner_text() == "map"
    assert not browser_page.evaluate(PARSER_FETCHED)
    debug = frame.evaluate("window.__atlasDebug()")
    assert debug["layers"]["mantika"]["features"] == 22


def test_data_page_rejects_a_bad_file_and_stores_a_good_one(app, browser_page, tmp_path, data_dir):
    s = store.open_store(f"gpkg:{data_dir}/atlas.gpkg")
    before = s.current_version("flash_updates")
    bad = tmp_path / "events.csv"
    bad.write_text("event_id,date,title,event_type,mantika_pcodes,summary,illustrative,source\n"
                   "FU-X,2019-05-01,Test,armed clashes,LY9999,Something,false,test\n", encoding="utf-8")
    _open(browser_page, f"{app}/data", needs_map=False)
    choose_file(browser_page, str(bad))
    browser_page.get_by_text("cannot be imported").wait_for(timeout=30_000)
    browser_page.get_by_text("unknown mantika pcode 'LY9999'").first.wait_for(timeout=10_000)
    assert s.current_version("flash_updates") == before
    good = tmp_path / "events_ok.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace("LY9999", "LY0211"), encoding="utf-8")
    choose_file(browser_page, str(good))
    browser_page.get_by_role("button", name="Confirm").click(timeout=30_000)
    browser_page.get_by_text("Stored flash_updates version").wait_for(timeout=30_000)
    assert s.current_version("flash_updates") == before + 1
    # A changed row is previewed as the file wrote it: tags in a summary are shown, not applied.
    changed = tmp_path / "events_changed.csv"
    changed.write_text(good.read_text(encoding="utf-8").replace("Something", "<b>Else</b>"), encoding="utf-8")
    choose_file(browser_page, str(changed))
    example = browser_page.locator(".atlas-caption bdi.atlas-data")
    example.first.wait_for(timeout=30_000)
    assert example.all_inner_texts() == ["FU-X: summary Something → <b>Else</b>"]
    assert browser_page.locator(".atlas-caption b").count() == 0
    assert not browser_page.evaluate(PARSER_FETCHED)
    assert s.current_version("flash_updates") == before + 1  # previewed, not stored


# Each cluster's count (its tooltip's centre) and each cluster circle's centre, in the map's pixels.
_CLUSTER_LABELS = """() => {
  const m = Object.values(window.__atlasMaps)[0].map, box = m.getContainer().getBoundingClientRect();
  const counts = [...document.querySelectorAll('.atlas-cluster-label')].map(t => { const r = t.getBoundingClientRect();
    return [r.x + r.width / 2 - box.x, r.y + r.height / 2 - box.y, t.innerText]; });
  const circles = window.__atlasDebug().drawn.stabilization_projects.filter(d => d[3] > 1)
    .map(d => { const p = m.layerPointToContainerPoint([d[0], d[1]]); return [p.x, p.y, String(d[3])]; });
  return [counts, circles];
}"""


def test_cluster_counts_stand_on_their_circles_on_a_phone(app, browser_page):
    """On a phone the counts stood half a map away from their circles: they were placed before the map's style
    sheet had loaded, when each count was a block as wide as the map."""
    browser_page.set_viewport_size({"width": 390, "height": 844})
    frame = _open(browser_page, f"{app}/stabilization")
    frame.wait_for_function("document.querySelectorAll('.atlas-cluster-label').length > 0", timeout=10_000)
    browser_page.wait_for_timeout(1000)
    counts, circles = frame.evaluate(_CLUSTER_LABELS)
    assert circles and sorted(c[2] for c in counts) == sorted(c[2] for c in circles)
    for x, y, n in counts:  # each count within a few pixels of the centre of a circle of that many projects
        assert any(n == cn and abs(x - cx) <= 3 and abs(y - cy) <= 3 for cx, cy, cn in circles), (x, y, n, circles)


def test_crowded_points_cluster_and_open_on_zoom(app, browser_page):
    frame = _open(browser_page, f"{app}/stabilization")
    debug = frame.evaluate("window.__atlasDebug()")
    projects = debug["layers"]["stabilization_projects"]
    assert projects["features"] == 76
    assert debug["clusters"]["stabilization_projects"] >= 1  # four cities, 76 projects: crowded at country zoom
    assert projects["shown"] < 76
    browser_page.wait_for_timeout(2000)  # let the initial fit-to-bounds finish
    frame.evaluate("() => { window.__atlasMaps['cs-map'].map.setView([32.1149, 20.0686], 15, {animate: false}); }")
    frame.wait_for_function("window.__atlasMaps['cs-map'].map.getZoom() === 15", timeout=10_000)
    frame.wait_for_function(f"window.__atlasDebug().layers.stabilization_projects.shown > {projects['shown']}",
                            timeout=10_000)
