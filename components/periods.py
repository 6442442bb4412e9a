"""Time sliders over a layer's periods (rounds, months): a slider where there is a choice, the one period stated
where there is none.

Seen after one-month and one-round imports: Disembarkation's range slider read "Feb 2024  Feb 2024" over a lone dot,
Detention's and Displacement's a period over a dot, and Displacement still offered "Play rounds" and "Compare two
rounds" (whose map then showed the change from R28 to R28, classes "+0 … +0").
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st


def stated(where: Any, label: str, text: str) -> None:
    """``label: text`` in one line, as the area above the map is stated (``.atlas-where``)."""
    where.html(f'<div class="atlas-where"><span><strong>{html.escape(label)}:</strong> {html.escape(text)}</span>'
               "</div>")


def one(where: Any, label: str, options: Sequence[Any], *, key: str, format_func: Callable[[Any], str]) -> Any:
    """A slider choosing one of ``options`` (the choice in ``st.session_state[key]``); the only one, stated."""
    if len(options) == 1:
        st.session_state[key] = options[0]
        stated(where, label, format_func(options[0]))
        return options[0]
    return where.select_slider(label, options=list(options), key=key, format_func=format_func)


def span(where: Any, label: str, options: Sequence[Any], *, value: tuple[Any, Any], key: str,
         format_func: Callable[[Any], str]) -> tuple[Any, Any]:
    """A slider choosing a first and a last of ``options`` (from ``value``); the only one, stated as both."""
    if len(options) == 1:
        stated(where, label, format_func(options[0]))
        return options[0], options[0]
    first, last = where.select_slider(label, options=list(options), value=value, key=key, format_func=format_func)
    return first, last
