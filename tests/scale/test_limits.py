"""Files above the declared sizes (geo.limits) are refused before they are parsed, with a clear message,
and the store stays as it was; the streamed counts agree with an independent count."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from bench import big_data
from geo import ingest, limits
from geo.importers import tables
from geo.validation import ValidationError
from tests.importers.builders import fingerprint


def _refused(store, path: Path, dataset: str | None = None) -> str:
    before = fingerprint(store)
    with pytest.raises(ValidationError) as exc:
        ingest.import_file(store, path, dataset)
    assert fingerprint(store) == before
    assert len(exc.value.problems) == 1
    return str(exc.value)


def test_declared_sizes():
    """The sizes the issue asks for (literals from issue 13), declared once."""
    assert limits.ROUNDS * limits.BALADIYAS == limits.DISPLACEMENT_ROWS == 100 * 2_000
    assert limits.DISPLACEMENT_FILE_ROWS >= 409_543  # the 49 MB DTM file issue 13 imports
    assert limits.POINT_ROWS == 50_000
    assert limits.BOUNDARY_VERTICES == 200_000


def test_displacement_csv_above_the_size_is_refused_before_parsing(store, tmp_path, monkeypatch):
    path = big_data.displacement_csv(tmp_path / "too_many.csv", rounds=1, baladiyas=2_000)
    path.write_text(path.read_text() + "B x,LY010101,30,20,102,2010-02-15,1,1,1\n")  # 2,001 data rows
    monkeypatch.setattr(limits, "DISPLACEMENT_FILE_ROWS", 2_000)
    parsed = []
    monkeypatch.setattr(tables, "_split", lambda *a: parsed.append(a) or [])  # the full parse must not start
    message = _refused(store, path)
    assert not parsed
    assert "the file has 2,001 rows; the atlas supports up to 2,000 rows" in message
    assert "split the file" in message


def test_points_above_their_size_are_refused_after_detection(store, tmp_path, monkeypatch):
    path = big_data.points_csv(tmp_path / "facilities.csv", rows=120)
    monkeypatch.setattr(limits, "POINT_ROWS", 119)
    message = _refused(store, path)
    assert "120 rows; the atlas supports up to 119 rows" in message


def test_xlsx_rows_are_counted_from_the_streamed_sheet(store, tmp_path, monkeypatch):
    wb = Workbook(write_only=True)
    small, big = wb.create_sheet("Summary"), wb.create_sheet("Baladiya Main ")
    small.append(["Period", "August 2024"])
    for i in range(300):
        big.append([f"LY{i:06d}", i])
    wb.save(tmp_path / "big.xlsx")
    data = (tmp_path / "big.xlsx").read_bytes()
    assert limits.xlsx_sheet_rows(data) == {"Summary": 1, "Baladiya Main ": 300}
    monkeypatch.setattr(limits, "DISPLACEMENT_FILE_ROWS", 200)
    message = _refused(store, tmp_path / "big.xlsx")
    assert "300 rows in sheet 'Baladiya Main '" in message and "up to 200 rows" in message


def test_csv_count_keeps_quoted_line_breaks_in_their_cell(tmp_path):
    rows = [["name", "note"], *[[f"site {i}", "two\nlines"] for i in range(10)], [], ["last", ""]]
    with open(tmp_path / "q.csv", "w", newline="") as f:
        csv.writer(f).writerows(rows)
    data = (tmp_path / "q.csv").read_bytes()
    assert limits.count_text_lines(data) == 23
    assert limits.count_csv_rows(data) == 11  # 11 records under the header; the blank line is not a row


def test_geojson_vertices_above_the_size_are_refused(store, tmp_path):
    path = big_data.boundaries_geojson(tmp_path / "detailed.geojson", vertices=limits.BOUNDARY_VERTICES + 22 * 10)
    counted = sum(len(ring) for feat in json.loads(path.read_text())["features"]
                  for ring in feat["geometry"]["coordinates"])
    assert limits.count_vertices(path.read_bytes()) == counted > limits.BOUNDARY_VERTICES
    message = _refused(store, path)
    assert f"{counted:,} vertices; the atlas supports up to 200,000 vertices" in message
    assert "simplify" in message
