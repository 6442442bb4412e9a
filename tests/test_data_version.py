"""An import made by another process shows in this one at its next read once the answer to "which versions are
current" is older than ``catalog.VERSIONS_FRESH_FOR`` (half a second).

Why: several Streamlit servers share one store; each keeps per-process caches
keyed by the store's data version (``Store.datasets``).  If a server kept
serving its cached version after another server imported, users behind the
proxy would see different data depending on which server they landed on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from geo import catalog, timeaxis
from tests.importers.builders import write_rounds_csv

ROOT = Path(__file__).resolve().parents[1]


def _import_elsewhere(path: Path) -> None:
    """Import through the command line: another process, same store (from the environment)."""
    done = subprocess.run([sys.executable, "-m", "geo", "import", str(path)], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_import_by_another_process_is_seen(any_store, tmp_path):
    before = catalog.load("displacement")
    assert 77 not in [r.number for r in timeaxis.rounds(before.frame)]
    _import_elsewhere(write_rounds_csv(tmp_path / "round77.csv", [77]))
    time.sleep(catalog.VERSIONS_FRESH_FOR)  # this process's last answer may be that fresh still
    after = catalog.load("displacement")  # same process, same Store object, no cache cleared
    assert after.version.version == before.version.version + 1
    assert 77 in [r.number for r in timeaxis.rounds(after.frame)]
    assert any_store.datasets()["displacement"] == after.version.version


def test_rollback_by_another_process_is_seen(any_store, tmp_path):
    v1 = any_store.current_version("displacement")
    _import_elsewhere(write_rounds_csv(tmp_path / "round78.csv", [78]))
    assert any_store.current_version("displacement") == v1 + 1
    done = subprocess.run([sys.executable, "-m", "geo", "rollback", "displacement", str(v1)], cwd=ROOT,
                          env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # The rollback can take less than half a second (a faster machine: it failed there without the wait), and
    # the version check just above was answered from the store then.
    time.sleep(catalog.VERSIONS_FRESH_FOR)
    assert catalog.load("displacement").version.version == v1


def test_version_check_keeps_one_connection_on_postgis(any_store):
    """The per-call version check must not open a connection per call (PostGIS connects cost ms)."""
    any_store.datasets()
    kept = any_store._reader
    for _ in range(5):
        catalog.load("displacement")
    if kept is None:  # GeoPackage: a local file open per call, nothing kept
        assert any_store.url.startswith("gpkg:")
    else:
        assert any_store._reader is kept
