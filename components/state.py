"""Page state that survives page switches and lives in the URL (permalinks).

Why: a coordinator sets Sebha and round 28, opens another page, and expects
the same area and time there; a colleague who opens a shared link must see
exactly the same view.  Streamlit forgets widget values when a page stops
rendering them and clears the query string on page switches, so this module
keeps every value twice: in a persistent session key (``_keep.<name>``) and in
the URL query.  A URL that differs from what the app last wrote is a
permalink being opened, and wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

KEEP = "_keep."
PENDING = "_pending."
LAST_URL = "_last_url"


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, list):
        return [v for v in value.split(",") if v]
    return value


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def load_url(defaults: dict[str, Any], validators: dict[str, Callable[[Any], bool]] | None = None) -> None:
    """Take values from the URL when it was not written by this session (a permalink).

    Only keys present in the URL are taken, so switching pages (which clears
    the query) keeps the session's values.
    """
    query = dict(st.query_params)
    if not query or query == st.session_state.get(LAST_URL):
        return
    validators = validators or {}
    for name, default in defaults.items():
        if name not in query:
            continue
        try:
            value = _coerce(query[name], default)
        except ValueError:
            continue  # a hand-edited URL with junk: keep the current value
        check = validators.get(name)
        if check is None or check(value):
            st.session_state[KEEP + name] = value
            st.session_state[name] = value


def value(name: str, default: Any) -> Any:
    """The remembered value of ``name``; also primes the widget key of that name."""
    if PENDING + name in st.session_state:  # set by ``request`` on the previous run
        new = st.session_state.pop(PENDING + name)
        st.session_state[KEEP + name] = new
        st.session_state[name] = new
    kept = st.session_state.get(KEEP + name, default)
    if name not in st.session_state:
        st.session_state[name] = kept
    return st.session_state[name]


def request(name: str, new: Any) -> None:
    """Change a widget's value from code after the widget was drawn: applied at
    the start of the next run (Streamlit forbids changing it in this one)."""
    st.session_state[PENDING + name] = new


def remember(*names: str) -> None:
    """Copy widget values into persistent keys (call after the widgets)."""
    for name in names:
        if name in st.session_state:
            st.session_state[KEEP + name] = st.session_state[name]


def set_value(name: str, new: Any) -> None:
    st.session_state[KEEP + name] = new
    st.session_state[name] = new


def write_url(names: list[str]) -> None:
    """Write the current values of ``names`` into the URL query (the permalink)."""
    query = {}
    for name in names:
        current = st.session_state.get(name, st.session_state.get(KEEP + name))
        if current is None or current == "" or current == []:
            continue
        query[name] = _encode(current)
    if dict(st.query_params) != query:
        st.query_params.from_dict(query)
    st.session_state[LAST_URL] = query
