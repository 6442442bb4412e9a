"""Two Streamlit servers on one PostGIS store behind deploy/nginx/atlas.conf.

What a deployment promises and this test checks with the shipped configuration
(ports and paths substituted, nothing else): nginx spreads browsers over both
servers and keeps each on its server (route cookie), carries the websocket,
gzips Streamlit's static bundles, serves the snapshot folder as plain files,
and an import made beside one server shows on a page served by the other at
its next rerun (caches keyed by the store's data version).

nginx runs in the foreground as this test's child, with a temporary prefix
and configuration, and is stopped at the end; so are both servers.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.atlas_ui import SETTLED  # by package path: bench/scale_cases imports this module too
from tests.importers.builders import write_rounds_csv

pytestmark = [pytest.mark.browser, pytest.mark.postgis]

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "atlas.conf"
NEW_ROUND = 77


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def _wait(url: str, what: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError):
            if _get(url, timeout=2)[0] == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"{what} did not answer {url}:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@contextlib.contextmanager
def _child(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        _stop(proc)


def _established_to(ports: list[int]) -> int:
    """TCP connections in state ESTABLISHED whose remote end is one of ``ports`` on this machine (from
    /proc/net/tcp and tcp6: remote address and port in hex, state 01)."""
    wanted = {f"{p:04X}" for p in ports}
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError), open(table) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[3] == "01" and fields[2].rsplit(":", 1)[1] in wanted:
                    count += 1
    return count


def render_site(port: int, upstreams: list[int], snapshots: Path, cache: Path) -> str:
    """deploy/nginx/atlas.conf with test ports and paths; fails if the file no longer has the lines it replaces."""
    text = SITE.read_text()
    for old, new in {
        "    listen 80;\n": f"    listen 127.0.0.1:{port};\n",
        "    listen [::]:80;\n": "",
        "    server 127.0.0.1:8501 max_fails=0;\n    server 127.0.0.1:8502 max_fails=0;\n": "".join(
            f"    server 127.0.0.1:{p} max_fails=0;\n" for p in upstreams),
        "alias /var/lib/atlas/snapshots/;": f"alias {snapshots}/;",
        "proxy_cache_path /var/cache/nginx/atlas ": f"proxy_cache_path {cache} ",
    }.items():
        assert old in text, f"deploy/nginx/atlas.conf no longer contains {old!r}"
        text = text.replace(old, new)
    return text


def main_conf(prefix: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf provides around a site file, in a private prefix."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must read the 0700 temp dirs
    temps = "".join(f"    {name}_temp_path {prefix / name};\n" for name in ("client_body", "proxy", "fastcgi",
                                                                             "uwsgi", "scgi"))
    return (f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log stderr notice;\n"
            "events { worker_connections 512; }\n"
            "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    sendfile on;\n    access_log {prefix / 'access.log'};\n{temps}    include {site};\n}}\n")


@pytest.fixture
def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        message = "nginx is not installed (scripts/system-deps.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _metric_labels(page) -> str:
    return page.evaluate("() => [...document.querySelectorAll('.atlas-figure-label')]"
                         ".map(e => e.innerText).join('\\n')")


def _open_displacement(page, url: str) -> str:
    """Open the page, wait until its script finished, return the upstream that served the document."""
    response = page.goto(url)
    page.wait_for_selector('.atlas-figure', timeout=90_000)
    page.wait_for_function(SETTLED, timeout=90_000)
    return response.headers.get("x-atlas-upstream", "")


def test_import_beside_one_server_shows_through_the_proxy_on_the_other(
        nginx_binary, postgis_url, tmp_path, browser_page, assert_clean):
    from geo import store as store_module

    # One store, seeded once before the servers start (deploy/README.md: initialise, then start instances).
    store_module.open_store(postgis_url)
    store_module._STORES.pop(postgis_url, None)
    data_dir = tmp_path / "data"
    (data_dir / "snapshots").mkdir(parents=True)
    (data_dir / "snapshots" / "published.html").write_text("<html><body>snapshot of round 24</body></html>")
    env = {**os.environ, "DATABASE_URL": postgis_url, "ATLAS_DATA_DIR": str(data_dir), "ATLAS_ROLE": "coordinator"}
    ports = [_free_port(), _free_port()]
    proxy = _free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    site = prefix / "atlas.conf"
    site.write_text(render_site(proxy, ports, data_dir / "snapshots", prefix / "cache"))
    (prefix / "nginx.conf").write_text(main_conf(prefix, site))
    nginx = [nginx_binary, "-p", str(prefix), "-e", "stderr", "-c", str(prefix / "nginx.conf")]
    checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr

    serve = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1", "--server.port"]
    with _child([*serve, str(ports[0])], tmp_path / "a.log", env) as a, \
            _child([*serve, str(ports[1])], tmp_path / "b.log", env) as b, \
            _child(nginx, tmp_path / "nginx.log") as proxy_proc:
        _wait(f"http://127.0.0.1:{ports[0]}/_stcore/health", "server A", a, tmp_path / "a.log")
        _wait(f"http://127.0.0.1:{ports[1]}/_stcore/health", "server B", b, tmp_path / "b.log")
        base = f"http://127.0.0.1:{proxy}"
        _wait(f"{base}/_stcore/health", "nginx", proxy_proc, tmp_path / "nginx.log")

        # Sticky routing: a new browser gets a route cookie; one cookie always reaches one server,
        # and different cookies reach both.
        status, headers, _ = _get(f"{base}/")
        assert status == 200 and "atlas_route=" in headers.get("set-cookie", "")
        seen = {}
        for n in range(24):
            upstreams = {_get(f"{base}/_stcore/health", {"Cookie": f"atlas_route=user{n}"})[1]["x-atlas-upstream"]
                         for _ in range(3)}
            assert len(upstreams) == 1, f"cookie user{n} was sent to {upstreams}"
            seen[upstreams.pop()] = n
        assert set(seen) == {f"127.0.0.1:{p}" for p in ports}

        # No idle connection to the servers stays open after those requests (no keep-alive pool whose connection
        # a server could close while nginx sends on it): none is established to either server's port.
        deadline = time.monotonic() + 1  # a pooled one stays for the idle timeout (4 s before)
        while _established_to(ports) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _established_to(ports) == 0, "nginx keeps idle connections to the servers"

        # Static bundles gzipped by nginx (Streamlit serves them uncompressed).
        html = _get(f"{base}/")[2].decode()
        bundle = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', html)
        assert bundle, "no script bundle in the index page"
        status, headers, body = _get(f"{base}/{bundle.group(1)}", {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip"
        assert len(gzip.decompress(body)) > len(body)

        # Snapshots: plain files from <ATLAS_DATA_DIR>/snapshots; nothing outside that folder.
        status, headers, body = _get(f"{base}/snapshots/published.html")
        assert status == 200 and b"snapshot of round 24" in body and not headers.get("x-atlas-upstream")
        assert _get(f"{base}/snapshots/missing.html")[0] == 404
        assert _get(f"{base}/snapshots/../a.log")[0] in (400, 404)

        # The browser through the proxy: its server renders the current data (round 77 does not exist yet).
        page = browser_page
        view = f"{base}/displacement?round={NEW_ROUND}&metric=migrants"
        serving = _open_displacement(page, view)
        assert serving in seen, f"document came from {serving!r}"
        assert f"R{NEW_ROUND}" not in _metric_labels(page)

        # Import beside the OTHER server: the command line with the servers' environment (one store).
        path = write_rounds_csv(tmp_path / f"dtm_round{NEW_ROUND}.csv", [NEW_ROUND])
        done = subprocess.run([sys.executable, "-m", "geo", "import", str(path)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

        # Next rerun on the serving server (same route cookie) shows the new round.
        again = _open_displacement(page, view)
        assert again == serving, "the route cookie did not keep the browser on its server"
        page.wait_for_function(f"() => [...document.querySelectorAll('.atlas-figure-label')]"
                               f".some(e => e.innerText.includes('R{NEW_ROUND}'))", timeout=60_000)
        assert_clean(page)
