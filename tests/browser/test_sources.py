"""The lists under the maps, in a real browser: Sources (where each layer comes from, for both roles) and the
Overview's flash updates of the period.

Expected texts are literals from the shipped files: the displacement layer's source as the layer registry
declares it, the report's figures as ``data/report/facts_2019.csv`` words them, the feed's event as
``data/layers/flash_updates.csv`` has it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from atlas_ui import PARSER_FETCHED, open_page, scroll_to_below

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ".atlas-sources"


def _sources(page, path: str) -> tuple[str, int, int]:
    """The Sources list's text, its number of lines and of marked data values, once opened."""
    open_page(page, path)
    scroll_to_below(page)  # everything below the map drawn, as a reader scrolling down sees it
    page.get_by_text("Sources", exact=True).click()
    page.locator(SOURCES).wait_for(timeout=30_000)
    return (page.locator(SOURCES).inner_text(), page.locator(f"{SOURCES} li").count(),
            page.locator(f"{SOURCES} bdi.atlas-data").count())


def test_coordinator_sees_each_source_version_and_report_figure(app, browser_page, assert_clean):
    text, lines, marked = _sources(browser_page, f"{app}/displacement")
    assert "source: IOM DTM Libya (mobility tracking rounds)" in text
    assert "sha256" in text  # a coordinator sees which file the stored version came from
    for statement in ("DTM identified 636,426 migrants in Libya as of December 2019",
                      "DTM identified 343,180 IDPs in Libya as of December 2019",
                      "DTM identified 447,388 returnees in Libya as of December 2019"):
        assert statement in text
    assert "IOM Libya Annual Report 2019, section “Overview of political and security context”" in text
    assert "places: GeoNames (CC BY 4.0)" in text
    assert lines == 5  # the layer, the report's three figures, the boundaries
    assert marked >= 5  # data values (dates, file name, hash, statements) keep their own language
    assert not browser_page.evaluate(PARSER_FETCHED)  # no Markdown allowing HTML anywhere on the page
    assert_clean(browser_page)


@pytest.fixture(scope="module")
def public_app(streamlit_server, tmp_path_factory) -> str:
    return streamlit_server("app.py", env={"ATLAS_DATA_DIR": str(tmp_path_factory.mktemp("public")),
                                           "ATLAS_ROLE": "public"})


def test_public_viewer_sees_sources_without_file_names_or_people(public_app, browser_page, assert_clean):
    text, lines, _ = _sources(browser_page, f"{public_app}/displacement")
    assert "source: IOM DTM Libya (mobility tracking rounds)" in text
    assert "licence:" in text and "version 1 of" in text
    assert "sha256" not in text and " from " not in text and " by " not in text
    assert lines == 5
    assert_clean(browser_page)


def test_arabic_sources_list_reads_right_to_left(app, browser_page, assert_clean):
    """The list's bullets stand on the right, where an Arabic line starts (its room is on the inline-start
    side, whichever way the page reads)."""
    page = browser_page
    open_page(page, f"{app}/displacement?lang=ar")
    scroll_to_below(page)
    page.locator('[data-testid="stExpander"] summary', has_text="المصادر").click()
    page.locator(SOURCES).wait_for(timeout=30_000)
    style = page.evaluate("() => { const s = getComputedStyle(document.querySelector('.atlas-sources'));"
                          " return [s.direction, parseFloat(s.paddingRight)]; }")
    assert style[0] == "rtl" and style[1] >= 16, style
    text = page.locator(SOURCES).inner_text()
    assert "IOM Libya Annual Report 2019" not in text  # the citation is translated
    # and who stored the shipped data (the atlas itself; a person's e-mail would stay as written)
    assert "النظام (البيانات الافتراضية المرفقة)" in text and "system (shipped default data)" not in text
    assert_clean(page)


def test_overview_lists_the_periods_flash_updates(app, browser_page, assert_clean):
    """Between the ends of rounds 27 and 28 the feed has one event, FU-2019-006 of 13 November 2019."""
    page = browser_page
    open_page(page, f"{app}/?round=28")
    scroll_to_below(page)
    items = page.locator(".atlas-list:not(.atlas-sources) li")
    items.first.wait_for(timeout=30_000)
    assert items.all_inner_texts() == ["13 November 2019 — Airstrike on a biscuit factory in Tripoli (airstrike)"]
    assert items.first.locator("b bdi.atlas-data").inner_text() == "Airstrike on a biscuit factory in Tripoli"
    assert not page.evaluate(PARSER_FETCHED)
    assert_clean(page)


def test_disembarkation_says_its_2019_totals_equal_the_reports(app, browser_page):
    # The shipped layer is calibrated to the report: its own 2019 sums (read here from the CSV) are the report's.
    with open(ROOT / "data" / "layers" / "disembarkation_points.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["month"].startswith("2019")]
    assert sum(int(r["assisted"]) for r in rows) == 9225 and sum(int(r["screenings"]) for r in rows) == 5807
    open_page(browser_page, f"{app}/disembarkation")
    text = browser_page.locator("[data-testid='stMain']").first.inner_text()
    assert "2019 totals equal the report: 9,225 assisted (IOM Libya Annual Report 2019, section “Search and " \
           "Rescue and Technical Cooperation”); 5,807 screenings" in text
