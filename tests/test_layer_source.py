"""Whose data a view shows (``geo.catalog.LayerData.source`` and ``.licence``).

The registry's source and licence describe the shipped rows. Seen: a 2024 import of two disembarkation points had its
chart credited to "IOM Libya Annual Report 2019, Search and Rescue", under the licence "Report figures: IOM; monthly
rows: project-generated (illustrative)". Expected texts are literals (the registry's words, as data/README.md gives
them, and the import's)."""

from __future__ import annotations

import csv

from geo import catalog, ingest, registry

LAYER = registry.LAYERS["disembarkation_points"]
ROWS = [["point_id", "name", "lat", "lon", "month", "disembarked", "assisted", "screenings"],
        ["DP-T1", "Test point", 32.90, 13.19, "2024-02-01", 40, 38, 20]]


def _data(store, version: int) -> catalog.LayerData:
    info = next(v for v in store.versions(LAYER.name) if v.version == version)
    return catalog.LayerData(LAYER, store.read(LAYER.name, version), info)


def test_the_shipped_data_is_the_reports_and_an_import_is_a_coordinators(store, tmp_path):
    shipped = _data(store, 1)
    assert shipped.source == "IOM Libya Annual Report 2019, Search and Rescue"
    assert shipped.licence == "Report figures: IOM; monthly rows: project-generated (illustrative)"

    path = tmp_path / "points.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(ROWS)
    version, _ = ingest.import_file(store, path, LAYER.name, actor="coordinator@example.org", replace=True)
    imported = _data(store, version.version)
    assert imported.source == "a coordinator's import (publisher not recorded)"
    assert imported.licence == "not recorded at import"
    assert "Search and Rescue" not in imported.provenance and "points.csv" in imported.provenance

    store.rollback(LAYER.name, 1)  # the shipped rows again: the report's words again
    assert _data(store, 1).source == "IOM Libya Annual Report 2019, Search and Rescue"
