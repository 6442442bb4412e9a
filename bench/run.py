#!/usr/bin/env python3
"""Fast-maps browser benchmark: the atlas map against a naive folium page.

``python bench/run.py`` (or ``make bench``) starts the servers itself, drives
Debian's Chromium with Playwright, prints every figure with its target and
writes them to ``bench/results/latest.json``. It is a benchmark, not a test:
it always exits 0 unless it cannot run at all. See bench/README.md for what
each number means and how it is measured.

Cases (all in one run, one after the other, one server at a time):

1. ``atlas-default``: the real app (scripts/serve.py, fresh ATLAS_DATA_DIR),
   page /displacement;
2. ``atlas-scale``: bench/scale_page.py, components.map.atlas_map with 1,000
   polygons x 50 vertices (bench/scale_data.py);
3. ``naive-default`` / ``naive-scale``: bench/naive_page.py, a plain st_folium
   map rebuilt on every rerun, on the data of case 1 and of case 2;

then the importer (geo.ingest.import_file into fresh stores), then issue 13's
cases (bench/scale_cases.py): ``pages`` (every page cold: map first and all
loaded; 10 and 20 sessions at once, atlas and naive), ``big`` (imports at the
declared sizes with their memory, then the pages on that data) and ``proxy``
(two servers on one PostGIS behind deploy/nginx/atlas.conf).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import scale_cases  # noqa: E402

RESULTS = BENCH / "results" / "latest.json"
REFERENCE_DTM = ROOT.parent / "shared" / "data" / "reference" / "dtm_libya_r54_migrants_public.xlsx"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Offline by construction: any host but the local server fails to resolve
    # at once (no Playwright request interception, which would slow every load).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 1000}
SLIDER = '[data-testid="stSlider"] input[type="range"]'
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}

# ---------------------------------------------------------------- targets ---
# name -> (limit, unit, "max" | "band"); "band" = |change| <= limit (percent).
TARGETS: dict[str, tuple[float, str, str]] = {
    "slider_p90_default": (150, "ms", "max"),
    "slider_p90_scale": (400, "ms", "max"),
    "bytes_per_step_default": (30_000, "B", "max"),
    "cold_load": (2500, "ms", "max"),
    "first_load": (4000, "ms", "max"),
    "rss_10_sessions": (300, "MB", "max"),
    "flat": (10, "%", "band"),
    "import_100": (2.0, "s", "max"),
    "import_5000": (10.0, "s", "max"),
    # Issue 13, same run: a page's cold load ÷ the naive page's; 10 tabs opened at once, all painted ÷ naive's.
    "cold_vs_naive": (1.1, "× naive", "max"),
    "sessions_vs_naive": (1.0, "× naive", "max"),
}

# In the atlas map iframe: record the end of the first restyle() after a key
# press and the animation frame that follows it (see bench/probe.js).
HOOK_ATLAS = """() => {
  const P = window.parent, B = P.__bench, maps = window.__atlasMaps || {};
  let n = 0;
  for (const k in maps) {
    const a = maps[k];
    n += 1;
    if (a.__benchHooked) continue;
    const orig = a.restyle;
    a.restyle = function () {
      const out = orig.apply(this, arguments);
      B.restyles += 1;
      if (B.keyT !== null && B.restyleT === null) {
        B.restyleT = P.performance.now();
        requestAnimationFrame(function () { B.paintT = P.performance.now(); });
      }
      return out;
    };
    a.__benchHooked = true;
  }
  return n;
}"""
# Per layer, per feature: "fill colour|radius" (what a step is expected to change).
ATLAS_FILLS = """() => {
  const out = {};
  for (const k in (window.__atlasMaps || {})) {
    const d = window.__atlasMaps[k].debug();
    for (const name in d.layers) {
      const l = d.layers[name], o = (out[name] = {});
      for (const id in l.fill) o[id] = l.fill[id] + "|" + (l.radius[id] === undefined ? "" : l.radius[id]);
    }
  }
  return out;
}"""
DOM_COUNT = "document.getElementsByTagName('*').length"
SCRIPT_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning';
}"""


# ------------------------------------------------------------------ utils ---


def log(msg: str) -> None:
    print(f"  · {msg}", file=sys.stderr, flush=True)


def pct(values: Sequence[float], q: float) -> float | None:
    """Percentile with linear interpolation (q in 0..100)."""
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _children(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def tree_rss_mb(pid: int) -> float:
    """Sum of VmRSS of ``pid`` and all its descendants, in MB (2**20 bytes)."""
    total_kb = 0
    for p in _children(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kb / 1024


# ----------------------------------------------------------------- server ---


@dataclass
class Server:
    """A Streamlit server in its own process group (ours to stop)."""

    name: str
    argv: list[str]
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    t0: float = 0.0  # time.monotonic() just before the process was started
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [sys.executable, *self.argv, "--server.headless", "true", "--server.port", str(self.port),
               "--browser.gatherUsageStats", "false"]
        fd, name = tempfile.mkstemp(prefix=f"bench-{self.name}-", suffix=".log")
        self.log_path = Path(name)
        with os.fdopen(fd, "wb") as out:
            self.t0 = time.monotonic()
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)

    def wait_healthy(self, timeout: float = 90.0) -> float:
        """Seconds from process start until /_stcore/health answers."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while not healthy(self.base_url):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: server did not start:\n{self.log_tail()}")
            time.sleep(0.02)
        return time.monotonic() - self.t0

    def rss_mb(self) -> float:
        assert self.proc is not None
        return tree_rss_mb(self.proc.pid)

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:] if self.log_path else ""
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)
        if self.log_path:
            self.log_path.unlink(missing_ok=True)


def server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ATLAS_TILE_URL"}}
    env.update({"ATLAS_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"})
    return env


# ---------------------------------------------------------------- browser ---


@dataclass
class Tab:
    """One page with the probe, websocket byte counting and a CDP session."""

    page: Any
    context: Any
    received: list[int] = field(default_factory=list)  # websocket frame sizes, in order
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cdp: Any = None


def new_tab(browser: Any, probe: str, context: Any | None = None) -> Tab:
    ctx = context or browser.new_context(viewport=VIEWPORT)
    if context is None:
        ctx.add_init_script(script=probe)
    page = ctx.new_page()
    tab = Tab(page, ctx)

    def on_ws(ws: Any) -> None:
        ws.on("framereceived", lambda data: tab.received.append(len(data.encode() if isinstance(data, str)
                                                                       else data)))

    def on_request(request: Any) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in {"http", "https", "ws", "wss"} and (parsed.hostname or "") not in LOCAL_HOSTS:
            tab.external.append(request.url)

    page.on("websocket", on_ws)
    page.on("request", on_request)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    return tab


def wait_loaded(tab: Tab, timeout_ms: int = 60_000) -> float:
    """Milliseconds from navigation start to the first painted map (probe's loadT)."""
    tab.page.wait_for_function("() => window.__bench && window.__bench.loadT !== null", timeout=timeout_ms,
                               polling=50)
    return float(tab.page.evaluate("window.__bench.loadT"))


def painted_epoch(tab: Tab) -> float:
    """When the tab's map painted, in seconds since 1970 by the page's own clock (``timeOrigin + loadT``).

    Why not the time ``wait_loaded`` returns: with many tabs at once, a tab busy with what follows its map
    (tables, charts) answers the harness's poll late, so the harness would see the paint seconds after it
    happened; the page's clock says when it did."""
    return float(tab.page.evaluate("(performance.timeOrigin + window.__bench.loadT) / 1000"))


def map_frames(tab: Tab) -> list[Any]:
    return [f for f in tab.page.frames if "streamlit_folium" in f.url and not f.is_detached()]


def memory(tab: Tab) -> dict[str, float]:
    """DOM and JS heap of the whole page after a forced garbage collection."""
    if tab.cdp is None:
        tab.cdp = tab.context.new_cdp_session(tab.page)
        tab.cdp.send("Performance.enable")
    for _ in range(2):
        tab.cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in tab.cdp.send("Performance.getMetrics")["metrics"]}
    top = tab.page.evaluate(DOM_COUNT)
    in_maps = 0
    for frame in map_frames(tab):
        with contextlib.suppress(Exception):
            in_maps += frame.evaluate(DOM_COUNT)
    return {
        "cdp_nodes": metrics.get("Nodes", 0),
        "js_heap_used_mb": metrics.get("JSHeapUsedSize", 0) / 2**20,
        "js_event_listeners": metrics.get("JSEventListeners", 0),
        "documents": metrics.get("Documents", 0),
        "dom_elements_top": top,
        "dom_elements_map": in_maps,
        "dom_elements": top + in_maps,
    }


def change_pct(before: float, after: float) -> float:
    return (after - before) / before * 100 if before else 0.0


# ------------------------------------------------------------------ steps ---


@dataclass
class Step:
    key: str
    ms: float  # key -> painted map (in-browser)
    bytes: int  # websocket bytes received for this step
    key_send: float | None  # key -> rerun request sent
    send_mark: float | None  # rerun request -> map/bridge element received
    mark_paint: float | None  # map/bridge element received -> painted
    restyle_paint: float | None  # atlas: restyle done -> frame
    run_ms: float | None  # rerun request -> last message of the rerun
    changed: int | None  # atlas: features whose fill colour or radius changed
    restyles: int | None  # atlas: restyle() calls during the step (1 expected)


def _slider_state(tab: Tab) -> tuple[int, int, int]:
    el = tab.page.locator(SLIDER).first
    return int(el.get_attribute("min")), int(el.get_attribute("max")), int(el.get_attribute("value"))


def run_steps(tab: Tab, n: int, kind: str, settle_ms: int = 120) -> list[Step]:
    """Press ArrowLeft/ArrowRight ``n`` times on the focused slider, bouncing between its ends.

    Each step waits for the painted map, then for the rerun to finish
    (``data-test-script-state="notRunning"``) and ``settle_ms`` more, so the
    next step starts from an idle page and the byte count is complete.
    """
    page = tab.page
    lo, hi, value = _slider_state(tab)
    direction = -1 if value == hi else 1
    page.locator(SLIDER).first.focus()
    marker = "__atlasSeq" if kind == "atlas" else "__benchMap"
    page.evaluate("m => { window.__bench.marker = m; }", marker)
    frame = map_frames(tab)[0] if kind == "atlas" else None
    if frame is not None:
        frame.evaluate(HOOK_ATLAS)
        fills = frame.evaluate(ATLAS_FILLS)
    steps = []
    for _ in range(n):
        if not lo <= value + direction <= hi:
            direction = -direction
        key = "ArrowRight" if direction > 0 else "ArrowLeft"
        if kind == "naive":
            page.evaluate("() => { window.__bench.expect = {notRound: window.__bench.naiveRound()}; }")
        mark = len(tab.received)
        page.keyboard.press(key)
        value += direction
        page.wait_for_function("() => window.__bench.paintT !== null", timeout=60_000, polling=20)
        page.wait_for_function(SCRIPT_DONE, timeout=60_000, polling=20)
        page.wait_for_timeout(settle_ms)
        b = page.evaluate("() => Object.assign({}, window.__bench)")
        changed = None
        if frame is not None:
            new = frame.evaluate(ATLAS_FILLS)
            changed = sum(1 for layer, f in new.items() for k, v in f.items() if fills.get(layer, {}).get(k) != v)
            fills = new

        def diff(a: str, z: str, b: dict = b) -> float | None:
            return None if b.get(a) is None or b.get(z) is None else b[z] - b[a]

        steps.append(Step(key, b["paintT"] - b["keyT"], sum(tab.received[mark:]), diff("keyT", "sendT"),
                          diff("sendT", "markT"), diff("markT", "paintT"), diff("restyleT", "paintT"),
                          diff("sendT", "lastT"), changed, b["restyles"] if kind == "atlas" else None))
    page.evaluate("() => { window.__bench.expect = null; }")
    return steps


def step_summary(steps: list[Step]) -> dict[str, Any]:
    ms = [s.ms for s in steps]

    def med(attr: str) -> float | None:
        vals = [getattr(s, attr) for s in steps if getattr(s, attr) is not None]
        return median(vals)

    changed = [s.changed for s in steps if s.changed is not None]
    restyles = [s.restyles for s in steps if s.restyles is not None]
    return {
        "n": len(steps),
        "median_ms": median(ms),
        "p90_ms": pct(ms, 90),
        "max_ms": max(ms),
        "bytes_median": median([s.bytes for s in steps]),
        "bytes_max": max(s.bytes for s in steps),
        "breakdown_median_ms": {
            "key_to_send": med("key_send"),
            "send_to_map_message": med("send_mark"),
            "map_message_to_paint": med("mark_paint"),
            "restyle_to_paint": med("restyle_paint"),
            "rerun_total": med("run_ms"),
        },
        "steps_without_colour_change": sum(1 for c in changed if c == 0) if changed else None,
        "median_features_recoloured": median(changed),
        "max_restyles_per_step": max(restyles) if restyles else None,
        "samples_ms": [round(x, 1) for x in ms],
    }


# ------------------------------------------------------------------ cases ---


def cold_loads(browser: Any, probe: str, url: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        tab = new_tab(browser, probe)
        tab.page.goto(url, wait_until="commit")
        out.append(wait_loaded(tab))
        tab.context.close()
    return out


def sessions_rss(browser: Any, probe: str, server: Server, url: str, n: int) -> dict[str, Any]:
    """Server RSS with ``n`` pages open at once (one context, one session per page)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.add_init_script(script=probe)
    tabs = [new_tab(browser, probe, ctx) for _ in range(n)]
    start, started = time.monotonic(), time.time()
    for tab in tabs:
        tab.page.goto(url, wait_until="commit")
    for tab in tabs:
        wait_loaded(tab, timeout_ms=180_000)
    noticed = time.monotonic() - start
    all_painted = max(painted_epoch(tab) for tab in tabs) - started
    for tab in tabs:
        tab.page.wait_for_function(SCRIPT_DONE, timeout=60_000, polling=100)
    time.sleep(1.5)
    rss = server.rss_mb()
    ctx.close()
    return {"sessions": n, "rss_mb": rss, "all_painted_s": all_painted, "harness_noticed_s": noticed}


# Scrolls to the first placeholder of a chart or table below the map (components.map_first draws them once the
# viewer comes near) and is true once none is left and nothing waits for the map: as a viewer who scrolls down to
# them as soon as they are there.
BELOW_DRAWN = """() => {
  const below = document.querySelector('.atlas-below');
  if (below) below.scrollIntoView();
  return !below && !document.querySelector('.atlas-map-first');
}"""


def draw_below(tab: Tab) -> None:
    """Scroll down to the charts and tables below the map, wait until they are drawn, and scroll back up."""
    tab.page.wait_for_function(BELOW_DRAWN, timeout=60_000, polling=100)
    tab.page.wait_for_function(SCRIPT_DONE, timeout=60_000, polling=50)
    tab.page.evaluate("() => { const main = document.querySelector('[data-testid=\"stMain\"]');"
                      " if (main) main.scrollTo(0, 0); window.scrollTo(0, 0); }")


def interaction_case(browser: Any, probe: str, url: str, kind: str, steps: int) -> tuple[dict[str, Any], Tab]:
    """Load ``url``, measure memory, step the slider, measure memory again."""
    tab = new_tab(browser, probe)
    tab.page.goto(url, wait_until="commit")
    wait_loaded(tab)
    tab.page.wait_for_function(SCRIPT_DONE, timeout=60_000, polling=50)
    if kind == "atlas":  # the steps draw the table below the map too, as for a viewer who has scrolled to it
        draw_below(tab)
    tab.page.wait_for_timeout(1000)
    token = map_frames(tab)[0].evaluate("window.__atlasToken || null") if kind == "atlas" else None
    # Warm-up, not counted: JIT, Streamlit's per-widget/element caches, lazily bound tooltips. On every page
    # measured here the JS heap grows by a few MB over the first ~20 steps, then levels off.
    run_steps(tab, 10 if kind == "atlas" else 3, kind)
    before = memory(tab)
    measured = run_steps(tab, steps // 2, kind)
    middle = memory(tab)  # is it still growing in the second half, or was it warm-up?
    measured += run_steps(tab, steps - steps // 2, kind)
    tab.page.wait_for_timeout(500)
    after = memory(tab)
    result = step_summary(measured)
    result["memory_before"] = before
    result["memory_middle"] = middle
    result["memory_after"] = after
    result["memory_change_pct"] = {
        "cdp_nodes": change_pct(before["cdp_nodes"], after["cdp_nodes"]),
        "dom_elements": change_pct(before["dom_elements"], after["dom_elements"]),
        "js_heap_used": change_pct(before["js_heap_used_mb"], after["js_heap_used_mb"]),
        "js_heap_used_second_half": change_pct(middle["js_heap_used_mb"], after["js_heap_used_mb"]),
    }
    if kind == "atlas":
        frames = map_frames(tab)
        result["map_reloaded"] = not frames or frames[0].evaluate("window.__atlasToken || null") != token
    result["external_requests"] = len(tab.external)
    result["page_errors"] = tab.errors[:5]
    return result, tab


def run_atlas_default(browser: Any, probe: str, args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"url_path": "/displacement"}
    server = Server("atlas", [str(ROOT / "scripts" / "serve.py")], server_env(data_dir))
    try:
        # 1. First load after server start: process start -> first painted map
        #    (fresh store: the first session seeds it).
        log("atlas-default: starting scripts/serve.py with a fresh ATLAS_DATA_DIR")
        tab = new_tab(browser, probe)
        server.start()
        out["server_healthy_s"] = server.wait_healthy()
        url = f"{server.base_url}/displacement"
        goto_at = time.monotonic()
        tab.page.goto(url, wait_until="commit")
        nav_ms = wait_loaded(tab, timeout_ms=120_000)
        out["first_visit_nav_to_paint_ms"] = nav_ms
        out["first_load_after_start_ms"] = (goto_at - server.t0) * 1000 + nav_ms
        tab.page.wait_for_function(SCRIPT_DONE, timeout=60_000, polling=50)
        time.sleep(1.5)
        out["rss_1_session_mb"] = server.rss_mb()
        tab.context.close()
        # 2. Cold loads, server warm.
        log(f"atlas-default: {args.cold_runs} cold loads")
        out["cold_load_ms"] = cold_loads(browser, probe, url, args.cold_runs)
        # 3. Slider steps + DOM/heap.
        log(f"atlas-default: {args.steps} slider steps")
        steps, tab = interaction_case(browser, probe, url, "atlas", args.steps)
        tab.context.close()
        out["slider"] = steps
        # 4. Sessions.
        log(f"atlas-default: {args.sessions} sessions at once")
        out["rss_n_sessions"] = sessions_rss(browser, probe, server, url, args.sessions)
    finally:
        server.stop()
    return out


def run_bench_page(browser: Any, probe: str, args: argparse.Namespace, data_dir: Path, name: str, script: str,
                   query: str, kind: str, steps: int, sessions: int) -> dict[str, Any]:
    out: dict[str, Any] = {"page": f"bench/{script}{query}"}
    server = Server(name, ["-m", "streamlit", "run", str(BENCH / script)], server_env(data_dir))
    try:
        log(f"{name}: starting bench/{script}")
        server.start()
        out["server_healthy_s"] = server.wait_healthy()
        url = f"{server.base_url}/{query}"
        # Warm the server (imports, caches) with one visit, then measure.
        tab = new_tab(browser, probe)
        tab.page.goto(url, wait_until="commit")
        out["first_visit_nav_to_paint_ms"] = wait_loaded(tab, timeout_ms=120_000)
        tab.page.wait_for_function(SCRIPT_DONE, timeout=60_000, polling=50)
        time.sleep(1.0)
        out["rss_1_session_mb"] = server.rss_mb()
        tab.context.close()
        log(f"{name}: {args.cold_runs} cold loads")
        out["cold_load_ms"] = cold_loads(browser, probe, url, args.cold_runs)
        log(f"{name}: {steps} slider steps")
        result, tab = interaction_case(browser, probe, url, kind, steps)
        tab.context.close()
        out["slider"] = result
        if sessions > 1:
            log(f"{name}: {sessions} sessions at once")
            out["rss_n_sessions"] = sessions_rss(browser, probe, server, url, sessions)
    finally:
        server.stop()
    return out


# --------------------------------------------------------------- importer ---


def _load_builders() -> Any:
    spec = importlib.util.spec_from_file_location("bench_builders", ROOT / "tests" / "importers" / "builders.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_importer(runs: int) -> dict[str, Any]:
    """Seconds for geo.ingest.import_file into a fresh (seeded) store; seeding is not timed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.pop("DATABASE_URL", None)
    import datetime as _dt

    from geo import ingest
    from geo import store as store_module

    builders = _load_builders()
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        files: dict[str, Path] = {}
        files["dtm_100_baladiyas_xlsx"] = builders.write_dtm_xlsx(work / "dtm_r54_synthetic.xlsx",
                                                                  builders.dtm_rows(54))
        rows = []
        for round_no in range(100, 150):  # 50 rounds x 100 baladiyas, HDX/HXL layout
            day = _dt.date(2020, 1, 1) + _dt.timedelta(days=30 * (round_no - 100))
            for r in builders.dtm_rows(round_no, seed=round_no):
                rows.append([r[4], r[6], r[7], r[8], round_no, day.isoformat(), r[10], r[10] // 2, r[10] // 3])
        header = ["Baladiya", "Pcode", "Lat", "Lon", "Round", "Date", "Migrants", "IDPs", "Returnees"]
        tags = ["#adm3+name", "#adm3+code", "#geo+lat", "#geo+lon", "#indicator+round", "#date+reported",
                "#affected+migrants+ind", "#affected+idps+ind", "#affected+returnees+ind"]
        files["rows_5000_csv"] = builders.write_csv(work / "dtm_5000.csv", [header, tags, *rows])
        files["rows_5000_xlsx"] = builders.write_xlsx(work / "dtm_5000.xlsx", {"Data": [header, tags, *rows]})
        if REFERENCE_DTM.is_file():
            files["reference_r54_xlsx"] = REFERENCE_DTM  # read in place, never copied
        out: dict[str, Any] = {}
        for name, path in files.items():
            times = []
            for i in range(runs):
                folder = work / f"{name}-{i}"
                folder.mkdir()
                store = store_module.open_store(f"gpkg:{folder / 'atlas.gpkg'}")
                start = time.perf_counter()
                version, plan = ingest.import_file(store, path)
                times.append(time.perf_counter() - start)
            out[name] = {"seconds": times, "first_s": times[0], "median_s": median(times),
                         "rows": len(plan.prepared.frame), "note": version.note}
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------ report ---


def verdict(target: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    limit, _unit, how = TARGETS[target]
    ok = abs(value) <= limit if how == "band" else value <= limit
    return "target met" if ok else "target missed"


def target_text(target: str) -> str:
    limit, unit, how = TARGETS[target]
    if how == "band":
        return f"flat ±{limit:g}{unit}"
    return f"≤ {limit:,g} {unit}"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.checks: list[dict[str, Any]] = []

    def out(self, text: str = "") -> None:
        self.lines.append(text)
        print(text, flush=True)

    def row(self, label: str, value: str, target: str | None = None, number: float | None = None,
            case: str = "") -> None:
        if case.startswith("naive"):  # reference pages: targets are for the atlas
            target = None
        if target is None:
            self.out(f"  {label:<46} {value:>16}")
            return
        v = verdict(target, number)
        self.out(f"  {label:<46} {value:>16}   {target_text(target):<12} {v}")
        self.checks.append({"case": case, "figure": label, "value": number, "target": target_text(target),
                            "verdict": v})


def fmt_ms(v: float | None) -> str:
    return "n/a" if v is None else f"{v:,.0f} ms"


def fmt_b(v: float | None) -> str:
    return "n/a" if v is None else f"{v:,.0f} B"


def cpu_busy_pct(seconds: float = 1.0) -> float:
    """Share of all CPUs not idle over ``seconds`` (before anything of ours runs): other load."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    t0, i0 = sample()
    time.sleep(seconds)
    t1, i1 = sample()
    return 100.0 * (1 - (i1 - i0) / max(t1 - t0, 1))


def machine_info(browser_version: str) -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
                break
    versions = {}
    for mod in ("streamlit", "streamlit_folium", "folium", "playwright"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod.replace("_", "-"))
        except Exception:
            versions[mod] = "?"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True)
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "chromium": browser_version,
        **versions,
        "git": (commit.stdout.strip() or "?") + (" (dirty)" if dirty.stdout.strip() else ""),
        "loadavg_start": os.getloadavg(),
        "cpu_busy_before_start_pct": cpu_busy_pct(),
    }


def print_case(rep: Report, title: str, case: dict[str, Any], slider_target: str | None,
               bytes_target: str | None, rss_target: bool) -> None:
    key = title.split()[0]  # case name, e.g. "atlas-default"
    rep.out(f"\n{title}")
    if "first_load_after_start_ms" in case:
        rep.row("first load after server start (process→paint)", fmt_ms(case["first_load_after_start_ms"]),
                "first_load", case["first_load_after_start_ms"], key)
        rep.row("  of which: server start → healthy", fmt_ms(case["server_healthy_s"] * 1000))
        rep.row("  first visit: navigation → paint", fmt_ms(case["first_visit_nav_to_paint_ms"]))
    else:
        rep.row("first visit after start: navigation → paint", fmt_ms(case["first_visit_nav_to_paint_ms"]))
    cold = case["cold_load_ms"]
    rep.row(f"cold load → painted map (median of {len(cold)})", fmt_ms(median(cold)), "cold_load", median(cold), key)
    rep.row("  runs", ", ".join(f"{x:,.0f}" for x in cold) + " ms")
    s = case["slider"]
    label = f"slider → paint median ({s['n']} steps)"
    rep.row(label, fmt_ms(s["median_ms"]))
    if slider_target:
        rep.row("slider → paint p90", fmt_ms(s["p90_ms"]), slider_target, s["p90_ms"], key)
    else:
        rep.row("slider → paint p90", fmt_ms(s["p90_ms"]))
    rep.row("slider → paint max", fmt_ms(s["max_ms"]))
    bd = s["breakdown_median_ms"]
    rep.row("  key → rerun request sent", fmt_ms(bd["key_to_send"]))
    what = "bridge" if title.startswith("atlas") else "map element"
    rep.row(f"  request → {what} message received", fmt_ms(bd["send_to_map_message"]))
    rep.row(f"  {what} message → painted", fmt_ms(bd["map_message_to_paint"]))
    if bd.get("restyle_to_paint") is not None:
        rep.row("    of which restyle() done → frame", fmt_ms(bd["restyle_to_paint"]))
    rep.row("  request → rerun's last message", fmt_ms(bd["rerun_total"]))
    if bytes_target:
        rep.row("websocket bytes per step (median)", fmt_b(s["bytes_median"]), bytes_target, s["bytes_median"], key)
    else:
        rep.row("websocket bytes per step (median)", fmt_b(s["bytes_median"]))
    rep.row("websocket bytes per step (max)", fmt_b(s["bytes_max"]))
    if s.get("steps_without_colour_change"):
        rep.row("  steps where no feature changed (!)", str(s["steps_without_colour_change"]))
    if s.get("median_features_recoloured") is not None:
        rep.row("  features re-coloured/re-sized per step (median)", f"{s['median_features_recoloured']:,.0f}")
        rep.row("  restyle() calls per step (max)", str(s["max_restyles_per_step"]))
    if "map_reloaded" in s:
        rep.row("map iframe reloaded during steps", "yes (!)" if s["map_reloaded"] else "no")
    rep.row("server RSS, 1 session", f"{case['rss_1_session_mb']:,.0f} MB")
    if "rss_n_sessions" in case:
        n = case["rss_n_sessions"]
        if rss_target:
            rep.row(f"server RSS, {n['sessions']} sessions", f"{n['rss_mb']:,.0f} MB", "rss_10_sessions", n["rss_mb"],
                    key)
        else:
            rep.row(f"server RSS, {n['sessions']} sessions", f"{n['rss_mb']:,.0f} MB")
        rep.row(f"  {n['sessions']} pages opened at once, all painted after",
                f"{n['all_painted_s']:.1f} s (harness noticed {n['harness_noticed_s']:.1f} s)")
    mb, ma, mc = s["memory_before"], s["memory_after"], s["memory_change_pct"]
    steps = s["n"]
    rep.row(f"DOM nodes (CDP) before → after {steps} steps",
            f"{mb['cdp_nodes']:,.0f} → {ma['cdp_nodes']:,.0f}")
    rep.row("  change", f"{mc['cdp_nodes']:+.1f} %", "flat", mc["cdp_nodes"], key)
    rep.row("DOM elements page + map iframe",
            f"{mb['dom_elements_top']:,}+{mb['dom_elements_map']:,} → "
            f"{ma['dom_elements_top']:,}+{ma['dom_elements_map']:,}")
    rep.row("  change", f"{mc['dom_elements']:+.1f} %", "flat", mc["dom_elements"], key)
    rep.row("JS heap used (after GC) before → after", f"{mb['js_heap_used_mb']:.1f} → {ma['js_heap_used_mb']:.1f} MB")
    rep.row("  change", f"{mc['js_heap_used']:+.1f} %", "flat", mc["js_heap_used"], key)
    rep.row(f"  of which in the last {steps - steps // 2} steps", f"{mc['js_heap_used_second_half']:+.1f} %")
    rep.row("requests leaving localhost / page errors", f"{s['external_requests']} / {len(s['page_errors'])}")


def _scale_cases(browser: Any, probe: str, args: argparse.Namespace, data_dir: Path, only: set[str]
                 ) -> dict[str, Any]:
    """Issue 13's cases (bench/scale_cases.py), each reported even when another fails."""
    run = sys.modules[__name__]
    out: dict[str, Any] = {}
    for name, runner in (("pages", lambda: scale_cases.run_pages_and_sessions(run, browser, probe, args, data_dir)),
                         ("big", lambda: scale_cases.run_big(run, browser, probe, args)),
                         ("proxy", lambda: scale_cases.run_proxy(run, browser, probe, args))):
        if name not in only:
            continue
        log(f"{name}: running")
        try:
            out[name] = runner()
        except Exception as exc:  # a benchmark reports, it does not stop
            log(f"{name} failed: {exc!r}")
            out[name] = {"error": repr(exc)}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=100, help="slider steps on the atlas pages (default 100)")
    parser.add_argument("--naive-steps", type=int, default=20, help="slider steps, naive default data (default 20)")
    parser.add_argument("--naive-scale-steps", type=int, default=12, help="slider steps, naive scale set (12)")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold loads per case (default 3)")
    parser.add_argument("--sessions", type=int, default=10, help="concurrent sessions for RSS (default 10)")
    parser.add_argument("--import-runs", type=int, default=3, help="imports per file (default 3)")
    parser.add_argument("--many", type=int, nargs="*", default=[10, 20],
                        help="sessions opened at once in the pages/big/proxy cases (default 10 20)")
    parts = ["atlas-default", "atlas-scale", "naive-default", "naive-scale", "importer", "pages", "big", "proxy"]
    parser.add_argument("--only", nargs="*", default=None, choices=parts, help="run only these parts")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    args = parser.parse_args(argv)
    only = set(args.only or parts)

    from playwright.sync_api import sync_playwright

    probe = (BENCH / "probe.js").read_text(encoding="utf-8")
    started = time.monotonic()
    results: dict[str, Any] = {"cases": {}}
    rep = Report()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-atlas-data-"))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["machine"] = info = machine_info(browser.version)
            rep.out("Libya Operations Atlas · fast-maps benchmark")
            rep.out(f"  date {info['date']} · git {info['git']}")
            rep.out(f"  machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, "
                    f"Linux {info['kernel']}, Python {info['python']}")
            rep.out(f"  chromium {info['chromium']} · streamlit {info['streamlit']} · streamlit-folium "
                    f"{info['streamlit_folium']} · folium {info['folium']} · playwright {info['playwright']}")
            load, busy = info["loadavg_start"], info["cpu_busy_before_start_pct"]
            rep.out(f"  before start: CPUs {busy:.0f} % busy (1 s sample), load average {load[0]:.2f} / "
                    f"{load[1]:.2f} / {load[2]:.2f}" + ("  ⚠ other work running: figures will be noisy"
                                                         if busy > 15 else ""))
            cases = results["cases"]
            runners: list[tuple[str, Callable[[], dict[str, Any]]]] = [
                ("atlas-default", lambda: run_atlas_default(browser, probe, args, data_dir)),
                ("atlas-scale", lambda: run_bench_page(browser, probe, args, data_dir, "atlas-scale",
                                                       "scale_page.py", "", "atlas", args.steps, args.sessions)),
                ("naive-default", lambda: run_bench_page(browser, probe, args, data_dir, "naive-default",
                                                         "naive_page.py", "?set=default", "naive", args.naive_steps,
                                                         args.sessions)),
                ("naive-scale", lambda: run_bench_page(browser, probe, args, data_dir, "naive-scale",
                                                       "naive_page.py", "?set=scale", "naive",
                                                       args.naive_scale_steps, 1)),
            ]
            for name, runner in runners:
                if name not in only:
                    continue
                try:
                    cases[name] = runner()
                except Exception as exc:  # a benchmark reports, it does not stop
                    log(f"{name} failed: {exc!r}")
                    cases[name] = {"error": repr(exc)}
            results["scale"] = _scale_cases(browser, probe, args, data_dir, only)
            browser.close()
        if "importer" in only:
            log("importer: building files and importing into fresh stores")
            try:
                results["importer"] = run_importer(args.import_runs)
            except Exception as exc:
                log(f"importer failed: {exc!r}")
                results["importer"] = {"error": repr(exc)}
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)

    cases = results["cases"]
    titles = {
        "atlas-default": ("atlas-default · real app, /displacement, default data", "slider_p90_default",
                          "bytes_per_step_default", True),
        "atlas-scale": ("atlas-scale · bench/scale_page.py, 1,000 polygons × 50 vertices", "slider_p90_scale",
                        None, False),
        "naive-default": ("naive-default · bench/naive_page.py?set=default (reference)", None, None, False),
        "naive-scale": ("naive-scale · bench/naive_page.py?set=scale (reference)", None, None, False),
    }
    for name, (title, slider_target, bytes_target, rss_target) in titles.items():
        if name not in cases:
            continue
        if "error" in cases[name]:
            rep.out(f"\n{title}\n  FAILED: {cases[name]['error']}")
            continue
        print_case(rep, title, cases[name], slider_target, bytes_target, rss_target)

    ratios: dict[str, Any] = {}
    for data in ("default", "scale"):
        a, n = cases.get(f"atlas-{data}", {}), cases.get(f"naive-{data}", {})
        if "slider" in a and "slider" in n:
            ratios[data] = {
                "slider_p90": n["slider"]["p90_ms"] / a["slider"]["p90_ms"],
                "bytes_per_step": n["slider"]["bytes_median"] / max(a["slider"]["bytes_median"], 1),
                "cold_load": median(n["cold_load_ms"]) / median(a["cold_load_ms"]),
            }
    results["ratios_naive_over_atlas"] = ratios
    if ratios:
        rep.out("\nnaive ÷ atlas (same machine, same run)")
        for data, r in ratios.items():
            rep.row(f"{data}: slider → paint p90", f"{r['slider_p90']:.1f} ×")
            rep.row(f"{data}: websocket bytes per step", f"{r['bytes_per_step']:.0f} ×")
            rep.row(f"{data}: cold load", f"{r['cold_load']:.1f} ×")

    scale_cases.report(rep, results)

    imp = results.get("importer")
    if imp:
        rep.out(f"\nimporter · geo.ingest.import_file into a fresh store (median of {args.import_runs}; "
                "first run in brackets)")
        if "error" in imp:
            rep.out(f"  FAILED: {imp['error']}")
        else:
            labels = {
                "dtm_100_baladiyas_xlsx": ("DTM round, 100 baladiyas (synthetic XLSX)", "import_100"),
                "rows_5000_csv": ("5,000 rows (50 rounds × 100, HXL CSV)", "import_5000"),
                "rows_5000_xlsx": ("5,000 rows (same, as XLSX)", "import_5000"),
                "reference_r54_xlsx": ("reference DTM R54 public XLSX (100 rows)", "import_100"),
            }
            for name, r in imp.items():
                label, target = labels[name]
                rep.row(label, f"{r['median_s']:.2f} s ({r['first_s']:.2f})", target, r["median_s"], "importer")

    met = sum(1 for c in rep.checks if c["verdict"] == "target met")
    missed = [c for c in rep.checks if c["verdict"] == "target missed"]
    rep.out(f"\ntargets: {met} met, {len(missed)} missed"
            + ("" if not missed else ": " + "; ".join(f"{c['case']} {c['figure'].strip()}" for c in missed)))
    results["checks"] = rep.checks
    results["total_run_s"] = time.monotonic() - started
    results["loadavg_end"] = os.getloadavg()
    rep.out(f"total run time {results['total_run_s']:.0f} s · load average at end {results['loadavg_end'][0]:.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    rep.out(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
