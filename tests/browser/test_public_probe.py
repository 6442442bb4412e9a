"""Probe a public-role server for restricted data: every page, URL parameters
that ask for restricted things, every download, and every websocket frame the
browser receives are searched for the names and ids of restricted records
(detention centres, detention-centre clinics; read from the shipped CSV files).

Two public servers:
- ``ATLAS_ROLE=public``: a public-only deployment on its own store, which must
  not even hold restricted rows on disk;
- a server listening beyond localhost (``0.0.0.0``) without ``[auth]``, on a
  store that DOES hold restricted data: the app must serve the public role only
  and say so on the page.
"""

from __future__ import annotations

import base64
import contextlib
import re
import sqlite3
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import restricted_needles
from atlas_ui import DOWNLOAD_MENU, SETTLED, open_downloads

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["", "displacement", "disembarkation", "health", "stabilization", "flash"]
# URLs that ask for restricted things by path or parameter.
PROBES = ["detention", "data", "detention?month=2019-12", "health?types=detention-centre%20clinic",
          "health?types=detention-centre%20clinic&radius=300&date=2019-12-31",
          "?layer=detention_centres&round=24", "displacement?mantika=LY0319&baladiya=LY031901&round=28",
          "flash?since=2019-01-01", "?lang=ar", "health?lang=ar&types=detention-centre%20clinic",
          "stabilization?region=LY02"]  # in Arabic too: the sites carry Arabic names
INTERNAL = ("generate_illustrative", "data/layers/", "scripts/", "Traceback", "/work/", ".py")


@pytest.fixture(scope="module", params=["public-only", "beyond-localhost"])
def public_server(request, streamlit_server) -> Iterator[tuple[str, str, Path]]:
    with tempfile.TemporaryDirectory(prefix="atlas-probe-") as tmp:
        if request.param == "public-only":
            env = {"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "public"}
        else:
            env = {"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "coordinator", "STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}
        yield request.param, streamlit_server("app.py", env=env), Path(tmp)


_DEFLATED = re.compile(r"eJ[A-Za-z0-9+/]{40,}={0,2}")


def _inflated(text: str) -> str:
    """The map's payloads travel deflate-compressed and base64-encoded
    (components.map); search them as the browser reads them."""
    out = []
    for blob in _DEFLATED.findall(text):
        with contextlib.suppress(ValueError, zlib.error):
            out.append(zlib.decompress(base64.b64decode(blob)).decode("utf-8", "replace"))
    return "\n".join(out)


def _record_websocket(page: Any) -> list[str]:
    frames: list[str] = []

    def on_socket(ws: Any) -> None:
        def on_frame(payload: Any) -> None:
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
            frames.append(text + "\n" + _inflated(text))
        ws.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    return frames


def _settle(page: Any) -> None:
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.wait_for_timeout(1500)  # the map iframe and deferred messages


def _downloads(page: Any) -> list[str]:
    out = []
    if page.locator(DOWNLOAD_MENU).count() == 0:
        return out
    open_downloads(page)
    buttons = page.get_by_role("button", name=re.compile(r"(CSV \(|\(CSV\)|GeoJSON|Excel$|Provenance)"))
    for i in range(buttons.count()):
        button = buttons.nth(i)
        if not button.is_visible() or not button.is_enabled():  # folded expander; nothing to give
            continue
        got = None
        for _attempt in range(3):  # a click during a rerun can be dropped: wait for idle, try again
            page.wait_for_function(SETTLED,
                                   timeout=60_000)
            if not button.is_enabled():  # disabled meanwhile (a rerun replaced it): nothing to download
                break
            try:
                with page.expect_download(timeout=30_000) as info:
                    button.click(timeout=15_000)
                got = info.value
                break
            except Exception:
                continue
        if got is not None:
            out.append(Path(got.path()).read_text(encoding="utf-8", errors="replace"))
    return out


def _frames_text(page: Any) -> str:
    texts = []
    for frame in page.frames:
        with contextlib.suppress(Exception):  # a frame that went away
            texts.append(frame.content())
    return "\n".join(texts)


def test_public_server_never_carries_restricted_records(public_server, browser_page, assert_clean):
    mode, url, _ = public_server
    frames = _record_websocket(browser_page)
    seen: dict[str, str] = {}
    for path in [*PUBLIC_PAGES, *PROBES]:
        browser_page.goto(f"{url}/{path}")
        _settle(browser_page)
        body = browser_page.inner_text("body")
        for needle in INTERNAL:
            assert needle not in body, f"/{path} shows {needle!r}"
        nav = browser_page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Detention" not in nav and "Data" not in nav
        assert "Data page" not in body, f"/{path} points to a page the viewer cannot open"
        seen[f"page /{path}"] = body + "\n" + _frames_text(browser_page)
        if path in PUBLIC_PAGES:
            for i, text in enumerate(_downloads(browser_page)):
                seen[f"download {i} of /{path}"] = text
                # Provenance without internal file names or who imported it.
                assert "data/layers/" not in text and "shipped default data" not in text, f"/{path} download {i}"
    seen["websocket"] = "\n".join(frames)
    assert len(frames) > 50 and sum(map(len, frames)) > 100_000, "the websocket traffic was not recorded"
    assert sum(1 for k in seen if k.startswith("download")) >= 8
    leaks = {where: restricted_needles.found(text) for where, text in seen.items()}
    assert {k: v for k, v in leaks.items() if v} == {}
    # No mention of the restricted layer or of the clinic type anywhere the viewer receives.
    for where, text in seen.items():
        for word in ("Detention centres", "detention_centres", "detention-centre clinic"):
            assert word not in restricted_needles.without_published(text), f"{word!r} in {where}"
    if mode == "beyond-localhost":
        assert "serves the public view only" in browser_page.inner_text("body")
    else:
        assert "Public read-only view" in browser_page.inner_text("body")
    assert_clean(browser_page)


def test_public_only_store_has_no_restricted_rows_on_disk(public_server):
    mode, _, data_dir = public_server
    if mode != "public-only":
        pytest.skip("only a public-only deployment promises a store without restricted rows")
    con = sqlite3.connect(data_dir / "atlas.gpkg")
    try:
        dump = "\n".join(con.iterdump())
        datasets = {d for (d,) in con.execute("SELECT DISTINCT dataset FROM atlas_records")}
    finally:
        con.close()
    assert "detention_centres" not in datasets and "health_facilities" in datasets
    assert restricted_needles.found(dump) == []


def test_probe_finds_restricted_records_a_coordinator_receives(streamlit_server, browser_page):
    """The control: the same recording on a local coordinator server does find
    the names and ids, so an empty result above means absence, not blindness."""
    with tempfile.TemporaryDirectory(prefix="atlas-probe-control-") as tmp:
        url = streamlit_server("app.py", env={"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "coordinator"})
        frames = _record_websocket(browser_page)
        for path in ("", "health"):
            browser_page.goto(f"{url}/{path}")
            _settle(browser_page)
        found = set(restricted_needles.found("\n".join(frames)))
    # The Arabic names too (a tooltip names a site in both languages): data/layers/*.csv, name_ar.
    assert {"DC-SEB", "Sebha detention centre", "HF-DSEB", "Clinic, Sebha detention centre", "مركز احتجاز سبها",
            "عيادة مركز احتجاز سبها"} <= found
