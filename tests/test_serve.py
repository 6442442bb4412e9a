"""The launcher's safe default (scripts/serve.py): without sign-in it listens
on 127.0.0.1 only; told to listen beyond this computer without sign-in it says,
in its log, that it serves the public role only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AUTH = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "test-only-cookie-secret-0123456789"
client_id = "atlas"
client_secret = "x"
server_metadata_url = "http://localhost:9400/.well-known/openid-configuration"
"""


@pytest.fixture
def serve(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("atlas_serve", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.streamlit files of the machine
    for name in ("ATLAS_ROLE", "STREAMLIT_SERVER_ADDRESS", "STREAMLIT_SECRETS_FILES"):
        monkeypatch.delenv(name, raising=False)
    # Point the launcher at a secrets file of the test's own (the repository's is git-ignored).
    monkeypatch.setenv("STREAMLIT_SECRETS_FILES", str(tmp_path / "none.toml"))
    return module


def test_no_auth_listens_on_localhost_only(serve):
    extra, mode, line = serve.plan(["--server.port", "8501"])
    assert extra == ["--server.address", "127.0.0.1"]
    assert mode == "local" and "Local mode" in line and "127.0.0.1" in line


def test_no_auth_beyond_localhost_serves_public_only(serve, monkeypatch):
    extra, mode, line = serve.plan(["--server.address", "0.0.0.0"])
    assert extra == [] and mode == "public-only"
    assert "PUBLIC role only" in line
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", "10.0.0.5")
    assert serve.plan([])[1] == "public-only"


def test_auth_configured_listens_as_configured(serve, monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH, encoding="utf-8")
    monkeypatch.setenv("STREAMLIT_SECRETS_FILES", str(secrets))
    extra, mode, line = serve.plan([])
    assert extra == [] and mode == "sign-in" and "Sign-in mode" in line
    assert serve.plan(["--secrets.files", str(tmp_path / "none.toml")])[1] == "local"


def test_atlas_role_public_is_public_only(serve, monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_ROLE", "public")
    extra, mode, line = serve.plan([])
    assert mode == "public-only" and "ATLAS_ROLE=public" in line
    assert extra == ["--server.address", "127.0.0.1"]  # no sign-in: localhost unless told otherwise


def test_the_page_names_its_server_and_everything_else_is_streamlits_own(serve, monkeypatch, tmp_path):
    """The served static folder: Streamlit's index.html with three scripts first in <head>, every other entry
    a link to Streamlit's own file; a page without a single <head> is served as shipped."""
    from streamlit import file_util

    shipped = tmp_path / "shipped"
    (shipped / "static").mkdir(parents=True)
    (shipped / "favicon.png").write_bytes(b"png")
    (shipped / "index.html").write_text("<html><head><title>S</title></head><body></body></html>")
    monkeypatch.setattr(file_util, "get_static_dir", lambda: str(shipped))
    folder = serve.name_the_server_in_the_page()
    assert file_util.get_static_dir() == str(folder)
    page = (folder / "index.html").read_text()
    assert page.startswith("<html><head><script>(function(L){var p=L.pathname.replace(/\\/overview")  # to the root
    assert "<script>window.__streamlit=" in page
    assert page.endswith("</script><title>S</title></head><body></body></html>")
    assert "BACKEND_BASE_URL" in page
    assert page.count("<script>") == 3 and "react-aria.i18n.locale" in page  # the widgets' language, from the link
    assert sorted(p.name for p in folder.iterdir()) == ["favicon.png", "index.html", "static"]
    assert (folder / "favicon.png").resolve() == (shipped / "favicon.png").resolve()
    assert (folder / "static").is_symlink() and not (folder / "index.html").is_symlink()

    (shipped / "index.html").write_text("<html><body>no head</body></html>")
    monkeypatch.setattr(file_util, "get_static_dir", lambda: str(shipped))
    assert serve.name_the_server_in_the_page() is None
    assert file_util.get_static_dir() == str(shipped)
