"""What a session keeps outside ``st.session_state``: a press not yet acted on (``components.presses``), a
notice not yet taken in (``components.notices``).

Why outside: a reader's choice made while a run works starts a new run at once and stops the old one at its
next read or write of ``st.session_state`` (Streamlit's fast reruns), so what a run must not lose on its way
out is written here, under the session's id, by the process.

Why pruned: a session that ends (a tab closed, a phone asleep) never comes back for what it left, and a notice
may hold the words of a whole import.  Entries of a session the server no longer counts as connected are
dropped once an hour old: a reader who reconnects within the hour (a network blip) still finds theirs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from typing import Generic, TypeVar

from streamlit import runtime

V = TypeVar("V")

KEEP_S = 3600.0  # how long an entry of a disconnected session is kept


def _connected(session: str) -> bool:
    """Whether the server counts ``session`` as connected (always, outside a server: an AppTest)."""
    return not runtime.exists() or runtime.get_instance().is_active_session(session)


class Kept(Generic[V]):
    """Values by (session id, key), safe to use from any run's thread."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, Hashable], tuple[float, V]] = {}
        self._lock = threading.Lock()

    def put(self, session: str, key: Hashable, value: V) -> None:
        """Keep ``value`` (replacing what was kept), and drop what ended sessions left."""
        now = time.monotonic()
        with self._lock:
            self._values[(session, key)] = (now, value)
            ended = [k for k, (at, _) in self._values.items() if now - at > KEEP_S and not _connected(k[0])]
            for k in ended:
                del self._values[k]

    def get(self, session: str, key: Hashable) -> V | None:
        with self._lock:
            kept = self._values.get((session, key))
        return None if kept is None else kept[1]

    def pop(self, session: str, key: Hashable) -> V | None:
        with self._lock:
            kept = self._values.pop((session, key), None)
        return None if kept is None else kept[1]

    def drop_session(self, session: str) -> None:
        with self._lock:
            for key in [k for k in self._values if k[0] == session]:
                del self._values[key]

    def of(self, session: str) -> dict[Hashable, V]:
        """All of ``session``'s values, by key."""
        with self._lock:
            return {key: value for (s, key), (_, value) in self._values.items() if s == session}

    def pop_if(self, session: str, key: Hashable, value: V) -> None:
        """Drop ``key``'s value if it is still ``value`` (the same object: not one put since)."""
        with self._lock:
            kept = self._values.get((session, key))
            if kept is not None and kept[1] is value:
                del self._values[(session, key)]

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)
