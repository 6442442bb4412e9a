"""Headline figures: a page's few numbers (a label, a value, its change, a note under it) as one HTML block.

Why not ``st.metric``: every metric is an element of its own, in a column of its own, each drawn by
Streamlit's React code (label and value through its Markdown renderer, styles computed per element)
before the browser can paint the map that follows them.  Three metrics in three columns cost a cold
``/displacement`` tab about 0.1 s of its browser's main thread; with ten tabs opening together on one
computer, that is a second of work in front of the last map.  One ``st.html`` block (whose code every
page loads anyway for its layout rules) draws the same figures; their look is set once, in
``components.layout``.

A change is drawn in a neutral colour with an arrow for its direction: more displaced people is not good
news, and the green Streamlit gives every increase said it was.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from components import locale
from components.i18n import t


@dataclass(frozen=True)
class Figure:
    """One headline figure.  ``value``, ``change`` and ``note`` are text as the reader sees it (their digits
    and withheld marks already applied); ``rising`` gives the change's arrow (None: no arrow)."""

    label: str
    value: str
    change: str | None = None
    rising: bool | None = None
    note: str | None = None


def change_since(now: float, before: float, round_name: str) -> tuple[str, bool | None]:
    """A figure's change from the round ``round_name`` ("+9,546 since R27", in the reader's digits) and its
    direction for the arrow (None: unchanged)."""
    change = round(now - before)  # whole people: a public sum's fraction (geo.disclosure.SMALL) is no change
    text = t("{change} since {round}").format(change=locale.number(change, signed=True), round=round_name)
    return text, None if change == 0 else change > 0


def html_block(figures: Sequence[Figure]) -> str:
    """The figures as HTML, every text escaped; side by side, as many per row as there are."""
    cards = []
    for f in figures:
        parts = [f'<div class="atlas-figure-label">{html.escape(f.label)}</div>',
                 f'<div class="atlas-figure-value">{html.escape(f.value)}</div>']
        if f.change:
            arrow = "" if f.rising is None else (
                '<span class="atlas-icon" aria-hidden="true" translate="no">'
                f'{"arrow_upward" if f.rising else "arrow_downward"}</span>')
            parts.append(f'<div class="atlas-figure-change">{arrow}<span>{html.escape(f.change)}</span></div>')
        if f.note:
            parts.append(f'<div class="atlas-figure-note">{html.escape(f.note)}</div>')
        cards.append('<div class="atlas-figure">' + "".join(parts) + "</div>")
    return '<div class="atlas-figures">' + "".join(cards) + "</div>"


def show(figures: Sequence[Figure]) -> None:
    """Draw ``figures`` on the page as one element."""
    st.html(html_block(figures))
