"""The first run's seeding happens once, even when several processes open a fresh store together.

Several processes (as several server workers or ``python -m geo import`` runs
started at once would) wait on a common start signal, then open the same
empty store.  Afterwards every shipped dataset has exactly one version and one
audited import, on both backends.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo import registry
from geo import store as store_module

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
OPENER = """
import os, sys, time
from pathlib import Path
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.01)
from geo.store import open_store
store = open_store(sys.argv[1])
print(sorted(store.datasets().items()))
"""


def open_together(url: str, tmp_path: Path) -> list[str]:
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ATLAS_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, url, str(go)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(PROCESSES)]
    time.sleep(3)  # let every process import geo and wait at the start line
    go.touch()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        outs.append(out.strip())
    return outs


def assert_seeded_once(url: str, outs: list[str]) -> None:
    expected = str(sorted((name, 1) for name in registry.LAYERS))
    assert outs == [expected] * PROCESSES  # every process sees version 1 of every layer
    store = store_module.Store(store_module._SQLite(Path(url[5:])) if url.startswith("gpkg:")
                               else store_module._Postgres(url))
    for name in registry.LAYERS:
        assert [v.version for v in store.versions(name)] == [1], name
    imports = [e for e in store.audit(1000) if e["action"] == "import"]
    assert sorted(e["dataset"] for e in imports) == sorted(registry.LAYERS)


def test_fresh_geopackage_seeded_once(tmp_path):
    url = f"gpkg:{tmp_path / 'atlas.gpkg'}"
    assert_seeded_once(url, open_together(url, tmp_path))


@pytest.mark.postgis
def test_fresh_postgis_seeded_once(postgis_url, tmp_path):
    assert_seeded_once(postgis_url, open_together(postgis_url, tmp_path))
