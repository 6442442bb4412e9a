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

from geo import catalog, changes, municipalities, registry, roles, sensitivity
from geo import seats as seats_module
from geo.defaults import geometries
from geo.importers import Prepared, prepare
from geo.store import BOUNDARIES, BOUNDARIES_BALADIYA, Store, StoreError, Version, credit_text

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
    unchanged: bool = False  # storing would repeat the current version exactly: nothing is stored
    located: int = 0  # rows without a baladiya pcode given one by where their coordinates fall
    based_on: int | None = None  # the base version whose figures the rows keep (a merge): its sources are credited


def plan(store: Store, path: Path, dataset: str | None = None, *, replace: bool = False,
         progress: Progress = _silent) -> Plan:
    """Read and validate ``path`` and work out the next version, storing nothing."""
    progress(0.0, "reading and validating the file")
    mantikas, official = municipalities.mantika_polygons(store)
    positions = seats_module.positions(store)
    prepared = prepare(Path(path), dataset, seats=positions, mantikas=mantikas, official_boundaries=official)
    _public_only(prepared)
    progress(0.6, "comparing with the current version")
    if prepared.dataset in (BOUNDARIES, BOUNDARIES_BALADIYA):
        name = prepared.dataset
        base = store.current_version(name)
        current = _current(store, name, base)
        before = None if current is None else current.drop(columns="geometry")
        frame = prepared.frame
        same = current is not None and _same_boundaries(current, frame, prepared.geometries)
        d = changes.Diff(unchanged=len(frame)) if same else \
            changes.Diff(added=len(frame), removed=0 if before is None else len(before))
        return Plan(prepared, frame, list(prepared.geometries), d, base, unchanged=same)
    layer = registry.get(prepared.dataset)
    base = store.current_version(prepared.dataset)
    current = _current(store, prepared.dataset, base)
    before = None if current is None else pd.DataFrame(current.drop(columns="geometry"))
    new = prepared.frame
    located = 0
    if layer.geometry == "point" and layer.has_field("baladiya_pcode") and layer.name != seats_module.NAME:
        new, located = _locate(store, new)
    rows = new if replace else changes.merge(before, new, layer)
    rows = rows.reset_index(drop=True)
    based_on = base if not replace and changes.keeps_current(before, new, rows, layer) else None
    # The file's rows now live in ``rows``; a plan kept for "Confirm" would otherwise hold a big file twice.
    prepared.frame = prepared.frame.iloc[0:0]
    del new
    # Every row's geometry (kept or new) is computed as for shipped data:
    # from lat/lon, else the baladiya seat (the store's current seats).
    progress(0.8, "placing the rows on the map")
    geoms = geometries(rows, layer, positions)
    progress(0.9, "counting what changes")
    d = changes.diff(before, rows, layer)
    same = before is not None and d.added == d.removed == d.changed == 0 and len(rows) == len(before)
    return Plan(prepared, rows, geoms, d, base, unchanged=same, located=located, based_on=based_on)


def _locate(store: Store, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Sites with coordinates but no baladiya pcode get the pcode of the area they fall in,
    so the area filter finds them (and only under their own area)."""
    missing = frame["baladiya_pcode"].isna() | (frame["baladiya_pcode"].astype(str).str.strip() == "")
    if not missing.any():
        return frame, 0
    out = frame.copy()
    found = municipalities.locate(store, out.loc[missing, "lat"].tolist(), out.loc[missing, "lon"].tolist())
    out.loc[missing, "baladiya_pcode"] = found
    return out, sum(p is not None for p in found)


def _same_boundaries(current, frame: pd.DataFrame, geoms: list) -> bool:
    """True when an imported boundary file repeats the current version (same codes, same shapes)."""
    if list(current["pcode"]) != list(frame["pcode"]):
        return False
    return all(a is not None and a.equals_exact(b, 1e-9) for a, b in zip(current.geometry, geoms, strict=True))


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


def commit(store: Store, p: Plan, actor: str | None = None, progress: Progress = _silent, *,
           publisher: str = "", licence: str = "") -> Version:
    """Store a plan as the new current version (one transaction), crediting its file to ``publisher`` under
    ``licence`` (as the importer names them; blank: not recorded).

    Refused (``StoreError``) if another import landed since the plan was made:
    the plan's merge would silently drop that import's rows.  A plan that
    changes nothing stores nothing (the current version is returned) unless it names a publisher or licence the
    current version does not record: the way to credit a file imported without them (``recredit``)."""
    if p.unchanged:
        current = store.current_version(p.prepared.dataset)
        if current != p.base_version:
            raise StoreError(f"{p.prepared.dataset} changed while this import was prepared; import the file again")
        return recredit(store, p, actor, publisher=publisher, licence=licence)

    def rows_written(done: int, total: int) -> None:
        progress(done / max(total, 1), f"stored {done:,} of {total:,} rows")

    return store.write_version(p.prepared.dataset, p.rows, source_name=p.prepared.source_name,
                               source_sha256=p.prepared.source_sha256, actor=actor,
                               note=p.prepared.summary, geometries=p.geometries, base_version=p.base_version,
                               publisher=publisher, licence=licence, based_on=p.based_on, progress=rows_written)


def new_credit(store: Store, p: Plan, publisher: str = "", licence: str = "") -> tuple[str, str] | None:
    """For a plan that repeats the current version: the ``(publisher, licence)`` storing it with ``publisher`` and
    ``licence`` would record (a blank keeps what the current version records), or None when that is what the
    current version already records.  The shipped data is credited by the registry, never by an import:
    refused (``StoreError``)."""
    current = next(v for v in store.versions(p.prepared.dataset) if v.version == p.base_version)
    credit = (credit_text(publisher, "publisher") or current.publisher,
              credit_text(licence, "licence") or current.licence)
    if credit == (current.publisher, current.licence):
        return None
    if catalog.shipped(current):
        raise StoreError(f"version {current.version} of {p.prepared.dataset} is the shipped data, credited to the "
                         "sources the atlas names for it; an import cannot change them")
    return credit


def recredit(store: Store, p: Plan, actor: str | None = None, *, publisher: str = "", licence: str = "") -> Version:
    """For a plan that repeats the current version: that version, or, when ``publisher`` or ``licence`` says
    something it does not record (``new_credit``), a new version of its rows crediting the file to them."""
    credit = new_credit(store, p, publisher, licence)
    if credit is None:
        return next(v for v in store.versions(p.prepared.dataset) if v.version == p.base_version)
    return store.recredit(p.prepared.dataset, p.base_version, publisher=credit[0], licence=credit[1],
                          source_name=p.prepared.source_name, source_sha256=p.prepared.source_sha256, actor=actor)


def import_file(store: Store, path: Path, dataset: str | None = None, *, actor: str | None = None,
                replace: bool = False, attempts: int = 5, progress: Progress = _silent,
                publisher: str = "", licence: str = "") -> tuple[Version, Plan]:
    """Validate, merge and store ``path`` in one go (its rows credited to ``publisher`` under ``licence``);
    raise on any problem.

    Concurrent imports of one dataset: when another lands first, the merge is
    redone on top of it, so neither import's rows are lost."""
    credit_text(publisher, "publisher"), credit_text(licence, "licence")  # refused before the file is read
    for attempt in range(attempts):
        p = plan(store, path, dataset, replace=replace, progress=progress)
        try:
            return commit(store, p, actor, progress, publisher=publisher, licence=licence), p
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
        p = plan(store, path, dataset, replace=replace, progress=progress)
    p.prepared.source_name = safe
    return p
