"""Data text made safe for every place the atlas renders it: HTML, Markdown, Plotly.

Why one module: names, titles, summaries and file names come from files anyone
with upload rights chose.  A value such as ``<img src=x onerror=…>``,
``"><svg onload=…>``, ``[link](javascript:…)`` or ``![](https://…)`` must be
*shown*, never interpreted: no injected element, no script, and no request
leaving the viewer's browser.  Each renderer interprets text differently, so
there is one function per renderer, and pages/components never put data text
into HTML, Markdown or a chart without going through one of them:

- ``html_text``: map tooltips, legends, anything inserted as HTML
  (``innerHTML`` in the map runtime, ``st.html``);
- ``md_text``: ``st.markdown``/``st.caption``/``st.info``/metric labels/
  ``st.table`` cells (Streamlit renders GitHub Markdown there: images, links,
  autolinked URLs, ``:red[…]`` directives, ``$…$`` maths);
- ``plotly_text``/``plotly_frame``: chart titles, tick and legend labels and
  hover text (Plotly reads ``<a href>``, ``<b>``, ``<br>`` … in all of them and
  decodes entities, so escaped text displays exactly as written).
"""

from __future__ import annotations

import html
import re

import pandas as pd

# Every ASCII punctuation character may be backslash-escaped in CommonMark and
# then stands for itself; escaping all of them disarms emphasis, links, images,
# HTML, tables, headings, lists, code, GFM autolinks (``www.`` / ``http://``),
# Streamlit directives (``:red[…]``) and maths (``$``).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=%;/@^?,])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def html_text(value: object) -> str:
    """``value`` as HTML text: ``<``, ``>``, ``&`` and both quotes escaped."""
    return html.escape(_text(value), quote=True)


def md_text(value: object) -> str:
    """``value`` as literal text inside Streamlit Markdown, on one line.

    Line breaks become spaces (a data value must not start a heading, list or
    code block), leading spaces are dropped (four would make a code block) and
    every Markdown-significant character is backslash-escaped.
    """
    one_line = _LINE_BREAKS.sub(" ", _text(value)).strip()
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def plotly_text(value: object) -> str:
    """``value`` as Plotly label text (titles, categories, hover): tags shown as text."""
    return html.escape(_text(value), quote=False)


def plotly_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A copy of ``frame`` with the text values of ``columns`` passed through ``plotly_text``.

    Numbers and dates are left alone, so axes stay numeric/temporal.
    """
    out = frame.copy()
    for c in columns:
        if c in out and (out[c].dtype == object or pd.api.types.is_string_dtype(out[c])):
            out[c] = [plotly_text(v) if isinstance(v, str) else v for v in out[c]]
    return out


__all__ = ["html_text", "md_text", "plotly_frame", "plotly_text"]
