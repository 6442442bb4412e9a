"""Spreadsheets and CSVs as tables: sheets, header rows, HXL hashtag rows, formulas.

Why a module of its own: the files coordinators upload are made for people,
not programs.  A DTM workbook has a title row above its header, a sheet name
with a trailing space, a Summary sheet beside the data; HDX exports put an HXL
hashtag row under the header; CSVs come with commas or semicolons.  This module
finds the header by *content* (the caller says what a good header looks like),
keeps every value as the file has it, and remembers which file row each data
row came from, so that every later message can say "row 7" and mean the row
the user sees.  It also finds formula cells, whose values openpyxl cannot
give (a workbook's cached results may be stale or absent), so they are refused
by sheet and cell.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
from openpyxl.utils import get_column_letter

from geo.importers.files import Upload, check_workbook, decode_text, fail
from geo.validation import Problem, ValidationError

HEADER_SCAN = 30  # rows searched for the header (titles and notes sit above it)
REPEATS = 20_000  # distinct values per column kept once (pcodes, rounds, dates); beyond, values are kept as read
PACK_ROWS = 50_000  # rows of a column of distinct texts packed into Arrow strings at a time (see _Column)
PACKED = pd.StringDtype("pyarrow", na_value=float("nan"))
DELIMITERS = (",", ";", "\t", "|")
HeaderScore = Callable[[list[str], list[str] | None], float]


def norm(text: object) -> str:
    """A header folded for matching: case, accents, punctuation and spacing ignored.

    ``"ADM 2 Mantika-Region (EN)"`` -> ``"adm 2 mantika region en"``;
    Arabic letters are kept.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    s = re.sub(r"[^\w]+", " ", s).replace("_", " ")
    return " ".join(s.split())


def cell_text(value: object) -> str:
    """A cell as a stripped string ("" for empty)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def parse_hxl(tag: str) -> tuple[str, frozenset[str]] | None:
    """``"#affected+idps+ind"`` -> ``("#affected", {"idps", "ind"})``; None if not a hashtag."""
    text = str(tag or "").strip().lower().replace(" ", "")
    if not re.fullmatch(r"#[a-z][a-z0-9_]*(\+[a-z0-9_]+)*", text):
        return None
    base, *attrs = text.split("+")
    return base, frozenset(attrs)


def is_hxl_row(values: list[object]) -> bool:
    """True when every non-empty cell of the row is an HXL hashtag (and there is one)."""
    texts = [cell_text(v) for v in values]
    filled = [t for t in texts if t]
    return bool(filled) and all(parse_hxl(t) is not None for t in filled)


@dataclass
class Sheet:
    """One sheet of a workbook, or a whole CSV, as raw rows (index 0 = file row 1)."""

    file: str
    title: str | None  # the sheet name exactly as in the workbook; None for CSV
    rows: list[list[object]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based -> formula
    complete: bool = True  # False for a preview of the first rows only
    # A CSV keeps only its first rows in ``rows``; ``stream`` reads every row again, one at a time, so a
    # 50 MB file is never held as a list of 200,000 lists of cells (``all_rows``).
    stream: Callable[[], Iterator[list[object]]] | None = None

    def all_rows(self) -> Iterator[list[object]]:
        """Every row of the sheet, from file row 1 (streamed for a CSV)."""
        return self.stream() if self.stream is not None else iter(self.rows)

    @property
    def source(self) -> str:
        """How messages name this table: the file, and the sheet for workbooks."""
        return self.file if self.title is None else f"{self.file}, sheet {self.title.strip()!r}"

    def cell_name(self, row: int, col: int) -> str:
        """``"Sheet 'Summary', cell B3"`` (1-based row and column), or ``"cell B3"`` for a CSV."""
        where = f"cell {get_column_letter(col)}{row}"
        return where if self.title is None else f"Sheet {self.title.strip()!r}, {where}"

    def value(self, row: int, col: int) -> object:
        """The value at 1-based ``row``/``col`` (None outside the data)."""
        if row - 1 < len(self.rows) and col - 1 < len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return None

    def formula_problems(self, rows: range | None = None, cols: dict[int, str] | None = None) -> list[Problem]:
        """One problem per formula cell within ``rows`` and ``cols`` (column number -> header)."""
        out = []
        for (r, c), text in sorted(self.formulas.items()):
            if (rows is None or r in rows) and (cols is None or c in cols):
                out.append(Problem(f"{self.cell_name(r, c)} contains a formula ({text[:40]}), not a value", r,
                                   None if cols is None else cols[c],
                                   "replace formulas by their values (copy, then Paste special → Values) "
                                   "and save again"))
        return out


@dataclass
class Table:
    """A sheet's data below its header: raw values, file row numbers, header and HXL tags."""

    sheet: Sheet
    header_row: int  # 1-based file row of the header (of the hashtag row when that is the only header)
    headers: list[str]  # as written in the file (stripped), made unique
    hxl: list[str] | None  # the hashtag of each column ("" where none), None without an HXL row
    frame: pd.DataFrame  # one column per header, raw cell values (objects; long text columns packed)
    row_numbers: list[int]  # file row of each frame row

    @property
    def source(self) -> str:
        return self.sheet.source

    def formula_problems(self, used: set[str] | None = None) -> list[Problem]:
        """Formula cells in this table's data rows, in the ``used`` columns (default: all).

        Why only used columns: a computed column the atlas ignores (a share, a
        check sum) must not block an import; a formula where a value is read must.
        """
        cols = {i: h for i, h in enumerate(self.headers, start=1) if used is None or h in used}
        return self.sheet.formula_problems(range(self.header_row, len(self.sheet.rows) + 1), cols)


# --- reading ----------------------------------------------------------------------

class Workbook:
    """An XLSX upload, read lazily: previews for detection, one full sheet for import.

    Why lazy: published DTM workbooks carry large sheets (nationalities,
    muhalla) that an import of the baladiya sheet never needs.
    """

    def __init__(self, upload: Upload):
        from openpyxl import load_workbook

        self.name = upload.name
        check_workbook(upload.name, upload.data)
        try:
            # data_only=False: a formula cell yields its formula, so it can be refused by cell.
            self._wb = load_workbook(io.BytesIO(upload.data), read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise _unreadable(self.name, "the workbook cannot be opened", exc) from None
        self.titles = list(self._wb.sheetnames)

    def close(self) -> None:
        self._wb.close()

    def sheet(self, title: str, max_row: int | None = None) -> Sheet:
        """The sheet ``title``; only its first ``max_row`` rows when given."""
        ws = self._wb[title]
        ws.reset_dimensions()  # some writers record wrong dimensions; read what is there
        rows: list[list[object]] = []
        formulas: dict[tuple[int, int], str] = {}
        try:
            for r, cells in enumerate(ws.iter_rows(max_row=max_row), start=1):
                values = []
                for c, cell in enumerate(cells, start=1):
                    value = cell.value
                    if cell.data_type == "f":
                        formulas[(r, c)] = str(getattr(value, "text", value))
                    values.append(value)
                rows.append(values)
        except Exception as exc:  # read lazily: a damaged part (bad CRC), forbidden XML entities, bad XML...
            raise _unreadable(self.name, f"sheet {title.strip()!r} of the workbook cannot be read", exc) from None
        return Sheet(self.name, title, rows, formulas, complete=max_row is None or len(rows) < max_row)

    def previews(self, max_row: int = HEADER_SCAN) -> list[Sheet]:
        return [self.sheet(t, max_row) for t in self.titles]


def _unreadable(name: str, what: str, exc: Exception) -> ValidationError:
    """A clear message for a workbook openpyxl cannot read: damaged zip, entity bomb, bad XML."""
    chain = [exc]
    while (nxt := chain[-1].__cause__ or chain[-1].__context__) is not None and len(chain) < 10:
        chain.append(nxt)  # openpyxl wraps the parser's error in a ValueError
    cause = next((e for e in chain if isinstance(e, zipfile.BadZipFile | zlib.error | EOFError)
                  or type(e).__module__.startswith("defusedxml")), exc)
    detail = f"{type(cause).__name__}: {str(cause)[:200]}"
    if isinstance(cause, zipfile.BadZipFile | zlib.error | EOFError):
        what = f"{what}: the file is damaged"
    elif type(cause).__module__.startswith("defusedxml"):
        what = f"{what}: its XML declares entities (possible entity bomb or external entity), which are refused"
    return fail(name, f"{what} ({detail})", "open it in Excel or LibreOffice and save it again as .xlsx")


class Book:
    """An upload's tables: the one sheet of a CSV, or a workbook's sheets (previews until loaded)."""

    def __init__(self, upload: Upload):
        self.upload = upload
        self._workbook: Workbook | None = None
        self.encoding: str | None = None
        if upload.kind == "xlsx":
            self._workbook = Workbook(upload)
            self.previews = self._workbook.previews()
        else:
            sheet, self.encoding = read_csv(upload)
            self.previews = [sheet]

    def load(self, preview: Sheet) -> Sheet:
        """The complete sheet behind ``preview``."""
        if preview.complete or self._workbook is None:
            return preview  # complete, or a CSV whose rows ``table_at`` streams
        return self._workbook.sheet(preview.title)

    def others(self, preview: Sheet) -> list[Sheet]:
        """The previews of every other sheet (where Summary facts such as the period live)."""
        return [s for s in self.previews if s is not preview]

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()


def best_header(book: Book, score: HeaderScore, prefer: Callable[[Sheet], bool] = lambda s: False
                ) -> tuple[float, Sheet | None, int, list[str], list[str] | None]:
    """The best header over every sheet: (score, sheet preview, row, headers, hxl); ties go to
    sheets ``prefer`` likes, then to the first sheet."""
    best: tuple[float, Sheet | None, int, list[str], list[str] | None] = (0.0, None, 0, [], None)
    best_key = (0.0, False)
    for sheet in book.previews:
        s, row, headers, hxl = find_header(sheet, score)
        key = (s, prefer(sheet))
        if s > 0 and key > best_key:
            best, best_key = (s, sheet, row, headers, hxl), key
    return best


def above(sheet: Sheet, row: int) -> Sheet:
    """The rows of ``sheet`` above ``row`` (titles and notes over a header) as a sheet of their own."""
    return Sheet(sheet.file, sheet.title, sheet.rows[:row - 1], sheet.formulas, complete=True)


def relabel(problems: list[Problem], names: dict[str, str | None]) -> list[Problem]:
    """Problems re-pointed from registry column names to the headers the user sees in the file."""
    return [dataclasses.replace(p, column=names.get(p.column) or p.column) if p.column else p for p in problems]


def unique_cells(problems: list[Problem]) -> list[Problem]:
    """The first problem per cell (row and column): a formula cell is reported once, as a formula,
    not again as "not a whole number"."""
    seen: set[tuple[int, str]] = set()
    out = []
    for p in problems:
        if p.row is not None and p.column:
            if (p.row, p.column) in seen:
                continue
            seen.add((p.row, p.column))
        out.append(p)
    return out


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
CODECS = {"UTF-8": "utf-8", "UTF-8 with BOM": "utf-8-sig", "Windows-1256": "cp1256"}


def _split(text: str, delimiter: str) -> list[list[str]]:
    # Lines handed over one at a time (a quoted line break still joins its cell): ``io.StringIO(text)``
    # would hold a 4-bytes-per-character copy of the whole text.
    return list(csv.reader((m.group(0) for m in _LINE.finditer(text)), delimiter=delimiter))


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent columns."""
    sample = "\n".join(text.splitlines()[:HEADER_SCAN])
    best, best_score = ",", -1.0
    for d in DELIMITERS:
        widths = [len(r) for r in _split(sample, d) if any(c.strip() for c in r)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = widths.count(common) * (common > 1) + (common > 1) * common / 100
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv(upload: Upload) -> tuple[Sheet, str]:
    """A CSV upload as one sheet of strings (its first rows, the rest streamed), and its encoding.

    Why streamed: the whole file is decoded once here to check its encoding, then
    dropped; ``Sheet.all_rows`` reads, decodes and splits the file again line by line,
    so what stays in memory is the cells the importer keeps."""
    text, encoding = decode_text(upload.name, upload.data)
    head = text[:1 << 16]
    del text  # 50 MB of characters for a file at the upload limit
    lines = head[:256].splitlines()  # only the first line is looked at
    hinted = bool(lines) and re.fullmatch(r"sep=.", lines[0].strip()) is not None  # Excel's "sep=;" hint line
    delimiter = lines[0].strip()[4] if hinted else _delimiter(head)
    path, codec = upload.path, CODECS[encoding]

    def stream() -> Iterator[list[object]]:
        with open(path, "rb") as raw:
            reader = csv.reader(io.TextIOWrapper(raw, encoding=codec, newline=""), delimiter=delimiter)
            try:
                for i, row in enumerate(reader):
                    yield [] if hinted and i == 0 else row
            except csv.Error as exc:
                raise fail(upload.name, f"the CSV cannot be parsed ({exc})", "check for unbalanced quotes") from None

    preview = []
    for row in stream():
        preview.append(row)
        if len(preview) > HEADER_SCAN + 1:  # the header scan looks one row below its last candidate
            break
    complete = len(preview) <= HEADER_SCAN + 1
    return Sheet(upload.name, None, preview, complete=complete, stream=None if complete else stream), encoding


# --- header detection ---------------------------------------------------------------

def _texts(row: list[object]) -> list[str]:
    return [cell_text(v) for v in row]


def candidates(sheet: Sheet) -> Iterator[tuple[int, list[str], list[str] | None]]:
    """Each plausible header among the first rows: (1-based row, header texts, HXL tags or None)."""
    rows = sheet.rows
    for i in range(min(len(rows), HEADER_SCAN)):
        texts = _texts(rows[i])
        if not any(texts) or is_hxl_row(rows[i]):
            # An HXL row alone (no text header above it) is its own header.
            if any(texts) and (i == 0 or not any(_texts(rows[i - 1]))):
                yield i + 1, texts, texts
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else []
        hxl = _texts(nxt) if is_hxl_row(nxt) else None
        yield i + 1, texts, hxl


def find_header(sheet: Sheet, score: HeaderScore) -> tuple[float, int, list[str], list[str] | None]:
    """The best-scoring header row of ``sheet``: (score, row, headers, hxl); score 0 if none."""
    best = (0.0, 0, [], None)
    for row, texts, hxl in candidates(sheet):
        s = score(texts, hxl)
        if s > best[0]:
            best = (s, row, texts, hxl)
    return best


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headers, start=1):
        h = h or f"column {get_column_letter(i)}"
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        out.append(h)
    return out


def table_at(sheet: Sheet, header_row: int, hxl: list[str] | None,
             used: Callable[[list[str], list[str] | None], set[str]] | None = None) -> Table:
    """The data under ``header_row`` (and its HXL row): blank rows skipped, file rows kept.

    ``used(headers, hxl)`` names the columns the importer reads: only those are
    kept in ``Table.frame`` (the headers stay complete for messages), so a wide
    file's other columns cost no memory.  A value repeated down a column (a
    pcode, a round, a date) is kept once."""
    texts = _texts(sheet.rows[header_row - 1])
    hxl_is_header = hxl is not None and is_hxl_row(sheet.rows[header_row - 1])
    width = len(texts)
    while width and not texts[width - 1] and not (hxl and width <= len(hxl) and hxl[width - 1]):
        width -= 1
    headers = _unique(texts[:width])
    tags = None if hxl is None else [*hxl[:width], *[""] * max(0, width - len(hxl))]
    start = header_row + (1 if hxl is None or hxl_is_header else 2)  # 1-based first data row
    wanted = set(headers) if used is None else used(headers, tags)
    kept = [c for c, h in enumerate(headers) if h in wanted]
    columns = {c: _Column() for c in kept}
    numbers = []
    for r, row in enumerate(sheet.all_rows(), start=1):
        if r < start:
            continue
        cells = [row[c] if c < len(row) else None for c in range(width)]
        if all(cell_text(v) == "" for v in cells):
            continue
        for c in kept:
            columns[c].add(cells[c])
        numbers.append(r)
    # Each column is finished and let go in turn; ``copy=False`` keeps the columns as made
    # (a consolidated frame would copy them all while they are still held).
    index = pd.RangeIndex(len(numbers))
    frame = pd.DataFrame({headers[c]: columns.pop(c).series(index) for c in kept}, copy=False)
    return Table(sheet, header_row, headers, tags, frame, numbers)


class _Column:
    """One kept column as it is read, held as compactly as its values allow.

    A text repeated down the column (a pcode, a round, a date) is kept once.  A
    column of mostly distinct texts (counts, coordinates: more than ``REPEATS``
    distinct values) is packed, ``PACK_ROWS`` rows at a time, into Arrow strings:
    about 12 bytes a cell instead of about 60 as a Python string, which is most
    of a 400,000-row import's memory.  Values other than text (numbers and dates
    from a workbook) are kept as they are, and a packed column meeting one is
    unpacked again."""

    def __init__(self) -> None:
        self.values: list[object] = []  # rows since the last pack
        self.once: dict[str, str] = {}
        self.packed: list[pa.Array] = []
        self.texts_only = True

    def add(self, value: object) -> None:
        if isinstance(value, str):
            if len(self.once) < REPEATS:
                value = self.once.setdefault(value, value)
        elif value is not None and self.texts_only:
            self.texts_only = False
            self.values = [*(v for chunk in self.packed for v in chunk.to_pylist()), *self.values]
            self.packed = []
        self.values.append(value)
        if len(self.values) >= PACK_ROWS and self.texts_only and len(self.once) >= REPEATS:
            self._pack()

    def _pack(self) -> None:
        self.packed.append(pa.array(self.values, type=pa.large_string()))
        self.values = []

    def series(self, index: pd.RangeIndex) -> pd.Series:
        """The finished column: object values, or the packed texts as a pandas string column
        (missing cells read as NaN, as ``cell_text`` and validation expect)."""
        if not self.packed:
            return pd.Series(self.values, dtype=object, index=index)
        if self.values:
            self._pack()
        return pd.Series(pa.chunked_array(self.packed, type=pa.large_string()), index=index, dtype=PACKED)


def date_text(value: object) -> str:
    """A cell that may hold a date, as text for messages."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return cell_text(value)


def raise_if(problems: list[Problem], source: str) -> None:
    """Raise ``ValidationError`` for ``source`` when there are problems."""
    if problems:
        raise ValidationError(problems, source=source)
