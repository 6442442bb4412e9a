"""Import a file into the store: prepare, merge, preview, write.

Why a module between importers and store: the command line, the Data page and
the tests all import files the same way, and all must leave the store exactly
as it was when anything is wrong.  ``prepare`` (geo.importers) reads and
validates without touching the store; only a clean result reaches
``Store.write_version``, which is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo import changes, registry, roles, sensitivity
from geo.defaults import geometries
from geo.importers import Prepared, prepare
from geo.store import BOUNDARIES, Store, StoreError, Version


@dataclass
class Plan:
    """A validated file and what storing it would do."""

    prepared: Prepared
    rows: pd.DataFrame
    geometries: list
    diff: changes.Diff
    base_version: int | None = None  # the current version the rows were merged with


def plan(store: Store, path: Path, dataset: str | None = None, *, replace: bool = False) -> Plan:
    """Read and validate ``path`` and work out the next version, storing nothing."""
    prepared = prepare(Path(path), dataset)
    _public_only(prepared)
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
    geoms = geometries(rows, layer)
    return Plan(prepared, rows, geoms, changes.diff(before, rows, layer), base)


def _public_only(prepared: Prepared) -> None:
    """A public-only deployment (``ATLAS_ROLE=public``) stores published data
    only: a restricted layer is refused, restricted records are left out."""
    if roles.deployment_role() != "public":
        return
    if not sensitivity.public_layer(prepared.dataset):
        raise StoreError(f"{prepared.dataset} is a restricted layer: this is a public-only deployment "
                         "(ATLAS_ROLE=public), which stores no restricted data")
    layer = registry.LAYERS.get(prepared.dataset)
    if layer is not None:
        kept = sensitivity.public_rows(layer, prepared.frame)
        if len(kept) < len(prepared.frame):
            prepared.summary = (f"{prepared.summary}; " if prepared.summary else "") + (
                f"{len(prepared.frame) - len(kept)} restricted record(s) left out (public-only deployment)")
            prepared.frame = kept


def commit(store: Store, p: Plan, actor: str | None = None) -> Version:
    """Store a plan as the new current version (one transaction).

    Refused (``StoreError``) if another import landed since the plan was made:
    the plan's merge would silently drop that import's rows."""
    return store.write_version(p.prepared.dataset, p.rows, source_name=p.prepared.source_name,
                               source_bytes=p.prepared.source_bytes, actor=actor,
                               note=p.prepared.summary, geometries=p.geometries, base_version=p.base_version)


def import_file(store: Store, path: Path, dataset: str | None = None, *, actor: str | None = None,
                replace: bool = False, attempts: int = 5) -> tuple[Version, Plan]:
    """Validate, merge and store ``path`` in one go; raise on any problem.

    Concurrent imports of one dataset: when another lands first, the merge is
    redone on top of it, so neither import's rows are lost."""
    for attempt in range(attempts):
        p = plan(store, path, dataset, replace=replace)
        try:
            return commit(store, p, actor), p
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
                replace: bool = False) -> Plan:
    """``plan`` for bytes from a browser upload: written to a private temp folder
    under its own (sanitised) name, read, and the folder removed."""
    import tempfile

    from geo import settings
    from geo.importers.files import fail

    safe = Path(file_name).name or "upload"
    if len(content) > settings.MAX_UPLOAD_BYTES:  # refused before a byte is written or parsed
        raise fail(safe, f"the file is {len(content) / 2**20:.1f} MB; the upload limit is "
                         f"{settings.MAX_UPLOAD_BYTES / 2**20:.1f} MB",
                   "split the file or ask an administrator to raise ATLAS_MAX_UPLOAD_MB")
    with tempfile.TemporaryDirectory(prefix="atlas-upload-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(content)
        p = plan(store, path, dataset, replace=replace)
    p.prepared.source_name = safe
    return p
