"""Disclosure control on the public pages, in Chromium.

The store holds tests/snapshot_case.py's data: Alqayqab (Derna) has 3
migrants in round 28.  A public server must show "<5" for it (headline,
table, map tooltip data and download), leave it out of every total (so no
other cell is withheld beside it); a coordinator server shows the exact value.  Expected values
come from snapshot_case.expected (plain pandas), not from geo.disclosure.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
import snapshot_case as case
from atlas_ui import open_downloads, open_page, scroll_to_below

from geo import ingest, store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

VIEW = f"/displacement?region=LY01&mantika={case.MANTIKA}&round={case.SMALL_ROUND}&metric=migrants"


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    # tmp_path_factory, not a TemporaryDirectory: the module's servers may still be
    # writing there when this fixture is torn down.
    tmp = tmp_path_factory.mktemp("atlas-sdc")
    path = case.import_case(store.open_store(f"gpkg:{tmp}/atlas.gpkg"), tmp)
    return str(tmp), path


def _download(page) -> list[dict[str, str]]:
    open_downloads(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile(r"CSV \(")).first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))


def test_public_displacement_withholds_the_small_count(streamlit_server, browser_page, assert_clean, small_data):
    data_dir, path = small_data
    want = case.expected(path)["baladiya"][case.SMALL_ROUND]["migrants"]
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "public"})
    page = browser_page
    page.goto(url + VIEW)
    page.get_by_text("Top baladiyas").first.wait_for(timeout=90_000)
    scroll_to_below(page)
    cells = page.locator('[data-testid="stDataFrame"] td')
    cells.first.wait_for(state="attached", timeout=60_000)
    texts = cells.all_text_contents()
    # "<5", and no "x" beside it: Derna's total leaves the 3 out, so no neighbour could give it away.
    assert "<5" in texts and "x" not in texts
    assert str(case.SMALL_VALUE) not in texts
    rows = {r["baladiya_pcode"]: r["migrants"] for r in _download(page)}
    assert rows[case.SMALL_BALADIYA] == "<5"
    assert {p: v for p, v in rows.items() if p in want} == {p: v.replace(",", "") for p, v in want.items()}
    assert_clean(page)


def test_coordinators_see_exact_counts(streamlit_server, browser_page, small_data):
    data_dir, _ = small_data
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator"})
    browser_page.goto(url + VIEW)
    browser_page.get_by_text("Top baladiyas").first.wait_for(timeout=90_000)
    rows = {r["baladiya_pcode"]: r["migrants"] for r in _download(browser_page)}
    assert rows[case.SMALL_BALADIYA] == str(case.SMALL_VALUE)


# A disembarkation point with 3 people in all (under the threshold) alone in Zwara, and one of 200 in Tripoli.
SMALL_POINT = [["point_id", "name", "lat", "lon", "month", "disembarked", "assisted", "screenings"],
               ["DP-SMALL", "Small point", 32.93, 12.08, "2024-01-01", 3, 3, 2],
               ["DP-BIG", "Big point", 32.90, 13.19, "2024-01-01", 120, 110, 60],
               ["DP-BIG", "Big point", 32.90, 13.19, "2024-02-01", 80, 80, 20]]
ZWARA = "/disembarkation?region=LY02&mantika=LY0215"


@pytest.fixture(scope="module")
def small_point(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("atlas-sdc-points")
    path = tmp / "points.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(SMALL_POINT)
    ingest.import_file(store.open_store(f"gpkg:{tmp}/atlas.gpkg"), path, "disembarkation_points", actor="test",
                       replace=True)
    return str(tmp)


@pytest.mark.parametrize("role", ["public", "coordinator"])
def test_a_withheld_count_is_not_the_size_legends_largest(streamlit_server, browser_page, small_point, role):
    # Seen in the code: the legend's scale was read from the exact counts, so the public map of Zwara said
    # "largest shown = 3" beside the point whose tooltip said "<5".
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": small_point, "ATLAS_ROLE": role})
    debug = open_page(browser_page, url + ZWARA).evaluate("window.__atlasDebug()")
    tip = debug["layers"]["disembarkation_points"]["tooltip"]["DP-SMALL"]
    if role == "public":
        assert "<b>&lt;5</b>" in tip
        assert "= 3" not in debug["legend"]
        assert "no value shown in this view" in debug["legend"]
    else:
        assert "<b>3</b>" in tip
        assert "largest shown = 3" in debug["legend"]



@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_imported_points_are_not_credited_to_the_report(streamlit_server, browser_page, small_point, role):
    # Seen: "✔ 2019 totals equal the report: 9,225 assisted" above a 2024 import of 193 assisted in all, and its
    # chart's "Source: IOM Libya Annual Report 2019, Search and Rescue".
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": small_point, "ATLAS_ROLE": role})
    open_page(browser_page, url + "/disembarkation")
    scroll_to_below(browser_page)
    browser_page.get_by_text("Source: a coordinator's import (publisher not recorded).").wait_for(timeout=60_000)
    browser_page.get_by_text("Sources", exact=True).click()
    sources = browser_page.locator(".atlas-sources")
    sources.wait_for(timeout=30_000)
    assert ("Disembarkation points — source: a coordinator's import (publisher not recorded); licence: not "
            "recorded at import;") in sources.inner_text()
    text = browser_page.locator("[data-testid='stMain']").first.inner_text()
    # The import's own total of people assisted: 110 + 80 + 3 for coordinators; for the public the small point's
    # 3 is in no total (else all of Libya's 193 minus Tripoli's 190 would give it away), and the page says so.
    assert ("193" if role == "coordinator" else "190") in text
    said = "Public figures: a count of 1 to 4 is shown as “<5” (several together as “x”) and left out of every total"
    assert (said in text) == (role == "public")
    assert "equal the report" not in text
    assert "Source: IOM Libya Annual Report 2019, Search and Rescue" not in text


CHART_VALUES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
    title: (p.querySelector('.gtitle') || {}).textContent || '',
    y: p._fullData.flatMap(t => Array.from(t.y || []).map(v => v === null ? null : +v))}))"""


def _charts(page) -> list[dict]:
    """Every drawn chart's title and values, as Plotly drew them (a withheld value is null or NaN)."""
    scroll_to_below(page)
    page.locator(".js-plotly-plot, [data-testid='stAlert']").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    return page.evaluate(CHART_VALUES)


@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_a_chart_draws_no_count_the_public_may_not_see(streamlit_server, browser_page, small_point, role):
    # Seen: the public chart of Zwara drew 3, 3 and 2 people (its only point's month) beside a headline and a
    # table of "<5".
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": small_point, "ATLAS_ROLE": role})
    open_page(browser_page, url + ZWARA)
    charts = _charts(browser_page)
    if role == "public":
        browser_page.get_by_text("Per month: every value is withheld (disclosure control).").wait_for(timeout=30_000)
        assert not [c for c in charts if c["title"] == "Per month"]
    else:
        assert sorted(next(c for c in charts if c["title"] == "Per month")["y"]) == [2, 3, 3]


def test_the_public_trend_of_a_baladiya_leaves_out_its_small_round(streamlit_server, browser_page, small_data):
    # Alqayqab's trend: every round's migrants as the file has them, but round 28's 3, which is not drawn.
    data_dir, path = small_data
    with open(path, encoding="utf-8", newline="") as f:
        rows = {int(r["round"]): int(r["migrants"]) for r in csv.DictReader(f)
                if r["baladiya_pcode"] == case.SMALL_BALADIYA}
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "public"})
    open_page(browser_page, url + f"{VIEW}&baladiya={case.SMALL_BALADIYA}")
    trend = next(c for c in _charts(browser_page) if c["title"].startswith("Migrants · "))
    drawn = [v for v in trend["y"] if v is not None and v == v]
    assert sorted(drawn) == sorted(v for r, v in rows.items() if r != case.SMALL_ROUND)
    assert rows[case.SMALL_ROUND] == case.SMALL_VALUE and case.SMALL_VALUE not in drawn
    browser_page.get_by_text("1 value is withheld (disclosure control) and not drawn.").wait_for(timeout=30_000)


@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_health_coverage_does_not_count_a_small_baladiya_for_the_public(streamlit_server, browser_page, small_data,
                                                                        role):
    # Seen in the code: "Migrants within reach · Alqayqab: …, of 3 counted in round 28" (the latest round).
    data_dir, _ = small_data
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": role})
    open_page(browser_page, url + f"/health?region=LY01&mantika={case.MANTIKA}&baladiya={case.SMALL_BALADIYA}")
    figures = browser_page.locator(".atlas-figure").all_inner_texts()
    migrants = next(f for f in figures if f.startswith("Migrants within reach"))
    shown = "<5" if role == "public" else str(case.SMALL_VALUE)
    assert f"of {shown} counted in" in migrants, migrants
    # ... nor its share within reach, which would say how many of those few are within reach.
    share = migrants.splitlines()[1]
    assert share == "withheld" if role == "public" else re.fullmatch(r"\d+%", share), migrants


@pytest.fixture(scope="module")
def small_mantika(tmp_path_factory):
    """The shipped displacement table with Murzuq's IDPs in round 27 (after the Murzuq clashes of 4 August 2019,
    flash update FU-2019-004) cut to 2 in all."""
    tmp = tmp_path_factory.mktemp("atlas-sdc-mantika")
    with open(ROOT / "data" / "layers" / "displacement.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    murzuq = [r for r in rows if r["round"] == "27" and r["mantika_pcode"] == "LY0322"]
    for i, r in enumerate(murzuq):
        r["idps"] = "2" if i == 0 else "0"
    path = tmp / "displacement.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ingest.import_file(store.open_store(f"gpkg:{tmp}/atlas.gpkg"), path, "displacement", actor="test", replace=True)
    return str(tmp), sum(int(r["migrants"]) for r in murzuq)


@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_a_flash_cards_displacement_figures_are_disclosure_controlled(streamlit_server, browser_page, small_mantika,
                                                                      role):
    # Seen in the code: each card's "Displacement figures" wrote the mantika's exact totals for every viewer.
    data_dir, migrants = small_mantika
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": role})
    open_page(browser_page, url + "/flash?region=LY03&mantika=LY0322", needs_map=False)
    idps = "<5" if role == "public" else "2"
    browser_page.get_by_text(f"Murzuq: {idps} IDPs, {migrants:,} migrants in R27").wait_for(timeout=60_000)


def _map_values(page, level: str) -> dict[str, dict[str, str]]:
    """The page's "Map values by <level> (CSV)" download, by area code."""
    open_downloads(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=f"Map values by {level} (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    return {r[f"{level}_pcode"]: r for r in csv.DictReader(io.StringIO(text))}


@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_health_map_values_for_download_are_disclosure_controlled(streamlit_server, browser_page, small_data, role):
    # Seen: Health coverage's "Map values by baladiya (CSV)" held every baladiya's exact migrants (total and
    # within reach) for the public, Alqayqab's 3 among them.
    data_dir, _ = small_data
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": role})
    open_page(browser_page, url + f"/health?region=LY01&mantika={case.MANTIKA}&geo=baladiya")
    small = _map_values(browser_page, "baladiya")[case.SMALL_BALADIYA]
    if role == "public":
        assert small["migrants_total"] == "<5"
        assert small["migrants_share"] == "x"  # a share of 3 people would say how many of them are within reach
        assert str(case.SMALL_VALUE) not in (small["migrants_total"], small["migrants_in_reach"])
    else:
        assert small["migrants_total"] == str(case.SMALL_VALUE)


@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_map_values_by_mantika_are_the_maps_with_one_baladiya_selected(streamlit_server, browser_page, small_data,
                                                                       role):
    # Seen: with Alqayqab selected, "Map values by mantika" gave Derna the value of Alqayqab alone (3; "<5" for the
    # public), where the map and the headline said Derna's 22,647.
    data_dir, path = small_data
    rows = pd.read_csv(path)
    derna = rows[(rows["round"] == case.SMALL_ROUND) & (rows["mantika_pcode"] == case.MANTIKA)]["migrants"]
    want = int(derna.sum()) if role == "coordinator" else int(derna[(derna < 1) | (derna > 4)].sum())
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": role})
    open_page(browser_page, url + f"{VIEW}&baladiya={case.SMALL_BALADIYA}")
    got = _map_values(browser_page, "mantika")
    assert list(got) == [case.MANTIKA]
    assert got[case.MANTIKA]["value"] == str(want)  # a whole number: no fraction of a left-out small count
    # Its sidecar says how the public's values were made (seen: nothing, where the rows' sidecar said it).
    with browser_page.expect_download(timeout=60_000) as info:
        browser_page.get_by_role("button", name="Map values: provenance (text)").click()
    sidecar = Path(info.value.path()).read_text(encoding="utf-8")
    assert ("Disclosure control: counts below the threshold (default 5) are shown as <5 and left out of every "
            "public total" in sidecar) == (role == "public"), sidecar


@pytest.mark.parametrize("role", ["coordinator", "public"])
def test_a_withheld_change_says_so_on_the_map(streamlit_server, browser_page, small_data, role):
    # Seen: the public change map's tooltip for Alqayqab, R27 → R28, read "no data" where the tables said "x".
    data_dir, path = small_data
    rows = pd.read_csv(path)
    mine = rows[rows["baladiya_pcode"] == case.SMALL_BALADIYA].set_index("round")["migrants"]
    url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": role})
    debug = open_page(browser_page, url + f"/displacement?region=LY01&mantika={case.MANTIKA}&baladiya="
                      f"{case.SMALL_BALADIYA}&metric=migrants&compare=1&round_a=27&round_b=28&geo=baladiya"
                      ).evaluate("window.__atlasDebug()")
    tip = debug["layers"]["baladiya_areas"]["tooltip"][case.SMALL_BALADIYA]
    change = int(mine[case.SMALL_ROUND] - mine[case.SMALL_ROUND - 1])  # 3 minus R27's count
    if role == "public":
        assert "<b>x</b>" in tip and "no data" not in tip
    else:
        assert f"<b>{change:+,}</b>".replace("-", "−") in tip or f"<b>{change:+,}</b>" in tip, tip
