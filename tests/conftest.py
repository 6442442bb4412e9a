"""Fixtures shared by the whole suite.

- ``store``: a fresh GeoPackage store seeded with the shipped data, in a temp dir.
- ``any_store``: the same on BOTH backends, parametrized ``[gpkg]`` and
  ``[postgis]``.  The PostGIS store lives in its own freshly created schema
  (dropped afterwards) of the database at ``ATLAS_TEST_DATABASE_URL``, else
  ``DATABASE_URL``, else the local server ``scripts/postgres.sh`` starts.
  The environment is pointed at the store (``ATLAS_DATA_DIR`` or
  ``DATABASE_URL``), so subprocesses and ``open_store()`` reach the same one;
  ``any_store.url`` opens it from another process.  An unreachable PostGIS
  skips those tests locally and FAILS them when ``CI`` is set: CI must run them.
- ``reference``: the real third-party files in ``../shared/data/reference``;
  tests that need them skip cleanly when ``../shared`` is absent.
- ``local_mode``: pages run in-process (``AppTest``) as ``make run`` serves them, for a coordinator.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "data" / "reference"
LOCAL_POSTGIS_URL = "postgresql://atlas:atlas@127.0.0.1:5433/atlas_test"  # scripts/postgres.sh


@pytest.fixture
def local_mode():
    """Local mode (the viewer a coordinator) as ``make run`` serves it: listening on 127.0.0.1 without [auth].
    Streamlit's own default listens everywhere, which the atlas serves to the public role only."""
    from streamlit import config

    previous = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", previous)


@pytest.fixture
def store(tmp_path, monkeypatch):
    from geo import store as store_module

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return store_module.open_store(f"gpkg:{tmp_path / 'atlas.gpkg'}")


@pytest.fixture
def arabic(monkeypatch) -> dict:
    """A session in Arabic outside a page run (``components.i18n`` and ``components.locale`` read the language and
    digits from Streamlit's session state); set ``["lang"]`` or ``["digits"]`` to change them."""
    import components.i18n as i18n
    import components.locale as loc

    session = {"lang": "ar", "digits": "latn"}
    monkeypatch.setattr("streamlit.session_state", session, raising=False)
    monkeypatch.setattr(i18n.st, "session_state", session)
    monkeypatch.setattr(loc.st, "session_state", session)
    return session


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/data/reference is absent (reference files are for tests only)")
    return REFERENCE


def _redact(url: str) -> str:
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", re.sub(r"password=\S+", "password=***", url))


@pytest.fixture(scope="session")
def postgis_base_url() -> str:
    """The URL of a reachable PostgreSQL database with PostGIS installed."""
    import psycopg

    url = os.environ.get("ATLAS_TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or LOCAL_POSTGIS_URL
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as con:
            if con.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone() is None:
                con.execute("CREATE EXTENSION postgis")
    except Exception as exc:
        message = (f"PostGIS is not usable at {_redact(url)} ({type(exc).__name__}: {str(exc).strip()}); "
                   "start it with scripts/postgres.sh")
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return url


@pytest.fixture
def postgis_url(postgis_base_url):
    """A connection string whose search_path is a new empty schema (dropped after the test)."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    schema = f"atlas_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgis_base_url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    yield make_conninfo(postgis_base_url, options=f"-c search_path={schema},public")
    with psycopg.connect(postgis_base_url, autocommit=True) as con:
        con.execute("SET lock_timeout = '30s'")
        con.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["gpkg", pytest.param("postgis", marks=pytest.mark.postgis)])
def any_store(request, tmp_path, monkeypatch):
    """A fresh store seeded with the shipped data, on each backend in turn."""
    from geo import store as store_module

    if request.param == "postgis":
        url = request.getfixturevalue("postgis_url")  # before touching the environment it reads
        monkeypatch.setenv("DATABASE_URL", url)
    else:
        url = f"gpkg:{tmp_path / 'atlas.gpkg'}"
        monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    yield store_module.open_store(url)
    store_module._STORES.pop(url, None)
    store_module._read_cached.cache_clear()
