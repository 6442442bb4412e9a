"""A store of one period per layer (one DTM round, one month), in a real browser: each page states its period
instead of offering a slider with nothing to choose.

Seen after one-month and one-round imports: Disembarkation's range slider read "Feb 2024  Feb 2024" over a lone dot;
Displacement still offered "Play rounds" and "Compare two rounds", whose map then showed the change from R28 to R28
("+0 since R28", classes "+0 … +0"). Expected texts are literals from the files imported here and the report's
round 28 (Oct–Dec 2019)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from atlas_ui import map_frame, open_page

from geo import ingest, store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MAIN = "[data-testid='stMain']"


@pytest.fixture(scope="module")
def one_period(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("atlas-one-period")
    s = store.open_store(f"gpkg:{tmp}/atlas.gpkg")
    files = {
        "disembarkation_points": "point_id,name,lat,lon,month,disembarked,assisted,screenings\n"
                                 "DP-T1,Test point,32.90,13.19,2024-02-01,40,38,20\n",
        "detention_centres": "centre_id,name,lat,lon,month,status,people_held,consultations\n"
                             "DC-T1,Test centre,32.88,13.35,2024-02-01,open,120,30\n",
    }
    for name, text in files.items():
        path = tmp / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        ingest.import_file(s, path, name, actor="test", replace=True)
    shipped = pd.read_csv(ROOT / "data/layers/displacement.csv", dtype=str, keep_default_na=False)
    r28 = tmp / "r28.csv"
    shipped[shipped["round"] == "28"].to_csv(r28, index=False)
    ingest.import_file(s, r28, "displacement", actor="test", replace=True)
    return str(tmp)


def _no_slider(page) -> None:
    assert page.locator(f"{MAIN} [data-testid='stSlider']").count() == 0


@pytest.mark.parametrize("path, stated", [("/disembarkation", "Months: Feb 2024"),
                                          ("/detention", "Month: February 2024"),
                                          ("/", "DTM round: R28 · Oct–Dec 2019"),
                                          ("/displacement", "DTM round: R28 · Oct–Dec 2019")])
def test_a_page_of_one_period_states_it_instead_of_a_slider(streamlit_server, browser_page, one_period, path, stated):
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": one_period, "ATLAS_ROLE": "coordinator"})
    open_page(browser_page, url + path)
    _no_slider(browser_page)
    where = browser_page.locator(f"{MAIN} .atlas-where", has_text=stated.split(":")[0] + ":")
    assert where.inner_text().strip() == stated


def test_one_round_has_nothing_to_compare_or_play(streamlit_server, browser_page, one_period):
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": one_period, "ATLAS_ROLE": "coordinator"})
    open_page(browser_page, url + "/displacement?compare=1")  # a permalink asking for a comparison
    assert browser_page.get_by_role("button", name="Compare two rounds").is_disabled()
    assert browser_page.get_by_text("One round stored: nothing to compare.").is_visible()  # and why
    assert browser_page.get_by_role("button", name="Play rounds").count() == 0
    text = browser_page.locator(MAIN).first.inner_text()
    assert "since R28" not in text and "Round A" not in text
    assert "Change in" not in map_frame(browser_page).evaluate("window.__atlasDebug()")["legend"]
    # and the link's comparison is named as not used (it was held, unseen, in the address bar)
    note = browser_page.locator('[data-testid="stAlert"]:has-text("Part of this link was not used")')
    assert [c.strip("\u2066\u2069") for c in note.locator("code").all_inner_texts()] == ["compare"]
    assert "compare=0" in browser_page.url, browser_page.url
