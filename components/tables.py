"""Tables people read, in the reader's language: human column labels, thousands
separators, % signs, one date format, no "None".

Why one helper: pages used to show the frame's own column names (name_en,
value_a, change_pct 8.3122) and raw values; every table now says what a column
is and formats its numbers the same way.  Headers, category values and numbers
follow the interface language (downloads keep the machine-readable column names
and raw values); in Arabic the columns are laid out from the right, as an
Arabic reader scans a row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Hashable, Mapping

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import locale, log_lines, map_first, stand_in
from components.i18n import lang, rtl, t, terms
from components.vocabulary import CATEGORY_COLUMNS, COLUMNS

#: column kind -> Streamlit column config factory (English: Arabic numbers arrive written by locale).
#: A change is signed ("+9,592", "+8.3%"), as the public view writes it (components.public_figures).
_KINDS = {
    "text": lambda label: st.column_config.TextColumn(label),
    "figures": lambda label: st.column_config.TextColumn(label, alignment="right"),
    "count": lambda label: st.column_config.NumberColumn(label, format="localized"),
    "pct": lambda label: st.column_config.NumberColumn(label, format="%.1f%%"),
    "change": lambda label: st.column_config.NumberColumn(label, format="%+,d"),
    "change_pct": lambda label: st.column_config.NumberColumn(label, format="%+.1f%%"),
    # A measure to one decimal, every row alike (a distance: "366.0" beside "83.6", not "366").
    "tenths": lambda label: st.column_config.NumberColumn(label, format="%,.1f"),
    "date": lambda label: st.column_config.DateColumn(label, format="D MMM YYYY"),
    "time": lambda label: st.column_config.TextColumn(label),  # written by locale.moment in both languages
    "list": lambda label: st.column_config.TextColumn(label),  # a data list in the reader's words (i18n.terms)
    "recorded": lambda label: st.column_config.TextColumn(label),  # the atlas's own words translated (RECORDED)
    "bool": lambda label: st.column_config.CheckboxColumn(label),
}
_SIGNED = ("change", "change_pct")
# A column of longer texts (project titles, lists of services) is drawn at Streamlit's "medium" width, its texts
# cut at its edge (a reader widens it by dragging its header's edge): at its content's width it pushed the
# columns after it out of a 1,440 px window (Stabilization's Beneficiaries read "2,").
LONG_TEXT = 40
# A table of automatic height: 35 pixels per row and for the header, 3 for its border, 400 at most.
_AUTO_ROW, _AUTO_MAX = 35, 400


def localise(frame: pd.DataFrame, labels: dict[str, str] | None = None,
             signed: Collection[str] = (), percent: Collection[str] = (),
             tenths: Collection[str] = ()) -> pd.DataFrame:
    """``frame`` with translated headers (``labels`` overrides, already translated),
    translated category values and, in Arabic, numbers and dates written by locale
    (the ``signed`` columns' with their sign: they are changes; the ``percent`` ones with "%"; the
    ``tenths`` ones to one decimal)."""
    labels = labels or {}
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        values = frame[col]
        if col in CATEGORY_COLUMNS:
            values = values.map(lambda v: t(v) if isinstance(v, str) else v)
        elif values.dtype == bool:
            values = values.map(lambda v: t("yes") if v else t("no"))
        elif rtl() and pd.api.types.is_numeric_dtype(values):
            # A change in % with one decimal; any other measure (km) as the English table's browser writes it.
            decimals = 1 if col in tenths or (col == "change_pct" and not pd.api.types.is_integer_dtype(values)) else 0
            up_to = 3 if pd.api.types.is_float_dtype(values) and col != "change_pct" and col not in tenths else 0
            values = values.map(lambda v, d=decimals, u=up_to, s=col in signed, p=col in percent:
                                locale.number(v, decimals=d, up_to=u, signed=s, percent=p))
        elif values.dtype == object and values.map(lambda v: isinstance(v, dt.date)).any():
            # One date format in both languages (and no mix of dates and blanks the grid cannot hold).
            values = values.map(lambda v: locale.date(v, short=True) if isinstance(v, dt.date) else v)
        if values.dtype == object or pd.api.types.is_string_dtype(values):  # a blank cell stays blank, not "None"
            values = values.map(lambda v: "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
            if rtl():  # a withheld public count ("<5") in the reader's digits, as the shown ones are
                values = values.map(locale.mark)
        out[labels.get(col) or t(COLUMNS.get(col, col))] = values.to_numpy()
    if rtl():
        out = out[out.columns[::-1]]
    return out


def _kind_of(values: pd.Series) -> str | None:
    """A column's kind when the page declared none: any number column is written with the reader's
    separators, as counts are (62,609 and 83.6, not 62609)."""
    numeric = pd.api.types.is_numeric_dtype(values) and values.dtype != bool
    return "count" if numeric else None


def _right_aligned(shown: pd.DataFrame) -> dict:
    # Every column right-aligned, as Arabic reads; each as wide as its content (the grid measures it), but for a
    # column of long texts (``LONG_TEXT``).  A table
    # wider than its box opens on its right end, its first columns (components.right_to_left.RTL_GRIDS_JS).
    return {label: st.column_config.Column(alignment="right") for label in shown.columns}


def show(frame: pd.DataFrame, columns: Mapping[str, tuple[str, str]] | None = None, *, key: str | None = None,
         height: int | str = "auto", labels: dict[str, str] | None = None, memo: Hashable | None = None) -> None:
    """``frame`` as an interactive table (``st.dataframe``) in the reader's language.

    ``columns`` (name -> (English label, kind)) picks and orders the columns and
    says how to format them (kinds: text, count, pct, change, change_pct, tenths, date, time, list, bool,
    recorded: text the atlas may have written in its own name, ``log_lines.recorded``); without it
    every column is shown under its vocabulary label.

    ``memo``: a key that stands for ``frame``'s content (its data version and
    view): the translated, formatted table is then made once per key, language
    and digit style, and reused by every session.  For tables a slider step
    redraws (the step's time runs until its last element is sent).
    """
    if not map_first.in_sight():  # below the map, not yet scrolled to: a box of its size (components.stand_in)
        stand_in.below("", height if isinstance(height, int) else min(_AUTO_ROW * (len(frame) + 1) + 3, _AUTO_MAX))
        return
    if memo is None:
        shown, config = _prepare(frame, columns, labels)
    else:
        shown, config = _prepared(memo, key, lang(), locale.digits(), tuple(columns.items()) if columns else None,
                                  tuple(sorted((labels or {}).items())), _frame=frame)
    st.dataframe(shown, hide_index=True, key=key, column_config=config or None, height=height)


def headed(where: DeltaGenerator, heading: str, frame: pd.DataFrame, columns: Mapping[str, tuple[str, str]], *,
           key: str, empty: str) -> None:
    """``frame`` (``show``) under a bold ``heading`` in ``where`` (a column or container); without rows, the line
    ``empty`` says so, where an empty grid would say nothing."""
    where.markdown("**" + heading + "**")
    if frame.empty:
        where.caption(empty)
        return
    with where:
        show(frame, columns, key=key)


@st.cache_resource(show_spinner=False, max_entries=256)
def _prepared(memo: Hashable, key: str | None, language: str, digits: str, columns: tuple | None,
              labels: tuple, *, _frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """``_prepare`` once per ``memo`` (which stands for ``_frame``), language and digit style; shared and
    read-only (``st.dataframe`` only reads it)."""
    return _prepare(_frame, dict(columns) if columns is not None else None, dict(labels))


def _prepare(frame: pd.DataFrame, columns: Mapping[str, tuple[str, str]] | None,
             labels: dict[str, str] | None) -> tuple[pd.DataFrame, dict]:
    """The table in the reader's language and its column formats (``show``)."""
    labels = dict(labels or {})
    kinds: dict[str, str] = {}
    if columns is not None:
        frame = frame[list(columns)].copy()
        for name, (label, kind) in columns.items():
            labels.setdefault(name, t(label))
            kinds[name] = kind
            if kind == "date":
                frame[name] = pd.to_datetime(frame[name], errors="coerce")
            elif kind == "list":
                frame[name] = frame[name].map(terms)
            elif kind == "time":
                frame[name] = frame[name].map(lambda v: locale.moment(v) if isinstance(v, str | dt.datetime) else v)
            elif kind == "recorded":  # the atlas's own words translated, anyone else's as written
                frame[name] = frame[name].map(log_lines.recorded)
            elif kind == "tenths":  # no facility at all is infinitely far: no figure, not "∞"
                frame[name] = pd.to_numeric(frame[name], errors="coerce").replace(float("inf"), float("nan"))
    shown = localise(frame, labels, signed=[name for name, kind in kinds.items() if kind in _SIGNED],
                     percent=[name for name, kind in kinds.items() if kind in ("pct", "change_pct")],
                     tenths=[name for name, kind in kinds.items() if kind == "tenths"])
    if rtl():
        config = _right_aligned(shown)
    else:
        config = {}
        for name, label in zip(frame.columns, shown.columns, strict=True):
            kind = kinds.get(name) or _kind_of(frame[name])
            if kind in ("count", "pct", *_SIGNED) and frame[name].map(lambda v: isinstance(v, str)).any():
                kind = "figures"  # disclosure-controlled counts ("<5", "x") arrive as text, aligned as numbers
            if kind:
                config[label] = _KINDS[kind](label)
    for label in shown.columns:
        if _longest_text(shown[label]) > LONG_TEXT:
            config[label] = {**config.get(label, {"label": label}), "width": "medium"}
    return shown, config


def _longest_text(values: pd.Series) -> int:
    """The length of a column's longest text, 0 for a column of numbers or dates."""
    return max((len(v) for v in values if isinstance(v, str)), default=0)
