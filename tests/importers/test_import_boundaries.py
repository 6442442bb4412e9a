"""Mantika boundaries from GeoJSON, zipped shapefiles and GeoPackages (synthetic squares + the COD reference)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo import admin, ingest
from geo.importers import boundaries, prepare
from geo.store import BOUNDARIES

from .builders import bow_tie, shapefile_names, squares, write_shapefile_zip

REFERENCE_COD = "cod_ab_lby_adm2_mantika.geojson"
LIBYA = box(9.3, 19.4, 25.2, 33.4)


def test_reference_cod_geojson(store, reference):
    version, _plan = ingest.import_file(store, reference / REFERENCE_COD)
    stored = store.read(BOUNDARIES)
    pcodes = sorted(stored["pcode"])
    assert len(pcodes) == 22 and pcodes[0] == "LY0101" and pcodes[-1] == "LY0322"
    assert pcodes == sorted(admin.mantikas())
    source = gpd.read_file(reference / REFERENCE_COD).set_index("admin2Pcod")
    arabic = stored.set_index("pcode")["name_ar"]
    assert all(arabic[p] == source.loc[p, "admin2Na_1"] for p in pcodes)
    assert set(stored["admin_level"]) == {2}
    assert stored.geometry.is_valid.all() and stored.geometry.within(LIBYA.buffer(1)).all()
    assert version.note.startswith("Mantika boundaries: 22 mantika (LY0101–LY0322)")


def test_zipped_shapefile_with_truncated_cod_names(store, tmp_path):
    path = write_shapefile_zip(tmp_path / "lby_adm2.zip", shapefile_names(squares()))
    _version, _plan = ingest.import_file(store, path)
    stored = store.read(BOUNDARIES).set_index("pcode")
    assert len(stored) == 22
    assert stored.loc["LY0319", "name_ar"] == "سبها"
    assert stored.loc["LY0319", "name_en"] == "Sebha"
    assert stored.loc["LY0319", "region_pcode"] == "LY03"


def test_geopackage_in_utm_is_reprojected(tmp_path):
    path = tmp_path / "lby_adm2.gpkg"
    squares().to_crs(32633).to_file(path, layer="lby_admbnda_adm2", driver="GPKG", engine="pyogrio")
    prepared = prepare(path)
    assert prepared.dataset == BOUNDARIES
    assert "reprojected from EPSG:32633" in prepared.summary
    first = gpd.GeoSeries(prepared.geometries, crs=4326)
    expected = squares().set_index("ADM2_PCODE").geometry
    for pcode, geom in zip(prepared.frame["pcode"], first, strict=True):
        assert geom.symmetric_difference(expected[pcode]).area < 1e-6


def test_geopackage_with_several_layers_uses_the_polygon_one(tmp_path):
    path = tmp_path / "cod.gpkg"
    squares().to_file(path, layer="admin2", driver="GPKG", engine="pyogrio")
    points = gpd.GeoDataFrame({"name": ["x"]}, geometry=gpd.points_from_xy([13.2], [32.9]), crs=4326)
    points.to_file(path, layer="places", driver="GPKG", engine="pyogrio")
    assert len(prepare(path).frame) == 22


def test_shapefile_without_prj_in_lon_lat_is_taken_as_wgs84(tmp_path):
    path = write_shapefile_zip(tmp_path / "no_prj.zip", squares(), drop=(".prj",))
    assert len(prepare(path).frame) == 22


def test_invalid_geometry_is_repaired(store, tmp_path):
    frame = squares()
    frame.loc[3, "geometry"] = bow_tie(20.0, 29.0)
    path = tmp_path / "adm2.geojson"
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    version, _plan = ingest.import_file(store, path)
    assert "1 geometry repaired" in version.note
    stored = store.read(BOUNDARIES).set_index("pcode")
    repaired = stored.loc[frame.loc[3, "ADM2_PCODE"], "geometry"]
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon" and repaired.area == pytest.approx(0.5)


def test_extraction_stays_in_a_temporary_directory(tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    path = write_shapefile_zip(upload / "lby_adm2.zip", squares())
    before = sorted(p.name for p in upload.rglob("*"))
    prepare(path)
    assert sorted(p.name for p in upload.rglob("*")) == before


@pytest.mark.parametrize(("columns", "level", "pcode"), [
    (["ADM2_PCODE", "ADM2_EN", "ADM2_AR", "ADM1_PCODE", "ADM0_PCODE"], 2, "ADM2_PCODE"),
    (["admin2Pcod", "admin2Name", "admin2Na_1", "admin1Pcod"], 2, "admin2Pcod"),
    (["ADM1_PCODE", "ADM1_EN", "ADM0_PCODE"], 1, "ADM1_PCODE"),
    (["ADM3_PCODE", "ADM3_EN", "ADM2_PCODE"], 3, "ADM3_PCODE"),
    (["adm2_pcode", "adm2_name"], 2, "adm2_pcode"),
])
def test_field_detection(columns, level, pcode):
    frame = pd.DataFrame({c: ["LY0101"] for c in columns})
    found_level, found = boundaries.fields(frame)
    assert (found_level, found["pcode"]) == (level, pcode)


def test_field_detection_from_code_values():
    frame = pd.DataFrame({"code": ["LY0101", "LY0102"], "name_en": ["Derna", "Almarj"]})
    assert boundaries.fields(frame) == (2, {"pcode": "code", "name_en": "name_en"})


@pytest.mark.parametrize("ring", [[[22.0, 32.0], [22.5, 32.5]],  # two points
                                  [[22.0, 32.0], [22.5, 32.0], [22.5, 32.5], [22.0, 32.5]]])  # not closed
def test_a_ring_gdal_cannot_build_is_named_with_its_feature(store, tmp_path, ring):
    """Seen: a polygon ring of two points, or not closed, reported as "the file cannot be read as GeoJSON: it is
    damaged, incomplete, or another kind of file", naming neither the feature nor the geometry."""
    import json

    from geo.validation import ValidationError

    good = [[21.0, 31.0], [21.5, 31.0], [21.5, 31.5], [21.0, 31.0]]
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ADM2_PCODE": code, "ADM2_EN": name},
         "geometry": {"type": "Polygon", "coordinates": [coords]}}
        for code, name, coords in (("LY0101", "Derna", good), ("LY0102", "Al Jabal Al Akhdar", ring))]}
    path = tmp_path / "adm2.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = store.versions(BOUNDARIES)
    with pytest.raises(ValidationError) as caught:
        ingest.plan(store, path, BOUNDARIES)
    assert [(p.row, p.message) for p in caught.value.problems] == [
        (2, "feature 2 (LY0102): a ring of the polygon has fewer than 4 points or does not end where it starts")]
    assert store.versions(BOUNDARIES) == before
