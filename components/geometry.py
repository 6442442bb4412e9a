"""The geometry the maps draw: simplified mantika polygons, the offline basemap, the filtered area's extent.

Why here and not in ``geo.catalog``: the catalogue says what the data *is*;
how much to simplify it for a browser at country zoom, and where to zoom for
a selection, are decisions about display.  The spatial work itself stays in
``geo`` (``boundaries.simplified_collection``, ``Selection.bounds``), which
snapshots also use; this module keeps one copy per boundary version, so every
session and rerun sends the same object (the map caches its built payload by
that object's identity).
"""

from __future__ import annotations

from geo import boundaries, catalog
from geo.selection import Selection
from geo.shared_cache import shared_cache
from geo.store import BOUNDARIES


@shared_cache(maxsize=8)
def _mantika_collection(store_url: str, version: int | None) -> dict:
    return boundaries.simplified_collection(catalog.mantika_polygons())


def mantika_geojson() -> dict:
    """Display-ready mantika polygons of the current boundaries (official once imported)."""
    store = catalog.store()
    return _mantika_collection(store.url, store.current_version(BOUNDARIES))


@shared_cache(maxsize=1)
def countries_geojson() -> dict:
    """Libya and neighbours, for the offline basemap."""
    return boundaries.countries_collection()


def selection_bounds(selection: Selection, default: tuple[float, float, float, float] | None = None,
                     pad: float = 0.3) -> tuple[float, float, float, float]:
    """(west, south, east, north) to zoom to for ``selection``; ``default`` (else Libya) for the country."""
    return selection.bounds(catalog.mantika_polygons(), catalog.seats(), default or boundaries.LIBYA_BOUNDS, pad)
