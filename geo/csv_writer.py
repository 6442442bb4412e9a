"""The one CSV writer of the atlas: every CSV it hands out goes through ``write_csv``.

Why: a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which Excel skips before looking again) is read by Excel, LibreOffice
and Google Sheets as a formula: ``=1+HYPERLINK("https://…","click")`` or
``-2+3+cmd|' /C calc'!A0`` in an imported name would run in the spreadsheet of
whoever opens a download.  The importer keeps such text as text (it is valid
data), so the exports neutralise it, as OWASP recommends, by putting a single
quote in front: spreadsheets then show the text, and the quote tells a reader
why it is there.  Numbers are never touched: ``-3.5`` in a numeric column stays
the number -3.5.

Carriage returns inside a cell become line feeds (the csv module quotes
those; a bare ``\r`` would end the row in Excel).  Provenance lines (``# …``)
above the table get the same treatment for each comma-separated piece, and
never contain line breaks or double quotes, so they cannot start a row or a
quoted field of their own.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return math.isfinite(value) if isinstance(value, float) else True
    if isinstance(value, str):
        try:
            return math.isfinite(float(value))
        except ValueError:
            return False
    return False


def neutralise(value: object, numeric: bool = False) -> object:
    """``value`` safe for a spreadsheet cell: text starting like a formula gets a leading ``'``.

    In a ``numeric`` column a value that *is* a number (``-12``, ``"-3.5"``)
    stays as it is; anything else there is treated like text.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if numeric and _is_number(value):
        return value
    return "'" + value


def _one_line_ending(value: object) -> object:
    # A bare carriage return is not quoted by the csv module when lines end in
    # "\n", and Excel would start a new row there: make it a quoted "\n".
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def comment_line(text: str) -> str:
    """One ``# …`` provenance line, safe to put above the CSV header."""
    flat = " ".join(str(text).replace('"', "'").splitlines()).replace("\r", " ")
    pieces = flat.split(",")
    pieces = [pieces[0], *(neutralise(p) for p in pieces[1:])]
    return "# " + ",".join(pieces)


def write_csv(frame: pd.DataFrame, header: Iterable[str] | None = None,
              numeric: Iterable[str] = ()) -> bytes:
    """``frame`` as UTF-8 CSV bytes (``\\n`` line ends, no index), cells neutralised.

    ``numeric``: columns whose number-like values are numbers (counts,
    coordinates), so a negative value stays a number.  Columns of a numeric
    dtype are numeric anyway.
    """
    numeric = set(numeric)
    out = frame.copy()
    for c in out.columns:
        is_num = c in numeric or pd.api.types.is_numeric_dtype(out[c])
        if pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_object_dtype(out[c]):
            continue
        out[c] = pd.Series([_one_line_ending(neutralise(v, is_num)) for v in out[c]], index=out.index, dtype=object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    buf = io.StringIO()
    for line in header or []:
        buf.write(comment_line(line) + "\n")
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


__all__ = ["FORMULA_START", "comment_line", "neutralise", "write_csv"]
