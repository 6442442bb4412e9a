"""Streamlit sessions driven over the websocket as a browser drives them, without drawing anything.

A burst of sessions measured with real browser tabs on this project's 2-core machines measures the browsers
above all: ten Chromium renderers drawing pages use 35-47 s of CPU, the server 3 s (README, "Every page cold
and many sessions"). Users opening the atlas together each have their own machine; what they share is the
server. This client asks the server what a browser asks (open a page, run its script, press the atlas's hidden
release button as a tab does once its map has drawn) and records, per session, when the map's element was sent
and when the runs had finished. Issue 13 asks that sessions opened together do not queue behind each other's
first script run: this is that queue, on its own.

The message flow is Streamlit's own (``streamlit.proto``): a ``BackMsg.rerun_script`` with the page's name and
query string, answered by ``ForwardMsg`` deltas and a ``script_finished``; a button press is a rerun whose
``widget_states`` hold the button's id with ``trigger_value``. A run the script ends early for a rerun of its own
(``st.rerun``) finishes with ``FINISHED_EARLY_FOR_RERUN`` and the next run follows on the same session unasked, as
a browser sees it: the run is read on to its real end.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from typing import Any

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RELEASE_KEY = "atlas-release-"  # components.map_first: the hidden button a tab presses once its map has drawn


def _rerun(page: str, query: str, press: str | None = None) -> bytes:
    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.query_string = query
    if press:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = press
        state.trigger_value = True
    return msg.SerializeToString()


async def _until_finished(ws: Any, t0: float, out: dict[str, Any]) -> str | None:
    """Read one script run's messages (and the runs it asked for itself); return the release button's id if it
    sent one. Error messages the page showed are kept in ``out["shown_errors"]``."""
    release = None
    async for raw in ws:
        out["bytes"] += len(raw)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            if what == "component_instance" and "folium" in element.component_instance.component_name:
                out["map_s"] = out["map_s"] or time.perf_counter() - t0
            elif what == "button" and RELEASE_KEY in element.button.id:
                release = element.button.id
            elif what == "alert" and element.alert.format == Alert.ERROR:
                out["shown_errors"].append(element.alert.body[:200])
            elif what == "exception":
                out["shown_errors"].append(f"{element.exception.type}: {element.exception.message}"[:200])
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                out["own_reruns"] += 1
                continue
            return release
    raise ConnectionError("the server closed the session before its script finished")


async def session(base_url: str, page: str, query: str, t0: float) -> dict[str, Any]:
    """One session: the page's first run, then (the atlas) the release press a tab sends once its map has
    drawn, sent here as soon as the first run has finished: sooner than any browser, the server's worst case."""
    out: dict[str, Any] = {"map_s": None, "first_run_s": None, "released_s": None, "bytes": 0, "error": None,
                           "own_reruns": 0, "shown_errors": []}
    ws_url = base_url.replace("http", "ws", 1) + "/_stcore/stream"
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=base_url, max_size=None,
                                      open_timeout=120) as ws:
            await ws.send(_rerun(page, query))
            release = await _until_finished(ws, t0, out)
            out["first_run_s"] = time.perf_counter() - t0
            if release:
                await ws.send(_rerun(page, query, press=release))
                await _until_finished(ws, t0, out)
                out["released_s"] = time.perf_counter() - t0
    except Exception as exc:  # a benchmark reports what went wrong instead
        out["error"] = f"{type(exc).__name__}: {exc}"[:200]
    return out


async def _burst(base_url: str, page: str, query: str, n: int) -> list[dict[str, Any]]:
    t0 = time.perf_counter()
    return list(await asyncio.gather(*(session(base_url, page, query, t0) for _ in range(n))))


def burst(base_url: str, page: str, query: str, n: int) -> dict[str, Any]:
    """``n`` sessions opened at the same moment: when the last map was sent, the last first run and the
    last release run had finished (seconds from the start), and how many sessions failed."""
    # In a thread of its own: the caller may be inside an event loop already (Playwright's sync API runs one).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        runs = pool.submit(asyncio.run, _burst(base_url, page, query, n)).result()
    ok = [r for r in runs if r["error"] is None]

    def last(field: str) -> float | None:
        values = [r[field] for r in ok if r[field] is not None]
        return max(values) if len(values) == len(ok) and ok else None

    return {"sessions": n, "ok": len(ok), "all_maps_sent_s": last("map_s"), "all_first_runs_s": last("first_run_s"),
            "all_released_s": last("released_s"), "errors": sorted({r["error"] for r in runs if r["error"]}),
            "runs": runs}


def in_background(base_url: str, page: str, query: str, n: int) -> threading.Thread:
    """A burst of ``n`` sessions started now in a thread (beside a browser tab the caller opens)."""
    thread = threading.Thread(target=asyncio.run, args=(_burst(base_url, page, query, n),), daemon=True)
    thread.start()
    return thread
