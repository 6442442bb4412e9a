"""A store whose every layer has rows with their optional fields left blank.

Why: valid data must never break a page.  Each layer's shipped table is
imported through the real importer (so the rows pass validation exactly as a
coordinator's file would) after blanking every optional field (``required=False``
in the registry) on every other row (first row included), or on all rows.
"""

from __future__ import annotations

import csv
from pathlib import Path

from geo import ingest, registry
from geo import store as store_module
from geo.defaults import shipped_path


def optional_fields(name: str) -> list[str]:
    return [f.name for f in registry.get(name).fields if not f.required]


def blanked_table(name: str, out: Path, every: int = 2) -> Path:
    with open(shipped_path(name), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    blank = optional_fields(name)
    for i, row in enumerate(rows):
        if i % every == 0:
            for c in blank:
                row[c] = ""
    path = out / f"{name}_blank_optional.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def build(data_dir: Path, every: int = 2) -> store_module.Store:
    """Seed a store in ``data_dir`` and replace every layer by its blanked table
    (optional fields blank on every ``every``-th row: 1 = on all rows)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = store_module.open_store(f"gpkg:{data_dir / 'atlas.gpkg'}")
    for name in registry.LAYERS:
        ingest.import_file(store, blanked_table(name, data_dir, every), name, replace=True)
    return store
