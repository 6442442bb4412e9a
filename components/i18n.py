"""Interface text in English and Arabic, and the page direction that goes with it.

Why gettext catalogues with the English text as msgid: every string on screen is
written once, in English, as ``t("Full English text")``; ``pybabel extract``
collects them into ``locales/messages.pot`` and the translators' ``.po`` files
(``locales/ar/LC_MESSAGES/messages.po``) hold the Arabic.  A string nobody has
translated yet shows in English, never as a key, so parallel work on pages
cannot break the Arabic interface, and ``scripts/i18n_check.py`` lists what is
missing.  The ``.po`` files are read and compiled in memory with Babel at first
use, so a clean clone needs no build step.

``N_`` marks text that is translated later (at display time) — e.g. the
registry's category values — so the extractor still finds it.
"""

from __future__ import annotations

import gettext
import io
import json
from functools import cache
from pathlib import Path

import streamlit as st
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from components import layout

LOCALES = Path(__file__).resolve().parents[1] / "locales"
LANGS = ("en", "ar")
DOMAIN = "messages"


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (fuzzy and empty entries left out, as msgfmt does)."""
    po = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return gettext.NullTranslations()
    with open(po, "rb") as f:
        cat = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


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


def url_lang() -> None:
    """Take ``lang`` and ``digits`` from a shared link before the navigation is
    drawn, so page titles are already in the link's language on its first run."""
    from components import state

    state.load_url({"lang": "en", "digits": "latn"},
                   {"lang": lambda v: v in LANGS, "digits": lambda v: v in ("latn", "arab")})


RTL_CSS = """<style>
.stApp, [data-testid="stSidebar"], [data-testid="stMain"] {direction: rtl; text-align: right;}
[data-testid="stSidebarNav"] a, [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stAlert"], [data-testid="stExpander"], .stRadio, .stSelectbox,
.stMultiSelect, label {direction: rtl; text-align: right;}
[data-testid="stSidebarCollapseButton"], [data-testid="stSidebarHeader"] {direction: ltr;}
[data-testid="stToolbar"] div:has(> [data-testid="stMainMenu"]) {margin-inline-start: auto; margin-inline-end: 1rem;}
iframe {direction: ltr;}
[data-testid="stMainMenuPopover"] {direction: rtl; text-align: right;}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:first-child {border-radius: 0 0.5rem 0.5rem 0;}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:last-child {border-radius: 0.5rem 0 0 0.5rem;}
/* Streamlit lays a segmented control out left to right: each button overlaps the next by 1px on its right (the
   first one's outer edge was clipped), and the one after the chosen hides its left border (the outer one). */
[data-testid="stButtonGroup"] button[data-variant="segmented_control"] {
  margin-right: 0 !important; margin-left: -1px !important;}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:last-child {margin-left: 0 !important;}
[data-testid="stButtonGroup"] button[data-variant="segmented_control"][aria-checked="true"] + button {
  border-left-color: rgb(220, 216, 212) !important; border-right-color: transparent !important;}
[data-testid="stSidebar"][data-collapsed="true"],
[data-testid="stSidebar"][data-collapsed="true"] * {visibility: hidden !important;}
</style>"""


def _uploader_css() -> str:
    # Streamlit writes its file-drop box in English; in Arabic its words are replaced.
    drop, browse = t("Drag and drop a file here"), t("Browse files")
    return ("<style>[data-testid=\"stFileUploaderDropzoneInstructions\"] > div > span, "
            "[data-testid=\"stFileUploaderDropzoneInstructions\"] > div > small {display: none;}"
            f"[data-testid=\"stFileUploaderDropzoneInstructions\"] > div::before {{content: \"{drop}\";}}"
            "[data-testid=\"stFileUploaderDropzone\"] button, "
            "[data-testid=\"stFileUploaderDropzone\"] button * {font-size: 0 !important;}"
            f"[data-testid=\"stFileUploaderDropzone\"] button::after {{content: \"{browse}\"; font-size: 14px;}}"
            "</style>")


# A table's grid scrolls from the left whatever the page's direction, and an Arabic table's first columns (its
# name, its title) are on its right: a table wider than its box would open on its last columns.  Each grid is
# scrolled to its right end once, when it first overflows (a reader's own scrolling is kept), while the page is
# right to left.  No "<" in it: the HTML sanitiser would drop the script.
RTL_GRIDS_JS = (
    "(function(){var W=window.parent||window,D=W.document;if(W.__atlasRtlGrids)return;W.__atlasRtlGrids=1;"
    "W.setInterval(function(){var app=D.querySelector('.stApp');"
    "if(!app||W.getComputedStyle(app).direction!=='rtl')return;"
    "D.querySelectorAll('[data-testid=\"stDataFrame\"] .dvn-scroller').forEach(function(s){"
    "if(s.dataset.atlasRtl||s.clientWidth+1>=s.scrollWidth)return;"
    "s.dataset.atlasRtl='1';s.scrollLeft=s.scrollWidth;});},300);})();"
)


# Streamlit writes its menu (⋮) in English, whatever the page's language.  While the page is right to left, each
# of its texts (``menu_words``) is replaced by its Arabic as the menu is drawn: a watch on the page's elements that
# starts with the reader's key or click (the menu opens on nothing else) and ends 10 s after the last one, so that
# nothing watches while the page loads.  Its words are refreshed by every run.
RTL_MENU_JS = (
    "(function(){var W=window.parent||window,D=W.document;W.__atlasMenuWords=%s;"
    "if(W.__atlasMenu)return;W.__atlasMenu=1;"
    "function tr(){var app=D.querySelector('.stApp'),menu=D.querySelector('[data-testid=\"stMainMenuPopover\"]');"
    "if(!menu||!app||W.getComputedStyle(app).direction!=='rtl')return;"
    "var w=W.__atlasMenuWords,walk=D.createTreeWalker(menu,4),n;"  # 4: NodeFilter.SHOW_TEXT
    "while((n=walk.nextNode()))if(Object.prototype.hasOwnProperty.call(w,n.data))n.data=w[n.data];}"
    "var obs=null,stop=0;"
    "function watch(){W.clearTimeout(stop);stop=W.setTimeout(function(){if(obs){obs.disconnect();obs=null;}},10000);"
    "if(!obs){obs=new W.MutationObserver(tr);obs.observe(D.body,{childList:true,subtree:true});}}"
    "['pointerdown','keydown'].forEach(function(e){D.addEventListener(e,watch,true);});})();"
)


def menu_words() -> str:
    """The texts of the viewer's menu as Streamlit 1.67 writes them (its version follows the credit) and the
    session's words for them."""
    texts = {"Print": t("Print"), "Record screen": t("Record screen"), "Stop recording": t("Stop recording"),
             "Cancel recording": t("Cancel recording"), "Made with Streamlit v": t("Made with Streamlit v")}
    return json.dumps({en: word for en, word in texts.items() if word != en}, ensure_ascii=False)


def apply_direction() -> None:
    """Right-to-left layout when Arabic is chosen (the map inside its iframe is never mirrored)."""
    if rtl():
        # st.html, not Markdown that allows HTML: that parser's code (0.19 MB) would be fetched before the map.
        layout.script(RTL_GRIDS_JS + RTL_MENU_JS % menu_words(), html=RTL_CSS + _uploader_css())
