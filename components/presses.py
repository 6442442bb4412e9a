"""A button press that outlives the run it started (the Data page's Confirm, Publish this view, Add to the feed).

Why: a choice the reader makes while a run works (the language, a pill) starts a new run at once and stops the
old one at its next Streamlit call (Streamlit's fast reruns).  A press of ``st.button`` is a value of the run it
started only: if that run was stopped before it acted (a file validated again because another import landed:
seconds), the press went with it, without a word.  So the press is kept here until the page acts on it
(``take``), and the next run of the page acts on it instead.

Kept outside the session (``components.session_kept``): writing ``st.session_state`` is itself a point where a
stopped run is stopped.  The press is recorded by the button's callback, which Streamlit calls as the run starts
(a choice landing before that still loses it).  A press is kept with what it was pressed for (``token``: the
file, its dataset and mode, the version it was validated against; the view to publish), and the page compares
that with what it shows now, or acts on it.  A page run that ends without offering the button drops the press
(``drop``), and so does the first run of a visit to another page (``drop_all``): a press never acts later, after
the reader has seen a page without it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.session_kept import Kept

_PRESSED: Kept[Hashable] = Kept()  # (session id, button key) -> what the button was pressed for


def _press(session: str, key: str, token: Hashable) -> None:
    """The button's callback: no session state read or written (see the module's docstring)."""
    _PRESSED.put(session, key, token)


def button(label: str, *, key: str, token: Hashable, form: bool = False, **kwargs: Any) -> Hashable | None:
    """``st.button`` (``form``: a form's ``st.form_submit_button``) whose press is kept until ``take(key)`` or
    ``drop(key)``: what it was pressed for (the ``token`` of the run that drew the button pressed) in the run the
    press started and, if that run was stopped before acting, in the page's next runs; None if it was not
    pressed."""
    run = get_script_run_ctx()
    draw = st.form_submit_button if form else st.button
    draw(label, key=key, on_click=_press, args=(run.session_id, key, token), **kwargs)
    return _PRESSED.get(run.session_id, key)


def take(key: str) -> bool:
    """Act on the press of ``key``: True for one run only (two runs of a session can be at work at once).  Call
    it straight before the action, with no Streamlit call in between, or the run may be stopped after taking
    the press and before acting on it."""
    run = get_script_run_ctx()
    return _PRESSED.pop(run.session_id, key) is not None


def drop(key: str) -> None:
    """Forget a press of ``key``: the page no longer offers what it was pressed for (another file, or none)."""
    run = get_script_run_ctx()
    _PRESSED.pop(run.session_id, key)


def drop_all() -> None:
    """Forget every press of this session: the reader has come to another page, and a press made on one they
    left never acts when they come back (``components.page.setup``)."""
    _PRESSED.drop_session(get_script_run_ctx().session_id)
