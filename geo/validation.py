"""Check a layer table against its registry entry, cell by cell.

Why: coordinators load files by hand, and a rejected file is only useful if the
message names the file, the row and the column and says how to fix it.  The
registry's ``Field`` declarations are the schema; this module turns a raw
table (strings from CSV/XLSX) into typed columns or a list of ``Problem``s.
Nothing is stored unless the list is empty (``geo.store`` enforces that).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from dataclasses import dataclass

import pandas as pd

from geo import admin
from geo.registry import Field, Layer

TRUE = {"true", "yes", "1", "y", "t"}
FALSE = {"false", "no", "0", "n", "f", ""}
# Libya's bounding box (with a small margin): used to catch swapped lat/lon.
LAT_RANGE = (19.4, 33.4)
LON_RANGE = (9.3, 25.2)
MAX_LISTED = 20
REPEATS = 20_000  # checked values remembered per column: rounds, dates and pcodes repeat, counts seldom do


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as possible."""

    message: str
    row: int | None = None  # 1-based row number as the user sees it in the file
    column: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = (", ".join(where) + ": " if where else "") + self.message
        return text + (f" Fix: {self.fix}" if self.fix else "")


class ValidationError(ValueError):
    """Raised when an input cannot be stored; carries every problem found."""

    def __init__(self, problems: list[Problem], source: str = "input"):
        self.problems = problems
        self.source = source
        shown = "\n".join(f"  - {p}" for p in problems[:MAX_LISTED])
        more = f"\n  … and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
        super().__init__(f"{source}: {len(problems)} problem(s)\n{shown}{more}")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and value.strip() == "") or value is pd.NaT


def _parse_int(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("is a true/false value, not a count")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value} is not a whole number")
        return int(value)
    text = str(value).strip().replace("\u00a0", "")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text))
    raise ValueError(f"{str(value)!r} is not a whole number")


def _parse_float(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("is a true/false value, not a number")
    try:
        out = float(str(value).strip().replace(",", ".")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise ValueError(f"{str(value)!r} is not a number") from None
    if math.isnan(out) or math.isinf(out):
        raise ValueError(f"{str(value)!r} is not a number")
    return out


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y-%m", "%d %b %Y", "%d %B %Y", "%b %Y", "%B %Y")


def _parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    text = str(value).strip()
    if "T" in text or (len(text) > 10 and text[10] == " "):
        text = text[:10]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{str(value)!r} is not a date")


def _parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"{str(value)!r} is not true/false")


def _parse_list(value: object) -> str:
    # Lists are stored as "a;b;c" so every backend keeps them as plain text.
    parts = [p.strip() for p in re.split(r"[;|]", str(value)) if p.strip()]
    return ";".join(parts)


PARSERS = {"int": _parse_int, "float": _parse_float, "date": _parse_date, "bool": _parse_bool,
           "list": _parse_list, "str": lambda v: str(v).strip()}
FORMULA = re.compile(r"^\s*[=+@]\s*[A-Za-z(]")


def _check_value(f: Field, value: object, today: dt.date) -> tuple[object, str | None, str | None]:
    """(typed value, problem message, fix) for one cell."""
    if isinstance(value, str) and FORMULA.match(value):
        return None, f"contains a formula ({value.strip()[:30]!r}), not a value", \
            "paste the values only (Paste special → Values) and save again"
    try:
        typed = PARSERS[f.dtype](value)
    except ValueError as exc:
        fix = {"int": "write a whole number of people, digits only",
               "date": "write dates as YYYY-MM-DD",
               "float": "write a decimal number with a dot",
               "bool": "write true or false"}.get(f.dtype)
        return None, str(exc), fix
    if f.choices is not None:
        match = next((c for c in f.choices if c.lower() == str(typed).lower()), None)
        if match is None:
            return None, f"{typed!r} is not one of: {', '.join(f.choices)}", "use one of the listed values"
        typed = match
    if f.dtype in ("int", "float"):
        if f.minimum is not None and typed < f.minimum:
            kind = "negative" if typed < 0 and f.minimum == 0 else f"below {f.minimum:g}"
            return None, f"{typed} is {kind}", "counts and measures cannot be below " + f"{f.minimum:g}"
        if f.maximum is not None and typed > f.maximum:
            return None, f"{typed:,} is implausibly large (limit {f.maximum:,.0f})", \
                "check for an extra digit or a total row pasted into the data"
    if f.dtype == "date" and typed > today:
        return None, f"{typed.isoformat()} is in the future", "check the year and the day/month order"
    return typed, None, None


def validate(frame: pd.DataFrame | dict[str, list], layer: Layer, *, row_numbers: list[int] | None = None,
             today: dt.date | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Type and check ``frame`` for ``layer``.

    ``row_numbers`` maps each row to the line the user sees in the source file
    (header rows included); default is 2.. as in a CSV with one header line.
    Returns the typed table (registry columns only, in registry order) and the
    problems; the table is only meaningful when the list is empty.

    ``frame`` may be a dict of equally long column lists, which is *consumed*:
    each column leaves the dict as it is typed, so a big import holds a column's
    texts or its typed values, not both for every column at once.
    """
    if isinstance(frame, dict):
        columns = frame
        length = len(next(iter(columns.values()), []))
    else:
        columns = {name: frame[name] for name in frame.columns}
        length = len(frame)
    today = today or dt.date.today()
    rows = row_numbers or list(range(2, length + 2))
    problems: list[Problem] = []
    missing = [c for c in layer.required if c not in columns]
    for col in missing:
        problems.append(Problem(f"required column {col!r} ({layer.field(col).label}) is missing",
                                column=col, fix=f"add a column named {col!r}"))
    if layer.requires_one_of and not any(v in columns for v in layer.requires_one_of):
        wanted = ", ".join(layer.requires_one_of)
        problems.append(Problem(f"no count column: the table needs at least one of {wanted}",
                                fix=f"add a column named one of: {wanted}"))
    if missing or problems:
        return pd.DataFrame(columns=list(columns)), problems
    if not length or not columns:
        return pd.DataFrame(columns=list(columns)), [
            Problem("the table has a header but no data rows", fix="add at least one row")]

    out: dict[str, list] = {}
    for f in layer.fields:
        column = columns.pop(f.name, None) if columns is frame else columns.get(f.name)
        values = [None] * length if column is None else column if isinstance(column, list) else column.tolist()
        del column
        typed_col = []
        seen: dict[tuple[type, object], tuple[object, str | None, str | None]] = {}  # values repeat (rounds, dates)
        for value, row in zip(values, rows, strict=True):
            if _blank(value):
                if f.required and f.dtype != "bool":
                    problems.append(Problem("is empty but required", row, f.name, f"fill in {f.label.lower()}"))
                typed_col.append(False if f.dtype == "bool" else None)
                continue
            try:
                typed, message, fix = seen[(type(value), value)]
            except (KeyError, TypeError):  # TypeError: an unhashable cell
                typed, message, fix = _check_value(f, value, today)
                if len(seen) < REPEATS:
                    with contextlib.suppress(TypeError):
                        seen[(type(value), value)] = (typed, message, fix)
            if message:
                problems.append(Problem(message, row, f.name, fix))
            typed_col.append(typed)
        # Numbers leave their Python objects for an array, field by field; texts stay objects (a
        # pandas string column would copy each of them: a source note repeated on 400,000 rows is 25 MB).
        out[f.name] = pd.Series(typed_col, dtype=object if f.dtype == "str" else None)
    typed = pd.DataFrame(out, copy=False)  # the columns as they are: no second, consolidated copy
    del out
    problems += _check_codes(typed, layer, rows)
    problems += _check_contacts(typed, layer, rows)
    problems += _check_coordinates(typed, layer, rows)
    problems += _check_keys(typed, layer, rows)
    return typed, problems


def _check_codes(typed: pd.DataFrame, layer: Layer, rows: list[int]) -> list[Problem]:
    problems = []
    for f in layer.fields:
        if f.pcode_level is None and f.name not in ("mantika_pcodes", "baladiya_pcodes"):
            continue
        level = f.pcode_level or ("mantika" if f.name.startswith("mantika") else "baladiya")
        table = admin.units(level)
        names = typed.get("baladiya_name") if level == "baladiya" else None
        for i, (value, row) in enumerate(zip(typed[f.name], rows, strict=True)):
            if _blank(value):  # pandas 3 turns None into NaN in str columns
                continue
            for code in str(value).split(";") if f.dtype == "list" else [value]:
                if code not in table:
                    hint_name = names.iloc[i] if names is not None and not _blank(names.iloc[i]) else None
                    problems.append(Problem(admin.unknown_code_hint(code, level, hint_name), row, f.name,
                                            "use a pcode from the OCHA COD list (see data/admin/)"))
    if "mantika_pcode" in typed and "baladiya_pcode" in typed:
        bal = admin.baladiyas()
        for m, b, row in zip(typed["mantika_pcode"], typed["baladiya_pcode"], rows, strict=True):
            if b in bal and m in admin.mantikas() and bal[b].parent != m:
                problems.append(Problem(f"baladiya {b} ({bal[b].name_en}) is in mantika {bal[b].parent}, not {m}",
                                        row, "mantika_pcode", f"set mantika_pcode to {bal[b].parent}"))
    return problems


# An e-mail address in a text the public reads (a flash update's source or text, a site's name or notes).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _check_contacts(typed: pd.DataFrame, layer: Layer, rows: list[int]) -> list[Problem]:
    """Texts of a public layer must not give a person's e-mail address: every public page, download and feed
    shows them as typed.  Seen: a flash update's source "Contact: ahmed.salem@iom.int" on the public page, in its
    Atom and GeoJSON feeds and in the feed's subtitle."""
    if layer.sensitivity != "public":
        return []
    problems = []
    for f in layer.fields:
        if f.dtype != "str" or f.name not in typed:
            continue
        texts = typed[f.name]
        hits = texts.map(lambda v: isinstance(v, str) and "@" in v and EMAIL.search(v) is not None).to_numpy()
        for value, row in zip(texts[hits], [r for r, hit in zip(rows, hits, strict=True) if hit], strict=True):
            problems.append(Problem(f"contains an e-mail address ({EMAIL.search(value).group(0)}); public pages "
                                    "and feeds show this text as written", row, f.name,
                                    "remove the address (name the organisation instead)"))
    return problems


def _inside(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def _check_coordinates(typed: pd.DataFrame, layer: Layer, rows: list[int]) -> list[Problem]:
    # Judged as a pair: a point that would fall in Libya once swapped was
    # almost surely entered as lon/lat.
    if "lat" not in typed or "lon" not in typed:
        return []
    problems = []
    for lat, lon, row in zip(typed["lat"], typed["lon"], rows, strict=True):
        if _blank(lat) or _blank(lon) or _inside(lat, lon):  # blanks arrive as NaN in float columns
            continue
        if _inside(lon, lat):
            problems.append(Problem(f"latitude {lat} and longitude {lon} look swapped", row, "lat",
                                    "swap the lat and lon columns"))
        else:
            problems.append(Problem(f"({lat}, {lon}) is outside Libya", row, "lat",
                                    "check the coordinates: Libya spans 19.5–33.2°N, 9.3–25.2°E"))
    return problems


def _check_keys(typed: pd.DataFrame, layer: Layer, rows: list[int]) -> list[Problem]:
    if any(k not in typed for k in layer.key):
        return []
    # Hashed column-wise by pandas; key texts are built only for the rows that repeat a key
    # (200,000 key strings and a dict of them cost more memory than the rest of the check).
    repeated = typed.duplicated(list(layer.key), keep=False).to_numpy()
    if not repeated.any():
        return []
    subset = typed.loc[repeated, list(layer.key)]
    parts = [subset[k].map(str) for k in layer.key]
    keys = parts[0].str.cat(parts[1:], sep=" / ") if len(parts) > 1 else parts[0]
    first_seen: dict[str, int] = {}
    problems = []
    for key, row in zip(keys, [r for r, hit in zip(rows, repeated, strict=True) if hit], strict=True):
        if key in first_seen:
            problems.append(Problem(f"duplicate key {' + '.join(layer.key)} = {key} (first at row {first_seen[key]})",
                                    row, layer.key[0], "remove the repeated row or correct its key"))
        else:
            first_seen[key] = row
    return problems


def require_valid(frame: pd.DataFrame, layer: Layer, source: str, **kwargs) -> pd.DataFrame:
    """``validate`` that raises ``ValidationError`` instead of returning problems."""
    typed, problems = validate(frame, layer, **kwargs)
    if problems:
        raise ValidationError(problems, source)
    return typed
