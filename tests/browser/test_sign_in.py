"""Sign-in through a real OpenID Connect provider, in a real browser.

A local provider (PyPI ``oidc-provider-mock``) runs in this process; the atlas
is started with an ``[auth]`` section pointing at it and a ``[roles]`` mapping.
Playwright signs in through the provider's own form, as:

- a coordinator mapped by the ID token's group claim: sees the Data page and
  the detention centres, rolls a dataset back (choose, confirm, press), and the
  audit log names them;
- an admin mapped by e-mail;
- an unmapped user, and someone not signed in: public (no Data page, no
  restricted layer on the map, no detention-centre clinic).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from atlas_ui import SETTLED

from geo import store

pytestmark = pytest.mark.browser

COORDINATOR = {"sub": "alice", "email": "alice@example.org", "groups": ["staff", "atlas-coordinators"]}
ADMIN = {"sub": "hoo", "email": "Head.Office@example.org"}
UNMAPPED = {"sub": "donor", "email": "donor@example.com", "groups": ["donors"]}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """The issuer URL of a local OpenID Connect provider with three users."""
    oidc = pytest.importorskip("oidc_provider_mock")
    users = [oidc.User(sub=u["sub"], claims={k: v for k, v in u.items() if k != "sub"})
             for u in (COORDINATOR, ADMIN, UNMAPPED)]
    with oidc.run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def data_dir() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="atlas-sign-in-") as tmp:
        yield tmp


@pytest.fixture(scope="module")
def app(streamlit_server, provider, data_dir) -> str:
    secrets = Path(data_dir) / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "test-only-cookie-secret-0123456789abcdef"
client_id = "atlas-test"
client_secret = "test-only-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[roles]
admins = ["head.office@example.org"]
coordinators = []
group_claim = "groups"
coordinator_groups = ["atlas-coordinators"]
""", encoding="utf-8")
    return streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "STREAMLIT_SECRETS_FILES": str(secrets),
                                           "ATLAS_ROLE": "coordinator"})


def _wait_idle(page: Any) -> None:
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)


def _sign_in(page: Any, app: str, sub: str) -> None:
    page.goto(f"{app}/")
    _wait_idle(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: url.startswith(app) and "oauth2callback" not in url, timeout=30_000)
    _wait_idle(page)
    page.get_by_text("Signed in as").wait_for(timeout=30_000)


def _nav(page: Any) -> str:
    return page.locator('[data-testid="stSidebarNav"]').inner_text()


def _map_layers(page: Any, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate("typeof window.__atlasDebug === 'function' && window.__atlasDebug() "
                                      "&& window.__atlasDebug().restyles > 0"):
                        return frame.evaluate("window.__atlasDebug()")["layers"]
                except Exception:  # frame still loading
                    pass
        page.wait_for_timeout(200)
    raise AssertionError("the map never finished loading")


def test_signed_out_viewer_is_public(app, browser_page):
    browser_page.goto(f"{app}/")
    _wait_idle(browser_page)
    nav = _nav(browser_page)
    assert "Data (coordinators)" not in nav and "Detention centres" not in nav
    assert browser_page.get_by_role("button", name="Sign in").is_visible()
    assert "detention_centres" not in _map_layers(browser_page)
    assert "Local mode" not in browser_page.inner_text("body")


def test_unmapped_user_is_public(app, browser_page):
    _sign_in(browser_page, app, UNMAPPED["sub"])
    body = browser_page.inner_text("body")
    assert "Signed in as donor@example.com" in body and "role: public" in body
    nav = _nav(browser_page)
    assert "Data (coordinators)" not in nav and "Detention centres" not in nav
    assert "detention_centres" not in _map_layers(browser_page)
    browser_page.goto(f"{app}/health")
    _wait_idle(browser_page)
    assert "Clinic, Sebha detention centre" not in str(_map_layers(browser_page))
    assert "detention-centre clinic" not in browser_page.inner_text("body")


def test_admin_mapped_by_email(app, browser_page):
    _sign_in(browser_page, app, ADMIN["sub"])
    assert "role: admin" in browser_page.inner_text("body")
    assert "Data (coordinators)" in _nav(browser_page)


def test_coordinator_sees_data_page_and_rollback_is_audited_under_their_name(app, browser_page, data_dir):
    from playwright.sync_api import expect

    _sign_in(browser_page, app, COORDINATOR["sub"])
    assert "Signed in as alice@example.org · role: coordinator" in browser_page.inner_text("body")
    nav = _nav(browser_page)
    assert "Data (coordinators)" in nav and "Detention centres" in nav
    assert "detention_centres" in _map_layers(browser_page)

    # A second version of flash_updates to roll back from (stored directly, as a CLI import would).
    s = store.open_store(f"gpkg:{data_dir}/atlas.gpkg")
    frame = s.read("flash_updates")
    s.write_version("flash_updates", frame.head(3), source_name="three-events.csv", source_bytes=b"3",
                    actor="cli-test")
    assert s.current_version("flash_updates") == 2

    browser_page.goto(f"{app}/data")
    _wait_idle(browser_page)
    # Choose the dataset whose versions to show: the Versions section's own box (found by its key, as
    # "Dataset" also names the import's box, which is drawn first and alone while the page is still running).
    box = browser_page.locator(".st-key-versions-of")
    box.get_by_label("Dataset", exact=True).wait_for(timeout=30_000)
    for _ in range(3):  # a rerun still in flight when the option is clicked may redraw the box unchosen
        box.get_by_label("Dataset", exact=True).click()
        browser_page.get_by_role("option", name="flash_updates").click()
        _wait_idle(browser_page)
        if box.get_by_label("Dataset", exact=True).input_value() == "flash_updates":
            break
    assert box.get_by_label("Dataset", exact=True).input_value() == "flash_updates", "Versions never chose it"
    pick = browser_page.get_by_label("Make another version current (roll back)")
    pick.wait_for(timeout=30_000)  # only shown once flash_updates (two versions) is chosen
    pick.click()
    browser_page.get_by_role("option", name="version 1").click()
    browser_page.get_by_text("flash_updates goes from version 2").wait_for(timeout=30_000)
    assert "to version 1" in browser_page.inner_text("body")
    button = browser_page.get_by_role("button", name="Roll back flash_updates to version 1")
    assert button.is_disabled(), "one click must not roll back"
    assert s.current_version("flash_updates") == 2
    browser_page.get_by_text("Yes, make version 1 of flash_updates current instead of version 2").click()
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    browser_page.get_by_text("flash_updates: version 1 is current (was version 2).").wait_for(timeout=30_000)
    assert s.current_version("flash_updates") == 1
    _wait_idle(browser_page)  # the chooser is back to its placeholder: it showed the version just made current
    assert pick.input_value() == ""
    assert pick.get_attribute("placeholder") == "choose a version"
    last = s.audit(1)[0]
    assert (last["action"], last["dataset"], last["version"], last["actor"]) == (
        "rollback", "flash_updates", 1, "alice@example.org")

    # Signing out makes the viewer public again (the provider asks to confirm ending its session).
    browser_page.get_by_role("button", name="Sign out").click()
    browser_page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
    browser_page.get_by_role("button", name="End session").click()
    browser_page.wait_for_url(lambda url: url.startswith(app) and "oauth2callback" not in url, timeout=30_000)
    browser_page.goto(f"{app}/")
    _wait_idle(browser_page)
    browser_page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    assert "Data (coordinators)" not in _nav(browser_page)
