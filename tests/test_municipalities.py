"""Municipality areas: derived from the seats (Voronoi, clipped to the mantika), replaced by
imported admin 3 polygons; and the spatial join that gives pcode-less sites their baladiya."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import pytest
from shapely.geometry import Point, shape

from geo import admin, catalog, ingest, municipalities, selection
from tests.importers.builders import (
    admin3_polygons,
    cod_points,
    seat_positions,
    squares,
    write_cod_points,
    write_csv,
)


def _export_areas() -> dict:
    out = subprocess.run([sys.executable, "-m", "geo", "export", "boundaries_baladiya", "--format", "geojson"],
                         capture_output=True, check=True)
    return json.loads(out.stdout)


def _mantikas(store) -> dict:
    frame, _ = municipalities.mantika_polygons(store)
    return dict(zip(frame["pcode"], frame.geometry, strict=True))


def _check_nested_and_covering(doc: dict, mantikas: dict, seats: dict[str, tuple[float, float]]) -> None:
    polys = {f["properties"]["pcode"]: shape(f["geometry"]) for f in doc["features"]}
    assert sorted(polys) == sorted(admin.baladiyas())  # one polygon per baladiya
    for pcode, poly in polys.items():
        assert poly.geom_type in ("Polygon", "MultiPolygon") and poly.area > 0, pcode
        parent = mantikas[admin.baladiyas()[pcode].parent]
        assert poly.intersection(parent).area / poly.area >= 0.999, pcode  # nested in its mantika
        lat, lon = seats[pcode]
        if parent.covers(Point(lon, lat)):
            assert poly.buffer(1e-9).covers(Point(lon, lat)), pcode  # contains its seat
    for m, geom in mantikas.items():
        union = gpd.GeoSeries([p for b, p in polys.items() if admin.baladiyas()[b].parent == m]).union_all()
        assert abs(union.area - geom.area) / geom.area < 1e-6, m  # together they cover the mantika


def test_export_gives_one_area_per_baladiya_nested_and_covering(store, tmp_path):
    positions = seat_positions(shift_km=2.0)
    ingest.import_file(store, write_cod_points(tmp_path / "adm3.zip", cod_points("new", positions)))
    doc = _export_areas()
    assert doc["metadata"]["approximate"] is True
    assert "Approximate municipality areas" in doc["metadata"]["source"]
    _check_nested_and_covering(doc, _mantikas(store), positions)
    # every seat of the import lies in its own area
    for f in doc["features"]:
        lat, lon = positions[f["properties"]["pcode"]]
        assert shape(f["geometry"]).covers(Point(lon, lat))


def test_areas_follow_the_mantika_boundaries_and_the_seats(store, tmp_path):
    before = municipalities.areas(store)
    frame = squares()
    path = tmp_path / "adm2.geojson"
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    ingest.import_file(store, path)
    after = municipalities.areas(store)
    assert not before.geometry.iloc[0].equals(after.geometry.iloc[0])
    _check_nested_and_covering(_export_areas(), _mantikas(store), {p: (0.0, 0.0) for p in admin.baladiyas()})
    # new seats: new areas
    positions = {p: (_mantikas(store)[u.parent].representative_point().y + 0.01 * (i % 5),
                     _mantikas(store)[u.parent].representative_point().x + 0.013 * (i % 7))
                 for i, (p, u) in enumerate(admin.baladiyas().items())}
    ingest.import_file(store, write_cod_points(tmp_path / "adm3.geojson", cod_points("shapefile", positions)))
    assert not municipalities.areas(store).geometry.equals(after.geometry)


def test_imported_admin3_polygons_replace_the_derived_areas(store, tmp_path):
    path = admin3_polygons(municipalities.areas(store), tmp_path / "lby_admbnda_adm3.geojson")
    version, plan = ingest.import_file(store, path)
    assert version.dataset == "boundaries_baladiya"
    assert "detected boundaries_baladiya" in plan.prepared.detection
    assert not municipalities.is_approximate(store)
    assert "Official baladiya boundaries" in municipalities.label(store)
    doc = _export_areas()
    assert doc["metadata"]["dataset"] == "boundaries_baladiya" and doc["metadata"]["version"] == 1
    assert len(doc["features"]) == 100


def test_sites_with_coordinates_only_get_their_baladiya(store, tmp_path):
    areas = municipalities.areas(store).set_index("pcode")
    sebha = areas.loc["LY031901"].geometry.representative_point()
    tripoli = areas.loc["LY021101"].geometry.representative_point()
    path = write_csv(tmp_path / "facilities.csv", [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km"],
        ["HF-NEW1", "New clinic A", "mobile clinic stop", round(sebha.y, 5), round(sebha.x, 5), "2019-05-01", 20],
        ["HF-NEW2", "New clinic B", "mobile clinic stop", round(tripoli.y, 5), round(tripoli.x, 5), "2019-05-01", 20],
    ])
    _, plan = ingest.import_file(store, path)
    assert plan.located == 2
    rows = store.read("health_facilities").set_index("facility_id")
    assert rows.loc["HF-NEW1", "baladiya_pcode"] == "LY031901"
    assert rows.loc["HF-NEW2", "baladiya_pcode"] == "LY021101"
    # the area filter finds each only under its own area
    frame = catalog.load("health_facilities").frame
    in_sebha = selection.apply(frame, selection.Selection.parse(None, "LY0319", None))
    assert "HF-NEW1" in set(in_sebha["facility_id"]) and "HF-NEW2" not in set(in_sebha["facility_id"])


@pytest.mark.parametrize("n", [1, 3])
def test_voronoi_of_few_seats(n):
    from shapely.geometry import box

    mantikas = gpd.GeoDataFrame({"pcode": ["LY0101"]}, geometry=[box(20, 30, 22, 32)], crs=4326)
    pcodes = [p for p, u in admin.baladiyas().items() if u.parent == "LY0101"][:n]
    seats = gpd.pd.DataFrame({"pcode": pcodes, "mantika_pcode": "LY0101", "lat": [31.0] * n,
                              "lon": [21.0] * n})  # all on one spot: still one cell each
    out = municipalities.voronoi_areas(seats, mantikas)
    assert len(out) == n and abs(out.geometry.union_all().area - 4.0) < 1e-9
    assert all(g.area > 0 for g in out.geometry)


def test_a_site_just_off_the_coast_gets_the_nearest_baladiya(store):
    areas = municipalities.areas(store)
    land = areas.geometry.union_all()
    # 5 km north of the northernmost point of Libya's areas: in the sea, next to the coast
    top = max(land.exterior.coords if land.geom_type == "Polygon" else
              (c for g in land.geoms for c in g.exterior.coords), key=lambda c: c[1])
    lon, lat = top[0], top[1] + 0.045
    assert not land.covers(Point(lon, lat))
    found = municipalities.locate(store, [lat, 35.0, None], [lon, 18.0, None])
    assert found[0] is not None and found[1:] == [None, None]  # 35°N 18°E: open sea, too far


def test_values_by_baladiya_download(store):
    import csv
    import io

    from geo import area_exports, displacement

    frame = catalog.load("displacement").frame
    values = displacement.by_area(frame, 28, "migrants", "baladiya")
    doc = json.loads(area_exports.to_geojson(values, municipalities.areas(store), "baladiya",
                                             {"title": "Migrants R28"}))
    assert len(doc["features"]) == 100
    first = doc["features"][0]
    assert set(first["properties"]) >= {"baladiya_pcode", "name_en", "value"} and first["geometry"]["type"]
    expected = frame[frame["round"] == 28].set_index("baladiya_pcode")["migrants"]
    for f in doc["features"]:
        assert f["properties"]["value"] == expected[f["properties"]["baladiya_pcode"]]
    text = area_exports.to_csv(values, "baladiya").decode()
    assert text.startswith("baladiya_pcode,")  # a plain CSV: pandas and Excel read it as it is
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 100
    assert {r["baladiya_pcode"]: int(r["value"]) for r in rows} == {k: int(v) for k, v in expected.items()}
    sidecar = area_exports.provenance_text(["Provenance: test"])
    assert sidecar.startswith("Provenance: test\nExported: ")
