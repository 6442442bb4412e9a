"""Numbers and dates as the reader's locale writes them (Babel, CLDR ``en`` and ``ar_LY``).

Why one module: a figure must read the same in a metric, a legend, a tooltip
and a table.  In Arabic, CLDR ``ar_LY`` gives Libya's separators (1.234.567)
and Arabic month names; the reader also picks the digits — Western (0-9,
``latn``) or Arabic-Indic (٠-٩, ``arab``, with ٬ and ٫ as separators) — and
that choice travels in the permalink as ``digits`` beside ``lang``.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import streamlit as st
from babel import dates, numbers

from components.i18n import lang, t
from geo import translations

DIGIT_STYLES = ("latn", "arab")
_ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")
#: a count withheld from the public (``geo.disclosure.small_label``: "<5")
_WITHHELD = re.compile(r"<\d+")
#: a label's separator beside an Arabic-Indic digit (``separator``)
_DOT_BY_DIGIT = re.compile("(?<=[\u0660-\u0669]) · | · (?=[\u0660-\u0669])")


def digits() -> str:
    """The session's digit style: "latn" (0-9) or "arab" (٠-٩)."""
    try:
        value = st.session_state.get("digits", "latn")
    except Exception:  # outside a Streamlit run
        return "latn"
    return value if value in DIGIT_STYLES else "latn"


def code() -> str:
    """The CLDR locale of the session."""
    return "ar_LY" if lang() == "ar" else "en"


def shape(text: str) -> str:
    """Digits of ``text`` in the session's style (for text built elsewhere, e.g. "R24"); beside Arabic-Indic digits,
    parts are separated by the Arabic comma (``separator``)."""
    if numbering_system() == "arab":
        return _DOT_BY_DIGIT.sub(separator(), text.translate(_ARABIC_INDIC))
    return text


def separator() -> str:
    """What separates the parts of a label: " · ", or "، " with Arabic-Indic digits, where a middle dot beside a
    digit reads as one more digit: "الجولة ٢٨ · أكتوبر" was read "الجولة ٠٢٨" (٠, zero, is a dot).  For parts
    that may end or begin with a number; ``shape`` mends the text it shapes."""
    return "، " if numbering_system() == "arab" else " · "


def mark(value: object) -> object:
    """A withheld public count ("<5") in the reader's digits, as the shown counts beside it are; any other
    value unchanged.  The data keeps "<5": pages and downloads compare against it."""
    return shape(value) if isinstance(value, str) and _WITHHELD.fullmatch(value) else value


def numbering_system() -> str:
    """The digits numbers are written in for this reader: "arab" (٠-٩, Arabic with Arabic-Indic digits) or
    "latn"; for code that writes numbers itself (the map's cluster counts)."""
    return "arab" if digits() == "arab" and lang() == "ar" else "latn"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "NaT")


def number(value: object, *, signed: bool = False, decimals: int = 0, up_to: int = 0, percent: bool = False) -> str:
    """A count or measure with the locale's separators; "no data" for a missing value.  ``decimals``: digits
    always written after the separator; ``up_to``: at most that many, only those needed (83.6 and 366, as a
    browser writes a measure in an English table); ``percent``: a value already in percent (8.3 → "8.3%")."""
    if _missing(value):
        return t("no data")
    places = "0" * decimals + "#" * max(up_to - decimals, 0)
    pattern = "#,##0" + ("." + places if places else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return shape(numbers.format_decimal(float(value) if places else round(float(value)), format=pattern,
                                        locale=code(), numbering_system=numbering_system()) + ("%" if percent else ""))


def value(value: object) -> str:
    """Any value as a reader sees it in tooltips and legends: numbers in the
    reader's digits with separators, "no data" for a missing one."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return t("no data")
    if pd.api.types.is_number(value) and not isinstance(value, (bool, np.bool_)):  # numpy's integers too
        return number(value)
    return str(mark(value))


def percent(fraction: float, decimals: int = 0) -> str:
    """``fraction`` (0.25) as a percentage (25 %)."""
    if _missing(fraction):
        return t("no data")
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return shape(numbers.format_percent(fraction, format=pattern, locale=code(), numbering_system=numbering_system()))


def date(value: dt.date, *, short: bool = False) -> str:
    """A day: "3 Dec 2019" / "3 ديسمبر 2019"."""
    if _missing(value):
        return t("no data")
    return shape(dates.format_date(value, "d MMM y" if short else "d MMMM y", locale=code()))


def moment(value: dt.datetime | str) -> str:
    """A moment the store recorded (an import, an audit entry), to the minute, in UTC as the store keeps it:
    "2 Dec 2026, 10:42 UTC".  ``value``: a datetime or its ISO text; text that is not one stays as written."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if _missing(value):
        return t("no data")
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return t("{date}, {time} UTC").format(date=date(value, short=True), time=shape(value.strftime("%H:%M")))


def day(value: dt.date) -> str:
    """A day without its year: "3 Dec" / "3 ديسمبر" (the sidebar's short labels)."""
    return shape(dates.format_date(value, "d MMM", locale=code()))


def month(value: dt.date, *, short: bool = False) -> str:
    """A month: "December 2019" / "ديسمبر 2019"."""
    if _missing(value):
        return t("no data")
    return shape(dates.format_date(value, "MMM y" if short else "MMMM y", locale=code()))


def round_name(n: int) -> str:
    """A DTM round's short name: "R24" / "الجولة 24", never broken between its word and its number (on a phone a
    headline's "منذ الجولة 27" left "27" alone on a line)."""
    return shape(translations.Words(lang()).round_name(n))


def round_label(rnd: object) -> str:
    """A DTM round with its months (``geo.timeaxis.Round``): "R24 · Jan–Feb 2019"."""
    return shape(translations.Words(lang()).round_label(rnd))
