""""Illustrative" as the rows in view are, on every page that shows rows of several kinds.

Seen on Disembarkation first (its test is in test_import_credit.py): a view of real imported rows alone read
"Illustrative data … (95% of rows)", the share of the whole dataset.  Community stabilization, Health coverage and
the Overview said the same of their whole layers.  Here a real 2024 project is imported beside the shipped 2019
(illustrative) ones: completed projects of 2024 are it alone, not called illustrative; 2019's window still is.
"""

from __future__ import annotations

import csv

import pytest
from atlas_ui import open_page, scroll_to_below

from geo import ingest, store

pytestmark = pytest.mark.browser

PROJECT_2024 = [["project_id", "title", "sector", "lat", "lon", "baladiya_pcode", "status", "start_date", "end_date",
                 "beneficiaries", "partner"],
                ["CIP-T24", "Water network repair", "WASH", 32.11, 20.07, "LY010501", "completed", "2024-03-01",
                 "2024-09-30", 5400, "Benghazi municipality"]]


@pytest.fixture(scope="module")
def real_2024(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("atlas-illustrative-view")
    path = tmp / "projects.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(PROJECT_2024)
    ingest.import_file(store.open_store(f"gpkg:{tmp}/atlas.gpkg"), path, "stabilization_projects", actor="test",
                       publisher="Benghazi municipality")
    return str(tmp)


@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_a_window_of_real_projects_alone_is_not_called_illustrative(streamlit_server, browser_page, real_2024, role):
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": real_2024, "ATLAS_ROLE": role})
    # Completed projects active in 2024: the import's alone (the shipped ones in progress have no end date, so they
    # are active in 2024 too, and a view holding them is rightly called illustrative).
    open_page(browser_page, url + "/stabilization?from=2024-01-01&to=2024-12-31&status=completed")
    scroll_to_below(browser_page)
    browser_page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    main = browser_page.locator("[data-testid='stMain']").first.inner_text()
    assert "Projects\n1\n" in main and "5,400" in main  # the one project in view, its beneficiaries
    assert "Illustrative data" not in main and "illustrative figures" not in main
    open_page(browser_page, url + "/stabilization")  # 2019: the shipped projects, every one generated in part
    main = browser_page.locator("[data-testid='stMain']").first.inner_text()
    assert "Illustrative data" in main and "(Community stabilization projects: 100% of rows)" in main
