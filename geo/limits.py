"""The sizes the atlas supports, in one place, and the streamed counts that enforce them up front.

Why declared: a file far above what the pages and the importer were built for
used to take minutes and gigabytes before failing or, worse, succeeding and
leaving every page unusable.  These are the sizes the tests import and the
bench measures (tests/scale, bench/run.py); a file above them is refused
*before it is parsed*, with a message saying how big it is, what the limit is
and what to do, and the store stays as it was.

Counting never builds the table: CSV line breaks are counted in the raw
bytes (and only a file with too many lines is read record by record by a
streaming CSV reader), XLSX ``<row>`` elements and GeoJSON coordinate pairs in
chunks of the decompressed or raw bytes; the check costs a fraction of a
second and almost no memory even for a file at the upload limit.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

# Declared sizes (also in README, "Supported sizes").
ROUNDS = 100  # DTM rounds in the displacement dataset
BALADIYAS = 2_000  # baladiyas per round
DISPLACEMENT_ROWS = ROUNDS * BALADIYAS  # 200,000: the stored set the pages are measured with (bench "big")
# Rows one displacement file may hold: more than the stored set above, because issue 13's 49 MB DTM export has
# 409,543 rows and must import within IMPORT_MEMORY_MB.  Measured 2026-12-06 (tests/scale, the importing process's
# own peak, bench.peak_memory): 410,000 rows in a 49 MB file peak at 433 MB, 450,000 rows at 450 MB.  The limit stays
# at the file (the earlier figures of 486 and 506 MB were the test runner's memory, not the import's).
DISPLACEMENT_FILE_ROWS = 410_000
POINT_ROWS = 50_000  # rows of each point layer (sites, projects, flash updates)
BOUNDARY_VERTICES = 200_000  # vertices of an imported boundary set
# A point layer with more features than this is drawn as counts per grid cell of MAP_GRID_DEG degrees
# (components.layers.grid_layer): one symbol and tooltip per feature would be megabytes per slider step.
MAP_POINTS = 5_000
MAP_GRID_DEG = 0.5
# Peak resident memory of a process importing a 50 MB displacement CSV of DISPLACEMENT_FILE_ROWS rows
# (tests/scale), libraries included (about 185 MB before the file is opened): issue 13's budget.  What keeps it
# there: the CSV is parsed as a stream from the file, keeping only the columns the importer reads, each repeated
# value once and columns of distinct texts (counts, coordinates) packed as Arrow strings (geo.importers.tables);
# validation consumes the raw columns one at a time (geo.validation); the raw bytes are not held
# (geo.importers.files.Upload); the diff keys rows by integers (geo.changes); and the store's write-ahead log takes
# the transaction's pages as it goes instead of holding them until COMMIT (geo.store).
IMPORT_MEMORY_MB = 500
WRITE_CHUNK_ROWS = 10_000  # rows serialised and inserted per batch (bounds the importer's extra memory)

READ_CHUNK = 1 << 20
_VERTEX = re.compile(rb"\[\s*[-+]?(?:\d|\.\d)")  # the opening of an innermost [x, y] pair


def max_rows(dataset: str | None) -> int:
    """The most rows a file for ``dataset`` may hold (unknown dataset: the largest limit)."""
    if dataset in (None, "displacement"):
        return DISPLACEMENT_FILE_ROWS
    return POINT_ROWS


@dataclass(frozen=True)
class TooBig:
    """Why a file is refused: what was counted, and the limit."""

    what: str  # "rows" or "vertices"
    counted: int
    limit: int
    where: str  # "" or "sheet 'Baladiya Main'"

    def message(self) -> str:
        where = f" in {self.where}" if self.where else ""
        return (f"the file has {self.counted:,} {self.what}{where}; the "
                f"atlas supports up to {self.limit:,} {self.what} for this kind of file (see README, Supported sizes)")

    def fix(self) -> str:
        if self.what == "vertices":
            return "simplify the boundaries (e.g. 100 m tolerance in QGIS or mapshaper) and export them again"
        return "split the file (e.g. one DTM round or one year per file) and import the parts one after the other"


def count_text_lines(data: bytes) -> int:
    """Lines of a text file (an upper bound on its CSV rows, header included)."""
    return data.count(b"\n") + (not data.endswith(b"\n"))


def count_csv_rows(data: bytes) -> int:
    """Data rows of a CSV, streamed: non-blank records (a quoted line break stays inside its cell),
    minus the header and an HXL hashtag row under it."""
    import csv

    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", newline="")
    sample = text.read(65536)
    delimiter = max((",", ";", "\t", "|"), key=sample.count)
    text.seek(0)
    rows = 0
    for row in csv.reader(text, delimiter=delimiter):
        filled = [c.strip() for c in row if c.strip()]
        if not filled:
            continue
        if rows == 1 and all(c.startswith("#") for c in filled):
            continue  # the HXL row
        rows += 1
    return max(rows - 1, 0)


def xlsx_sheet_rows(data: bytes) -> dict[str, int]:
    """Rows per worksheet of a workbook, counted from the streamed sheet XML (names as in the workbook)."""
    out: dict[str, int] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = _sheet_names(zf)
        for member in zf.namelist():
            if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                continue
            count, tail = 0, b""
            with zf.open(member) as f:
                while chunk := f.read(READ_CHUNK):
                    block = tail + chunk
                    count += block.count(b"<row ") + block.count(b"<row>")
                    tail = block[-5:]
                    count -= tail.count(b"<row ") + tail.count(b"<row>")  # counted again with the next chunk
            count += tail.count(b"<row ") + tail.count(b"<row>")
            out[names.get(member, member.rsplit("/", 1)[-1])] = count
    return out


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member -> sheet title (best effort: falls back to the member name)."""
    try:
        book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for title, rid in re.findall(r'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]+)"', book):
        target = targets.get(rid, "").lstrip("/")
        out[target if target.startswith("xl/") else f"xl/{target}"] = title
    return out


def count_vertices(data: bytes) -> int:
    """Coordinate pairs in GeoJSON text, streamed (each ``[x, y`` opening one pair)."""
    count, tail = 0, b""
    stream = io.BytesIO(data)
    while chunk := stream.read(READ_CHUNK):
        block = tail + chunk
        cut = max(0, len(block) - 32)  # a pair starting in the last bytes is counted with the next chunk
        count += sum(1 for m in _VERTEX.finditer(block) if m.start() < cut)
        tail = block[cut:]
    return count + len(_VERTEX.findall(tail))


def check_upload(kind: str, data: bytes, dataset: str | None) -> TooBig | None:
    """The reason ``data`` (of ``kind``) is above the declared sizes, or None.

    ``dataset`` None (to be detected): only the largest table limit applies
    here; the importer checks again with the detected dataset's limit."""
    if kind == "csv":
        limit = max_rows(dataset)
        if count_text_lines(data) > limit and (rows := count_csv_rows(data)) > limit:  # lines >= rows + header
            return TooBig("rows", rows, limit, "")
        return None
    if kind == "xlsx":
        limit = max_rows(dataset)
        try:
            sheets = xlsx_sheet_rows(data)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
            return None  # a damaged workbook: the reader names the damage
        for title, rows in sheets.items():
            if rows > limit + 40:  # title rows, header and HXL rows above the data
                return TooBig("rows", rows, limit, f"sheet {title!r}")
        return None
    if kind == "geojson":
        vertices = count_vertices(data)
        if vertices > BOUNDARY_VERTICES:
            return TooBig("vertices", vertices, BOUNDARY_VERTICES, "")
    return None


def check_rows(dataset: str, rows: int) -> TooBig | None:
    """After detection: the detected dataset's own row limit."""
    limit = max_rows(dataset)
    return TooBig("rows", rows, limit, "") if rows > limit else None


def check_vertices(vertices: int) -> TooBig | None:
    """Boundaries read from a shapefile or GeoPackage (counted after reading; these are small formats)."""
    return TooBig("vertices", vertices, BOUNDARY_VERTICES, "") if vertices > BOUNDARY_VERTICES else None
