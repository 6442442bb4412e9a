"""Reading an uploaded file safely: size, kind, text encoding, zip archives.

Why a module of its own: every importer starts from bytes a coordinator chose,
and the checks that protect the server and give a clear answer for the wrong
file are the same whatever the dataset:

- the size is checked from the file system *before* a byte is read;
- the kind is sniffed from magic bytes, not trusted from the extension (a PDF
  renamed ``.csv`` must be named as a PDF, not parsed as gibberish);
- text is UTF-8 (with or without BOM) or Windows-1256 Arabic, the two ways
  Excel saves Arabic CSVs; anything else is refused with the reason, never
  decoded into mojibake that would then be stored;
- zip archives are judged from their declared sizes and names before anything
  is extracted, and are only ever extracted into a fresh temporary directory.

Every failure is a ``geo.validation.ValidationError`` naming the file.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from geo import settings
from geo.validation import Problem, ValidationError

Kind = Literal["csv", "xlsx", "geojson", "zip", "gpkg"]

# Declared uncompressed size over compressed size beyond which a zip is a bomb.
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 1000
# Workbooks are zips of XML, which compresses far better than shapefiles: a
# higher ratio is normal, and the parts may unpack to a few times the upload
# limit; beyond these a workbook is treated as a bomb before openpyxl opens it.
MAX_XLSX_RATIO = 250
MAX_XLSX_UNPACKED_FACTOR = 4
SAVE_AS_UTF8 = "save the file again as 'CSV UTF-8 (comma delimited)'"

# Magic bytes of files people upload by mistake, with a human name.
FOREIGN = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Excel 97-2003 (.xls) or Office file"),
    (b"{\\rtf", "a rich-text (RTF) document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x00\x00\x27\x0a", "a bare shapefile (.shp) without its .shx, .dbf and .prj"),
)
FOREIGN_FIX = {
    "an old-style Excel 97-2003 (.xls) or Office file": "open it in Excel and save it as .xlsx (Excel Workbook)",
    "a bare shapefile (.shp) without its .shx, .dbf and .prj": "zip the .shp together with its .shx, .dbf and "
                                                             ".prj files and upload the .zip",
}


@dataclass(frozen=True)
class Upload:
    """A file that passed the size and kind checks.

    Why its bytes are not held: a 50 MB CSV's bytes would stay in memory beside
    every row parsed from them (issue 13's import budget is 500 MB), so each
    reader reads the file again (``data``, or a stream of its own); the digest
    is taken once, from the bytes that were checked."""

    path: Path
    name: str
    kind: Kind
    digest: str

    @property
    def data(self) -> bytes:
        """The file's bytes, read on each use and dropped by the caller."""
        return self.path.read_bytes()

    def sha256(self) -> str:
        """The file's SHA-256, which the store records for every version."""
        return self.digest


def fail(source: str, message: str, fix: str | None = None, *, row: int | None = None,
         column: str | None = None) -> ValidationError:
    """A one-problem ``ValidationError`` (for the caller to raise)."""
    return ValidationError([Problem(message, row, column, fix)], source=source)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def check_size(path: Path) -> int:
    """The file's size, refused if over ``settings.MAX_UPLOAD_BYTES`` or empty.

    Why from ``stat`` first: an oversized upload must be refused without
    reading it into memory.
    """
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(name, f"file not found: {path}", "check the path") from None
    if not path.is_file():
        raise fail(name, f"{path} is not a file", "give the path of a single file (zip a folder first)")
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise fail(name, f"the file is {_mb(size)}; the upload limit is {_mb(limit)}",
                   "split the file (e.g. one DTM round per file) or ask an administrator to raise "
                   "ATLAS_MAX_UPLOAD_MB")
    if size == 0:
        raise fail(name, "the file is empty (0 bytes)", "export the data again; the upload may have been cut off")
    return size


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def sniff(name: str, data: bytes) -> Kind:
    """What the bytes are, judged by their content (the extension only breaks ties).

    Raises for empty files, foreign formats (PDF, images, .xls...), zip-based
    Office files that are not workbooks, and UTF-16/32 text.
    """
    if not data:
        raise fail(name, "the file is empty (0 bytes)", "export the data again; the upload may have been cut off")
    for magic, what in FOREIGN:
        if data.startswith(magic):
            raise fail(name, f"the file is {what}, not a CSV, XLSX, GeoJSON, GeoPackage or zipped shapefile",
                       FOREIGN_FIX.get(what, "upload the data file itself (CSV or XLSX for tables; GeoJSON, "
                                             "GeoPackage or zipped shapefile for boundaries)"))
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if _is_xlsx(data):
            return "xlsx"
        if data.startswith(b"PK\x03\x04") and b"word/" in data[:2000]:
            raise fail(name, "the file is a Word document, not a table", "save the table as .xlsx or .csv")
        if name.lower().endswith((".xlsx", ".xlsm")):
            raise fail(name, "the file is not a readable Excel workbook (damaged, or another kind of zip file)",
                       "open it in Excel or LibreOffice and save it again as .xlsx")
        return "zip"
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    _refuse_wide_unicode(name, data)
    head = data[:4096].lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith((b"{", b"[")):
        return "geojson"
    return "csv"


def _refuse_wide_unicode(name: str, data: bytes) -> None:
    for bom, label in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                       (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise fail(name, f"the file is {label} encoded text; only UTF-8 and Windows-1256 (Arabic) are read",
                       SAVE_AS_UTF8)
    sample = data[:4096]
    nuls = sample.count(0)
    if nuls:
        # Every other byte NUL is UTF-16 without a BOM; scattered NULs are binary.
        if nuls >= len(sample) // 3 and (sample[1::2].count(0) > len(sample) // 3 or
                                         sample[0::2].count(0) > len(sample) // 3):
            raise fail(name, "the file looks like UTF-16 encoded text (NUL bytes between the letters); "
                             "only UTF-8 and Windows-1256 (Arabic) are read", SAVE_AS_UTF8)
        raise fail(name, "the file contains binary data (NUL bytes), not text: it is not a CSV file",
                   "upload the CSV or XLSX export of the data")


def read_upload(path: Path) -> Upload:
    """Check size, read the bytes, and sniff the kind."""
    path = Path(path)
    check_size(path)
    data = path.read_bytes()
    return Upload(path, path.name, sniff(path.name, data), hashlib.sha256(data).hexdigest())


# --- text encoding ------------------------------------------------------------

def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc"


def _bad_controls(text: str) -> int:
    return sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n") or 0x7f <= ord(ch) < 0xa0)


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for a text upload: UTF-8 (BOM or not) or Windows-1256.

    Why only these: they are what Excel and LibreOffice write for Arabic CSVs.
    Windows-1256 maps almost every byte to *some* character, so it is only
    accepted when the decoded non-ASCII text is mostly Arabic letters;
    otherwise the file is refused rather than stored as mojibake.
    """
    _refuse_wide_unicode(name, data)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise _decode_error(name, data, exc, "starts with a UTF-8 byte-order mark but is not valid UTF-8") \
                from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    else:
        if _bad_controls(text):
            raise fail(name, "the file contains control characters: it is not a text (CSV) file",
                       "upload the CSV or XLSX export of the data")
        return text, "UTF-8"
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _bad_controls(text):
        non_ascii = [ch for ch in text if ord(ch) > 127]
        arabic = sum(1 for ch in non_ascii if _is_arabic(ch))
        if non_ascii and arabic / len(non_ascii) >= 0.6:
            return text, "Windows-1256"
    raise _decode_error(name, data, first_error, "is neither UTF-8 nor Windows-1256 (Arabic) text")


def _decode_error(name: str, data: bytes, exc: UnicodeDecodeError, what: str) -> ValidationError:
    line = data[:exc.start].count(b"\n") + 1
    byte = data[exc.start]
    return fail(name, f"the file {what}: byte 0x{byte:02X} on line {line} cannot be read as UTF-8",
                SAVE_AS_UTF8, row=line)


# --- zip archives -------------------------------------------------------------

def _unsafe_name(member: str) -> str | None:
    if "\x00" in member:
        return "contains a NUL character"
    if member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":"):
        return "is an absolute path"
    parts = PurePosixPath(member.replace("\\", "/")).parts
    if ".." in parts:
        return "climbs out of the archive ('..')"
    return None


def check_zip(name: str, data: bytes) -> list[zipfile.ZipInfo]:
    """The archive's file entries, after refusing traversal, links and bombs.

    Why from the central directory: declared sizes and names can be judged
    before a single byte is decompressed; ``extract_zip`` then also stops if
    a member turns out larger than it declared.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise fail(name, f"the zip archive is damaged ({exc})", "create the zip again") from None
    with zf:
        infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise fail(name, f"the zip archive holds {len(infos):,} entries (limit {MAX_ZIP_MEMBERS})",
                   "zip only the files of one dataset")
    problems = []
    for info in infos:
        why = _unsafe_name(info.filename)
        if why is None and stat.S_ISLNK(info.external_attr >> 16):
            why = "is a symbolic link"
        if why:
            problems.append(Problem(f"zip entry {info.filename!r} {why}; nothing was extracted",
                                    fix="zip the files themselves, without folders above them or links"))
        if info.flag_bits & 0x1:
            problems.append(Problem(f"zip entry {info.filename!r} is encrypted",
                                    fix="zip the files without a password"))
    if problems:
        raise ValidationError(problems, source=name)
    files = [i for i in infos if not i.is_dir()]
    _refuse_bomb(name, "the zip archive", files, limit=settings.MAX_UPLOAD_BYTES, max_ratio=MAX_ZIP_RATIO,
                 ratio_from=64 * 1024, nothing="extracted",
                 fixes=("upload a smaller archive", "upload the files without extreme compression"))
    return files


def _refuse_bomb(name: str, what: str, infos: list[zipfile.ZipInfo], *, limit: int, max_ratio: int,
                 ratio_from: int, nothing: str, fixes: tuple[str, str]) -> None:
    """Refuse an archive (or workbook) whose declared sizes unpack above ``limit`` bytes, or more than
    ``max_ratio`` times its packed size once above ``ratio_from`` bytes: judged before any byte is inflated."""
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limit:
        raise fail(name, f"{what} would unpack to {_mb(total)}; the limit is {_mb(limit)} (possible zip bomb); "
                         f"nothing was {nothing}", fixes[0])
    ratio = total / max(packed, 1)
    if total > ratio_from and ratio > max_ratio:
        raise fail(name, f"{what} would unpack to {ratio:,.0f} times its size (limit {max_ratio}:1; possible zip "
                         f"bomb); nothing was {nothing}", fixes[1])


def check_workbook(name: str, data: bytes) -> None:
    """Refuse an XLSX whose parts would unpack to a bomb, judged from the central directory.

    Why before openpyxl: it decompresses and parses each part it needs; a
    workbook of a few kB that inflates to gigabytes of XML must be stopped
    before that.  (Entity-expansion bombs inside the XML are stopped by
    ``defusedxml``, which openpyxl uses when it is installed.)
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise fail(name, f"the workbook is damaged ({exc})", "open it in Excel or LibreOffice and save it again "
                   "as .xlsx") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise fail(name, f"the workbook holds {len(infos):,} parts (limit {MAX_ZIP_MEMBERS}); possible zip bomb",
                   "save it again as .xlsx from Excel or LibreOffice")
    _refuse_bomb(name, "the workbook", infos, limit=settings.MAX_UPLOAD_BYTES * MAX_XLSX_UNPACKED_FACTOR,
                 max_ratio=MAX_XLSX_RATIO, ratio_from=1024 * 1024, nothing="read",
                 fixes=("split the workbook (e.g. one DTM round per file)",
                        "save it again as .xlsx from Excel or LibreOffice"))


def extract_zip(name: str, data: bytes, dest: Path) -> list[Path]:
    """Extract a checked archive into ``dest`` (a fresh temporary directory).

    Members are streamed with a byte budget equal to their declared size, so an
    archive that lies about its sizes is stopped, not trusted.
    """
    files = check_zip(name, data)
    dest = Path(dest).resolve()
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in files:
            target = (dest / info.filename.replace("\\", "/")).resolve()
            if dest not in target.parents:
                raise fail(name, f"zip entry {info.filename!r} would be written outside the archive folder",
                           "zip the files themselves, without folders above them")
            target.parent.mkdir(parents=True, exist_ok=True)
            budget = info.file_size
            try:
                with zf.open(info) as src, open(target, "wb") as dst:
                    while chunk := src.read(1 << 16):
                        budget -= len(chunk)
                        if budget < 0:
                            raise fail(name, f"zip entry {info.filename!r} is larger than it declares "
                                             "(possible zip bomb)", "create the zip again")
                        dst.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # bad CRC, truncated or corrupt data
                raise fail(name, f"the zip archive is damaged: entry {info.filename!r} cannot be read ({exc})",
                           "create the zip again") from None
            out.append(target)
    return out
