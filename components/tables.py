"""Tables as the reader's language writes them.

Why: headers, category values and numbers of an on-screen table must follow the
interface language (the downloads keep the machine-readable column names and raw
values).  In Arabic the columns are also laid out from the right, as an
Arabic reader scans a row.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import locale
from components.i18n import rtl, t
from components.vocabulary import CATEGORY_COLUMNS, COLUMNS


def localise(frame: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """``frame`` with translated headers (``labels`` overrides, already translated),
    translated category values and, in Arabic, numbers and dates written by locale."""
    labels = labels or {}
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        values = frame[col]
        if col in CATEGORY_COLUMNS:
            values = values.map(lambda v: t(v) if isinstance(v, str) else v)
        elif values.dtype == bool:
            values = values.map(lambda v: t("yes") if v else t("no"))
        elif rtl() and pd.api.types.is_numeric_dtype(values):
            decimals = 0 if pd.api.types.is_integer_dtype(values) or col != "change_pct" else 1
            values = values.map(lambda v, d=decimals: locale.number(v, decimals=d))
        elif rtl():
            values = values.map(lambda v: locale.date(v, short=True) if isinstance(v, dt.date) else v)
        if values.dtype == object:  # a blank cell stays blank, not "None"
            values = values.map(lambda v: "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
        out[labels.get(col) or t(COLUMNS.get(col, col))] = values.to_numpy()
    if rtl():
        out = out[out.columns[::-1]]
    return out


def _widths(frame: pd.DataFrame, shown: pd.DataFrame) -> dict:
    # The grid scrolls from the left, so a right-to-left table that overflows would
    # hide its first (rightmost) columns: columns get fixed widths so it fits.
    config, first_text = {}, True
    for col, label in zip(frame.columns, reversed(shown.columns), strict=True):
        values = frame[col]
        text = values.dtype == object and not col.endswith(("pcode", "date")) and col not in CATEGORY_COLUMNS \
            and not any(isinstance(v, dt.date) for v in values.head(5))
        width = (180 if first_text else 110) if text else 90
        first_text = first_text and not text
        config[label] = st.column_config.Column(width=width, alignment="right")
    return config


def show(frame: pd.DataFrame, *, key: str | None = None, labels: dict[str, str] | None = None) -> None:
    """An interactive table (``st.dataframe``) of ``frame`` in the reader's language."""
    shown = localise(frame, labels)
    config = _widths(frame, shown) if rtl() else None
    st.dataframe(shown, hide_index=True, key=key, column_config=config)
