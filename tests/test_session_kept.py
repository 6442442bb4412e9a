"""What a session keeps outside st.session_state (presses, notices) is dropped once its session has ended."""

from __future__ import annotations

import pytest

from components import session_kept
from components.session_kept import Kept


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(session_kept.time, "monotonic", lambda: now[0])
    return now


def test_an_ended_sessions_entries_go_after_an_hour_a_connected_ones_stay(monkeypatch, clock):
    connected = {"reader"}
    monkeypatch.setattr(session_kept, "_connected", lambda session: session in connected)
    kept: Kept[str] = Kept()
    kept.put("reader", "confirm", "file-1")
    kept.put("gone", "confirm", "file-2")
    kept.put("blip", "stored", "Stored version 2")
    clock[0] += 30 * 60  # half an hour: a reader whose network blinked comes back for theirs
    kept.put("other", "confirm", "file-3")
    assert kept.get("gone", "confirm") == "file-2"
    clock[0] += 31 * 60  # over the hour: the two sessions not connected are dropped at the next put
    kept.put("other", "confirm", "file-4")
    assert kept.get("gone", "confirm") is None and kept.get("blip", "stored") is None
    assert kept.get("reader", "confirm") == "file-1"  # connected: kept however old
    assert len(kept) == 2


def test_pop_if_leaves_a_value_put_since(clock):
    kept: Kept[list] = Kept()
    first = ["success", "Stored version 2", None]
    kept.put("s", "stored", first)
    taken = kept.of("s")
    kept.put("s", "stored", ["success", "Stored version 3", None])  # posted again while the first was worded
    kept.pop_if("s", "stored", taken["stored"])
    assert kept.get("s", "stored") == ["success", "Stored version 3", None]
    kept.pop_if("s", "stored", kept.get("s", "stored"))
    assert kept.of("s") == {}
