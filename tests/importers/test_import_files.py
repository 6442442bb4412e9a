"""Safe reading: size before bytes, kind by magic, encodings, zip checks before extraction, headers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from geo import settings
from geo.importers import files, tables
from geo.validation import ValidationError

from .builders import write_csv, write_xlsx, write_zip


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 100)
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 50)

    def no_reading(self, *args, **kwargs):
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(ValidationError, match="upload limit is 50 bytes"):
        files.read_upload(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ValidationError, match="file not found"):
        files.read_upload(tmp_path / "nope.csv")


@pytest.mark.parametrize(("data", "kind"), [
    (b"a,b\n1,2\n", "csv"),
    (codecs.BOM_UTF8 + b'{"type": "FeatureCollection"}', "geojson"),
    (b"  [1, 2]", "geojson"),
    (b"SQLite format 3\x00" + bytes(100), "gpkg"),
], ids=["csv", "geojson-bom", "json-array", "gpkg"])
def test_sniff_kinds(data, kind):
    assert files.sniff("x", data) == kind


def test_sniff_tells_xlsx_from_a_plain_zip(tmp_path):
    xlsx = write_xlsx(tmp_path / "renamed.csv", {"S": [["a"], [1]]})
    assert files.sniff("renamed.csv", xlsx.read_bytes()) == "xlsx"
    plain = write_zip(tmp_path / "a.zip", {"a.shp": b"x"})
    assert files.sniff("a.zip", plain.read_bytes()) == "zip"


@pytest.mark.parametrize(("encoding", "label"), [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"),
                                                 ("cp1256", "Windows-1256")])
def test_decode_accepted_encodings(encoding, label):
    text = "name,name_ar\r\nSebha,سبها\r\nTripoli,طرابلس\r\n"
    assert files.decode_text("x.csv", text.encode(encoding)) == (text, label)


@pytest.mark.parametrize("data", [
    "a,b\r\nSebha,سبها\r\n".encode("utf-16"),
    "a,b\r\nSebha,سبها\r\n".encode("utf-32"),
    "a,b\r\nMünchen,Zürich\r\n".encode("latin-1"),
    bytes(range(128, 256)),
    b"a,b\x01\x02\r\n",
], ids=["utf-16", "utf-32", "latin-1", "high-bytes", "control-chars"])
def test_decode_refuses_other_encodings(data):
    with pytest.raises(ValidationError, match=r"UTF|control characters"):
        files.decode_text("x.csv", data)


def test_zip_with_traversal_extracts_nothing(tmp_path):
    data = write_zip(tmp_path / "evil.zip", {"ok.txt": b"fine", "../../evil.txt": b"bad"}).read_bytes()
    dest = tmp_path / "deep" / "dest"
    dest.mkdir(parents=True)
    with pytest.raises(ValidationError, match="climbs out"):
        files.extract_zip("evil.zip", data, dest)
    assert not any(dest.iterdir())
    assert not (tmp_path / "evil.txt").exists()


def test_zip_with_symlink_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("a.shp")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(ValidationError, match="symbolic link"):
        files.check_zip("link.zip", path.read_bytes())


def test_safe_zip_extracts_into_the_given_directory(tmp_path):
    data = write_zip(tmp_path / "ok.zip", {"dir/a.txt": b"A", "b.txt": b"B"}).read_bytes()
    out = files.extract_zip("ok.zip", data, tmp_path / "dest")
    assert sorted(p.relative_to(tmp_path / "dest").as_posix() for p in out) == ["b.txt", "dir/a.txt"]


def test_semicolon_csv_and_header_detection(tmp_path):
    path = write_csv(tmp_path / "t.csv", [["Title"], [], ["a", "b", "c"], ["1", "2", "3"], [], ["4", "5", "6"]],
                     delimiter=";")
    book = tables.Book(files.read_upload(path))
    sheet = book.previews[0]
    _score, row, headers, hxl = tables.find_header(sheet, lambda h, x: float(sum(bool(c) for c in h) >= 3))
    assert (row, headers, hxl) == (3, ["a", "b", "c"], None)
    table = tables.table_at(sheet, row, hxl)
    assert table.row_numbers == [4, 6]  # blank rows skipped, file rows kept


def test_hxl_row_under_header(tmp_path):
    path = write_csv(tmp_path / "t.csv", [["Name", "Code"], ["#adm3+name", "#adm3 +code"], ["Derna", "LY010102"]])
    sheet = tables.Book(files.read_upload(path)).previews[0]
    _, row, _headers, hxl = tables.find_header(sheet, lambda h, x: 1.0 if x else 0.5)
    table = tables.table_at(sheet, row, hxl)
    assert table.hxl == ["#adm3+name", "#adm3 +code"] and table.row_numbers == [3]
    assert tables.parse_hxl("#adm3 +code") == ("#adm3", frozenset({"code"}))
    assert tables.parse_hxl("Name") is None


def test_norm():
    assert tables.norm("ADM 2 Mantika-Region (EN)") == "adm 2 mantika region en"
    assert tables.norm("  Baladiya_PCode ") == "baladiya pcode"
    assert tables.norm("الاسم") == "الاسم"
