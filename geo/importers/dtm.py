"""DTM datasets as IOM publishes them -> the ``displacement`` layer.

Why a module of its own: DTM Libya's public workbooks (and HDX's CSV/XLSX
copies) are laid out for readers: a "General Info" title row above the header,
English and Arabic name columns per admin level, counts headed "Migrants
(IND)", the round in an ``AssessmentRound`` column and the period only on a
Summary sheet ("August-September 2024").  This module recognises that layout
by content (headers or HXL hashtags; never by position or exact sheet name),
maps it onto the registry's displacement columns, derives what the file leaves
implicit (mantika and region from ``geo.admin``, round dates from the period),
and hands the result to ``geo.validation``.

Migrant datasets carry only migrants; IDP/returnee datasets only IDPs and
returnees.  Whichever count columns the file has are required row by row; the
others stay empty (None), never zero.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from geo import admin, registry
from geo.importers.tables import Sheet, Table, cell_text, date_text, norm, parse_hxl, relabel, unique_cells
from geo.validation import Problem, ValidationError, _parse_date, _parse_int, validate

LAYER = registry.DISPLACEMENT
COUNTS = ("migrants", "idps", "returnees")
COUNT_LABEL = {"migrants": "migrants", "idps": "IDPs", "returnees": "returnees"}
# Words that may surround a count's name in a header: "Total number of migrants (IND)".
FILLER = {"total", "number", "of", "no", "nb", "individuals", "individual", "ind", "inds", "count", "persons",
          "people", "the", "in", "libya", "present"}
COUNT_WORDS = {
    "migrants": ({"migrants"}, {"migrant"}),
    "idps": ({"idps"}, {"idp"}, {"internally", "displaced"}, {"internally", "displaced", "persons"}),
    "returnees": ({"returnees"}, {"returnee"}, {"returned", "idps"}),
}
PERIOD_LABELS = {"period", "reporting period", "data collection period", "collection period", "round period",
                 "assessment period", "date of data collection", "data collection dates"}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
PERIOD_FIX = "write the period as a month range such as 'August-September 2024' or as dates 2024-08-01 - 2024-09-30"


# --- recognising columns -------------------------------------------------------

def _level(h: str) -> int | None:
    m = re.search(r"\badm(?:in)?\s?([0-4])", h)
    if m:
        return int(m.group(1))
    for level, words in ((4, ("muhalla", "mahalla", "community", "neighbourhood")),
                         (3, ("baladiya", "baladia", "baladiyah", "municipality")),
                         (2, ("mantika", "mantikah", "mantiqa", "district")),
                         (1, ("geodivision", "region", "division"))):
        if any(w in h for w in words):
            return level
    return None


def _count_kind(h: str) -> str | None:
    words = set(h.split())
    if words & {"hh", "hhs", "household", "households", "percent", "share", "pct"}:
        return None
    core = words - FILLER
    for kind, options in COUNT_WORDS.items():
        if any(core == opt for opt in options):
            return kind
    return None


def role_of_header(header: str) -> str | None:
    """The displacement role of a column from its header text, e.g. "adm3_pcode", "migrants", "lat"."""
    h = norm(header)
    if not h:
        return None
    if h in ("lat", "latitude", "y", "lat dd", "latitude dd", "lat y"):
        return "lat"
    if h in ("lon", "long", "longitude", "lng", "x", "lon dd", "long dd", "longitude dd", "lon x"):
        return "lon"
    if h in ("round start", "start date", "period start", "date start", "round start date", "start"):
        return "start"
    if h in ("round end", "end date", "period end", "date end", "round end date", "end"):
        return "end"
    if h in ("assessmentround", "assessment round", "round", "dtm round", "round number", "round no", "round nb"):
        return "round"
    kind = _count_kind(h)
    if kind:
        return kind
    if re.search(r"\bdate\b", h) or h in ("month", "reporting month", "period"):
        return "date"
    # OCHA COD admin 3 shapefile fields: pcode, featureNam, featureN_1 (the baladiya's code and names).
    cod = {"pcode": "adm3_pcode", "featurenam": "adm3_name", "featuren 1": "adm3_name_ar"}.get(h)
    if cod:
        return cod
    level = _level(h)
    if level is None:
        return None
    if re.search(r"\bp ?code\b|pcod|\bcode\b|pcode", h):
        return f"adm{level}_pcode"
    arabic = re.search(r"\bar\b|arabic|na 1$", h) or re.search(r"[\u0600-\u06ff]", h)
    return f"adm{level}_name_ar" if arabic else f"adm{level}_name"


def role_of_tag(tag: str) -> str | None:
    """The displacement role of a column from its HXL hashtag, e.g. ``#affected+idps+ind`` -> "idps"."""
    parsed = parse_hxl(tag)
    if parsed is None:
        return None
    base, attrs = parsed
    m = re.fullmatch(r"#adm([1-4])", base)
    if m:
        if "code" in attrs:
            return f"adm{m.group(1)}_pcode"
        if "name" in attrs or not attrs:
            return f"adm{m.group(1)}_name_ar" if attrs & {"i_ar", "ar"} else f"adm{m.group(1)}_name"
        return None
    if base == "#geo":
        return "lat" if "lat" in attrs else "lon" if attrs & {"lon", "long"} else None
    if base == "#date":
        if "start" in attrs:
            return "start"
        if "end" in attrs:
            return "end"
        return "round?" if "round" in attrs else "date"
    if base in ("#round", "#indicator", "#meta") and (base == "#round" or "round" in attrs):
        return "round"
    if base in ("#affected", "#population", "#inneed", "#targeted", "#reached"):
        if attrs & {"hh", "households", "pct"}:
            return None
        for kind in COUNTS:
            if kind in attrs or kind.rstrip("s") in attrs:
                return kind
    return None


@dataclass
class Columns:
    """Which file column plays which displacement role (header text as in the file)."""

    roles: dict[str, str]  # role -> header

    def get(self, role: str) -> str | None:
        return self.roles.get(role)

    @property
    def counts(self) -> list[str]:
        return [k for k in COUNTS if k in self.roles]


def _columns(headers: list[str], hxl: list[str] | None) -> Columns:
    roles: dict[str, str] = {}
    tagged: dict[str, str] = {}
    for i, header in enumerate(headers):
        tag = hxl[i] if hxl and i < len(hxl) else ""
        by_tag = role_of_tag(tag) if tag else None
        if by_tag:
            # Hashtags are the publisher's own mapping: they win over header words.
            if by_tag not in tagged or "ind" in (parse_hxl(tag) or ("", frozenset()))[1]:
                tagged[by_tag] = header
            continue
        role = role_of_header(header)
        if role and role not in roles:
            roles[role] = header
    roles.update(tagged)
    return Columns(roles)


def used_columns(headers: list[str], hxl: list[str] | None) -> set[str]:
    """The columns ``prepare`` reads: those with a role, and the first one (where a pasted total row
    says "Total"); a DTM file's other columns (nationalities, notes) are not kept in memory."""
    return {*_columns(headers, hxl).roles.values(), *headers[:1]}


def header_score(headers: list[str], hxl: list[str] | None) -> float:
    """How much a row looks like a DTM baladiya header: 0 unless it has a baladiya pcode and a
    count or round column (a file missing its count column is still a DTM file, told what is missing)."""
    cols = _columns(headers, hxl)
    if "adm3_pcode" not in cols.roles or not (cols.counts or {"round", "round?"} & set(cols.roles)):
        return 0.0
    return float(len(cols.roles))


# --- periods --------------------------------------------------------------------

TOKEN = re.compile(r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})|(?P<dmy>\d{1,2}[/.]\d{1,2}[/.]\d{4})|(?P<ym>\d{4}-\d{1,2})"
                   r"|(?P<day>\d{1,2})?\s*(?P<month>[^\W\d_]{3,})\.?,?(?:\s*(?P<year>\d{4}))?|(?P<yearonly>\d{4})")
SEPARATORS = re.compile(r"(?:[\s,.\-–—/]|\bto\b)*", re.IGNORECASE)
IGNORED_WORDS = {"from", "to", "and", "till", "until", "period", "round", "between"}


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def parse_period(value: object) -> tuple[dt.date, dt.date]:
    """A reporting period as (first day, last day).

    ``"August-September 2024"`` -> 2024-08-01 .. 2024-09-30; ``"December 2023 -
    January 2024"`` and ``"Dec-Jan 2024"`` (a range across new year) work; a single
    date is a one-day period and a single month a whole month.  Raises ValueError.
    """
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        day = _parse_date(value)
        return day, day
    text = cell_text(value)
    if not text:
        raise ValueError("is empty")
    parts: list[tuple[int | None, int | None, int | None, dt.date | None]] = []  # day, month, year, full date
    position = 0
    for m in TOKEN.finditer(text):
        if not SEPARATORS.fullmatch(text[position:m.start()]):
            raise ValueError(f"{text!r} is not a date or month range")
        position = m.end()
        if m.group("iso") or m.group("dmy"):
            parts.append((None, None, None, _parse_date(m.group(0).replace(".", "/"))))
        elif m.group("ym"):
            year, month = (int(x) for x in m.group("ym").split("-"))
            if not 1 <= month <= 12:
                raise ValueError(f"{text!r} is not a date or month range")
            parts.append((None, month, year, None))
        elif m.group("month"):
            word = m.group("month").lower()
            if word in IGNORED_WORDS:
                continue
            if word not in MONTHS:
                raise ValueError(f"{text!r} is not a date or month range ({m.group('month')!r} is not a month)")
            parts.append((int(m.group("day")) if m.group("day") else None, MONTHS[word],
                          int(m.group("year")) if m.group("year") else None, None))
        elif m.group("yearonly") and parts and parts[-1][3] is None and parts[-1][2] is None:
            d, mo, _, _ = parts[-1]
            parts[-1] = (d, mo, int(m.group("yearonly")), None)
        else:
            raise ValueError(f"{text!r} is not a date or month range")
    if not SEPARATORS.fullmatch(text[position:]) or not parts or len(parts) > 2:
        raise ValueError(f"{text!r} is not a date or month range")
    first, last = parts[0], parts[-1]
    if last[3] is None and last[2] is None:
        raise ValueError(f"{text!r} has no year")
    end_year = last[3].year if last[3] else last[2]
    start_year = first[3].year if first[3] else first[2]
    if start_year is None:
        start_year = end_year - 1 if first[1] > (last[3].month if last[3] else last[1]) else end_year
    try:
        start = first[3] or dt.date(start_year, first[1], first[0] or 1)
        end = last[3] or dt.date(end_year, last[1], last[0] or _last_day(end_year, last[1]))
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date") from None
    if end < start:
        raise ValueError(f"{text!r} ends before it starts")
    return start, end


@dataclass
class Period:
    """The round period found outside the data rows, and the cell it came from."""

    start: dt.date
    end: dt.date
    where: str  # "Sheet 'Summary', cell B3"


def _find_label(sheets: list[Sheet], labels: set[str]) -> tuple[Sheet, int, int, object] | None:
    """The value right of (or below) the first cell whose text is one of ``labels``."""
    for sheet in sheets:
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and norm(value) in labels:
                    for cc in range(c + 1, len(row) + 1):
                        if cell_text(row[cc - 1]):
                            return sheet, r, cc, row[cc - 1]
                    below = sheet.value(r + 1, c)
                    if cell_text(below):
                        return sheet, r + 1, c, below
    return None


def find_period(sheets: list[Sheet], today: dt.date) -> tuple[Period | None, list[Problem]]:
    """The 'Period' cell of a Summary-like sheet, parsed; problems name its sheet and cell."""
    found = _find_label(sheets, PERIOD_LABELS)
    if found is None:
        return None, []
    sheet, r, c, value = found
    where = sheet.cell_name(r, c)
    # Problems here carry no row: the row is in another sheet, named with its cell in the message.
    if (r, c) in sheet.formulas:
        return None, [dataclasses.replace(p, row=None) for p in sheet.formula_problems(range(r, r + 1),
                                                                                     {c: "Period"})]
    try:
        start, end = parse_period(value)
    except ValueError as exc:
        return None, [Problem(f"{where}: the period {exc}", None, "Period", PERIOD_FIX)]
    if end > today:
        return None, [Problem(f"{where}: the period {date_text(value)!r} ends {end.isoformat()}, in the future",
                              None, "Period", "check the year of the period")]
    return Period(start, end, where), []


def find_title_round(sheets: list[Sheet]) -> int | None:
    """The round number in a title such as "DTM Round 54", when no column gives it."""
    for sheet in sheets:
        for row in sheet.rows[:10]:
            for value in row:
                m = re.search(r"\bround\s*(\d{1,3})\b", cell_text(value), re.IGNORECASE)
                if m:
                    return int(m.group(1))
    return None


# --- mapping rows -------------------------------------------------------------------

def _pcode(value: object) -> str | None:
    text = cell_text(value).upper()
    return text or None


def _mantika_problem(row: int, header: str, pcode: str, parent: str, text: str) -> Problem | None:
    guess = admin.by_name(text, "mantika") or admin.closest(text, "mantika")
    if guess is None or guess.pcode == parent:
        return None
    unit = admin.baladiyas()[pcode]
    parent_name = admin.mantikas()[parent].name_en
    return Problem(f"baladiya {pcode} ({unit.name_en}) is in mantika {parent} ({parent_name}), "
                   f"but the file says {text!r}", row, header,
                   f"correct the mantika name to {parent_name!r} or the baladiya pcode")


def _is_total_row(table: Table, i: int) -> bool:
    return any(re.search(r"\btotal\b", cell_text(v), re.IGNORECASE) for v in table.frame.iloc[i].tolist())


def prepare(table: Table, others: list[Sheet], file_name: str, *, today: dt.date | None = None
            ) -> tuple[pd.DataFrame, str]:
    """Map and validate a DTM table; return the displacement rows and a one-line summary.

    ``others`` are where facts outside the data rows live: the rows above the
    header and the workbook's other sheets (previews suffice), e.g. the Summary
    sheet's 'Period' and the "DTM Round 54" title.  Raises ``ValidationError``.

    The table's cells are consumed: ``table.frame`` is left empty, so a big
    file's texts are not held beside the rows made from them.
    """
    today = today or dt.date.today()
    cols = _columns(table.headers, table.hxl)
    problems: list[Problem] = table.formula_problems(set(cols.roles.values()))
    source = table.source
    frame = table.frame
    n = len(frame)
    if n == 0:
        raise ValidationError([Problem("the table has a header but no data rows", table.header_row, None,
                                       "add the baladiya rows under the header")], source=source)

    # The round number: a column, else a title such as "DTM Round 54".
    round_header = cols.get("round") or (cols.get("round?") if _all_ints(frame, cols.get("round?")) else None)
    if round_header is None and cols.get("round?"):
        cols.roles.setdefault("date", cols.roles.pop("round?"))
    if round_header:
        rounds = frame[round_header].tolist()
    else:
        title_round = find_title_round(others)
        if title_round is None:
            problems.append(Problem("no column gives the DTM round", None, "AssessmentRound",
                                    "add an 'AssessmentRound' column with the round number on every row"))
        rounds = [title_round] * n

    # Keep only real data rows; a pasted total row is named, not validated as a baladiya.
    pcode_header = cols.roles["adm3_pcode"]
    keep = []
    pcodes_in = frame[pcode_header].tolist()
    for i in range(n):
        if _pcode(pcodes_in[i]) is None and _is_total_row(table, i):
            problems.append(Problem("looks like a total row, not a baladiya", table.row_numbers[i], pcode_header,
                                    "delete total rows; the atlas adds up the baladiya rows itself"))
        else:
            keep.append(i)
    rows = [table.row_numbers[i] for i in keep]
    pick = frame if len(keep) == n else frame.iloc[keep].reset_index(drop=True)  # no copy in the usual case
    rounds = [rounds[i] for i in keep]

    # Columns filled row by row start as blanks; the others are assigned whole below (a column the
    # file lacks stays absent, and validation treats it as blank).
    out: dict[str, list | pd.Series] = {c: [None] * len(keep) for c in (
        "round_start", "round_end", "admin1_pcode", "mantika_pcode", "baladiya_name")}
    out["round"] = rounds
    bal_table = admin.baladiyas()
    man_table = admin.mantikas()
    codes: dict[object, str | None] = {}  # a pcode repeats once per round: one string for all its rows
    out["baladiya_pcode"] = [codes[v] if v in codes else codes.setdefault(v, _pcode(v)) for v in pick[pcode_header]]
    name_header = cols.get("adm3_name")
    mantika_name_header = cols.get("adm2_name")
    mantika_code_header = cols.get("adm2_pcode")
    blank = [None] * len(keep)  # columns as lists: ``.iloc[i]`` per row is minutes at 200,000 rows
    names_in = pick[name_header].tolist() if name_header else blank
    mantika_codes_in = pick[mantika_code_header].tolist() if mantika_code_header else blank
    mantika_names_in = pick[mantika_name_header].tolist() if mantika_name_header else blank
    for i, code in enumerate(out["baladiya_pcode"]):
        name = cell_text(names_in[i])
        unit = bal_table.get(code) if code else None
        out["baladiya_name"][i] = name or (unit.name_en if unit else None)
        given = None
        if mantika_code_header:
            raw_code = mantika_codes_in[i]
            given = codes[raw_code] if raw_code in codes else codes.setdefault(raw_code, _pcode(raw_code))
        mantika_text = cell_text(mantika_names_in[i])
        if unit is not None:
            mantika = given or unit.parent
            if mantika_text and not given:
                p = _mantika_problem(rows[i], mantika_name_header, code, unit.parent, mantika_text)
                if p:
                    problems.append(p)
        else:
            guess = admin.by_name(mantika_text, "mantika") if mantika_text else None
            mantika = given or (guess.pcode if guess else None)
        out["mantika_pcode"][i] = mantika
        out["admin1_pcode"][i] = man_table[mantika].parent if mantika in man_table else None
    del names_in, mantika_codes_in, mantika_names_in, blank, pcodes_in
    # Coordinates and counts stay columns (often packed texts, see tables._Column): validation
    # unpacks one at a time.
    for role in ("lat", "lon"):
        if cols.get(role):
            out[role] = pick[cols.roles[role]]
    for kind in cols.counts:
        out[kind] = pick[cols.roles[kind]]
    if not cols.counts:
        problems.append(Problem("no count column (migrants, IDPs or returnees)", None, "Migrants (IND)",
                                "add a column 'Migrants (IND)', 'IDPs (IND)' or 'Returnees (IND)'"))

    problems += _round_dates(out, pick, rows, cols, others, today)
    round_ints = [_int_or_none(r) for r in out["round"]]
    out["illustrative"] = [False] * len(keep)
    sources = {r: f"IOM DTM Libya round {r if r is not None else '?'} ({file_name})" for r in set(round_ints)}
    out["source"] = [sources[r] for r in round_ints]  # one text per round, not one per row

    layer = _layer_for(cols.counts)
    # From here only ``out`` is needed: the table's own columns are let go, and validation consumes
    # ``out`` column by column, so a 400,000-row file's texts are freed as their typed values are made.
    del pick, frame
    table.frame = table.frame.iloc[0:0]
    typed, found = validate(out, layer, row_numbers=rows, today=today)
    names = {"round": round_header or "AssessmentRound", "baladiya_pcode": pcode_header,
             "baladiya_name": name_header, "lat": cols.get("lat"), "lon": cols.get("lon"),
             **{k: cols.roles[k] for k in cols.counts}}
    if mantika_code_header:
        names["mantika_pcode"] = mantika_code_header
    problems = _drop_derived_noise([*problems, *relabel(found, names)])
    if problems:
        raise ValidationError(_sorted(problems), source=source)
    return typed[LAYER.columns], _summary(typed, cols.counts)


def _all_ints(frame: pd.DataFrame, header: str | None) -> bool:
    if header is None:
        return False
    values = [v for v in frame[header].tolist() if cell_text(v)]
    return bool(values) and all(_int_or_none(v) is not None for v in values)


def _int_or_none(value: object) -> int | None:
    try:
        return _parse_int(value) if cell_text(value) else None
    except ValueError:
        return None


def _round_dates(out: dict[str, list], pick: pd.DataFrame, rows: list[int], cols: Columns, sheets: list[Sheet],
                 today: dt.date) -> list[Problem]:
    """Fill round_start/round_end: explicit columns, else the Summary period, else a date column."""
    problems: list[Problem] = []
    n = len(rows)
    start_h, end_h = cols.get("start"), cols.get("end")
    if start_h and end_h:
        for i in range(n):
            for header, key, pos in ((start_h, "round_start", 0), (end_h, "round_end", 1)):
                value = pick[header].iloc[i]
                if not cell_text(value):
                    continue  # validation names the empty cell
                try:
                    out[key][i] = parse_period(value)[pos]
                except ValueError as exc:
                    problems.append(Problem(str(exc), rows[i], header, "write dates as YYYY-MM-DD"))
        return problems
    period, found = find_period(sheets, today)
    if found:
        return found
    if period is not None:
        out["round_start"] = [period.start] * n
        out["round_end"] = [period.end] * n
        return []
    date_h = cols.get("date")
    if date_h is None:
        return [Problem("the file gives no period for the round: no 'Period' cell (as on a DTM Summary sheet) "
                        "and no date column", None, "round_start",
                        "add a 'Period' cell such as 'August-September 2024' to a Summary sheet, or a date "
                        "column (e.g. 'Reporting date')")]
    spans: dict[object, list[dt.date]] = {}
    parsed: list[tuple[dt.date, dt.date] | None] = []
    dates_in = pick[date_h].tolist()
    known: dict[str, tuple[dt.date, dt.date]] = {}  # a round's rows repeat one date: parse it once
    for i in range(n):
        value = dates_in[i]
        text = cell_text(value)
        if text in known and isinstance(value, str):
            start, end = known[text]
            parsed.append((start, end))
            key = _int_or_none(out["round"][i])
            span = spans.setdefault(key, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
            continue
        if not cell_text(value):
            problems.append(Problem("is empty but the round's period comes from this column", rows[i], date_h,
                                    "fill in the date"))
            parsed.append(None)
            continue
        try:
            start, end = parse_period(value)
        except ValueError as exc:
            problems.append(Problem(str(exc), rows[i], date_h, "write dates as YYYY-MM-DD"))
            parsed.append(None)
            continue
        if end > today:
            problems.append(Problem(f"{end.isoformat()} is in the future", rows[i], date_h,
                                    "check the year and the day/month order"))
        elif isinstance(value, str):
            known[text] = (start, end)
        parsed.append((start, end))
        key = _int_or_none(out["round"][i])
        span = spans.setdefault(key, [start, end])
        span[0], span[1] = min(span[0], start), max(span[1], end)
    for i in range(n):
        if parsed[i] is not None:
            out["round_start"][i], out["round_end"][i] = spans[_int_or_none(out["round"][i])]
    return problems


def _layer_for(counts: list[str]) -> registry.Layer:
    """The displacement layer with exactly the file's count columns required."""
    fields = tuple(dataclasses.replace(f, required=f.name in counts) if f.name in COUNTS else f
                   for f in LAYER.fields)
    return dataclasses.replace(LAYER, fields=fields)


DERIVED = ("mantika_pcode", "admin1_pcode", "round_start", "round_end")


def _drop_derived_noise(problems: list[Problem]) -> list[Problem]:
    """Problems minus "is empty" on columns the importer derives, where another problem says why.

    An unknown baladiya already explains why its mantika and region are blank,
    an unreadable date why its round dates are, a missing or unreadable period
    why every row's round dates are, and a missing round column why every
    row's round is.
    """
    explained = {p.row for p in problems if p.row is not None and p.column not in DERIVED}
    whole_columns = {p.column for p in problems if p.row is None}  # e.g. no round column at all
    if whole_columns & {"Period", "round_start"}:
        whole_columns |= {"round_start", "round_end"}

    def noise(p: Problem) -> bool:
        if not p.message.startswith("is empty") or p.row is None:
            return False
        return p.column in whole_columns or (p.column in DERIVED and p.row in explained)

    return unique_cells([p for p in problems if not noise(p)])


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.row or 0))


def _summary(typed: pd.DataFrame, counts: list[str]) -> str:
    rounds = sorted(set(typed["round"]))
    label = f"DTM round {rounds[0]}" if len(rounds) == 1 else f"DTM rounds {rounds[0]}–{rounds[-1]}"
    start, end = min(typed["round_start"]), max(typed["round_end"])
    totals = ", ".join(f"{int(pd.to_numeric(typed[k]).sum()):,} {COUNT_LABEL[k]}" for k in counts)
    places = typed["baladiya_pcode"].nunique()
    return f"{label} ({start.isoformat()}–{end.isoformat()}): {places} baladiyas, {totals}"
