"""Health coverage: who is within reach of an active facility, and who is not.

Why: "where are the gaps" is the question health coordinators bring.  Reach is
measured as great-circle distance from each baladiya seat (where DTM counts
people) to the nearest active facility, against each facility's service
radius (or one radius the user sets).  The same distances give the share of
migrants and IDPs within reach per mantika and a ranked list of underserved
baladiyas.  Circles for the map are geodesic polygons, so a 25 km radius is
25 km on the ground at any latitude.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Geod
from shapely.geometry import Polygon

from geo import admin

EARTH_KM = 6371.0088
GEOD = Geod(ellps="WGS84")


REACH_BLOCK = 2_000  # facilities per block of the distance matrix


def distances_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Haversine distance matrix (len(lat1) × len(lat2)) in kilometres."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dphi = p2 - p1
    dlmb = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def reach(people: pd.DataFrame, facilities: pd.DataFrame, radius_km: float | None = None) -> pd.DataFrame:
    """Per baladiya: distance to the nearest facility and whether it is in reach.

    ``people`` has baladiya_pcode, mantika_pcode, lat, lon and the counts;
    ``facilities`` has lat, lon, radius_km.  ``radius_km`` overrides every
    facility's own radius when given.
    """
    out = people.copy()
    if facilities.empty or people.empty:
        out["nearest_km"] = np.inf
        out["nearest_facility"] = None
        out["in_reach"] = False
        return out
    lat, lon = out["lat"].to_numpy(float), out["lon"].to_numpy(float)
    f_lat, f_lon = facilities["lat"].to_numpy(float), facilities["lon"].to_numpy(float)
    radii = np.full(len(facilities), float(radius_km)) if radius_km is not None else \
        facilities["radius_km"].to_numpy(float)
    # Facilities a block at a time: 2,000 baladiyas x 50,000 facilities would be a 800 MB matrix (and
    # three temporaries of it); a block keeps it near 30 MB whatever the number of facilities.
    best_km = np.full(len(out), np.inf)
    best = np.zeros(len(out), dtype=int)
    in_reach = np.zeros(len(out), dtype=bool)
    for start in range(0, len(facilities), REACH_BLOCK):
        stop = start + REACH_BLOCK
        d = distances_km(lat, lon, f_lat[start:stop], f_lon[start:stop])
        near = d.argmin(axis=1)
        near_km = d[np.arange(len(out)), near]
        closer = near_km < best_km
        best_km[closer], best[closer] = near_km[closer], near[closer] + start
        in_reach |= (d <= radii[None, start:stop]).any(axis=1)
    out["nearest_km"] = best_km.round(1)
    out["nearest_facility"] = facilities["name"].to_numpy()[best]
    out["in_reach"] = in_reach
    return out


def shares_by_mantika(reached: pd.DataFrame, metrics: tuple[str, ...] = ("migrants", "idps")) -> pd.DataFrame:
    """Share of each metric within reach, per mantika (0–100, NaN where nobody is counted)."""
    return _shares(reached, "mantika_pcode", admin.mantikas(), metrics)


def underserved(reached: pd.DataFrame, metric: str = "migrants", top: int = 15) -> pd.DataFrame:
    """Baladiyas with no facility in reach, most people first."""
    gap = reached[~reached["in_reach"]].copy()
    gap["people"] = pd.to_numeric(gap[metric], errors="coerce")
    gap["mantika"] = [admin.mantikas()[p].name_en for p in gap["mantika_pcode"]]
    cols = ["baladiya_pcode", "baladiya_name", "mantika", "people", "nearest_km", "nearest_facility"]
    return gap.sort_values("people", ascending=False)[cols].head(top).reset_index(drop=True)


def circle(lat: float, lon: float, radius_km: float, points: int = 48) -> Polygon:
    """A geodesic circle as a polygon (lon/lat)."""
    angles = np.linspace(0, 360, points, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(points, lon), np.full(points, lat), angles, np.full(points, radius_km * 1000))
    return Polygon(zip(np.round(lons, 4), np.round(lats, 4), strict=True))


def shares_by_baladiya(reached: pd.DataFrame, metrics: tuple[str, ...] = ("migrants", "idps")) -> pd.DataFrame:
    """Share of each metric within reach, per baladiya: 100 when its seat is within reach of an
    active facility, 0 when not, NaN where nobody is counted (same columns as ``shares_by_mantika``)."""
    return _shares(reached, "baladiya_pcode", admin.baladiyas(), metrics)


def _shares(reached: pd.DataFrame, column: str, units: dict, metrics: tuple[str, ...]) -> pd.DataFrame:
    """Per unit of ``units`` (every one, in order), grouped on ``column``: each metric's total, the part
    within reach and the share (NaN where the total is 0).  Grouped by pandas: 2,000 baladiyas at once."""
    out = pd.DataFrame({"pcode": list(units), "name_en": [u.name_en for u in units.values()],
                        "name_ar": [u.name_ar for u in units.values()]})
    keys, within = reached[column], reached["in_reach"].astype(bool)
    for m in metrics:
        values = pd.to_numeric(reached[m], errors="coerce").fillna(0)
        total = values.groupby(keys).sum().reindex(out["pcode"], fill_value=0).to_numpy()
        covered = values.where(within, 0).groupby(keys).sum().reindex(out["pcode"], fill_value=0).to_numpy()
        # Not rounded: a public sum of small counts only is a fraction above 0 (geo.disclosure.SMALL) and must
        # read "<5", not 0; components.public_figures.shares rounds what the public reads.
        out[f"{m}_total"] = total
        out[f"{m}_in_reach"] = covered
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"{m}_share"] = np.where(total > 0, covered / total * 100, np.nan)
    return out
