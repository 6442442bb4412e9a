"""Which version of each dataset is current (``Store.datasets``), asked often and cheaply.

Pages ask it many times a run; the answer is kept for ``VERSIONS_FRESH_FOR``
seconds.  What must hold: this process's own import or rollback shows at once;
another writer's (another server, the command line: here a second ``Store`` on
the same file) shows once that short time has passed; and within it the store
is not asked again.
"""

from __future__ import annotations

import time

import pytest

from geo import store as store_module


@pytest.fixture
def gpkg(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = f"gpkg:{tmp_path / 'atlas.gpkg'}"
    yield store_module.open_store(url), tmp_path / "atlas.gpkg"
    store_module._STORES.pop(url, None)


def _again(s, dataset: str, actor: str):
    """Store the dataset's current rows again: a new version (2 on a freshly seeded store)."""
    return s.write_version(dataset, s.read(dataset), source_name="again.csv", actor=actor)


def test_own_import_and_rollback_show_at_once(gpkg):
    s, _ = gpkg
    assert s.current_version("flash_updates") == 1
    _again(s, "flash_updates", "tester")
    assert s.current_version("flash_updates") == 2  # no wait: this process wrote it
    s.rollback("flash_updates", 1, actor="tester")
    assert s.current_version("flash_updates") == 1


def test_another_writer_shows_within_the_fresh_time(gpkg):
    s, path = gpkg
    assert s.current_version("flash_updates") == 1
    other = store_module.Store(store_module._SQLite(path))  # another server on the same file
    _again(other, "flash_updates", "elsewhere")
    time.sleep(store_module.VERSIONS_FRESH_FOR + 0.05)
    assert s.current_version("flash_updates") == 2


def test_repeated_questions_do_not_reach_the_store(gpkg, monkeypatch):
    s, _ = gpkg
    s.datasets()
    opened = []
    real = s.backend.connect
    monkeypatch.setattr(s.backend, "connect", lambda: opened.append(1) or real())
    for _ in range(20):
        assert s.current_version("displacement") == 1
    assert opened == []
    time.sleep(store_module.VERSIONS_FRESH_FOR + 0.05)
    assert s.current_version("displacement") == 1
    assert len(opened) == 1


def test_answers_are_copies(gpkg):
    s, _ = gpkg
    s.datasets()["displacement"] = 99
    assert s.current_version("displacement") == 1
