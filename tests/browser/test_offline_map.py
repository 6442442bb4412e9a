"""examples/offline_map.py in Chromium: offline, complete, and restyled in place.

The example is the contract for components.map: no request leaves localhost,
all 22 polygons and 50 points are drawn, the time slider changes both the
headline metric and the map colours, and stepping the slider neither reloads
the map iframe nor grows the DOM or the JS heap.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "examples" / "offline_map.py"
SLIDER = '[data-testid="stSlider"] input[type="range"]'
METRIC = '[data-testid="stMetricValue"]'
# Bytes the browser may receive per slider step (Streamlit's own messages
# ~1.3 kB + the compressed payload ~3 kB). The map itself (>25 kB) must
# never be re-sent: Streamlit sends a 74-byte hash reference instead.
MAX_BYTES_PER_STEP = 10_000

# Evaluated in the map iframe; see components/static_src/atlas_map.js.
_FILLS_ARE = """(expected) => {
    const d = window.__atlasDebug && window.__atlasDebug();
    if (!d || !d.layers.displacement) return false;
    const fill = d.layers.displacement.fill;
    return Object.keys(expected).every((k) => fill[k] === expected[k]);
}"""
_DOM_NODES = "document.getElementsByTagName('*').length"


def _load_example() -> Any:
    spec = importlib.util.spec_from_file_location("offline_map_example", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


example = _load_example()


def _expected_fills(round_index: int) -> dict[str, str]:
    layer = example.round_payload(round_index)["layers"]["displacement"]
    return {fid: style["fillColor"] for fid, style in layer.items()}


def _expected_metric(round_index: int) -> str:
    return f"{sum(example.polygon_values(round_index).values()):,}"


@pytest.fixture(scope="module")
def app_url(streamlit_server) -> str:
    return streamlit_server(EXAMPLE)


def _open(page: Any, url: str) -> Any:
    """Load the page and return the map iframe's Frame once the payload is applied."""
    page.goto(url)
    page.wait_for_selector(METRIC, timeout=30_000)
    deadline = time.monotonic() + 30
    while True:
        frames = [f for f in page.frames if "streamlit_folium" in f.url]
        if frames:
            break
        assert time.monotonic() < deadline, "streamlit-folium iframe never appeared"
        page.wait_for_timeout(100)
    frame = frames[0]
    frame.wait_for_function(_FILLS_ARE, arg=_expected_fills(0), timeout=30_000)
    return frame


def _debug(frame: Any) -> dict:
    return frame.evaluate("window.__atlasDebug()")


def _dom_nodes(page: Any, frame: Any) -> int:
    return page.evaluate(_DOM_NODES) + frame.evaluate(_DOM_NODES)


def _step(page: Any, frame: Any, key: str, round_index: int) -> float:
    """Press a slider key; wait for metric and map. Returns ms to the new colours."""
    start = time.perf_counter()
    page.keyboard.press(key)
    frame.wait_for_function(_FILLS_ARE, arg=_expected_fills(round_index), polling="raf", timeout=10_000)
    elapsed = (time.perf_counter() - start) * 1000
    page.wait_for_function(
        "([sel, text]) => { const e = document.querySelector(sel); return e && e.textContent.trim() === text; }",
        arg=[METRIC, _expected_metric(round_index)],
        timeout=10_000,
    )
    return elapsed


def test_page_loads_offline_without_errors(app_url, browser_page, assert_clean):
    frame = _open(browser_page, app_url)
    browser_page.wait_for_timeout(500)
    assert_clean(browser_page, console_errors=True)
    loaded = frame.evaluate("performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)")
    from components.assets import LEAFLET_CSS, LEAFLET_JS

    assert f"/app/static/vendor/{LEAFLET_JS}" in loaded
    assert f"/app/static/vendor/{LEAFLET_CSS}" in loaded


def test_tile_url_comes_only_from_env_and_the_guard_sees_it(streamlit_server, browser_page, browser_log):
    """ATLAS_TILE_URL adds a tile layer; the offline guard records (and aborts)
    those requests, and the map still works without them."""
    url = streamlit_server(EXAMPLE, env={"ATLAS_TILE_URL": "https://tiles.example.invalid/{z}/{x}/{y}.png"})
    frame = _open(browser_page, url)
    browser_page.wait_for_timeout(500)
    external = browser_log(browser_page).external_requests
    assert external and all(u.startswith("https://tiles.example.invalid/") for u in external)
    assert _debug(frame)["layers"]["displacement"]["shown"] == 22


def test_map_shows_all_polygons_and_points(app_url, browser_page):
    frame = _open(browser_page, app_url)
    debug = _debug(frame)
    polygons, points = debug["layers"]["displacement"], debug["layers"]["sites"]
    assert (polygons["kind"], polygons["features"], polygons["shown"]) == ("polygon", 22, 22)
    assert (points["kind"], points["features"], points["shown"]) == ("point", 50, 50)
    base = sum(layer["features"] for layer in debug["base"].values())
    assert base == 4  # outline + 3 neighbour rectangles, drawn but not in the payload
    assert debug["canvasPaths"] == 22 + 50 + base  # one shared canvas, nothing hidden
    assert "Displaced persons" in debug["legend"]
    assert points["tooltip"]["site_00"].startswith("<b>site_00</b>")


def test_slider_changes_metric_and_fill(app_url, browser_page):
    frame = _open(browser_page, app_url)
    before, after = _expected_fills(0), _expected_fills(1)
    changed = next(fid for fid in before if before[fid] != after[fid])
    assert browser_page.locator(METRIC).inner_text().strip() == _expected_metric(0)
    assert _debug(frame)["layers"]["displacement"]["fill"][changed] == before[changed]

    browser_page.locator(SLIDER).focus()
    _step(browser_page, frame, "ArrowRight", 1)

    assert browser_page.locator(METRIC).inner_text().strip() == _expected_metric(1)
    assert _debug(frame)["layers"]["displacement"]["fill"][changed] == after[changed]
    hidden = [fid for fid, v in example.site_values(1).items() if v == 0]
    assert _debug(frame)["layers"]["sites"]["shown"] == 50 - len(hidden)


def test_twenty_steps_keep_map_loaded_and_dom_flat(app_url, browser_page, assert_clean):
    received: list[int] = []
    browser_page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda data: received.append(len(data))),
    )
    frame = _open(browser_page, app_url)
    browser_page.wait_for_timeout(500)
    token = frame.evaluate("window.__atlasToken")
    restyles = _debug(frame)["restyles"]
    nodes_before = _dom_nodes(browser_page, frame)

    browser_page.locator(SLIDER).focus()
    last = len(example.ROUNDS) - 1
    round_index, per_step, latencies = 0, [], []
    for i in range(20):
        forward = (i // last) % 2 == 0
        round_index += 1 if forward else -1
        mark = len(received)
        latencies.append(_step(browser_page, frame, "ArrowRight" if forward else "ArrowLeft", round_index))
        browser_page.wait_for_timeout(150)  # let the rerun's trailing messages arrive
        per_step.append(sum(received[mark:]))

    assert frame.evaluate("window.__atlasToken") == token, "map iframe reloaded"
    assert not frame.is_detached()
    assert _debug(frame)["restyles"] >= restyles + 20
    nodes_after = _dom_nodes(browser_page, frame)
    assert abs(nodes_after - nodes_before) <= 0.1 * nodes_before, (nodes_before, nodes_after)
    assert max(per_step) < MAX_BYTES_PER_STEP, per_step
    print(
        f"\nbytes/step median={statistics.median(per_step):.0f} max={max(per_step)}; "
        f"key->colour median={statistics.median(latencies):.0f} ms; DOM {nodes_before}->{nodes_after}"
    )
    assert_clean(browser_page)


def test_hundred_restyles_keep_heap_and_dom_flat(app_url, browser_page):
    """Runs the real bridge script 100 times (payload decode + restyle)."""
    from components.map import _bridge_html

    frame = _open(browser_page, app_url)
    scripts = [
        _bridge_html(example.MAP_KEY, example.round_payload(r)).split("<script>", 1)[1].rsplit("</script>", 1)[0]
        for r in range(len(example.ROUNDS))
    ]
    run = """async (scripts) => {
        for (let i = 0; i !== 100; i++) {
            (0, eval)(scripts[i % scripts.length]);
            await new Promise((resolve) => setTimeout(resolve, 0));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
    }"""
    cdp = browser_page.context.new_cdp_session(browser_page)

    def heap() -> int:
        cdp.send("HeapProfiler.collectGarbage")
        return cdp.send("Runtime.getHeapUsage")["usedSize"]

    browser_page.evaluate(run, scripts)  # warm-up: JIT, tooltips bound, caches
    heap_before, nodes_before = heap(), _dom_nodes(browser_page, frame)
    browser_page.evaluate(run, scripts)
    heap_after, nodes_after = heap(), _dom_nodes(browser_page, frame)

    # The newest payload wins even though decoding is asynchronous.
    frame.wait_for_function(_FILLS_ARE, arg=_expected_fills(99 % len(scripts)), timeout=5_000)
    assert nodes_after == nodes_before
    assert heap_after <= heap_before * 1.10 + 512 * 1024, (heap_before, heap_after)


def test_static_snapshot_opens_from_disk(browser_page, assert_clean, tmp_path):
    from components.map import static_map_html

    payload = example.round_payload(2)
    snapshot = tmp_path / "snapshot.html"
    snapshot.write_text(static_map_html(example.build_layers(), payload, example.BOUNDS), encoding="utf-8")
    browser_page.goto(snapshot.as_uri())
    browser_page.wait_for_function(_FILLS_ARE, arg=_expected_fills(2), timeout=10_000)
    debug = browser_page.evaluate("window.__atlasDebug()")
    assert debug["layers"]["displacement"]["shown"] == 22
    assert "Displaced persons" in debug["legend"]
    assert_clean(browser_page, console_errors=True)
