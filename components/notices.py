"""What answers a reader's action ("Published snapshot 12", "Added FU-0042"), kept on the page until
the reader acts again.

Why: such a message used to be drawn by one run only.  On a page with a map, the runs that
``components.map_first`` starts by itself (it presses a hidden button to send the charts below the map)
came a second later and redrew the page without it: a coordinator saw "Published snapshot" flash and
vanish, or never saw it, and could publish the same view twice.  A notice is therefore kept in the
session and drawn again by every run the reader did not start; the reader's next run drops it.

Usage: ``post(slot, "success", text)`` where the action succeeds (in its run, in a callback, or before an
``st.rerun``); ``show(slot)`` where the message belongs, in every run of that page.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from components import map_first

_NOTICES = "_notices"  # slot -> [kind, text, number of the last run that drew it, or None]

Kind = Literal["success", "error", "info"]


def post(slot: str, kind: Kind, text: str) -> None:
    """Keep ``text`` for ``slot`` (Markdown, as ``st.success`` takes it); ``show(slot)`` draws it."""
    st.session_state.setdefault(_NOTICES, {})[slot] = [kind, text, None]


def show(slot: str) -> bool:
    """Draw ``slot``'s notice if it still stands; True if it was drawn.

    It stands in the run that posted it (or the first run after), and in every later run the atlas
    started by itself; a run the reader started (a press, a slider step, another page) drops it."""
    notices = st.session_state.get(_NOTICES, {})
    notice = notices.get(slot)
    if notice is None:
        return False
    kind, text, drawn_in = notice
    run = map_first.run_number()
    if drawn_in is not None and drawn_in != run and not map_first.started_by_atlas():
        del notices[slot]
        return False
    # Marked drawn once drawn: a reader's choice that lands now interrupts the run inside the call, before the
    # message leaves, and the notice is then drawn by the next run.
    {"success": st.success, "error": st.error, "info": st.info}[kind](text)
    notice[2] = run
    return True


def held(slot: str) -> bool:
    """True if ``slot`` has a notice kept (drawn or still to be drawn)."""
    return slot in st.session_state.get(_NOTICES, {})


def drop(slot: str) -> None:
    """Take ``slot``'s notice down (the reader acted where ``show`` is not reached: a fragment's rerun)."""
    st.session_state.get(_NOTICES, {}).pop(slot, None)


def first_shown(slot: str) -> bool:
    """True if ``slot``'s notice stands and no earlier run drew it (a form clears its fields once)."""
    notice = st.session_state.get(_NOTICES, {}).get(slot)
    return notice is not None and notice[2] is None
