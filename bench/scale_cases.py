"""Benchmark cases for issue 13 (speed and scale), run by ``bench/run.py``.

- ``pages``: cold load of every page of the atlas (server warm, fresh browser
  context each time): navigation -> painted map ("map first") and navigation
  -> everything loaded (charts and tables included, the harness scrolling
  down to them as soon as their placeholders are there; script idle),
  each load paired with a cold load of the naive bare-map page (the order
  alternating), and each page's ratio taken against its own pairs;
- ``sessions``: 10 and 20 sessions opened at once on /displacement and on the
  naive page (10 three times each, in turn, judged by the median of the
  bursts' ratios);
  naive page: time until every one has painted its map, server memory; then
  the server's part alone (bench/stream_client.py: the same sessions over the
  websocket, nothing drawn) and one browser tab opened together with the
  others' websocket sessions, as when every user has a machine of their own;
- ``big``: imports at the declared sizes (geo.limits), each in a fresh
  process measuring its own peak RSS (``bench.peak_memory``), then the cold
  load of every page and 10 sessions with that data loaded;
- ``proxy``: two atlas servers on one PostGIS store behind deploy/nginx/atlas.conf
  (nginx in the foreground, temporary prefix): cold loads and 10 sessions
  through the proxy.

Numbers only: nothing here asserts; the targets are printed beside them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import stream_client

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PAGES = ["overview", "displacement", "detention", "disembarkation", "health", "stabilization", "flash"]
# The page's own JavaScript files the browser started fetching before its map painted (the map's iframe keeps
# its own list): what competes with the map on a cold load.  [files, decoded bytes]
JS_BEFORE_MAP = """() => {
  const painted = window.__bench.loadT;
  const js = performance.getEntriesByType('resource')
    .filter(r => /[.]js([?#]|$)/.test(r.name) && r.startTime < painted);
  return [js.length, js.reduce((sum, r) => sum + (r.decodedBodySize || 0), 0)];
}"""


def _median(values: list[float]) -> float | None:
    import statistics

    return statistics.median(values) if values else None


def page_loads(run: Any, browser: Any, probe: str, base: str, pages: list[str], runs: int,
               naive_url: str | None = None) -> dict[str, Any]:
    """Per page: map-first times (nav -> painted map), all-loaded times (charts in, script idle), and the
    JavaScript fetched before the map painted (files, bytes).

    With ``naive_url``, each atlas load is paired with a cold load of the naive page just before or after it
    (the order alternates), and the page's ratio is the median of its pairs' ratios: on a shared machine, a
    ratio to naive loads measured minutes later says as much about the machine's mood as about the page."""
    out: dict[str, Any] = {}
    for name in pages:
        first, done, js_files, js_bytes, naive, ratios = [], [], [], [], [], []
        for i in range(runs):
            if naive_url and i % 2 == 1:
                naive += run.cold_loads(browser, probe, naive_url, 1)
            painted = len(first)
            tab = run.new_tab(browser, probe)
            start = time.monotonic()
            # The Overview is the app's default page: its address is the root ("/overview" becomes it).
            tab.page.goto(f"{base}/{'' if name == 'overview' else name}", wait_until="commit")
            try:
                first.append(run.wait_loaded(tab, timeout_ms=180_000))
                files, size = tab.page.evaluate(JS_BEFORE_MAP)
                js_files.append(files)
                js_bytes.append(size)
                # Everything loaded: the charts and tables in (the harness scrolls to them: run.BELOW_DRAWN),
                # the script idle.
                tab.page.wait_for_function(run.BELOW_DRAWN, timeout=180_000, polling=50)
                tab.page.wait_for_function(run.SCRIPT_DONE, timeout=180_000, polling=50)
                done.append((time.monotonic() - start) * 1000)
            except Exception as exc:  # a benchmark reports
                out.setdefault("errors", []).append(f"{name}: {exc!r}"[:300])
            tab.context.close()
            if naive_url and i % 2 == 0:
                naive += run.cold_loads(browser, probe, naive_url, 1)
            if naive_url and len(first) > painted:  # this run's atlas load painted: its pair's ratio
                ratios.append(first[-1] / naive[-1])
        out[name] = {"map_ms": first, "all_ms": done, "map_median_ms": _median(first),
                     "all_median_ms": _median(done), "js_before_map_files": _median(js_files),
                     "js_before_map_bytes": _median(js_bytes)}
        if naive_url:
            out[name] |= {"naive_ms": naive, "naive_median_ms": _median(naive), "pair_ratios": ratios,
                          "ratio_median": _median(ratios)}
    return out


AFTER_PAINT_S = 4.0  # how long after its map's paint a tab's work is counted (see browser_work)


def browser_work(run: Any, browser: Any, probe: str, url: str, runs: int) -> dict[str, Any]:
    """The browser's main-thread work for one cold tab (Chrome's ``TaskDuration``, seconds): up to the map's
    paint, and in the ``AFTER_PAINT_S`` seconds after it; median of ``runs``.

    Why: with many tabs at once on one machine, the browsers, not the server, use most of both cores, so what
    a tab does after its map has painted (what follows it: sidebar, tables, charts) delays the other tabs'
    maps.  The naive page has nothing to do after its map."""
    at_paint, after = [], []
    for _ in range(runs):
        tab = run.new_tab(browser, probe)
        cdp = tab.context.new_cdp_session(tab.page)
        cdp.send("Performance.enable")
        try:
            tab.page.goto(url, wait_until="commit")
            run.wait_loaded(tab, timeout_ms=180_000)
            painted = _task_s(cdp)
            time.sleep(AFTER_PAINT_S)
            at_paint.append(painted)
            after.append(_task_s(cdp) - painted)
        finally:
            tab.context.close()
    return {"to_paint_s": _median(at_paint), "after_paint_s": _median(after)}


def _task_s(cdp: Any) -> float:
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")


def sessions(run: Any, browser: Any, probe: str, server_pid: int, url: str, n: int) -> dict[str, Any]:
    """``n`` pages opened at once, each its own browser context (own session, own cache)."""
    contexts, tabs = [], []
    for _ in range(n):
        ctx = browser.new_context(viewport=run.VIEWPORT)
        ctx.add_init_script(script=probe)
        contexts.append(ctx)
        tabs.append(run.new_tab(browser, probe, ctx))
    start, started = time.monotonic(), time.time()
    for tab in tabs:
        tab.page.goto(url, wait_until="commit")
    painted, noticed, failures = [], [], []
    for tab in tabs:
        try:
            run.wait_loaded(tab, timeout_ms=300_000)
            noticed.append(time.monotonic() - start)
            painted.append(run.painted_epoch(tab) - started)  # the page's clock (see run.painted_epoch)
        except Exception as exc:  # a benchmark reports what the tab showed instead
            with contextlib.suppress(Exception):
                exc = tab.page.evaluate("document.body.innerText.slice(0, 300)") or exc
            failures.append(str(exc)[:300])
    rss = run.tree_rss_mb(server_pid)
    for ctx in contexts:
        ctx.close()
    return {"sessions": n, "painted": len(painted), "all_painted_s": max(painted) if len(painted) == n else None,
            "first_painted_s": min(painted) if painted else None, "rss_mb": rss,
            "harness_noticed_s": max(noticed) if noticed else None, "failures": failures}


BURST_RUNS = 3  # bursts of 10 per side in the pages case (see run_pages_and_sessions)


def _bursts(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Several bursts of the same size as one entry: the median time to all painted (None if any burst left a
    map unpainted), each run's time, the largest server memory, every failure."""
    alls = [r["all_painted_s"] for r in runs]
    return {"sessions": runs[0]["sessions"], "painted": min(r["painted"] for r in runs),
            "all_painted_s": None if None in alls else _median(alls), "runs": alls,
            "first_painted_s": _median([r["first_painted_s"] for r in runs if r["first_painted_s"] is not None]),
            "rss_mb": max(r["rss_mb"] for r in runs),
            "harness_noticed_s": _median([r["harness_noticed_s"] for r in runs if r["harness_noticed_s"]]),
            "failures": [f for r in runs for f in r["failures"]]}


def one_tab_among(run: Any, browser: Any, probe: str, base: str, page: str, query: str, n: int,
                  runs: int) -> dict[str, Any]:
    """One browser tab opened at the moment ``n - 1`` other sessions open over the websocket
    (``stream_client``): what one user sees when ``n`` open the page together, each on a machine of their own.
    Median of ``runs`` (pages' clocks, seconds from the start)."""
    painted = []
    for _ in range(runs):
        ctx = browser.new_context(viewport=run.VIEWPORT)
        ctx.add_init_script(script=probe)
        tab = run.new_tab(browser, probe, ctx)
        started = time.time()
        others = stream_client.in_background(base, page, query, n - 1)
        tab.page.goto(f"{base}/{page}" + (f"?{query}" if query else ""), wait_until="commit")
        run.wait_loaded(tab, timeout_ms=300_000)
        painted.append(run.painted_epoch(tab) - started)
        others.join(timeout=300)
        ctx.close()
    return {"sessions": n, "painted_s": _median(painted), "runs": painted}


def _server_side(run: Any, browser: Any, probe: str, base: str, page: str, query: str, args: Any
                 ) -> dict[str, Any]:
    """A burst's server part alone, then one real tab within such a burst (see ``stream_client``)."""
    return {"bursts": [stream_client.burst(base, page, query, n) for n in args.many],
            "one_tab": [one_tab_among(run, browser, probe, base, page, query, n, args.cold_runs)
                        for n in args.many]}


def run_pages_and_sessions(run: Any, browser: Any, probe: str, args: Any, data_dir: Path,
                           argv: list[str] | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The atlas (``argv``: its launcher) and the naive page, same run: every page cold, each load paired with
    one of the naive page; then 10 and 20 sessions, the atlas's and the naive page's one after the other.

    Both servers run throughout (an idle Streamlit server costs nothing), so every atlas figure has a naive
    one taken minutes apart at most.  With ``argv`` (the big-data case) only the atlas is measured."""
    out: dict[str, Any] = {}
    atlas = run.Server("atlas", argv or [str(ROOT / "scripts" / "serve.py")], env or run.server_env(data_dir))
    naive = None if argv else run.Server("naive", ["-m", "streamlit", "run", str(BENCH / "naive_page.py")],
                                         run.server_env(data_dir))
    servers = [s for s in (atlas, naive) if s]
    try:
        for server in servers:
            server.start()
            server.wait_healthy(timeout=300)
        urls = {"atlas": f"{atlas.base_url}/displacement"}
        if naive:
            urls["naive"] = f"{naive.base_url}/?set=default"
        for url in urls.values():  # the first load after start compiles the page and fills the caches
            warm = run.new_tab(browser, probe)
            warm.page.goto(url, wait_until="commit")
            run.wait_loaded(warm, timeout_ms=300_000)
            warm.context.close()
        out["atlas_pages"] = page_loads(run, browser, probe, atlas.base_url, PAGES, args.cold_runs,
                                        urls.get("naive"))
        if naive:
            out["naive_cold_ms"] = [v for name in PAGES for v in out["atlas_pages"].get(name, {}).get("naive_ms", [])]
            out["atlas_work"] = browser_work(run, browser, probe, urls["atlas"], args.cold_runs)
            out["naive_work"] = browser_work(run, browser, probe, urls["naive"], args.cold_runs)
        pids = {"atlas": atlas.proc.pid, "naive": naive.proc.pid if naive else None}
        for n in args.many:
            # The judged burst (10) is run BURST_RUNS times, atlas and naive in turn, the order alternating:
            # one burst of the same code varied from 24 to 33 s on this machine.
            repeats = BURST_RUNS if naive and n == 10 else 1
            runs: dict[str, list[dict[str, Any]]] = {who: [] for who in urls}
            for i in range(repeats):
                for who in (list(urls) if i % 2 == 0 else list(reversed(urls))):
                    runs[who].append(sessions(run, browser, probe, pids[who], urls[who], n))
            for who in urls:
                out.setdefault(f"{who}_sessions", []).append(_bursts(runs[who]))
            if naive:
                out.setdefault("burst_pair_ratios", {})[str(n)] = [
                    a["all_painted_s"] / b["all_painted_s"] for a, b in zip(runs["atlas"], runs["naive"], strict=True)
                    if a["all_painted_s"] and b["all_painted_s"]]
        out["atlas_server"] = _server_side(run, browser, probe, atlas.base_url, "displacement", "", args)
        if naive:
            out["naive_server"] = _server_side(run, browser, probe, naive.base_url, "", "set=default", args)
    finally:
        for server in servers:
            server.stop()
    return out


IMPORT_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bench import big_data, peak_memory
from geo import ingest, store
big_data.extend_geography(int(sys.argv[4]))
s = store.open_store(sys.argv[3])
before = peak_memory.peak_rss_mb()
start = time.perf_counter()
version, _ = ingest.import_file(s, Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - start, "rows": version.row_count, "rss_before_mb": before,
                  "peak_rss_mb": peak_memory.peak_rss_mb()}))
"""


def big_files(work: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from bench import big_data

    return {
        "displacement_200000_rows_50MB_csv": big_data.displacement_csv(work / "dtm_100x2000.csv",
                                                                       pad_to_bytes=50 * 2**20 - 200_000),
        "points_50000_rows_csv": big_data.points_csv(work / "facilities_50000.csv"),
        "boundaries_200000_vertices_geojson": big_data.boundaries_geojson(work / "mantika_200k.geojson"),
    }


def _import(run: Any, path: Path, url: str, data_dir: Path, baladiyas: int = 2_000) -> dict[str, Any]:
    """One import in a fresh process: seconds, rows, peak RSS (or the error)."""
    done = subprocess.run([sys.executable, "-c", IMPORT_CHILD, str(ROOT), str(path), url, str(baladiyas)], cwd=ROOT,
                          capture_output=True, text=True, env=run.server_env(data_dir))
    out = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {"error": done.stderr[-600:]}
    out["file_mb"] = path.stat().st_size / 2**20
    return out


def run_big(run: Any, browser: Any, probe: str, args: Any) -> dict[str, Any]:
    """Imports at the declared sizes into one store, then pages on that store."""
    work = Path(tempfile.mkdtemp(prefix="bench-big-"))
    out: dict[str, Any] = {"imports": {}}
    try:
        data_dir = work / "data"
        data_dir.mkdir()
        url = f"gpkg:{data_dir / 'atlas.gpkg'}"
        for name, path in big_files(work).items():
            out["imports"][name] = _import(run, path, url, data_dir)
        # Issue 13's big file (409,543 rows in 49 MB), into a store of its own: the pages below are measured
        # on the declared sizes.
        alone = work / "alone"
        alone.mkdir()
        from bench import big_data

        issue_file = big_data.displacement_csv(work / "dtm_409543.csv", baladiyas=4_096, rows=409_543,
                                               pad_to_bytes=49 * 2**20)
        out["imports"]["displacement_409543_rows_49MB_csv"] = _import(run, issue_file, f"gpkg:{alone / 'atlas.gpkg'}",
                                                                      alone, baladiyas=4_096)
        out.update(run_pages_and_sessions(run, browser, probe, args, data_dir,
                                          argv=[str(BENCH / "serve_big.py")], env=run.server_env(data_dir)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def run_proxy(run: Any, browser: Any, probe: str, args: Any) -> dict[str, Any]:
    """Two servers on one PostGIS schema behind the shipped nginx site (see tests/browser/test_two_servers.py)."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    sys.path.insert(0, str(ROOT))
    from tests.browser.test_two_servers import main_conf, render_site

    base_url = os.environ.get("ATLAS_TEST_DATABASE_URL") or "postgresql://atlas:atlas@127.0.0.1:5433/atlas_test"
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    schema = f"atlas_bench_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="bench-proxy-"))
    out: dict[str, Any] = {}
    servers: list[Any] = []
    proxy = None
    try:
        with psycopg.connect(base_url, autocommit=True) as con:
            con.execute(f'CREATE SCHEMA "{schema}"')
        url = make_conninfo(base_url, options=f"-c search_path={schema},public")
        env = {**run.server_env(work), "DATABASE_URL": url}
        subprocess.run([sys.executable, "-m", "geo", "datasets"], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # seed once, before the servers start
        servers = [run.Server(f"atlas-{i}", [str(ROOT / "scripts" / "serve.py")], env) for i in range(2)]
        for s in servers:
            s.start()
        for s in servers:
            s.wait_healthy(timeout=300)
        port = run.free_port()
        (work / "snapshots").mkdir()
        site = work / "atlas.conf"
        site.write_text(render_site(port, [s.port for s in servers], work / "snapshots", work / "cache"))
        (work / "nginx.conf").write_text(main_conf(work, site))
        fd, errors = tempfile.mkstemp(prefix="bench-nginx-", suffix=".log")  # kept: nginx says why a request failed
        out["nginx_log"] = errors
        with os.fdopen(fd, "w") as log:
            proxy = subprocess.Popen([nginx, "-p", str(work), "-e", "stderr", "-c", str(work / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while not run.healthy(base) and time.monotonic() < deadline:
            time.sleep(0.1)
        for s in servers:  # warm both servers directly
            warm = run.new_tab(browser, probe)
            warm.page.goto(f"{s.base_url}/displacement", wait_until="commit")
            run.wait_loaded(warm, timeout_ms=300_000)
            warm.context.close()
        out["cold_load_ms"] = run.cold_loads(browser, probe, f"{base}/displacement", args.cold_runs)
        results = []
        for n in args.many:
            r = sessions(run, browser, probe, servers[0].proc.pid, f"{base}/displacement", n)
            r["rss_mb"] = sum(run.tree_rss_mb(s.proc.pid) for s in servers)
            results.append(r)
        out["sessions"] = results
    finally:
        if proxy is not None and proxy.poll() is None:
            os.killpg(proxy.pid, 15)
            proxy.wait(timeout=15)
        for s in servers:
            s.stop()
        with contextlib.suppress(Exception), psycopg.connect(base_url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA "{schema}" CASCADE')
        shutil.rmtree(work, ignore_errors=True)
    return out


def _s(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.2f} s"


def _painted(s: dict[str, Any]) -> str:
    """When the last map painted (pages' clocks), how many did, and when the harness saw it."""
    painted = "n/a" if s["all_painted_s"] is None else f"{s['all_painted_s']:.1f} s"
    if len(s.get("runs", [])) > 1:  # several bursts: the median, then each
        painted += " (median of " + ", ".join("n/a" if v is None else f"{v:.1f}" for v in s["runs"]) + ")"
    noticed = s.get("harness_noticed_s")
    return f"{painted} ({s['painted']} ok" + (f"; harness noticed {noticed:.1f} s)" if noticed else ")")


def report(rep: Any, results: dict[str, Any]) -> None:
    """Print the issue-13 figures (called by bench/run.py)."""
    def ms(v: float | None) -> str:
        return "n/a" if v is None else f"{v:,.0f} ms"

    def pages_block(title: str, case: dict[str, Any], naive_ms: float | None) -> None:
        rep.out(f"\n{title}")
        for err in case.get("atlas_pages", {}).get("errors", []):
            rep.out(f"  error: {err}")
        for name in PAGES:
            p = case.get("atlas_pages", {}).get(name)
            if not p:
                continue
            rep.row(f"/{name}: nav → map painted (median)", ms(p["map_median_ms"]))
            if p.get("ratio_median") is not None:  # each load ÷ the naive load beside it, median of the pairs
                pairs = ", ".join(f"{r:.2f}" for r in p["pair_ratios"])
                rep.row(f"/{name}: ÷ naive page beside it ({pairs})", f"{p['ratio_median']:.2f} ×",
                        "cold_vs_naive", p["ratio_median"], title)
            elif naive_ms and p["map_median_ms"]:  # no pairs (the big-data case): beside the default run's, unjudged
                rep.row(f"/{name}: ÷ naive page (default run)", f"{p['map_median_ms'] / naive_ms:.2f} ×")
            rep.row(f"/{name}: nav → all loaded, charts in", ms(p["all_median_ms"]))
            if p.get("js_before_map_files") is not None:
                rep.row(f"/{name}: JS fetched before the map",
                        f"{p['js_before_map_files']:.0f} files, {p['js_before_map_bytes'] / 1e6:.2f} MB")
        for who, path in (("atlas", "/displacement"), ("naive", "naive page")):
            if (w := case.get(f"{who}_work")) and w["to_paint_s"] is not None:
                rep.row(f"{who}: browser main thread, one cold {path}", f"{w['to_paint_s']:.2f} s to the map, "
                        f"{w['after_paint_s']:.2f} s in the {AFTER_PAINT_S:.0f} s after")
        for s in case.get("atlas_sessions", []):
            rep.row(f"atlas: {s['sessions']} sessions at once, all painted", _painted(s))
            rep.row(f"atlas: server RSS with {s['sessions']} sessions", f"{s['rss_mb']:,.0f} MB")
        for s in case.get("naive_sessions", []):
            rep.row(f"naive: {s['sessions']} sessions at once, all painted", _painted(s))
            atlas = next((a for a in case.get("atlas_sessions", []) if a["sessions"] == s["sessions"]), None)
            target = "sessions_vs_naive" if s["sessions"] == 10 else None
            # Repeated bursts: each ÷ the naive burst beside it, the median of those ratios.
            if pairs := case.get("burst_pair_ratios", {}).get(str(s["sessions"])):
                rep.row(f"{s['sessions']} at once, all painted: atlas ÷ naive beside it "
                        f"({', '.join(f'{r:.2f}' for r in pairs)})", f"{_median(pairs):.2f} ×", target,
                        _median(pairs), title)
            elif atlas and atlas["all_painted_s"] and s["all_painted_s"]:
                ratio = atlas["all_painted_s"] / s["all_painted_s"]
                rep.row(f"{s['sessions']} at once, all painted: atlas ÷ naive", f"{ratio:.2f} ×", target, ratio, title)
        for who in ("atlas", "naive"):
            server = case.get(f"{who}_server", {})
            for b in server.get("bursts", []):
                released = f", released {b['all_released_s']:.2f} s" if b["all_released_s"] is not None else ""
                rep.row(f"{who}: server alone, {b['sessions']} sessions at once",
                        f"maps sent {_s(b['all_maps_sent_s'])}, first runs done {_s(b['all_first_runs_s'])}"
                        f"{released} ({b['ok']} ok)" + "".join(f"; {e}" for e in b["errors"][:2]))
            for o in server.get("one_tab", []):
                rep.row(f"{who}: one tab among {o['sessions']} opened at once, painted (median)",
                        f"{_s(o['painted_s'])} ({', '.join(f'{v:.2f}' for v in o['runs'])})")

    scale = results.get("scale", {})
    if "pages" in scale:
        case = scale["pages"]
        if "error" in case:
            rep.out(f"\npages · FAILED: {case['error']}")
        else:
            naive = _median(case.get("naive_cold_ms", []))
            rep.out(f"\nnaive bare-map page, cold load (median): {ms(naive)}")
            pages_block("pages · every page cold (default data), map first vs all loaded", case, naive)
    if "big" in scale:
        case = scale["big"]
        if "error" in case:
            rep.out(f"\nbig data · FAILED: {case['error']}")
        else:
            rep.out("\nbig data · imports at the declared sizes (fresh process each; peak RSS of that process)")
            for name, r in case["imports"].items():
                if "error" in r:
                    rep.out(f"  {name}: FAILED {r['error'][-200:]}")
                    continue
                rep.row(name, f"{r['seconds']:.1f} s, {r['peak_rss_mb']:,.0f} MB peak "
                        f"({r['rss_before_mb']:,.0f} MB before)")
            pages_block("big data · every page cold with that data loaded", case,
                        _median(scale.get("pages", {}).get("naive_cold_ms", [])))
    if "proxy" in scale:
        case = scale["proxy"]
        rep.out("\nproxy · two servers on one PostGIS behind deploy/nginx/atlas.conf")
        if "error" in case:
            rep.out(f"  FAILED: {case['error']}")
        else:
            rep.row("cold load → painted map via nginx (median)", ms(_median(case["cold_load_ms"])))
            for s in case["sessions"]:
                rep.row(f"{s['sessions']} sessions at once via nginx, all painted", _painted(s))
                rep.row(f"  both servers' RSS with {s['sessions']} sessions", f"{s['rss_mb']:,.0f} MB")
                for failure in s.get("failures", []):
                    rep.out(f"    a tab that did not paint showed: {' '.join(failure.split())[:160]}")
            if case.get("nginx_log"):
                rep.out(f"  nginx's error log: {case['nginx_log']}")
