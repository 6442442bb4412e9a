"""The Data page's import progress: a bar fed by geo.ingest, and the validated plan kept for Confirm.

Why keep the plan: clicking "Confirm" reruns the page script; without it a
50 MB upload would be read and validated a second time before being stored.
The plan is kept in the session (it belongs to that user's upload) under the
upload's id, the chosen dataset and mode, and the store's data version, so a
change to any of them (another import meanwhile) plans again.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import StopException

from components.i18n import t
from geo import ingest
from geo.store import Store

_KEY = "_import_plan"
_CLEARED_AT = "_uploads-cleared-at"  # the store's data version when the uploader was last cleared


def bar(widget: Any) -> ingest.Progress:
    """A ``geo.ingest`` progress callback drawing on ``widget`` (an ``st.progress``).

    A choice the reader makes meanwhile (another page, the language) starts a new run at once and stops this
    one at its next Streamlit call, which is this bar's: the import then stopped with it, its transaction rolled
    back, and nothing said (seen: 50,000 facilities confirmed, the language changed 1.5 s later, nothing stored).
    So once stopped, the bar is no longer drawn and the import goes on to its end."""
    stopped = False

    def show(fraction: float, what: str) -> None:
        nonlocal stopped
        if stopped:
            return
        try:
            widget.progress(min(max(fraction, 0.0), 1.0), text=t(what))
        except StopException:
            stopped = True
    return show


def upload_id(upload: Any) -> str:
    """Which upload this is: Streamlit's id for it (a file chosen again is a new upload), else its name."""
    return getattr(upload, "file_id", None) or upload.name


def _data_version(store: Store) -> tuple[tuple[str, int], ...]:
    """Which version of each dataset is current: what a plan was made against, what the uploader was cleared at."""
    return tuple(sorted(store.datasets().items()))


def uploader_key(store: Store, stored: bool, fields: Iterable[str] = ()) -> str:
    """The file uploader's key, new once per stored version: a stored file leaves the uploader, and ``fields``
    (its publisher and licence) are blanked, so the next file is not credited to them unless typed again.

    Cleared by the first run to say the file was stored (``stored``), not by the run that stored it: that run
    may be stopped by the reader's next choice before it gets there.  Once per data version, however many runs
    say it: a second clearing would take out a file chosen since."""
    if stored and st.session_state.get(_CLEARED_AT) != (version := _data_version(store)):
        st.session_state[_CLEARED_AT] = version
        for key in fields:
            st.session_state.pop(key, None)
    return f"upload-{zlib.crc32(repr(st.session_state.get(_CLEARED_AT)).encode())}"


def planned(store: Store, upload: Any, dataset: str | None, replace: bool, progress: ingest.Progress
            ) -> ingest.Plan:
    """The plan for this upload, computed once per (file, dataset, mode, data version)."""
    key = (upload_id(upload), upload.size, dataset, replace, _data_version(store))
    kept = st.session_state.get(_KEY)
    if kept is not None and kept[0] == key:
        progress(1.0, "validated")
        return kept[1]
    plan = ingest.plan_upload(store, upload.name, upload.getvalue(), dataset, replace=replace, progress=progress)
    st.session_state[_KEY] = (key, plan)
    return plan


def forget() -> None:
    """Drop the kept plan (after it was stored)."""
    st.session_state.pop(_KEY, None)
