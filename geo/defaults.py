"""The shipped default data: report facts and illustrative tables in ``data/layers``.

Why: with an empty ``ATLAS_DATA_DIR`` the atlas must still open on real
geography and honest, flagged data.  ``seed`` loads each shipped table through
the same validation as any import, and stores it as version 1 of its dataset.
"""

from __future__ import annotations

import pandas as pd
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo import gazetteer, registry, roles, sensitivity
from geo.settings import SHIPPED
from geo.validation import require_valid

SYSTEM = "system (shipped default data)"


def shipped_path(name: str):
    return SHIPPED / "layers" / f"{name}.csv"


def shipped_table(name: str) -> pd.DataFrame:
    """The shipped table for layer ``name``, validated and typed."""
    layer = registry.get(name)
    raw = pd.read_csv(shipped_path(name), dtype=str, keep_default_na=False)
    return require_valid(raw, layer, source=f"data/layers/{name}.csv")


def geometries(frame: pd.DataFrame, layer: registry.Layer,
               seats: dict[str, tuple[float, float]] | None = None) -> list[BaseGeometry | None]:
    """Point geometry per row: its own lat/lon, else its baladiya seat (``seats``: pcode ->
    (lat, lon); default the shipped gazetteer's), else none (area layers such as flash
    updates are drawn from their pcodes)."""
    if seats is None:
        seats = {p: (s.lat, s.lon) for p, s in gazetteer.seats().items()}
    out: list[BaseGeometry | None] = []
    lat = frame["lat"] if "lat" in frame else [None] * len(frame)
    lon = frame["lon"] if "lon" in frame else [None] * len(frame)
    bal = frame["baladiya_pcode"] if layer.has_field("baladiya_pcode") else [None] * len(frame)
    for y, x, b in zip(lat, lon, bal, strict=True):
        if y is not None and x is not None and not pd.isna(y) and not pd.isna(x):
            out.append(Point(float(x), float(y)))
        elif isinstance(b, str) and b in seats:
            out.append(Point(seats[b][1], seats[b][0]))
        else:
            out.append(None)
    return out


def seed(store, role: str | None = None) -> None:
    """Store every shipped layer the store does not have yet (first run).

    A public-only deployment (``ATLAS_ROLE=public``) is seeded with what the
    public may hold: no restricted layer, no restricted record, so those rows
    are not even on its disk.

    Once, even when several processes open a fresh store together: each
    layer is written with ``if_absent``, decided inside the store's write
    transaction, so a process that loses the race stores nothing.
    """
    role = role or roles.deployment_role()
    have = store.datasets()
    for layer in registry.visible_layers(role):
        name = layer.name
        if name in have:
            continue
        path = shipped_path(name)
        typed = shipped_table(name)
        note = "shipped default data"
        if role == "public":
            public = sensitivity.public_rows(layer, typed)
            if len(public) < len(typed):
                note += f"; public-only deployment: {len(typed) - len(public)} restricted record(s) left out"
            typed = public
        store.write_version(name, typed, source_name=f"data/layers/{path.name}", source_bytes=path.read_bytes(),
                            actor=SYSTEM, note=note, geometries=geometries(typed, layer), if_absent=True)
