"""Look-alikes: input fields until a page's map has drawn, and charts and tables below the map until the
viewer comes near them (``components.map_first``).

Why: Streamlit's date and number inputs are separate JavaScript chunks (a date
input brings about 250 kB: the calendar, the date field, its menus).  When a
page's first run draws one above its map, the browser fetches, compiles and
renders that code before the map can paint.  In that first run the field is
drawn as a look-alike instead: its label and its value in a box of the same
size, in plain HTML (``st.html``, whose code every page loads for its layout
rules; not Markdown with HTML, which would fetch a 190 kB HTML parser).  The
release rerun that follows the map's paint puts the real widget in the same
place, with the same value (the view holds it: ``components.state``).

A chart or a table below the map is a quiet box of its size with its title
until the viewer scrolls towards it (``map_first.in_sight``): Plotly's 4.7 MB
and the table grid's 1.2 MB of code are then loaded and run only for a viewer
who goes to look, and a page's charts do not compete for the processor with
other tabs still drawing their maps.  The box keeps the place, so nothing
below moves when the real one arrives.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import streamlit as st

from components import map_first
from components.i18n import t

# Sizes of Streamlit's own label (1.5 rem high, 0.25 rem below) and input box (2.5 rem), so nothing moves
# when the real widget takes the look-alike's place.
_CSS = """<style>
.atlas-stand-in-label { font-size: 0.875rem; min-height: 1.5rem; margin-bottom: 0.25rem;
  display: flex; align-items: center; }
.atlas-stand-in-box { height: 2.5rem; box-sizing: border-box; border-radius: 0.5rem; padding: 0 0.75rem;
  display: flex; align-items: center; gap: 0.25rem; background: rgba(151, 166, 195, 0.15); opacity: 0.75;
  font-size: 1rem; overflow: hidden; white-space: nowrap; }
.atlas-below { box-sizing: border-box; border-radius: 0.5rem; padding: 0.75rem 1rem;
  background: rgba(151, 166, 195, 0.08); border: 1px dashed rgba(151, 166, 195, 0.5);
  display: flex; flex-direction: column; gap: 0.5rem; overflow: hidden; }
.atlas-below strong { font-weight: 600; }
.atlas-below span { font-size: 0.875rem; opacity: 0.75; }
</style>"""


def drawn(where: Any, label: str, parts: Sequence[str], key: str) -> bool:
    """In a page's first run, before its map has drawn: draw a look-alike of the field ``label`` showing
    ``parts`` in ``where`` and return True (the caller draws no widget).  Otherwise return False: the caller
    draws the real widget, with ``key``.  Its place keeps the field's height meanwhile (an invisible rule),
    as the browser may still be fetching the widget's code when the release rerun puts it there.

    ``parts`` are laid out one after the other in the page's direction, as the widget lays out its own
    (a date input's year, month and day: right to left in Arabic)."""
    if map_first.released():
        where.html(f"<style>.st-key-{key} {{ min-height: 4.25rem; }}</style>")
        return False
    spans = "".join(f"<span>{html.escape(part)}</span>" for part in parts)
    where.html(f'{_CSS}<div class="atlas-stand-in" aria-busy="true">'
               f'<div class="atlas-stand-in-label">{html.escape(label)}</div>'
               f'<div class="atlas-stand-in-box">{spans}</div></div>')
    return True


def below(title: str, height: int) -> None:
    """A chart's or table's place (``height`` pixels, ``title`` on it) while it waits below the map for the
    viewer to come near (``map_first.in_sight``)."""
    heading = f"<strong>{html.escape(title)}</strong>" if title else ""
    note = html.escape(t("Drawn when you scroll here."))
    st.html(f'{_CSS}<div class="atlas-below" style="height: {int(height)}px">{heading}<span>{note}</span></div>')
