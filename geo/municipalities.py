"""Municipality (baladiya) areas: official admin 3 polygons if imported, else derived from the seats.

Why: the atlas maps operations "on municipality boundaries", but no official
baladiya polygons are public.  Until someone imports them (dataset
``boundaries_baladiya``), each baladiya's area is approximated by the Voronoi
cell of its seat among the seats of the same mantika, clipped to that
mantika's polygon: the cells nest exactly inside the mantika and together
cover it, so a baladiya choropleth adds up to the mantika one.  They are
labelled "approximate municipality areas" wherever they appear and are
recomputed whenever the seats or the mantika boundaries change (the cache key
is the store versions they are made from).

The same areas answer "which baladiya is this point in?" for sites imported
with coordinates only (``locate``).
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from shapely.geometry import MultiPoint, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo import admin, boundaries, catalog
from geo import seats as seats_module
from geo.shared_cache import shared_cache
from geo.store import BOUNDARIES, BOUNDARIES_BALADIYA, Store

APPROXIMATE_LABEL = ("Approximate municipality areas (Voronoi cells of the baladiya seats, clipped to their "
                     "mantika; not official boundaries)")
COLUMNS = ["pcode", "name_en", "name_ar", "mantika_pcode", "region_pcode", "area_source", "approximate", "geometry"]
DISPLAY_SIMPLIFY_DEG = 0.02
NEAREST_DEG = 0.25  # ~25 km: how far outside every area a site may be and still be given the nearest one


def mantika_polygons(store: Store) -> tuple[gpd.GeoDataFrame, bool]:
    """(mantika polygons, official?): the imported official ones, else the shipped approximate ones."""
    version = store.current_version(BOUNDARIES)
    if version is None:
        return boundaries.approximate_mantikas(), False
    return _official_mantikas(store, version), True


@shared_cache(maxsize=8)
def _official_mantikas(store: Store, version: int) -> gpd.GeoDataFrame:
    info = next(v for v in store.versions(BOUNDARIES) if v.version == version)
    return boundaries.from_official(store.read(BOUNDARIES, version), catalog.boundary_text(info, public=True))


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    polys = [p for g in parts for p in (g.geoms if isinstance(g, MultiPolygon) else [g])]
    return MultiPolygon(polys) if len(polys) > 1 else (polys[0] if polys else Polygon())


def voronoi_areas(seats: pd.DataFrame, mantikas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One area per seat: its Voronoi cell among its mantika's seats, clipped to the mantika.

    ``seats`` has pcode, mantika_pcode, lat, lon; ``mantikas`` has pcode and
    geometry.  Seats sharing a position are moved apart by 10 m (deterministic)
    so that each keeps a cell of its own.
    """
    polys = mantikas.set_index("pcode").geometry
    bal = admin.baladiyas()
    rows, geoms = [], []
    for mantika, group in seats.sort_values("pcode").groupby("mantika_pcode", sort=True):
        if mantika not in polys.index:
            continue
        area = polys[mantika]
        pts = _distinct(*_inside(area, group["lon"].to_numpy(float), group["lat"].to_numpy(float)))
        if len(group) == 1:
            cells = [area]
        else:
            diagram = shapely.voronoi_polygons(MultiPoint(pts), extend_to=area.envelope.buffer(1.0), ordered=True)
            cells = [_polygonal(shapely.make_valid(c.intersection(area))) for c in diagram.geoms]
        for pcode, cell in zip(group["pcode"], cells, strict=True):
            unit = bal.get(pcode)
            rows.append({"pcode": pcode, "name_en": unit.name_en if unit else pcode,
                         "name_ar": unit.name_ar if unit else "", "mantika_pcode": mantika,
                         "region_pcode": admin.mantikas()[mantika].parent if mantika in admin.mantikas() else None,
                         "area_source": APPROXIMATE_LABEL, "approximate": True})
            geoms.append(cell)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=4326, columns=COLUMNS[:-1])[COLUMNS]


def _inside(area: BaseGeometry, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Seats as cell generators: a seat outside its mantika polygon (approximate boundaries
    disagree with the seats by a few km) is moved to the nearest point just inside, so that
    its baladiya still gets a cell, on the side of the mantika where it belongs."""
    x, y = x.copy(), y.copy()
    inner = None
    for i, (a, b) in enumerate(zip(x, y, strict=True)):
        pt = shapely.Point(a, b)
        if area.covers(pt):
            continue
        if inner is None:
            inner = area.buffer(-0.02)
            inner = inner if not inner.is_empty else area
        q = shapely.ops.nearest_points(inner, pt)[0]
        x[i], y[i] = q.x, q.y
    return x, y


def _distinct(x: np.ndarray, y: np.ndarray) -> list[tuple[float, float]]:
    seen: set[tuple[float, float]] = set()
    out = []
    for i, (a, b) in enumerate(zip(x, y, strict=True)):
        while (round(a, 6), round(b, 6)) in seen:
            a, b = a + 1e-4 * np.cos(i), b + 1e-4 * np.sin(i)
        seen.add((round(a, 6), round(b, 6)))
        out.append((a, b))
    return out


def areas(store: Store) -> gpd.GeoDataFrame:
    """The current baladiya areas: imported official polygons, else the derived approximate ones."""
    official = store.current_version(BOUNDARIES_BALADIYA)
    if official is not None:
        return _official_areas(store, official)
    return _derived(store, store.current_version(seats_module.NAME), store.current_version("displacement"),
                    store.current_version(BOUNDARIES))


@shared_cache(maxsize=8)
def _official_areas(store: Store, version: int) -> gpd.GeoDataFrame:
    info = next(v for v in store.versions(BOUNDARIES_BALADIYA) if v.version == version)
    frame = store.read(BOUNDARIES_BALADIYA, version)
    bal = admin.baladiyas()
    out = gpd.GeoDataFrame({
        "pcode": frame["pcode"], "name_en": frame["name_en"], "name_ar": frame["name_ar"],
        "mantika_pcode": [bal[p].parent for p in frame["pcode"]],
        "region_pcode": [admin.mantikas()[bal[p].parent].parent for p in frame["pcode"]],
        "area_source": catalog.boundary_text(info, public=True),
        "approximate": False}, geometry=frame.geometry.values, crs=4326)
    return out[COLUMNS]


@shared_cache(maxsize=8)
def _derived(store: Store, seats_version: int | None, dtm_version: int | None,
             boundaries_version: int | None) -> gpd.GeoDataFrame:
    # The versions are the cache key: new seats, DTM coordinates or mantika boundaries
    # give new areas; nothing else can change them.
    mantikas, _ = mantika_polygons(store)
    return voronoi_areas(seats_module.table(store), mantikas)


def label(store: Store) -> str:
    """What the areas are, for captions and legends."""
    return str(areas(store)["area_source"].iloc[0])


def is_approximate(store: Store) -> bool:
    return store.current_version(BOUNDARIES_BALADIYA) is None


def display_geojson(store: Store) -> dict:
    """Display-ready areas (simplified once, shared borders kept), ids = baladiya pcodes."""
    return _display(store, store.current_version(BOUNDARIES_BALADIYA), store.current_version(seats_module.NAME),
                    store.current_version("displacement"), store.current_version(BOUNDARIES))


@shared_cache(maxsize=8)
def _display(store: Store, *versions: int | None) -> dict:
    frame = areas(store)
    simple = shapely.coverage_simplify(frame.geometry.to_numpy(), DISPLAY_SIMPLIFY_DEG)
    simple = shapely.set_precision(simple, 1e-3)
    features = []
    for row, geom in zip(frame.itertuples(), simple, strict=True):
        if geom is None or geom.is_empty:
            continue
        features.append({"type": "Feature", "properties": {"id": row.pcode, "name_en": row.name_en,
                                                          "name_ar": row.name_ar},
                         "geometry": json.loads(shapely.to_geojson(geom))})
    return {"type": "FeatureCollection", "features": features}


def locate(store: Store, lat: list[float | None], lon: list[float | None]) -> list[str | None]:
    """The baladiya pcode each point falls in, else of the nearest area within ``NEAREST_DEG``
    (None farther out, or without coordinates)."""
    frame = areas(store)
    tree = shapely.STRtree(frame.geometry.to_numpy())
    pcodes = frame["pcode"].to_numpy()
    ok = [i for i, (y, x) in enumerate(zip(lat, lon, strict=True))
          if y is not None and x is not None and not pd.isna(y) and not pd.isna(x)]
    out: list[str | None] = [None] * len(lat)
    if not ok:
        return out
    pts = shapely.points([float(lon[i]) for i in ok], [float(lat[i]) for i in ok])
    best: dict[int, int] = {}
    for where, area in zip(*tree.query(pts, predicate="intersects"), strict=True):
        best[where] = min(best.get(where, area), area)  # on a shared border: the first area
    missing = [j for j in range(len(ok)) if j not in best]
    if missing:
        # Just off the coast or across a simplified border (disembarkation points, harbours):
        # the nearest area within NEAREST_DEG, else none.
        for where, area in zip(*tree.query_nearest(pts[missing], max_distance=NEAREST_DEG), strict=True):
            j = missing[where]
            best[j] = min(best.get(j, area), area)
    for j, area in best.items():
        out[ok[j]] = str(pcodes[area])
    return out
