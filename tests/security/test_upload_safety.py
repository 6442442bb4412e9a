"""Uploads are size-limited and parsed safely: archive traversal, archive bombs,
damaged archives (bad CRC) and XML entity bombs inside a workbook all get a
message naming the file and the problem, never a traceback, and the store's
file (SHA-256) and dataset versions stay exactly as they were.

Routes: ``ingest.import_file`` (the command line's ``import``) and
``ingest.plan_upload`` (the Data page) both end in ``geo.importers.prepare``.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from importers.builders import (
    assert_rejected,
    dtm_rows,
    fingerprint,
    squares,
    write_dtm_xlsx,
    write_shapefile_zip,
    write_zip,
)

from geo import ingest, settings
from geo.validation import ValidationError

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>\n")
XXE = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def rezip(path: Path, change: dict[str, bytes] | None = None, stored: bool = False) -> dict[str, zipfile.ZipInfo]:
    """Rewrite the archive at ``path`` with members replaced by ``change``; returns its entries."""
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members.update(change or {})
    write_zip(path, members, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as zf:
        return {i.filename: i for i in zf.infolist()}


def corrupt_member(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Change bytes inside a STORED member without updating its CRC-32: a damaged archive."""
    infos = rezip(path, stored=True)
    data = bytearray(path.read_bytes())
    info = infos[member]
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    at = data.index(old, start, start + info.compress_size)
    data[at:at + len(new)] = new
    path.write_bytes(bytes(data))


def dtm_xlsx(tmp: Path) -> Path:
    return write_dtm_xlsx(tmp / "dtm_r54.xlsx", dtm_rows(n=12))


def sheet_member(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    return sorted(names)[1]  # the "Baladiya Main" sheet (second sheet)


def xlsx_bad_crc(tmp: Path) -> Path:
    path = dtm_xlsx(tmp)
    member = sheet_member(path)
    with zipfile.ZipFile(path) as zf:
        text = zf.read(member)
    digit = text[text.index(b"<v>") + 3:text.index(b"<v>") + 4]
    corrupt_member(path, member, b"<v>" + digit, b"<v>" + (b"7" if digit != b"7" else b"8"))
    return path


def shapefile_bad_crc(tmp: Path) -> Path:
    path = write_shapefile_zip(tmp / "lby_adm2.zip", squares())
    with zipfile.ZipFile(path) as zf:
        dbf = zf.read("lby_adm2.dbf")
    corrupt_member(path, "lby_adm2.dbf", dbf[-40:-30], bytes(b ^ 1 for b in dbf[-40:-30]))
    return path


def xlsx_with_sheet_prefix(prefix: str) -> callable:
    def build(tmp: Path) -> Path:
        path = dtm_xlsx(tmp)
        member = sheet_member(path)
        with zipfile.ZipFile(path) as zf:
            text = zf.read(member).decode()
        body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
        root_end = body.index(">") + 1
        body = body[:root_end] + body[root_end:].replace("<v>", "<v>&lol9;", 1) if "lolz" in prefix else \
            body[:root_end] + body[root_end:].replace("<v>", "<v>&xxe;", 1)
        rezip(path, {member: (prefix + body).encode()})
        return path
    return build


def xlsx_workbook_bomb(tmp: Path) -> Path:
    """The entity bomb in xl/workbook.xml, which openpyxl parses when it opens the file."""
    path = dtm_xlsx(tmp)
    with zipfile.ZipFile(path) as zf:
        text = zf.read("xl/workbook.xml").decode()
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    rezip(path, {"xl/workbook.xml": (LAUGHS + body).encode()})
    return path


def xlsx_inflating(tmp: Path) -> Path:
    path = dtm_xlsx(tmp)
    rezip(path, {"xl/media/padding.bin": bytes(8 * 1024 * 1024)})
    return path


def xlsx_many_parts(tmp: Path) -> Path:
    path = dtm_xlsx(tmp)
    rezip(path, {f"xl/media/p{i}.bin": b"x" for i in range(1001)})
    return path


CASES = [
    ("zip-traversal-backslash", lambda tmp: write_zip(tmp / "evil.zip", {"..\\..\\evil.shp": b"x"}),
     ["evil.zip", "climbs out of the archive", "nothing was extracted"]),
    ("zip-traversal-nested", lambda tmp: write_zip(tmp / "evil.zip", {"a/../../evil.shp": b"x"}),
     ["climbs out of the archive"]),
    ("zip-absolute-windows", lambda tmp: write_zip(tmp / "evil.zip", {"C:/evil.shp": b"x"}),
     ["is an absolute path"]),
    ("zip-bomb-ratio", lambda tmp: write_zip(tmp / "bomb.zip", {"lby_adm2.shp": bytes(20 * 1024 * 1024)}),
     ["bomb.zip", "times its size", "possible zip bomb"]),
    ("zip-bomb-members", lambda tmp: write_zip(tmp / "many.zip", {f"f{i}.dbf": b"" for i in range(1001)}),
     ["many.zip", "1,001 entries"]),
    ("shapefile-zip-bad-crc", shapefile_bad_crc, ["lby_adm2.zip", "damaged", "CRC"]),
    ("xlsx-bad-crc", xlsx_bad_crc, ["dtm_r54.xlsx", "damaged", "CRC"]),
    ("xlsx-bomb-ratio", xlsx_inflating, ["dtm_r54.xlsx", "times its size", "possible zip bomb"]),
    ("xlsx-bomb-parts", xlsx_many_parts, ["dtm_r54.xlsx", "parts (limit 1000)"]),
    ("xlsx-billion-laughs-in-sheet", xlsx_with_sheet_prefix(LAUGHS), ["dtm_r54.xlsx", "declares entities"]),
    ("xlsx-billion-laughs-in-workbook", xlsx_workbook_bomb, ["dtm_r54.xlsx", "possible entity bomb"]),
    ("xlsx-external-entity", xlsx_with_sheet_prefix(XXE), ["dtm_r54.xlsx", "external entity"]),
    ("damaged-geopackage", lambda tmp: (tmp / "lby.gpkg").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
     and tmp / "lby.gpkg", ["lby.gpkg", "cannot be read"]),
    ("damaged-geojson", lambda tmp: (tmp / "lby.geojson").write_bytes(b'{"type": "FeatureCollection", "feat')
     and tmp / "lby.geojson", ["lby.geojson", "not valid JSON"]),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_archive_is_rejected_and_store_unchanged(build, expected, store, tmp_path):
    folder = tmp_path / "upload"
    folder.mkdir()
    text = assert_rejected(store, build(folder), expected)
    assert "Traceback" not in text and "root:" not in text and str(tmp_path) not in text
    assert tempfile.gettempdir() not in text  # no server path (importers work in private temp folders)


def test_openpyxl_parses_through_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML, "defusedxml (requirements.txt) must be installed: openpyxl then refuses entities"


def test_data_page_route_refuses_oversize_before_writing(store, monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 1000)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    before = fingerprint(store)
    with pytest.raises(ValidationError) as caught:
        ingest.plan_upload(store, "../../big.csv", b"a,b\n" + b"1,2\n" * 1000)
    assert "big.csv" in str(caught.value) and "upload limit" in str(caught.value)
    assert list(temp.iterdir()) == []  # nothing was written
    assert fingerprint(store) == before


def test_data_page_route_rejects_a_hostile_workbook(store, tmp_path):
    path = xlsx_workbook_bomb(tmp_path)
    before = fingerprint(store)
    with pytest.raises(ValidationError) as caught:
        ingest.plan_upload(store, path.name, path.read_bytes())
    assert "dtm_r54.xlsx" in str(caught.value)
    assert fingerprint(store) == before
