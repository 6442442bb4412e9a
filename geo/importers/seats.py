"""Baladiya seats from OCHA's COD admin 3 points, in whichever form they arrive.

Why a module of its own: the official seats come as a point layer (GeoJSON,
zipped shapefile, GeoPackage) with COD field names in one of two conventions
(``pcode``/``featureNam``/``featureN_1``/``admin2Pcod`` in the shapefile-era
files, ``ADM3_PCODE``/``ADM3_EN``/``ADM3_AR``/``ADM2_PCODE`` in newer ones), or
as a table with lat/lon (CSV/XLSX, HXL ``#adm3+code``, ``#geo+lat``).  The
column matching is the registry's (``geo.importers.points``); this module turns
a point layer into such a table, and adds the checks only seats need: the
parent mantika agrees with the pcode table, and the seat lies inside its
mantika polygon (within a tolerance, with the distance in the message).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point
from shapely.ops import nearest_points

from geo import admin, registry
from geo.coverage import distances_km
from geo.importers.boundaries import _to_wgs84
from geo.importers.points import ALIASES
from geo.importers.tables import Sheet, Table, cell_text, norm
from geo.validation import Problem

LAYER = registry.get("baladiya_seats")
# How far outside its mantika polygon a seat may lie: official boundaries and official
# seats agree to the metre, but simplified polygons cut corners; the shipped approximate
# (Natural Earth 2007) boundaries differ from the mantika by tens of kilometres.
TOLERANCE_KM = {"official": 1.0, "approximate": 25.0}


def table_from_points(frame: gpd.GeoDataFrame, name: str) -> Table:
    """A point layer as a table: its attributes plus ``lat``/``lon`` from each geometry.

    Row numbers are feature numbers (1-based, as GIS attribute tables count)."""
    frame, _ = _to_wgs84(frame, name)
    coordinate_names = ALIASES["lat"] | ALIASES["lon"] | {"lat", "lon"}
    attrs = [c for c in frame.columns if c != "geometry" and norm(c) not in coordinate_names]
    lat, lon = [], []
    for geom in frame.geometry:
        pt = None if geom is None or geom.is_empty else (geom if geom.geom_type == "Point" else geom.centroid)
        lat.append(None if pt is None else round(pt.y, 6))
        lon.append(None if pt is None else round(pt.x, 6))
    headers = [*attrs, "lat", "lon"]
    data = pd.DataFrame({c: pd.Series(frame[c].tolist(), dtype=object) for c in attrs})
    data["lat"], data["lon"] = pd.Series(lat, dtype=object), pd.Series(lon, dtype=object)
    rows = [headers, *data.astype(object).values.tolist()]
    return Table(Sheet(name, None, rows), 0, headers, None, data, list(range(1, len(frame) + 1)))


def complete(typed: pd.DataFrame) -> pd.DataFrame:
    """Fill what the pcode table knows and the file left out: the parent mantika, the Arabic name."""
    out = typed.copy()
    table = admin.baladiyas()
    out["mantika_pcode"] = [m if isinstance(m, str) and m else (table[b].parent if b in table else None)
                            for m, b in zip(out["mantika_pcode"], out["baladiya_pcode"], strict=True)]
    out["name_ar"] = [a if isinstance(a, str) and a else (table[b].name_ar if b in table else None)
                      for a, b in zip(out["name_ar"], out["baladiya_pcode"], strict=True)]
    return out


def check_inside(typed: pd.DataFrame, rows: list[int], mantikas: gpd.GeoDataFrame, official: bool
                 ) -> tuple[list[Problem], int]:
    """Problems for seats farther outside their mantika polygon than the tolerance, and how
    many lie outside within the tolerance."""
    tolerance = TOLERANCE_KM["official" if official else "approximate"]
    kind = "official" if official else "approximate (Natural Earth)"
    polys = mantikas.set_index("pcode").geometry
    names = admin.mantikas()
    problems, near = [], 0
    for r, row in zip(typed.itertuples(), rows, strict=True):
        if r.mantika_pcode not in polys.index or pd.isna(r.lat) or pd.isna(r.lon):
            continue
        pt = Point(float(r.lon), float(r.lat))
        poly = polys[r.mantika_pcode]
        if poly.covers(pt):
            continue
        edge = nearest_points(poly, pt)[0]
        km = float(distances_km(np.array([pt.y]), np.array([pt.x]), np.array([edge.y]), np.array([edge.x]))[0, 0])
        if km <= tolerance:
            near += 1
            continue
        inside = [p for p, g in polys.items() if g.covers(pt)]
        where = f"; it lies in {names[inside[0]].name_en} ({inside[0]})" if inside and inside[0] in names else ""
        problems.append(Problem(
            f"the seat of {cell_text(r.baladiya_name)} ({r.baladiya_pcode}) at ({r.lat}, {r.lon}) is {km:,.1f} km "
            f"outside its mantika {names[r.mantika_pcode].name_en} ({r.mantika_pcode}){where} (tolerance "
            f"{tolerance:g} km against the {kind} boundaries)", row, "lat",
            "check the coordinates (swapped, wrong sign, another place of the same name) or the pcode"))
    return problems, near


def summary(typed: pd.DataFrame, near: int, official: bool) -> str:
    n = len(typed)
    approx = int(typed["approximate"].sum())
    text = f"{LAYER.title}: {n} seat{'s' if n != 1 else ''} of {len(admin.baladiyas())} baladiya"
    text += f", {approx} flagged approximate" if approx else ", none approximate"
    if near:
        text += (f"; {near} just outside {'their' if near > 1 else 'its'} mantika polygon (within "
                 f"{TOLERANCE_KM['official' if official else 'approximate']:g} km)")
    return text
