"""Baladiya seats from OCHA COD admin 3 points: both field conventions, every format, HXL; the checks.

The files are built here from data/admin (names, pcodes) and the project's own seat
positions (moved a little): no third-party file is read or copied."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import numpy as np
import pytest
from shapely.geometry import Point

from geo import admin, boundaries, catalog, ingest
from geo.coverage import distances_km
from tests.importers.builders import (
    assert_rejected,
    cod_points,
    seat_positions,
    write_cod_points,
    write_csv,
    write_xlsx,
)

FORMATS = ["geojson", "zip", "gpkg", "csv"]


@pytest.mark.parametrize("convention", ["shapefile", "new"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_cod_points_import_as_seats_in_every_format(store, tmp_path, convention, fmt):
    positions = seat_positions(shift_km=3.0)
    path = write_cod_points(tmp_path / f"lby_admbndp_adm3.{fmt}", cod_points(convention, positions))
    version, plan = ingest.import_file(store, path)
    assert version.dataset == "baladiya_seats" and version.version == 2
    assert "detected baladiya_seats" in plan.prepared.detection
    seats = catalog.seats().set_index("pcode")
    assert len(seats) == len(admin.baladiyas()) == 100
    lat = np.array([positions[p][0] for p in seats.index])
    lon = np.array([positions[p][1] for p in seats.index])
    # every seat within 100 m of the file's position (an independent haversine)
    d = np.diag(distances_km(seats["lat"].to_numpy(), seats["lon"].to_numpy(), lat, lon))
    assert d.max() < 0.1
    assert not seats["approximate"].any()
    polys = boundaries.approximate_mantikas().set_index("pcode").geometry
    for pcode, row in seats.iterrows():
        assert row["mantika_pcode"] == admin.baladiyas()[pcode].parent
        assert polys[row["mantika_pcode"]].covers(Point(row["lon"], row["lat"])), pcode
    assert seats.loc["LY021403", "name_ar"] == admin.baladiyas()["LY021403"].name_ar


def test_hxl_seats_table(store, tmp_path):
    positions = seat_positions()
    rows = [["Baladiya", "Code", "Latitude", "Longitude"], ["#adm3+name", "#adm3+code", "#geo+lat", "#geo+lon"]]
    for p, u in admin.baladiyas().items():
        rows.append([u.name_en, p, *positions[p]])
    version, _ = ingest.import_file(store, write_csv(tmp_path / "seats_hxl.csv", rows))
    assert version.dataset == "baladiya_seats"
    assert (catalog.seats()["mantika_pcode"] == [admin.baladiyas()[p].parent for p in catalog.seats()["pcode"]]).all()


def test_xlsx_with_ocha_columns(store, tmp_path):
    frame = cod_points("new")
    table = frame.drop(columns="geometry").assign(lat=frame.geometry.y, lon=frame.geometry.x)
    path = write_xlsx(tmp_path / "seats.xlsx", {"adm3": [list(table.columns), *table.values.tolist()]})
    version, _ = ingest.import_file(store, path)
    assert version.dataset == "baladiya_seats"


def test_export_lists_imported_seats_not_approximate(store, tmp_path, monkeypatch):
    ingest.import_file(store, write_cod_points(tmp_path / "adm3.geojson", cod_points("shapefile")))
    out = subprocess.run([sys.executable, "-m", "geo", "export", "baladiya_seats", "--format", "csv"],
                         capture_output=True, text=True, check=True)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 100
    assert {r["approximate"] for r in rows} == {"false"}
    assert {r["baladiya_pcode"] for r in rows} == set(admin.baladiyas())


def test_shipped_seats_are_all_flagged_approximate(store):
    out = subprocess.run([sys.executable, "-m", "geo", "export", "baladiya_seats", "--format", "csv"],
                         capture_output=True, text=True, check=True)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 100 and {r["approximate"] for r in rows} == {"true"}


def test_partial_file_updates_only_its_seats(store, tmp_path):
    frame = cod_points("new").iloc[:10]
    ingest.import_file(store, write_cod_points(tmp_path / "ten.geojson", frame))
    seats = catalog.seats()
    assert len(seats) == 100 and int((~seats["approximate"]).sum()) == 10


def _moved(pcode: str, lat: float, lon: float):
    positions = seat_positions()
    positions[pcode] = (lat, lon)
    return cod_points("shapefile", positions)


def test_seat_far_outside_its_mantika_is_named_with_the_distance(store, tmp_path):
    # Suq Aljumaa (Tripoli) placed in Sebha: hundreds of km outside its mantika.
    path = write_cod_points(tmp_path / "adm3.geojson", _moved("LY021101", 27.04, 14.43))
    text = assert_rejected(store, path, ["Suq Aljumaa", "LY021101", "km outside its mantika Tripoli (LY0211)",
                                         "it lies in Sebha", "tolerance 25 km"])
    assert "row 43" in text  # feature 43 of the file, as a GIS attribute table counts


def test_seat_just_outside_is_accepted_within_the_tolerance(store, tmp_path):
    polys = boundaries.approximate_mantikas().set_index("pcode").geometry
    tripoli = polys["LY0211"]
    # a point 5 km north of Tripoli's coast line: outside the polygon, within 25 km
    lon, lat = 13.19, tripoli.bounds[3] + 0.045
    assert not tripoli.covers(Point(lon, lat))
    _, plan = ingest.import_file(store, write_cod_points(tmp_path / "adm3.geojson", _moved("LY021101", lat, lon)))
    assert "just outside its mantika polygon (within 25 km)" in plan.prepared.summary


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("pcode", "LY029999", ["unknown baladiya pcode 'LY029999'"]),
    ("admin2Pcod", "LY0319", ["baladiya LY010101 (Umm arrazam) is in mantika LY0101, not LY0319"]),
])
def test_bad_codes(store, tmp_path, column, value, expected):
    frame = cod_points("shapefile")
    frame.loc[0, column] = value
    assert_rejected(store, write_cod_points(tmp_path / "adm3.geojson", frame), expected)


def test_duplicate_seat(store, tmp_path):
    frame = cod_points("shapefile")
    frame.loc[1, "pcode"] = frame.loc[0, "pcode"]
    assert_rejected(store, write_cod_points(tmp_path / "adm3.geojson", frame), ["duplicate key"])


def test_seat_outside_libya(store, tmp_path):
    path = write_cod_points(tmp_path / "adm3.geojson", _moved("LY010101", 41.9, 12.5))
    assert_rejected(store, path, ["(41.9, 12.5) is outside Libya"])


def test_seats_and_areas_on_both_backends(any_store, tmp_path):
    from geo import municipalities, seats

    path = write_cod_points(tmp_path / "adm3.gpkg", cod_points("new", seat_positions(shift_km=1.0)))
    version, _ = ingest.import_file(any_store, path)
    table = seats.table(any_store)
    assert version.version == 2 and not table["approximate"].any() and len(table) == 100
    assert len(municipalities.areas(any_store)) == 100
    _, plan = ingest.import_file(any_store, path)
    assert plan.unchanged and len(any_store.versions("baladiya_seats")) == 2


def test_rows_placed_at_a_seat_follow_the_imported_seats(store, tmp_path):
    import json

    from geo import cli

    positions = seat_positions(shift_km=3.0)
    ingest.import_file(store, write_cod_points(tmp_path / "adm3.geojson", cod_points("new", positions)))
    doc = json.loads(cli.export_bytes(store, "displacement", "geojson"))
    for f in doc["features"][:100]:
        lat, lon = positions[f["properties"]["baladiya_pcode"]]
        assert f["properties"]["approximate"] is False
        assert f["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-6)
    shown = catalog.load("displacement").frame
    assert not shown["approximate"].any()
