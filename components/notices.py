"""What answers a reader's action ("Published snapshot 12", "Added FU-0042"), kept on the page until
the reader acts again.

Why: such a message used to be drawn by one run only.  On a page with a map, the runs that
``components.map_first`` starts by itself (it presses a hidden button to send the charts below the map)
came a second later and redrew the page without it: a coordinator saw "Published snapshot" flash and
vanish, or never saw it, and could publish the same view twice.  A notice is therefore kept in the
session and drawn again by every run the reader did not start; the reader's next run drops it, unless it
comes within ``READ_AFTER`` seconds of the notice's first drawing: a choice made before the notice could be read
(the language chosen straight after the press) took it down at once, and the coordinator never saw it (4 adds
of 16 in a probe of the flash form, the language 0-20 ms after "Add to the feed").

Usage: ``post(slot, "success", text)`` where the action succeeds (in its run, in a callback, or before an
``st.rerun``); ``show(slot)`` where the message belongs, in every run of that page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import map_first
from components.session_kept import Kept

_NOTICES = "_notices"  # slot -> [kind, text or what words it, number of the last run that drew it or None,
#                               when it was first drawn (time.monotonic) or None]
READ_AFTER = 1.5  # seconds a notice stands before the reader's next choice can take it down
# Notices posted and not yet taken into the session, by session id.  A reader's choice made while a run works
# (a snapshot being published) starts a new run at once and stops the old one at its next read or write of
# ``st.session_state`` (Streamlit's fast reruns): seen, a snapshot published, audited, and never said so, the
# old run stopped as it wrote the notice.  So ``post`` touches no session state, and the session's next run
# that shows notices takes it in (the new run has often finished by then: the notice waits for the next).
_POSTED: Kept[list] = Kept()  # (session id, slot) -> [kind, text, None, None]
_UNDER_WAY_LOCK = threading.Lock()
_UNDER_WAY: set[tuple[str, str]] = set()  # (session id, slot) of actions whose outcome is still to be posted

Kind = Literal["success", "error", "info"]


def post(slot: str, kind: Kind, text: str | Callable[[], str]) -> None:
    """Keep ``text`` for ``slot`` (Markdown, as ``st.success`` takes it); ``show(slot)`` draws it.  After an
    action, give a function that words it: ``t()`` reads the session's language, a point where the run may be
    stopped, and the run that shows the notice may be in another language (the reader chose Arabic straight after
    pressing), so each run that draws the notice words it."""
    _POSTED.put(get_script_run_ctx().session_id, slot, [kind, text, None, None])


@contextmanager
def under_way(slot: str) -> Iterator[None]:
    """Around an action whose outcome is ``post``-ed to ``slot``: while it works, the session's other runs can
    tell (``waiting``) and come back for the outcome, which the run doing the work may be stopped before
    showing."""
    key = (get_script_run_ctx().session_id, slot)
    with _UNDER_WAY_LOCK:
        _UNDER_WAY.add(key)
    try:
        yield
    finally:
        with _UNDER_WAY_LOCK:
            _UNDER_WAY.discard(key)


def waiting(slot: str) -> bool:
    """Whether an action of this session whose outcome goes to ``slot`` is still at work (``under_way``)."""
    with _UNDER_WAY_LOCK:
        return (get_script_run_ctx().session_id, slot) in _UNDER_WAY


@st.fragment(run_every=1.0)
def wait_for(slot: str, label: str) -> None:
    """``label`` ("Publishing…") while another run of this session does the action whose outcome goes to
    ``slot``; the whole page runs again once it is done, to show the outcome (the run that did it may have been
    stopped by the reader's choice before it could).  Call where ``waiting(slot)``."""
    if waiting(slot):
        st.caption(label)
    elif get_script_run_ctx().fragment_ids_this_run:  # (a whole run of the page may not be rerun from here)
        st.rerun(scope="app")


def _held() -> dict[str, list]:
    """This session's notices, those posted since its last run taken in (a posted notice leaves ``_POSTED``
    only once held: this run too may be stopped)."""
    held = st.session_state.setdefault(_NOTICES, {})
    run = get_script_run_ctx()
    if run is not None:
        posted = _POSTED.of(run.session_id)
        held.update(posted)
        for slot, notice in posted.items():  # unless posted again meanwhile
            _POSTED.pop_if(run.session_id, slot, notice)
    return held


def show(slot: str, *, waiting_label: str | None = None) -> bool:
    """Draw ``slot``'s notice if it still stands; True if it was drawn.  ``waiting_label``: drawn below it
    (``wait_for``) while another run of this session does the action whose outcome goes to ``slot`` (the reader's
    choice in the instant after a press starts a run, which comes back for the outcome).

    It stands in the run that posted it (or the first run after), and in every later run the atlas
    started by itself; a run the reader started (a press, a slider step, another page) drops it, once it has
    stood ``READ_AFTER`` seconds."""
    drawn = _draw(slot)
    if waiting_label is not None and waiting(slot):
        wait_for(slot, waiting_label)
    return drawn


def _draw(slot: str) -> bool:
    notices = _held()
    notice = notices.get(slot)
    if notice is None:
        return False
    kind, text, drawn_in, drawn_at = notice
    run = map_first.run_number()
    if (drawn_in is not None and drawn_in != run and not map_first.started_by_atlas()
            and time.monotonic() - drawn_at >= READ_AFTER):
        del notices[slot]
        return False
    # Marked drawn once drawn: a reader's choice that lands now interrupts the run inside the call, before the
    # message leaves, and the notice is then drawn by the next run.
    {"success": st.success, "error": st.error, "info": st.info}[kind](text() if callable(text) else text)
    notice[2] = run
    if drawn_at is None:
        notice[3] = time.monotonic()
    return True


def held(slot: str) -> bool:
    """True if ``slot`` has a notice kept (drawn or still to be drawn)."""
    return slot in _held()


def drop(slot: str) -> None:
    """Take ``slot``'s notice down (the reader acted where ``show`` is not reached: a fragment's rerun)."""
    _held().pop(slot, None)


def first_shown(slot: str) -> bool:
    """True if ``slot``'s notice stands and no earlier run drew it (a form clears its fields once)."""
    notice = _held().get(slot)
    return notice is not None and notice[2] is None
