"""Import a file into the store: prepare, merge, preview, write.

Why a module between importers and store: the command line, the Data page and
the tests all import files the same way, and all must leave the store exactly
as it was when anything is wrong.  ``prepare`` (geo.importers) reads and
validates without touching the store; only a clean result reaches
``Store.write_version``, which is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo import changes, registry
from geo.defaults import geometries
from geo.importers import Prepared, prepare
from geo.store import BOUNDARIES, Store, StoreError, Version

# ``progress(fraction, what)``: how far an import is (0..1) and what it is doing, for the Data page's bar.
Progress = Callable[[float, str], None]


def _silent(fraction: float, what: str) -> None:
    """No progress display (command line, tests)."""


@dataclass
class Plan:
    """A validated file and what storing it would do."""

    prepared: Prepared
    rows: pd.DataFrame
    geometries: list
    diff: changes.Diff
    base_version: int | None = None  # the current version the rows were merged with


def plan(store: Store, path: Path, dataset: str | None = None, *, replace: bool = False,
         progress: Progress = _silent) -> Plan:
    """Read and validate ``path`` and work out the next version, storing nothing."""
    progress(0.0, "reading and validating the file")
    prepared = prepare(Path(path), dataset)
    progress(0.6, "comparing with the current version")
    if prepared.dataset == BOUNDARIES:
        current = _current(store, BOUNDARIES)
        before = None if current is None else current.drop(columns="geometry")
        frame = prepared.frame
        d = changes.Diff(added=len(frame), removed=0 if before is None else len(before))
        return Plan(prepared, frame, list(prepared.geometries), d, store.current_version(BOUNDARIES))
    layer = registry.get(prepared.dataset)
    base = store.current_version(prepared.dataset)
    current = _current(store, prepared.dataset, base)
    before = None if current is None else pd.DataFrame(current.drop(columns="geometry"))
    rows = prepared.frame if replace else changes.merge(before, prepared.frame, layer)
    rows = rows.reset_index(drop=True)
    # Every row's geometry (kept or new) is computed as for shipped data:
    # from lat/lon, else the baladiya seat.
    progress(0.8, "placing the rows on the map")
    geoms = geometries(rows, layer)
    progress(0.9, "counting what changes")
    return Plan(prepared, rows, geoms, changes.diff(before, rows, layer), base)


def commit(store: Store, p: Plan, actor: str | None = None, progress: Progress = _silent) -> Version:
    """Store a plan as the new current version (one transaction).

    Refused (``StoreError``) if another import landed since the plan was made:
    the plan's merge would silently drop that import's rows."""
    def rows_written(done: int, total: int) -> None:
        progress(done / max(total, 1), f"stored {done:,} of {total:,} rows")

    return store.write_version(p.prepared.dataset, p.rows, source_name=p.prepared.source_name,
                               source_bytes=p.prepared.source_bytes, actor=actor,
                               note=p.prepared.summary, geometries=p.geometries, base_version=p.base_version,
                               progress=rows_written)


def import_file(store: Store, path: Path, dataset: str | None = None, *, actor: str | None = None,
                replace: bool = False, attempts: int = 5, progress: Progress = _silent) -> tuple[Version, Plan]:
    """Validate, merge and store ``path`` in one go; raise on any problem.

    Concurrent imports of one dataset: when another lands first, the merge is
    redone on top of it, so neither import's rows are lost."""
    for attempt in range(attempts):
        p = plan(store, path, dataset, replace=replace, progress=progress)
        try:
            return commit(store, p, actor, progress), p
        except StoreError:
            if attempt == attempts - 1 or store.current_version(p.prepared.dataset) == p.base_version:
                raise
    raise AssertionError("unreachable")


def _current(store: Store, dataset: str, version: int | None = None):
    try:
        return store.read(dataset, version)
    except StoreError:
        return None


def plan_upload(store: Store, file_name: str, content: bytes, dataset: str | None = None, *,
                replace: bool = False, progress: Progress = _silent) -> Plan:
    """``plan`` for bytes from a browser upload: written to a private temp folder
    under its own (sanitised) name, read, and the folder removed."""
    import tempfile

    safe = Path(file_name).name or "upload"
    with tempfile.TemporaryDirectory(prefix="atlas-upload-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(content)
        p = plan(store, path, dataset, replace=replace, progress=progress)
    p.prepared.source_name = safe
    return p
