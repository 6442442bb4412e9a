"""An import credited to the publisher its importer names, in a real browser: typed on the Data page, then read in
the Sources list and the chart captions of both roles, in both languages.

Seen: an import's rows were credited to "a coordinator's import (publisher not recorded)" on every view, and a month
added to the shipped 2019 months took the shipped months' credit away from the report. Expected texts are literals:
the registry's words for the shipped rows (as data/README.md gives them), the publisher and licence typed here, and
their Arabic as the Arabic catalogue has it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from atlas_ui import choose_file, open_page, scroll_to_below, settle
from babel.messages.pofile import read_po

from geo import ingest, store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REPORT = "IOM Libya Annual Report 2019, Search and Rescue"
REPORT_LICENCE = "Report figures: IOM; monthly rows: project-generated (illustrative)"
MONTH_2024 = [["point_id", "name", "lat", "lon", "month", "disembarked", "assisted", "screenings"],
              ["DP-T1", "Test point", 32.90, 13.19, "2024-02-01", 40, 38, 20]]


def _write(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(MONTH_2024)
    return path


def _sources(page, label: str = "Sources") -> str:
    scroll_to_below(page)
    page.get_by_text(label, exact=True).click()
    page.locator(".atlas-sources").wait_for(timeout=30_000)
    return page.locator(".atlas-sources").inner_text()


def _type(page, label: str, text: str) -> None:
    """Type into a text field and press Enter, as a reader does; wait for the run it starts."""
    field = page.get_by_label(label)
    field.fill(text)
    field.press("Enter")
    settle(page)


def test_a_coordinator_names_the_publisher_on_the_data_page_and_every_view_credits_it(streamlit_server, browser_page,
                                                                                      tmp_path):
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": str(tmp_path), "ATLAS_ROLE": "coordinator"})
    open_page(browser_page, url + "/data", needs_map=False)
    choose_file(browser_page, str(_write(tmp_path / "month.csv")))
    browser_page.get_by_text("Valid:").wait_for(timeout=60_000)
    settle(browser_page)
    _type(browser_page, "Publisher of the file", "UNHCR Libya")
    _type(browser_page, "Licence", "CC BY 4.0")
    browser_page.get_by_role("button", name="Confirm").click(timeout=30_000)
    browser_page.get_by_text("Stored disembarkation_points version 2").wait_for(timeout=60_000)
    stored = store.open_store(f"gpkg:{tmp_path}/atlas.gpkg").versions("disembarkation_points")[-1]
    assert (stored.version, stored.publisher, stored.licence, stored.based_on) == (2, "UNHCR Libya", "CC BY 4.0", 1)
    # The next file starts blank: it is not credited to this one's publisher unless typed again.
    settle(browser_page)
    choose_file(browser_page, str(_write(tmp_path / "again.csv")))
    browser_page.get_by_text("Unchanged: this file repeats the current version 2").wait_for(timeout=60_000)
    assert browser_page.get_by_label("Publisher of the file").input_value() == ""

    open_page(browser_page, url + "/disembarkation")
    text = _sources(browser_page)
    assert (f"Disembarkation points — source: {REPORT} + UNHCR Libya; licence: {REPORT_LICENCE} + CC BY 4.0; "
            "store version 2 of") in text
    main = browser_page.locator("[data-testid='stMain']").first.inner_text()
    assert f"Source: {REPORT} + UNHCR Libya — illustrative figures." in main  # the chart's caption (shipped months)
    assert "publisher not recorded" not in main


def test_a_file_imported_without_its_publisher_is_credited_by_uploading_it_again(streamlit_server, browser_page,
                                                                                  tmp_path):
    """Seen: the same file uploaded again to name its publisher read "nothing to store", with no field to name it;
    then, with the field, a click straight after typing (no Enter) did nothing, and once stored the page said
    "Unchanged: this file repeats the current version" of the file just stored."""
    path = _write(tmp_path / "month.csv")
    ingest.import_file(store.open_store(f"gpkg:{tmp_path}/atlas.gpkg"), path, "disembarkation_points",
                       actor="test")  # publisher left blank
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": str(tmp_path), "ATLAS_ROLE": "coordinator"})
    open_page(browser_page, url + "/data", needs_map=False)
    choose_file(browser_page, str(path))
    browser_page.get_by_text("Unchanged: this file repeats the current version 2").wait_for(timeout=60_000)
    settle(browser_page)
    assert browser_page.get_by_text("Version 2 records publisher: not recorded; licence: not recorded.").count() == 1
    button = browser_page.get_by_role("button", name="Record the publisher and licence")
    button.click(timeout=30_000)  # nothing named yet: nothing to record, and the page says so
    browser_page.get_by_text("Nothing new to record: name a publisher or licence that version 2 does not "
                             "record.").wait_for(timeout=30_000)
    _type(browser_page, "Publisher of the file", "ops@unhcr.org")  # shown to the public: refused
    browser_page.get_by_text("the publisher contains an e-mail address (ops@unhcr.org); name the organisation "
                             "instead. Nothing was stored.").wait_for(timeout=30_000)
    browser_page.get_by_label("Publisher of the file").fill("UNHCR Libya")  # typed, Enter not pressed
    button.click(timeout=30_000)
    browser_page.get_by_text("Recorded who published disembarkation_points: version 3 holds the same rows as "
                             "version 2.").wait_for(timeout=60_000)
    stored = store.open_store(f"gpkg:{tmp_path}/atlas.gpkg").versions("disembarkation_points")
    assert [(v.version, v.publisher, v.based_on) for v in stored] == [(1, "", None), (2, "", 1), (3, "UNHCR Libya", 1)]
    settle(browser_page)
    main = browser_page.locator("[data-testid='stMain']").first.inner_text()
    assert "Unchanged" not in main and "month.csv" not in main.split("Versions")[0]  # the stored file left
    assert browser_page.get_by_label("Publisher of the file").count() == 0
    # The Versions table opens on the dataset just stored (it opened on displacement).
    assert browser_page.locator(".st-key-versions-of").get_by_role("combobox").input_value() == \
        "disembarkation_points"

    open_page(browser_page, url + "/disembarkation")
    assert f"source: {REPORT} + UNHCR Libya; licence: {REPORT_LICENCE} + not recorded at import" in _sources(
        browser_page)


@pytest.fixture(scope="module")
def credited(tmp_path_factory) -> str:
    """A store whose disembarkation points are the shipped months and a 2024 month credited to UNHCR Libya."""
    tmp = tmp_path_factory.mktemp("atlas-credited")
    ingest.import_file(store.open_store(f"gpkg:{tmp}/atlas.gpkg"), _write(tmp / "month.csv"),
                       "disembarkation_points", actor="test", publisher="UNHCR Libya", licence="CC BY 4.0")
    return str(tmp)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_public_reads_every_source_of_a_merged_version_in_its_language(streamlit_server, browser_page, credited,
                                                                           lang):
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": credited, "ATLAS_ROLE": "public"})
    open_page(browser_page, url + f"/disembarkation?lang={lang}")
    if lang == "en":
        text = _sources(browser_page)
        assert (f"Disembarkation points — source: {REPORT} + UNHCR Libya; licence: {REPORT_LICENCE} + CC BY 4.0; "
                "version 2 of") in text
        return
    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        ar = {m.id: m.string for m in read_po(f) if m.id}
    text = _sources(browser_page, ar["Sources"])
    assert f"{ar[REPORT]} + UNHCR Libya" in text
    assert f"{ar[REPORT_LICENCE]} + CC BY 4.0" in text


def test_a_view_of_imported_real_months_alone_is_not_called_illustrative(streamlit_server, browser_page, credited):
    """Seen: February 2024's real imported rows alone under "Illustrative data … (Disembarkation points: 95% of
    rows)" and a chart captioned "illustrative figures": the share of the whole dataset, not of the view."""
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": credited, "ATLAS_ROLE": "public"})
    open_page(browser_page, url + "/disembarkation?months=2024-02,2024-02")
    scroll_to_below(browser_page)
    browser_page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    main = browser_page.locator("[data-testid='stMain']").first.inner_text()
    assert "Illustrative data" not in main and "illustrative figures" not in main
    open_page(browser_page, url + "/disembarkation")  # 2019's generated months and February 2024: 72 of 73 rows
    assert "(Disembarkation points: 99% of rows)" in browser_page.locator("[data-testid='stMain']").first.inner_text()
