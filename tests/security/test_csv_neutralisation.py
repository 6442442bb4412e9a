"""Every CSV the atlas writes neutralises text that a spreadsheet would run as a formula.

Writers: ``geo.exports.to_csv`` (the download buttons and ``python -m geo export``
for layers), ``geo.area_exports.to_csv`` (the map's values by area) and the boundaries
export of the CLI; all go through
``geo.csv_writer``.  Expected cells are literals (OWASP's rule: a leading ``'``),
not the output of the code under test.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo import csv_writer, exports, ingest, registry

ROOT = Path(__file__).resolve().parents[2]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ["=1+HYPERLINK(\"https://example.org\",\"x\")", "-2+3+cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize(("value", "numeric", "expected"), [
    ("=1+1", False, "'=1+1"),
    ("-2+3+cmd|' /C calc'!A0", False, "'-2+3+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", True, "'-2+3+cmd|' /C calc'!A0"),
    ("+44 20 1234", False, "'+44 20 1234"),
    ("@SUM(A1)", False, "'@SUM(A1)"),
    ("\t=1", False, "'\t=1"),
    ("\r=1", False, "'\r=1"),
    ("-5", True, "-5"),
    ("-3.25", True, "-3.25"),
    ("-5", False, "'-5"),
    ("safe text", False, "safe text"),
    ("a=b", False, "a=b"),
    (-5, True, -5),
    (-5, False, -5),
    (None, False, None),
])
def test_neutralise(value, numeric, expected):
    assert csv_writer.neutralise(value, numeric) == expected


def cells(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    return list(csv.reader(io.StringIO("\n".join(line for line in text.split("\n") if not line.startswith("#")))))


def assert_no_formula(rows: list[list[str]], numeric_columns: set[str] = frozenset()) -> None:
    header = rows[0]
    for name in header:
        assert not name.startswith(DANGEROUS), name
    for row in rows[1:]:
        for name, cell in zip(header, row, strict=True):
            if cell.startswith(DANGEROUS):
                assert name in numeric_columns, f"column {name!r}: {cell!r} would run as a formula"
                float(cell)  # a number, not a formula


def test_write_csv_keeps_numbers_and_neutralises_text():
    frame = pd.DataFrame({"name": FORMULAS, "lat": [-3.5] * len(FORMULAS),
                          "count": pd.array([-1] * len(FORMULAS), dtype="Int64"),
                          "text_count": ["-7"] * len(FORMULAS)})
    rows = cells(csv_writer.write_csv(frame, numeric=["text_count"]))
    assert [r[0] for r in rows[1:]] == ["'" + f.replace("\r", "\n") for f in FORMULAS]
    assert {r[1] for r in rows[1:]} == {"-3.5"} and {r[2] for r in rows[1:]} == {"-1"}
    assert {r[3] for r in rows[1:]} == {"-7"}


def test_provenance_lines_cannot_start_a_cell_or_a_row():
    line = csv_writer.comment_line('Filters: a,=1+HYPERLINK("x"),-2+3\nbad,@x')
    assert "\n" not in line and '"' not in line
    assert line == "# Filters: a,'=1+HYPERLINK('x'),'-2+3 bad,'@x"
    header = ["x,=1+1", "ok"]
    data = csv_writer.write_csv(pd.DataFrame({"a": [1]}), header)
    first = next(csv.reader(io.StringIO(data.decode())))
    assert all(not c.startswith(DANGEROUS) for c in first)
    # pandas skips the lines as comments and reads the table.
    assert pd.read_csv(io.BytesIO(data), comment="#").to_dict("records") == [{"a": 1}]


@pytest.mark.parametrize("name", list(registry.LAYERS))
def test_layer_export_neutralises_every_text_column(name, store):
    layer = registry.get(name)
    frame = store.read(name).head(len(FORMULAS)).reset_index(drop=True)
    text_cols = [f.name for f in layer.fields if f.dtype in ("str", "list")]
    for i in range(len(frame)):
        for c in text_cols:
            frame.loc[i, c] = FORMULAS[i % len(FORMULAS)]
    numeric = {f.name for f in layer.fields if f.dtype in ("int", "float")}
    if "lat" in frame:
        frame.loc[0, "lat"] = -12.5  # a negative number must stay a number
    header = exports.provenance_lines(layer, "from =1+1.csv, by -2+3", "area=@x", layer.licence)
    data = exports.to_csv(frame, layer, header)
    rows = cells(data)
    assert_no_formula(rows, numeric)
    first = dict(zip(rows[0], rows[1], strict=True))
    for c in text_cols:
        assert first[c] == "'" + FORMULAS[0]
    if "lat" in first:
        assert first["lat"] == "-12.5"
    for line in data.decode().split("\n"):
        if line.startswith("#"):
            assert all(not piece.startswith(DANGEROUS) for piece in line.split(",")), line


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ATLAS_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done


def test_imported_formula_text_is_neutralised_in_cli_export(store, tmp_path):
    """The importer accepts these names (they are valid text); the export must disarm them."""
    path = tmp_path / "projects.csv"
    header = "project_id,title,sector,lat,lon,baladiya_pcode,status,start_date,end_date,beneficiaries,partner," \
             "illustrative,source"
    lines = [header] + [
        f'X-{i},"{f.replace(chr(34), chr(34) * 2)}",WASH,32.88,13.18,LY021104,completed,2019-02-01,2019-03-01,'
        f'10,"{f.replace(chr(34), chr(34) * 2)}",false,test'
        for i, f in enumerate(["=1+HYPERLINK(\"https://example.org\",\"x\")", "-2+3+cmd|' /C calc'!A0",
                               "@1+1", "+1+1"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest.import_file(store, path, "stabilization_projects")
    out = _cli("export", "stabilization_projects", "--format", "csv", "--provenance",
               data_dir=Path(store.url[5:]).parent).stdout
    rows = cells(out)
    assert_no_formula(rows, {"lat", "lon", "beneficiaries"})
    titles = {r[1] for r in rows[1:] if r[0].startswith("X-")}
    assert titles == {"'=1+HYPERLINK(\"https://example.org\",\"x\")", "'-2+3+cmd|' /C calc'!A0", "'@1+1",
                      "'+1+1"}


def test_boundaries_export_neutralises_imported_attributes(store, tmp_path):
    from importers.builders import squares

    frame = squares()
    frame.loc[0, "ADM2_EN"] = "=1+HYPERLINK(\"https://example.org\",\"x\")"
    frame.loc[1, "ADM2_EN"] = "-2+3+cmd|' /C calc'!A0"
    path = tmp_path / "=lby_adm2.geojson"
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    ingest.import_file(store, path, "boundaries_mantika")
    out = _cli("export", "boundaries_mantika", "--format", "csv", "--provenance",
               data_dir=Path(store.url[5:]).parent).stdout
    rows = cells(out)
    assert_no_formula(rows, {"admin_level"})
    names = [r[rows[0].index("name_en")] for r in rows[1:3]]
    assert names == ["'=1+HYPERLINK(\"https://example.org\",\"x\")", "'-2+3+cmd|' /C calc'!A0"]


def test_map_values_export_neutralises_area_names():
    # "Map values by mantika/baladiya": names come from imported boundaries, values may be negative changes.
    from geo import area_exports

    values = pd.DataFrame({"pcode": ["LY01", "LY02"],
                           "name_en": ["=1+HYPERLINK(\"https://example.org\",\"x\")", "Derna"],
                           "name_ar": ["@SUM(A1:A2)", "درنة"], "value": [-12.0, 1389.0]})
    rows = list(csv.reader(io.StringIO(area_exports.to_csv(values, "mantika").decode("utf-8"))))
    assert rows[0] == ["mantika_pcode", "name_en", "name_ar", "value"]  # a plain CSV: the header first
    assert rows[1] == ["LY01", "'=1+HYPERLINK(\"https://example.org\",\"x\")", "'@SUM(A1:A2)", "-12"]
    assert rows[2] == ["LY02", "Derna", "درنة", "1389"]
