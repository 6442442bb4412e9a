"""Bad input, one case per way a file can be wrong: a clear message, and nothing stored.

Each case builds a small file, imports it into a seeded store through
``geo.ingest.import_file``, and checks that the ValidationError names the file,
the sheet/row/column where that applies, and the problem, and that the store
file's SHA-256 and dataset versions are unchanged.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from geo import settings

from .builders import (
    DTM_HEADER,
    assert_rejected,
    dtm_rows,
    shapefile_names,
    sliver,
    squares,
    write_csv,
    write_dtm_xlsx,
    write_shapefile_zip,
    write_xlsx,
    write_zip,
)

# DTM workbook: row 1 "General Info", row 2 header, so rows[i] is file row i + 3.
PCODE, NAME, MANTIKA, LAT, LON, ROUND, MIGRANTS = 6, 4, 2, 7, 8, 9, 10
DETENTION_HEADER = ["centre_id", "name", "lat", "lon", "baladiya_pcode", "month", "status", "people_held"]


def detention_rows(n: int = 3) -> list[list[object]]:
    return [[f"DC-{i}", f"Test centre {i}", 32.88, 13.35, "LY021102", "2024-01-01", "open", 100 + i]
            for i in range(1, n + 1)]


def dtm(edit: Callable[[list[list[object]]], None] | None = None, **kwargs) -> Callable[[Path], Path]:
    """A builder of a 12-baladiya DTM workbook after ``edit`` changed its rows."""
    def build(tmp: Path) -> Path:
        rows = dtm_rows(n=12)
        if edit:
            edit(rows)
        return write_dtm_xlsx(tmp / "dtm_r54.xlsx", rows, **kwargs)
    return build


def setter(i: int, col: int, value: object) -> Callable[[list[list[object]]], None]:
    def edit(rows: list[list[object]]) -> None:
        rows[i][col] = value
    return edit


def detention(edit: Callable[[list[list[object]]], None] | None = None, *, header: list[str] | None = None,
              encoding: str = "utf-8") -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        rows = detention_rows()
        if edit:
            edit(rows)
        return write_csv(tmp / "centres.csv", [header or DETENTION_HEADER, *rows], encoding=encoding)
    return build


def raw(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path
    return build


def boundary_zip(change: Callable, name: str = "lby_adm2.zip", **kwargs) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        return write_shapefile_zip(tmp / name, change(squares()), **kwargs)
    return build


def boundary_geojson(change: Callable) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / "lby_adm2.geojson"
        change(squares()).to_file(path, driver="GeoJSON", engine="pyogrio")
        return path
    return build


def with_geometry(i: int, geom) -> Callable:
    def change(frame):
        frame.loc[i, "geometry"] = geom
        return frame
    return change


def with_value(i: int, column: str, value: object) -> Callable:
    def change(frame):
        frame.loc[i, column] = value
        return frame
    return change


def add_total_row(rows: list[list[object]]) -> None:
    rows.append(["Total for Libya", *[None] * (len(DTM_HEADER) - 3), 54, 99999])


def duplicate_row(rows: list[list[object]]) -> None:
    rows[5] = list(rows[4])


def drop_count_column(tmp: Path) -> Path:
    rows = [r[:-1] for r in dtm_rows(n=5)]
    return write_dtm_xlsx(tmp / "dtm_no_counts.xlsx", rows, header=DTM_HEADER[:-1])


def drop_round_column(tmp: Path) -> Path:
    rows = [r[:ROUND] + r[ROUND + 1:] for r in dtm_rows(n=5)]
    header = DTM_HEADER[:ROUND] + DTM_HEADER[ROUND + 1:]
    return write_xlsx(tmp / "dtm_no_round.xlsx", {"Data": [header, *rows], "Summary": [["Period", "August 2024"]]})


def hdx_csv_with_bad_date(tmp: Path) -> Path:
    header = ["ADM3 Name", "ADM3 PCode", "Round", "Reporting date", "IDPs"]
    tags = ["#adm3+name", "#adm3+code", "#indicator+round", "#date+reported", "#affected+idps+ind"]
    rows = [["Derna", "LY010102", 50, "2024-03-31", 10], ["Alqubba", "LY010103", 50, "2024-13-45", 20]]
    return write_csv(tmp / "hdx_idps.csv", [header, tags, *rows])


def zip_bomb(tmp: Path) -> Path:
    return write_zip(tmp / "bomb.zip", {"lby_adm2.shp": bytes(30 * 1024 * 1024), "lby_adm2.dbf": b"x"})


def zip_too_big_unpacked(tmp: Path) -> Path:
    rng = random.Random(3)
    text = "".join(rng.choice("0123456789") for _ in range(200_000)).encode()  # compresses about 2:1
    return write_zip(tmp / "big.zip", {"lby_adm2.shp": text})


def latin1_csv(tmp: Path) -> Path:
    return write_csv(tmp / "centres.csv", [DETENTION_HEADER, ["DC-1", "Centre d'été à Zuwārah".replace("ā", "a"),
                                                              32.88, 13.35, "LY021102", "2024-01-01", "open", 5]],
                     encoding="latin-1")


def small_limit(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(settings, "MAX_UPLOAD_BYTES", 100_000)


def tiny_limit(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(settings, "MAX_UPLOAD_BYTES", 100)


@dataclass
class Case:
    id: str
    build: Callable[[Path], Path]
    expected: list[str]
    dataset: str | None = None
    setup: Callable[[pytest.MonkeyPatch], None] | None = None
    tags: list[str] = field(default_factory=list)


SHEET = "dtm_r54.xlsx, sheet 'Baladiya Main'"
CASES = [
    # missing columns
    Case("dtm-missing-count-column", drop_count_column,
         ["dtm_no_counts.xlsx, sheet 'Baladiya Main'", "no count column", "Migrants (IND)"]),
    Case("dtm-missing-round-column", drop_round_column,
         ["dtm_no_round.xlsx, sheet 'Data': 1 problem(s)", "no column gives the DTM round", "AssessmentRound"]),
    Case("points-missing-required-column", detention(header=[h for h in DETENTION_HEADER if h != "status"] + ["x"],
                                                     edit=lambda rows: [r.pop(6) for r in rows]),
         ["centres.csv", "required column 'status' (Status) is missing", "add a column named 'status'"]),
    # codes
    Case("unknown-pcode-with-name-hint", dtm(lambda rows: (setter(3, PCODE, "LY031999")(rows),
                                                          setter(3, NAME, "Sebha")(rows))),
         [SHEET, "row 6, column 'Baladiya PCode'", "unknown baladiya pcode 'LY031999'",
          "Did you mean LY031901 (Sebha)?"]),
    Case("mantika-name-disagrees-with-pcode", dtm(setter(0, MANTIKA, "Tripoli")),
         ["row 3, column 'ADM 2 Mantika-Region (EN)'", "is in mantika LY0101 (Derna)", "the file says 'Tripoli'"]),
    Case("total-row-in-data", dtm(add_total_row), ["row 15", "looks like a total row", "delete total rows"]),
    # counts
    Case("negative-count", dtm(setter(2, MIGRANTS, -5)),
         ["row 5, column 'Migrants (IND)'", "-5 is negative", "cannot be below 0"]),
    Case("non-integer-count", dtm(setter(2, MIGRANTS, 12.5)),
         ["row 5, column 'Migrants (IND)'", "12.5 is not a whole number"]),
    Case("text-count", dtm(setter(4, MIGRANTS, "about 300")),
         ["row 7, column 'Migrants (IND)'", "'about 300' is not a whole number"]),
    Case("absurdly-large-count", dtm(setter(1, MIGRANTS, 50_000_000)),
         ["row 4, column 'Migrants (IND)'", "implausibly large", "extra digit"]),
    Case("duplicate-key", dtm(duplicate_row), ["row 8", "duplicate key", "first at row 7"]),
    # dates
    Case("unparseable-period", dtm(period="Augst-Sept 2024"),
         ["Sheet 'Summary', cell B3", "'Augst' is not a month", "August-September 2024"]),
    Case("future-period", dtm(period="August-September 2031"),
         ["Sheet 'Summary', cell B3", "ends 2031-09-30, in the future"]),
    Case("no-period-anywhere", dtm(period=None), ["no period for the round", "Period"]),
    Case("unparseable-date-column", hdx_csv_with_bad_date,
         ["hdx_idps.csv", "row 4, column 'Reporting date'", "'2024-13-45' is not a date"]),
    Case("date-in-future", detention(setter(1, 5, "2031-01-01")),
         ["row 3, column 'month'", "2031-01-01 is in the future"]),
    Case("unparseable-date", detention(setter(0, 5, "last spring")),
         ["row 2, column 'month'", "'last spring' is not a date", "YYYY-MM-DD"]),
    # coordinates
    Case("coordinates-outside-libya", dtm(lambda rows: (setter(2, LAT, 48.85)(rows), setter(2, LON, 2.35)(rows))),
         ["row 5, column 'Lat'", "(48.85, 2.35) is outside Libya"]),
    Case("swapped-lat-lon", detention(lambda rows: (setter(0, 2, 13.35)(rows), setter(0, 3, 32.88)(rows))),
         ["row 2, column 'lat'", "look swapped", "swap the lat and lon columns"]),
    Case("point-without-any-location", detention(lambda rows: [setter(1, c, "")(rows) for c in (2, 3, 4)]),
         ["row 3, column 'lat'", "has no coordinates and no baladiya pcode"]),
    # geometry
    Case("invalid-geometry-unrepairable", boundary_geojson(with_geometry(4, sliver(12.0, 25.0))),
         ["lby_adm2.geojson", "row 5", "feature 5 (LY0105)", "invalid", "cannot be repaired"]),
    Case("empty-geometry", boundary_geojson(with_geometry(2, None)),
         ["feature 3 (LY0103): the geometry is empty"]),
    Case("boundaries-unknown-pcode", boundary_geojson(with_value(18, "ADM2_PCODE", "LY0399")),
         ["feature 19 (LY0399)", "unknown mantika pcode 'LY0399'", "Did you mean LY0319 (Sebha)?"]),
    Case("boundaries-duplicate-pcode", boundary_geojson(with_value(1, "ADM2_PCODE", "LY0101")),
         ["feature 2 (LY0101): duplicate pcode LY0101 (first at feature 1)"]),
    Case("boundaries-incomplete", boundary_geojson(lambda f: f.iloc[:5]), ["covers 5 of 22 mantika", "LY0322"]),
    Case("boundaries-admin-level-1", boundary_geojson(lambda f: squares(level=1)),
         ["admin level 1 (region)", "'ADM1_PCODE'", "only admin level 2 (mantika)"]),
    Case("boundaries-projected-without-crs", boundary_zip(lambda f: shapefile_names(f.to_crs(32633)), drop=(".prj",)),
         ["lby_adm2.zip", "no coordinate reference system", "not longitude/latitude"]),
    Case("shapefile-without-dbf", boundary_zip(lambda f: f, drop=(".dbf",)), ["without its .dbf"]),
    Case("boundary-file-for-a-table-dataset", boundary_geojson(lambda f: f), ["boundary file"],
         dataset="displacement"),
    # encodings
    Case("utf16-csv", detention(encoding="utf-16"), ["centres.csv", "UTF-16", "CSV UTF-8"]),
    Case("utf16-csv-without-bom", detention(encoding="utf-16-le"), ["UTF-16"]),
    Case("binary-junk-csv", raw("centres.csv", bytes(range(256)) * 8), ["binary data (NUL bytes)"]),
    Case("latin1-csv", latin1_csv, ["neither UTF-8 nor Windows-1256", "line 2"]),
    # formulas
    Case("formula-in-xlsx-cell", dtm(setter(4, MIGRANTS, "=SUM(K3:K6)")),
         [SHEET, "Sheet 'Baladiya Main', cell K7 contains a formula (=SUM(K3:K6))", "Paste special"]),
    Case("formula-in-period-cell", dtm(period="=TEXT(TODAY(),\"mmmm yyyy\")"),
         ["Sheet 'Summary', cell B3 contains a formula"]),
    # size and zip safety
    Case("over-size-limit", detention(), ["centres.csv", "the upload limit is 100 bytes"], setup=tiny_limit),
    Case("zip-path-traversal", lambda tmp: write_zip(tmp / "evil.zip", {"../evil.shp": b"x", "ok.dbf": b"y"}),
         ["evil.zip", "'../evil.shp' climbs out of the archive", "nothing was extracted"]),
    Case("zip-absolute-path", lambda tmp: write_zip(tmp / "abs.zip", {"/tmp/evil.shp": b"x"}),
         ["is an absolute path"]),
    Case("zip-bomb-ratio", zip_bomb, ["bomb.zip", "times its size", "possible zip bomb"]),
    Case("zip-bomb-total-size", zip_too_big_unpacked, ["would unpack to", "possible zip bomb"], setup=small_limit),
    # empty, header-only, wrong kind
    Case("empty-csv", raw("centres.csv", b""), ["centres.csv", "empty (0 bytes)"]),
    Case("empty-xlsx", raw("dtm.xlsx", b""), ["dtm.xlsx", "empty (0 bytes)"]),
    Case("header-only-csv", lambda tmp: write_csv(tmp / "centres.csv", [DETENTION_HEADER]),
         ["centres.csv", "header but no data rows"]),
    Case("header-only-dtm", dtm(lambda rows: rows.clear()), [SHEET, "row 2", "header but no data rows"]),
    Case("png-renamed-csv", raw("centres.csv", b"\x89PNG\r\n\x1a\n" + bytes(64)), ["PNG image", "not a CSV"]),
    Case("pdf-renamed-xlsx", raw("dtm.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ["dtm.xlsx", "PDF document"]),
    Case("old-xls-renamed-xlsx", raw("dtm.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)),
         ["Excel 97-2003", "save it as .xlsx"]),
    Case("damaged-xlsx", raw("dtm.xlsx", b"PK\x03\x04" + bytes(100)), ["dtm.xlsx", "not a readable Excel workbook"]),
    # which dataset
    Case("unknown-dataset-name", detention(), ["unknown dataset 'migrants'", "displacement", "boundaries_mantika"],
         dataset="migrants"),
    Case("ambiguous-dataset", lambda tmp: write_csv(tmp / "sites.csv", [
        ["facility_id", "project_id", "name", "title", "lat", "lon"], ["X-1", "P-1", "A", "B", 32.9, 13.2]]),
         ["fit several datasets equally well", "health_facilities", "stabilization_projects", "--dataset"]),
    Case("unrecognised-table", lambda tmp: write_csv(tmp / "notes.csv", [["colour", "size"], ["red", 3]]),
         ["notes.csv", "cannot tell which dataset", "'colour'", "--dataset"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_rejected_and_nothing_is_stored(case: Case, store, tmp_path, monkeypatch):
    folder = tmp_path / "upload"
    folder.mkdir()
    path = case.build(folder)
    if case.setup:
        case.setup(monkeypatch)
    assert_rejected(store, path, case.expected, case.dataset)
