"""Interface text in English and Arabic, and which way the language reads (``rtl``; the page is turned by
``components.right_to_left``).

Why gettext catalogues with the English text as msgid: every string on screen is
written once, in English, as ``t("Full English text")``; ``pybabel extract``
collects them into ``locales/messages.pot`` and the translators' ``.po`` files
(``locales/ar/LC_MESSAGES/messages.po``) hold the Arabic.  A string nobody has
translated yet shows in English, never as a key, so parallel work on pages
cannot break the Arabic interface, and ``scripts/i18n_check.py`` lists what is
missing.  The ``.po`` files are read and compiled in memory with Babel at first
use (``geo.translations``, which snapshots written outside a session read too), so a clean clone needs no build
step.

``N_`` marks text that is translated later (at display time) — e.g. the
registry's category values — so the extractor still finds it.
"""

from __future__ import annotations

import re

import streamlit as st

from geo import translations

LANGS = translations.LANGS
catalogue = translations.catalogue


def lang() -> str:
    """The interface language of this session: "en" or "ar"."""
    try:
        value = st.session_state.get("lang", "en")
    except Exception:  # outside a Streamlit run (scripts, unit tests)
        return "en"
    return value if value in LANGS else "en"


def rtl() -> bool:
    return lang() == "ar"


def t(msgid: str) -> str:
    """``msgid`` (English text) in the session's language; itself when untranslated."""
    if not msgid:
        return msgid
    return catalogue(lang()).gettext(msgid)


def tn(singular: str, plural: str, n: int) -> str:
    """A counted text (``singular``, ``plural``: its English msgid and msgid_plural) in the session's language,
    in the form its count ``n`` takes there: "1 event", "2 events"; in Arabic one of six (لا أحداث، حدث واحد،
    حدثان، ٣ أحداث، ١١ حدثًا، ١٠٠ حدث), where "عدد الأحداث: ٣" had named every count the same way."""
    return catalogue(lang()).ngettext(singular, plural, n)


def plural_forms(singular: str, plural: str) -> list[str]:
    """Every form of a counted text (``singular``, ``plural``: its English msgid and msgid_plural) in the session's
    language, in the order its ``plural_rule`` numbers them; English's two where it has no translation.

    Why not "{n} results" for every count: Arabic has six forms (none, one, two, 3–10, 11–99, and 100 and more);
    "٥ نتيجة" is wrong Arabic.  For texts the browser counts (a table search's results), which picks the form."""
    cat = translations.po(lang())
    entry = cat.get(singular) if cat is not None else None
    if entry is None or entry.fuzzy or not isinstance(entry.string, tuple) or not all(entry.string):
        return [singular, plural]
    return list(entry.string)


def plural_rule(lang: str) -> str:
    """The catalogue's rule that numbers a count's form (gettext's ``plural=`` expression over ``n``: C syntax,
    which is JavaScript too).  Only what such a rule is made of passes, since the browser runs it as code."""
    cat = translations.po(lang)
    rule = cat.plural_expr if cat is not None else "(n != 1)"
    if not re.fullmatch(r"[n0-9=!<>&|?:%() ]+", rule):
        raise ValueError(f"not a plural rule: {rule!r}")
    return rule


def term(value: str) -> str:
    """A data value from a fixed vocabulary (``components.vocabulary``, marked with
    ``N_``) in the session's language; a different name than ``t`` so the
    extractor does not take the expression for a msgid."""
    return t(value)


def terms(value: object) -> object:
    """A data list ("a;b;c", a ``list`` field of the registry) as a reader reads it: each item in the session's
    language where the vocabulary has it (``components.vocabulary``), the items joined by ", " ("، " in Arabic).
    Anything else is returned as it is."""
    if not isinstance(value, str):
        return value
    return t(", ").join(term(item.strip()) for item in value.split(";") if item.strip())


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it now."""
    return msgid


def pick(en: str, ar: str | None) -> str:
    """The Arabic form the data carries when Arabic is chosen, else (or when it has none) the English."""
    return ar if rtl() and ar else en


def isolated(text: str, *, left_to_right: bool = False) -> str:
    """``text`` set apart from the Arabic around it (U+2068 … U+2069: its direction from its first letter), so that
    a part in either script keeps its place among others ("Tripoli for donors · ٤ ديسمبر" had the day's number
    drawn beside the English title); as it is in English.

    ``left_to_right`` (U+2066 … U+2069) for what reads from the left whatever its letters: a file's column names
    ('lat', 'lon'), a change "1653 → 1660". Beside Arabic their quotes and commas were scattered, and a change's
    arrow pointed from the new value to the old."""
    if not rtl():
        return text
    return f"\u2066{text}\u2069" if left_to_right else f"\u2068{text}\u2069"


_WORDED = "_worded_in"  # by widget key: the language and digits its choice was last drawn in (``reworded``)


def reworded(key: str) -> str:
    """``key``, after sending its widget's choice again if the page's language or digits changed since it was drawn.

    For an option widget whose options are worded in the page's language (a ``format_func`` that translates, or
    writes names, numbers and dates): call it for the widget's key, ``st.selectbox(..., key=reworded("k"))``.

    Why: Streamlit keeps such a choice in the browser as the words it showed.  After a switch to Arabic the box
    went on showing the English words ("detention_centres", a snapshot's "7 Dec 2026"), and the next run the
    browser sent them back, which matched no option: the choice fell back to the first one (another snapshot,
    another centre).  It is sent again in the run where the words change, and only then: sent in every run, it
    would undo a choice the reader makes while a run is under way."""
    words = (lang(), st.session_state.get("digits"))
    drawn = st.session_state.setdefault(_WORDED, {})
    if key in st.session_state and drawn.get(key, words) != words:
        st.session_state[key] = st.session_state[key]  # read with the words it was drawn in; drawn with the new
    drawn[key] = words
    return key


def url_lang() -> None:
    """Take ``lang`` and ``digits`` from a shared link before the navigation is
    drawn, so page titles are already in the link's language on its first run."""
    from components import state

    state.load_url({"lang": "en", "digits": "latn"},
                   {"lang": lambda v: v in LANGS, "digits": lambda v: v in ("latn", "arab")})
