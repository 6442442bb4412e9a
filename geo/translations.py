"""The interface's words in a language named outright: for files the atlas writes outside a reader's session.

Why here and not only in ``components.i18n``: a snapshot is written in the language of the page it was published
from (``geo.snapshots.View.lang``), by the app, the command line or cron, and opened later by a donor who has no
session at all.  Its page, legend, sources and images need the same catalogue as the app
(``locales/<lang>/LC_MESSAGES/messages.po``, English text as msgid) and the same way of writing figures and dates
(CLDR ``ar_LY``: 636.426, "5 ديسمبر 2026"), with the language passed in rather than read from a session.
``components.i18n`` reads its catalogues from here, so both say the same.

Numbers keep Western digits: a snapshot has no digit choice, and Western digits are what Libya's own
publications use beside Arabic text.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import math
from functools import cache
from pathlib import Path

from babel import dates, numbers
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[1] / "locales"
LANGS = ("en", "ar")
DOMAIN = "messages"


@cache
def po(lang: str) -> Catalog | None:
    """The translators' catalogue of ``lang`` as written (None where there is none)."""
    path = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return None
    with open(path, "rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (fuzzy and empty entries left out, as msgfmt does)."""
    cat = po(lang)
    if cat is None:
        return gettext.NullTranslations()
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


class Words:
    """Interface text, figures and dates in one language ("en" or "ar").

    ``t`` takes the same English msgids as ``components.i18n.t`` (the extractor reads ``words.t("…")`` in the
    modules ``babel.cfg`` lists), so a phrase the app already translates reads the same in a snapshot."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "en"
        self.locale = "ar_LY" if self.lang == "ar" else "en"

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"

    def t(self, msgid: str) -> str:
        """``msgid`` (English text) in this language; itself when untranslated."""
        return catalogue(self.lang).gettext(msgid) if msgid else msgid

    def pick(self, en: str, ar: str | None) -> str:
        """The Arabic form the data carries when the language is Arabic, else (or when it has none) the English."""
        return ar if self.rtl and ar else en

    def number(self, value: float | None) -> str:
        """A count with this language's separators (636,426 / 636.426); "no data" where there is none."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.t("no data")
        return numbers.format_decimal(round(float(value)), format="#,##0", locale=self.locale)

    def percent(self, fraction: float) -> str:
        """A share (0.25) as a whole percentage: "25%" / "25٪"."""
        return numbers.format_percent(fraction, format="#,##0%", locale=self.locale)

    def date(self, value: dt.date) -> str:
        """A day: "5 December 2026" / "5 ديسمبر 2026"."""
        return dates.format_date(value, "d MMMM y", locale=self.locale)

    def month(self, value: dt.date) -> str:
        """A month: "December 2019" / "ديسمبر 2019"."""
        return dates.format_date(value, "MMMM y", locale=self.locale)

    def moment(self, value: dt.datetime) -> str:
        """A moment to the minute, in UTC: "5 December 2026, 03:23 UTC"."""
        value = value.astimezone(dt.UTC) if value.tzinfo is not None else value
        return self.t("{date}, {time} UTC").format(date=self.date(value), time=value.strftime("%H:%M"))

    def round_name(self, n: int) -> str:
        """A DTM round's short name: "R24" / "الجولة 24", never broken between its word and its number."""
        return self.t("R{n}").format(n=n).replace(" ", "\u00a0")

    def round_label(self, rnd: object) -> str:
        """A DTM round with its months (``geo.timeaxis.Round``): "R24 · Jan–Feb 2019" / "الجولة 24 · يناير–فبراير
        2019"."""
        start, end = rnd.start, rnd.end
        first = dates.format_date(start, "MMM" if start.year == end.year else "MMM y", locale=self.locale)
        return f"{self.round_name(rnd.number)} · {first}–{dates.format_date(end, 'MMM y', locale=self.locale)}"


# The language of what the atlas writes without a reader's session to ask (the command line, cron, the defaults).
ENGLISH = Words("en")
