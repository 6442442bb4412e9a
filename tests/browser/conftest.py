"""Browser-test fixtures for the whole project (Streamlit + Playwright/Chromium).

Why: the atlas must work air-gapped, so every browser test doubles as an
offline check. ``browser_page`` aborts and records any request that leaves
localhost, and ``assert_clean(page)`` fails the test if one was attempted,
if a local request failed (e.g. a vendor asset 404) or a page error occurred.

Usage (``assert_clean`` and ``browser_log`` are fixtures returning the
helpers, so test modules never import this conftest by name)::

    @pytest.mark.browser
    def test_page(streamlit_server, browser_page, assert_clean):
        url = streamlit_server("app.py", env={"ATLAS_X": "1"})
        browser_page.goto(url)
        ...
        assert_clean(browser_page)

Chromium: Debian's ``/usr/bin/chromium`` (no Playwright browser download).
If it is missing the tests are skipped, except under ``CI=true`` where that is
a failure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
SERVER_START_TIMEOUT = 60.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs a Streamlit server and Chromium (Playwright)")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason} (CI is set, so this is an error, not a skip)")
    pytest.skip(reason)


# ---------------------------------------------------------------- server ---


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class _Server:
    proc: subprocess.Popen[bytes]
    log_path: Path
    base_url: str

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # its own process group: ours to end
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def streamlit_server() -> Iterator[Callable[..., str]]:
    """Factory: ``streamlit_server(script_path, env=None) -> base_url``.

    Starts ``python -m streamlit run <script>`` headless on a free port, with
    cwd = repo root (so ``.streamlit/config.toml`` applies), waits for
    ``/_stcore/health`` and returns e.g. ``http://127.0.0.1:8765``. Servers
    are reused within a test module for the same (script, env) and stopped
    when the module finishes.
    """
    servers: dict[tuple[str, tuple[tuple[str, str], ...]], _Server] = {}

    def start(script_path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> str:
        script = Path(script_path)
        if not script.is_absolute():
            script = REPO_ROOT / script
        cache_key = (str(script), tuple(sorted((env or {}).items())))
        if cache_key in servers and servers[cache_key].proc.poll() is None:
            return servers[cache_key].base_url
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        # The atlas itself starts through its launcher (see scripts/serve.py).
        launcher = (
            [str(REPO_ROOT / "scripts" / "serve.py")]
            if script == REPO_ROOT / "app.py"
            else ["-m", "streamlit", "run", str(script)]
        )
        cmd = [
            sys.executable, *launcher,
            "--server.headless", "true",
            "--server.port", str(port),
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        fd, log_name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
        with os.fdopen(fd, "wb") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=REPO_ROOT,
                env={**os.environ, **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = _Server(proc, Path(log_name), base_url)
        servers[cache_key] = server
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(base_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                server.stop()
                pytest.fail(f"streamlit did not start for {script}:\n{server.log_tail()}")
            time.sleep(0.2)
        return base_url

    yield start
    for server in servers.values():
        server.stop()
        server.log_path.unlink(missing_ok=True)


# --------------------------------------------------------------- browser ---


@dataclass
class BrowserLog:
    """What a page did that an offline test cares about."""

    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


_LOGS: dict[int, BrowserLog] = {}


@pytest.fixture(scope="module")
def data_dir() -> Iterator[str]:
    """A fresh store folder per test module (seeded with the default data by the app's first visit)."""
    with tempfile.TemporaryDirectory(prefix="atlas-browser-") as tmp:
        yield tmp


@pytest.fixture(scope="module")
def app(streamlit_server: Callable[..., str], data_dir: str) -> str:
    """The whole atlas as a coordinator sees it, on the module's own store (modules needing another
    role or environment define their own ``app``)."""
    return streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator"})


@pytest.fixture(scope="module")
def shipped() -> Iterator[Any]:
    """The default displacement data as a fresh store holds it (the same shipped files the app seeds)."""
    from geo import store

    with tempfile.TemporaryDirectory() as tmp:
        yield store.open_store(f"gpkg:{tmp}/atlas.gpkg").read("displacement")


def get_browser_log(page: Any) -> BrowserLog:
    """The ``BrowserLog`` recorded for a page from ``browser_page``."""
    return _LOGS[id(page)]


def assert_page_clean(page: Any, *, console_errors: bool = False) -> None:
    """Fail if the page tried to reach a non-local host, a local request
    failed (network error or HTTP >= 400), or a page error was thrown.
    With ``console_errors=True`` console errors count too."""
    log = get_browser_log(page)
    problems = []
    if log.external_requests:
        problems.append(f"external requests attempted: {log.external_requests}")
    if log.failed_requests:
        problems.append(f"failed requests: {log.failed_requests}")
    if log.page_errors:
        problems.append(f"page errors: {log.page_errors}")
    if console_errors and log.console_errors:
        problems.append(f"console errors: {log.console_errors}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def assert_clean() -> Callable[..., None]:
    """``assert_clean(page, console_errors=False)``: see ``assert_page_clean``."""
    return assert_page_clean


@pytest.fixture
def browser_log() -> Callable[[Any], BrowserLog]:
    """``browser_log(page) -> BrowserLog`` for pages from ``browser_page``."""
    return get_browser_log


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about", "file"}:
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="session")
def _browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser: Any) -> Iterator[Any]:
    """A fresh Playwright page whose traffic is confined to localhost.

    Every non-local request is aborted and recorded; failed requests, page
    errors and console errors are collected (see ``browser_log``).
    """
    context = _browser.new_context(viewport={"width": 1280, "height": 1000})
    log = BrowserLog()

    def route(route: Any) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            log.external_requests.append(url)
            route.abort()

    def on_failed(request: Any) -> None:
        # ERR_ABORTED is a request the page cancelled (e.g. navigating away while
        # an image loads); a missing file shows up as an HTTP error instead.
        if _is_local(request.url) and "ERR_ABORTED" not in str(request.failure):
            log.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            log.failed_requests.append(f"{response.url}: HTTP {response.status}")

    context.route("**/*", route)
    page = context.new_page()
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    _LOGS[id(page)] = log
    try:
        yield page
    finally:
        _LOGS.pop(id(page), None)
        context.close()
