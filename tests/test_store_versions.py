"""Which version of each dataset is current (``Store.datasets``), asked often and cheaply.

The app's pages (``geo.catalog.store``) ask it many times a run; their store keeps
the answer for ``geo.catalog.VERSIONS_FRESH_FOR`` seconds.  What must hold: this
process's own import or rollback shows at once; another writer's (another
server, the command line: here a second ``Store`` on the same file) shows once
that short time has passed; within it the store is not asked again; and a store
opened by a script, the command line or a test asks every time.
"""

from __future__ import annotations

import time

import pytest

from geo import catalog
from geo import store as store_module

FRESH_FOR = 0.5  # seconds: the README's "at most every half second"


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    """The app's store (``catalog.store``) on a fresh GeoPackage, and that file's path."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    yield catalog.store(), tmp_path / "atlas.gpkg"
    store_module._STORES.pop(f"gpkg:{tmp_path / 'atlas.gpkg'}", None)


def _again(s, dataset: str, actor: str):
    """Store the dataset's current rows again: a new version (2 on a freshly seeded store)."""
    return s.write_version(dataset, s.read(dataset), source_name="again.csv", actor=actor)


def test_the_app_keeps_the_answer_for_half_a_second():
    assert catalog.VERSIONS_FRESH_FOR == FRESH_FOR


def test_own_import_and_rollback_show_at_once(app_store):
    s, _ = app_store
    assert s.current_version("flash_updates") == 1
    _again(s, "flash_updates", "tester")
    assert s.current_version("flash_updates") == 2  # no wait: this process wrote it
    s.rollback("flash_updates", 1, actor="tester")
    assert s.current_version("flash_updates") == 1


def test_another_writer_shows_within_the_fresh_time(app_store):
    s, path = app_store
    assert s.current_version("flash_updates") == 1
    other = store_module.Store(store_module._SQLite(path))  # another server on the same file
    _again(other, "flash_updates", "elsewhere")
    time.sleep(FRESH_FOR + 0.05)
    assert s.current_version("flash_updates") == 2


def test_repeated_questions_do_not_reach_the_store(app_store, monkeypatch):
    s, _ = app_store
    s.datasets()
    opened = []
    real = s.backend.connect
    monkeypatch.setattr(s.backend, "connect", lambda: opened.append(1) or real())
    for _ in range(20):
        assert s.current_version("displacement") == 1
    assert opened == []
    time.sleep(FRESH_FOR + 0.05)
    assert s.current_version("displacement") == 1
    assert len(opened) == 1


def test_a_script_s_store_asks_every_time(tmp_path):
    """The command line and tests read another process's write at once (no kept answer)."""
    path = tmp_path / "atlas.gpkg"
    url = f"gpkg:{path}"
    try:
        s = store_module.open_store(url)
        assert s.current_version("flash_updates") == 1
        _again(store_module.Store(store_module._SQLite(path)), "flash_updates", "elsewhere")
        assert s.current_version("flash_updates") == 2
    finally:
        store_module._STORES.pop(url, None)


def test_answers_are_copies(app_store):
    s, _ = app_store
    s.datasets()["displacement"] = 99
    assert s.current_version("displacement") == 1
