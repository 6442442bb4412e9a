"""Whether a map says "illustrative" comes from the rows it draws, never from a page constant;
and the geography switch gives the baladiya choropleth the mantika one's tooltips and classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import ingest
from tests.importers.builders import write_csv, write_dtm_xlsx

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def maps(monkeypatch):
    """Payloads the pages hand to the map, by map key."""
    import components.area
    import components.map

    seen: dict[str, dict] = {}

    def record(layers, payload, *, key, **kw):
        seen.update({key: {"payload": payload, "layers": layers}})

    monkeypatch.setattr(components.map, "atlas_map", record)
    monkeypatch.setattr(components.area, "atlas_map", record)  # pages draw their maps through area_map
    return seen


def _run(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=180)
    for k, v in query.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _tooltips(payload: dict, layer: str) -> list[str]:
    return [s.get("tooltip", "") for s in payload["layers"][layer].values()]


def _published(store, tmp_path):
    ingest.import_file(store, write_dtm_xlsx(tmp_path / "dtm_r54.xlsx"))  # made-up counts, not flagged
    ingest.import_file(store, write_csv(tmp_path / "facilities.csv", [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km"],
        ["HF-P1", "Clinic P", "mobile clinic stop", 32.89, 13.19, "2019-05-01", 50]]), replace=True)


def test_overview_flags_follow_the_rows(store, tmp_path, maps, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    _published(store, tmp_path)
    _run("overview.py", round=54)
    assert not any("illustrative" in t for t in _tooltips(maps["overview-map"]["payload"], "mantika"))
    _run("overview.py", round=28)
    assert all("illustrative" in t for t in _tooltips(maps["overview-map"]["payload"], "mantika"))


def test_health_flags_follow_the_rows(store, tmp_path, maps, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    _run("health.py")
    assert all("illustrative" in t for t in _tooltips(maps["health-map"]["payload"], "mantika"))
    _published(store, tmp_path)
    _run("health.py")
    assert not any("illustrative" in t for t in _tooltips(maps["health-map"]["payload"], "mantika"))


@pytest.mark.parametrize(("page", "key", "query"), [
    ("overview.py", "overview-map", {}),
    ("displacement.py", "displacement-map", {"metric": "idps"}),
    ("health.py", "health-map", {}),
])
def test_baladiya_choropleth_like_the_mantika_one(store, maps, monkeypatch, page, key, query):
    monkeypatch.syspath_prepend(str(ROOT))
    _run(page, **query)
    mantika = maps[key]["payload"]
    _run(page, geo="baladiya", **query)
    baladiya = maps[key]["payload"]
    assert "mantika" not in baladiya["layers"] and len(baladiya["layers"]["baladiya_areas"]) == 100
    assert [layer.name for layer in maps[key]["layers"] if layer.name == "baladiya_areas"]
    m_tip, b_tip = _tooltips(mantika, "mantika")[0], _tooltips(baladiya, "baladiya_areas")[0]
    # same tooltip rows (title, period, source) and the same legend kind
    for row in ("Period:", "Source:"):
        assert row in m_tip and row in b_tip
    assert mantika["legend"].split("</div>")[0] == baladiya["legend"].split("</div>")[0]
    # labelled approximate wherever the derived areas appear: layer control and legend
    assert "approximate municipality areas" in baladiya["legend"]
    assert any("approximate municipality areas" in layer.title for layer in maps[key]["layers"])
