"""The bench's websocket client (bench/stream_client.py) drives real atlas sessions as a browser does: each
session's first run sends the map and the hidden release button, and pressing it runs the page again. If a
Streamlit upgrade changed the protocol or the button, the bench's "server alone" figures would quietly measure
nothing; this fails instead.  (No browser: it uses this folder's server fixture.)"""

from __future__ import annotations

import tempfile

import pytest

from bench import stream_client


@pytest.fixture(scope="module")
def app(streamlit_server) -> str:
    with tempfile.TemporaryDirectory(prefix="atlas-stream-") as tmp:
        yield streamlit_server("app.py", env={"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "public"})


def test_sessions_at_once_each_get_the_map_then_the_release(app):
    burst = stream_client.burst(app, "displacement", "", 3)
    assert burst["errors"] == [] and burst["ok"] == 3
    assert [r["shown_errors"] for r in burst["runs"]] == [[], [], []], burst["runs"]  # the server log has the reference
    assert burst["all_maps_sent_s"] is not None, burst["runs"]  # each session's times and bytes: which one had no map
    assert burst["all_first_runs_s"] >= burst["all_maps_sent_s"]
    assert burst["all_released_s"] is not None and burst["all_released_s"] > burst["all_first_runs_s"]
