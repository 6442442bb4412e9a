"""Fixtures shared by the whole suite.

- ``store``: a fresh GeoPackage store seeded with the shipped data, in a temp dir.
- ``reference``: the real third-party files in ``../shared/data/reference``;
  tests that need them skip cleanly when ``../shared`` is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "data" / "reference"


@pytest.fixture
def store(tmp_path, monkeypatch):
    from geo import store as store_module

    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return store_module.open_store(f"gpkg:{tmp_path / 'atlas.gpkg'}")


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/data/reference is absent (reference files are for tests only)")
    return REFERENCE
