"""Small synthetic input files for the importer tests, written into tmp_path.

Why synthetic: third-party reference files are read from ``../shared`` by the
tests that need them and never copied or derived into the repository.  These
builders produce files with the same *layout* (title rows, trailing-space sheet
names, Summary 'Period' cell, HXL rows, COD field names) from the atlas's own
shipped admin tables and made-up numbers and squares.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import zipfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
from openpyxl import Workbook
from shapely.geometry import Polygon, box

from geo import admin, boundaries, gazetteer

DTM_HEADER = ["ADM 1 Geodivision (EN)", "ADM 1 Geodivision (AR)", "ADM 2 Mantika-Region (EN)",
              "ADM 2 Mantika-Region (AR)", "ADM 3 Baladiya-Area (EN)", "ADM 3 Baladiya-Area (AR)", "Baladiya PCode",
              "Lat", "Long", "AssessmentRound", "Migrants (IND)"]
REGION_EN = {"LY01": "East", "LY02": "West", "LY03": "South"}


def dtm_rows(round_no: int = 54, n: int | None = None, seed: int = 1) -> list[list[object]]:
    """One row per baladiya in the DTM "Baladiya Main" layout, made-up counts, shipped seats."""
    rng = random.Random(seed)
    seats = gazetteer.seats()
    mantikas = admin.mantikas()
    rows = []
    for unit in list(admin.baladiyas().values())[:n]:
        m = mantikas[unit.parent]
        rows.append([REGION_EN[m.parent], admin.regions()[m.parent][1], m.name_en, m.name_ar, unit.name_en,
                     unit.name_ar, unit.pcode, seats[unit.pcode].lat, seats[unit.pcode].lon, round_no,
                     rng.randint(0, 40000)])
    return rows


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook with one sheet per entry; strings starting with '=' are written as formulas."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def write_dtm_xlsx(path: Path, rows: list[list[object]] | None = None, *, period: object = "August-September 2024",
                   header: list[str] | None = None, round_no: int = 54, sheet: str = "Baladiya Main ") -> Path:
    """A workbook laid out like a DTM Libya public migrant dataset."""
    rows = dtm_rows(round_no) if rows is None else rows
    summary: list[list[object]] = [[f"DTM Round {round_no}", " MIGRANT DATASET"], []]
    if period is not None:
        summary.append(["Period", period])
    summary.append(["Migrants in Libya", sum(int(r[-1]) for r in rows if isinstance(r[-1], int))])
    data = [["General Info"], header or DTM_HEADER, *rows]
    return write_xlsx(path, {"Summary": summary, sheet: data,
                             "Nationalities": [["Muhalla P Code", "Migrant Nationality", "Migrant Individuals"],
                                               ["LY01060207", "Egypt", 300]]})


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Rows as CSV text in ``encoding`` (e.g. "utf-8-sig", "cp1256")."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


# --- boundaries -------------------------------------------------------------------

def squares(level: int = 2) -> gpd.GeoDataFrame:
    """One made-up square per mantika inside Libya, with COD-AB admin 2 attributes."""
    records, geoms = [], []
    for i, unit in enumerate(admin.mantikas().values()):
        x, y = 10.5 + (i % 6) * 2.2, 21.0 + (i // 6) * 2.4
        region = admin.regions()[unit.parent]
        records.append({"ADM2_PCODE": unit.pcode, "ADM2_EN": unit.name_en, "ADM2_AR": unit.name_ar,
                        "ADM1_PCODE": unit.parent, "ADM1_EN": region[0], "ADM0_PCODE": "LY"})
        geoms.append(box(x, y, x + 1.5, y + 1.5))
    frame = gpd.GeoDataFrame(records, geometry=geoms, crs=4326)
    if level == 1:
        frame = frame.dissolve(by="ADM1_PCODE", as_index=False)[["ADM1_PCODE", "ADM1_EN", "ADM0_PCODE", "geometry"]]
    return frame


def shapefile_names(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """COD attributes renamed to the 10-character shapefile forms (admin2Pcod, admin2Name, admin2Na_1)."""
    return frame.rename(columns={"ADM2_PCODE": "admin2Pcod", "ADM2_EN": "admin2Name", "ADM2_AR": "admin2Na_1",
                                 "ADM1_PCODE": "admin1Pcod", "ADM1_EN": "admin1Name", "ADM0_PCODE": "admin0Pcod"})


def write_shapefile_zip(path: Path, frame: gpd.GeoDataFrame, *, drop: Sequence[str] = (), stem: str = "lby_adm2"
                        ) -> Path:
    """``frame`` as a zipped shapefile; ``drop`` names sidecar extensions to leave out (e.g. ".prj")."""
    folder = path.parent / f"{path.stem}_shp"
    folder.mkdir()
    frame.to_file(folder / f"{stem}.shp", engine="pyogrio")
    members = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix.lower() not in drop}
    return write_zip(path, members)


def bow_tie(x: float, y: float) -> Polygon:
    """A self-intersecting (invalid) polygon that make_valid turns into two triangles."""
    return Polygon([(x, y), (x + 1, y + 1), (x + 1, y), (x, y + 1), (x, y)])


def sliver(x: float, y: float) -> Polygon:
    """An invalid polygon with no area: make_valid leaves a line, which is not a boundary."""
    return Polygon([(x, y), (x + 1, y + 1), (x + 2, y + 2), (x, y)])


# --- store fingerprints --------------------------------------------------------------

def fingerprint(store) -> tuple[str, dict[str, int]]:
    """The store file's SHA-256 and its dataset versions: must not change on a rejected import."""
    return hashlib.sha256(Path(store.backend.path).read_bytes()).hexdigest(), store.datasets()


def assert_rejected(store, path: Path, expected: Sequence[str], dataset: str | None = None) -> str:
    """Import ``path`` into ``store``, expect a ValidationError naming every text in ``expected``,
    and check the store file and its dataset versions are exactly as before.  Returns the message."""
    import pytest

    from geo import ingest
    from geo.validation import ValidationError

    sha_before, datasets_before = fingerprint(store)
    with pytest.raises(ValidationError) as caught:
        ingest.import_file(store, path, dataset)
    text = str(caught.value)
    for piece in expected:
        assert piece in text, f"{piece!r} not in message:\n{text}"
    sha_after, datasets_after = fingerprint(store)
    assert sha_after == sha_before, "a rejected import changed the store file"
    assert datasets_after == datasets_before
    return text


# --- COD admin 3 points (baladiya seats) ----------------------------------------------

SHAPEFILE_FIELDS = {"pcode": "pcode", "name_en": "featureNam", "name_ar": "featureN_1", "mantika": "admin2Pcod",
                    "mantika_en": "admin2Name", "mantika_ar": "admin2Na_1", "region": "admin1Pcod",
                    "region_en": "admin1Name", "country": "admin0Pcod", "date": "date", "valid_on": "validOn"}
NEW_FIELDS = {"pcode": "ADM3_PCODE", "name_en": "ADM3_EN", "name_ar": "ADM3_AR", "mantika": "ADM2_PCODE",
              "mantika_en": "ADM2_EN", "mantika_ar": "ADM2_AR", "region": "ADM1_PCODE", "region_en": "ADM1_EN",
              "country": "ADM0_PCODE", "date": "date", "valid_on": "validOn"}


def seat_positions(shift_km: float = 0.0, seed: int = 9) -> dict[str, tuple[float, float]]:
    """(lat, lon) per baladiya: the shipped seat where it lies inside its (approximate) mantika,
    else a point inside the mantika, moved by up to ``shift_km`` in a random direction (staying
    inside).  Stand-ins for official positions: made from the project's own data only."""
    import math

    from shapely.geometry import Point

    rng = random.Random(seed)
    polys = boundaries.approximate_mantikas().set_index("pcode").geometry
    out = {}
    for pcode, seat in gazetteer.seats().items():
        area = polys[seat.mantika_pcode].buffer(-0.05)
        pt = Point(seat.lon, seat.lat)
        if not area.contains(pt):
            pt = area.representative_point()
        if shift_km:
            for _ in range(20):
                angle, d = rng.uniform(0, 2 * math.pi), rng.uniform(0.3, 1.0) * shift_km / 111.0
                moved = Point(pt.x + d * math.cos(angle) / math.cos(math.radians(pt.y)), pt.y + d * math.sin(angle))
                if area.contains(moved):
                    pt = moved
                    break
        out[pcode] = (round(pt.y, 6), round(pt.x, 6))
    return out


def cod_points(convention: str = "shapefile", positions: dict[str, tuple[float, float]] | None = None
               ) -> gpd.GeoDataFrame:
    """A COD admin 3 points layer for the 100 baladiya of data/admin, in one field convention
    (``shapefile``: pcode/featureNam/featureN_1/admin2Pcod…, ``new``: ADM3_PCODE/ADM3_EN/ADM3_AR…)."""
    from shapely.geometry import Point

    names = SHAPEFILE_FIELDS if convention == "shapefile" else NEW_FIELDS
    positions = positions or seat_positions()
    mantikas = admin.mantikas()
    records, geoms = [], []
    for unit in admin.baladiyas().values():
        m = mantikas[unit.parent]
        region = admin.regions()[m.parent]
        values = {"pcode": unit.pcode, "name_en": unit.name_en, "name_ar": unit.name_ar, "mantika": m.pcode,
                  "mantika_en": m.name_en, "mantika_ar": m.name_ar, "region": m.parent, "region_en": region[0],
                  "country": "LY", "date": "2017-01-01", "valid_on": "2018-06-19"}
        records.append({names[k]: v for k, v in values.items()})
        lat, lon = positions[unit.pcode]
        geoms.append(Point(lon, lat))
    return gpd.GeoDataFrame(records, geometry=geoms, crs=4326)


def write_cod_points(path: Path, frame: gpd.GeoDataFrame) -> Path:
    """``frame`` in the format ``path``'s suffix names: .geojson, .gpkg, .zip (shapefile) or .csv (lat/lon)."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return write_shapefile_zip(path, frame, stem="lby_admbndp_adm3")
    if suffix == ".csv":
        table = frame.drop(columns="geometry").assign(lat=frame.geometry.y, lon=frame.geometry.x)
        return write_csv(path, [list(table.columns), *table.astype(object).values.tolist()])
    frame.to_file(path, driver="GPKG" if suffix == ".gpkg" else "GeoJSON", engine="pyogrio")
    return path


HDX_ROUND_HEADER = ["Baladiya", "Pcode", "Lat", "Lon", "Round", "Date", "Migrants", "IDPs", "Returnees"]
HDX_ROUND_TAGS = ["#adm3+name", "#adm3+code", "#geo+lat", "#geo+lon", "#indicator+round", "#date+reported",
                  "#affected+migrants+ind", "#affected+idps+ind", "#affected+returnees+ind"]


def write_rounds_csv(path: Path, rounds: Sequence[int], day: str = "2025-03-01") -> Path:
    """An HXL CSV of whole DTM rounds (every shipped baladiya, made-up counts), dated ``day``."""
    rows = []
    for round_no in rounds:
        for r in dtm_rows(round_no, seed=round_no):
            rows.append([r[4], r[6], r[7], r[8], round_no, day, r[10], r[10] // 2, r[10] // 3])
    return write_csv(path, [HDX_ROUND_HEADER, HDX_ROUND_TAGS, *rows])


def admin3_polygons(areas: gpd.GeoDataFrame, path: Path) -> Path:
    """Official-looking COD-AB admin 3 polygons (``ADM3_PCODE``, ``ADM3_EN``, ``ADM2_PCODE``) written to ``path``:
    the atlas's own derived municipality ``areas`` (``geo.municipalities.areas``) under COD attribute names."""
    official = gpd.GeoDataFrame({"ADM3_PCODE": areas["pcode"], "ADM3_EN": areas["name_en"],
                                 "ADM2_PCODE": areas["mantika_pcode"]},
                                geometry=areas.geometry.buffer(0).values, crs=4326)
    official.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path
