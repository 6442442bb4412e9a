"""Baladiya seats as every page and analysis reads them: the stored dataset, with honesty.

Why a module of its own: the seat of a baladiya is where DTM counts are drawn,
where health coverage measures distances from, where sites given only a pcode
are placed, and what the municipality areas are grown from.  All of these must
use the same seats: the current version of the ``baladiya_seats`` dataset
(shipped: GeoNames matches and placements, all ``approximate``; replaced by
importing OCHA's COD admin 3 points).  Coordinates that come with an imported
DTM round replace seats that are still approximate, never official ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import registry, rollups
from geo.shared_cache import shared_cache
from geo.store import Store, StoreError

NAME = "baladiya_seats"
COLUMNS = ["pcode", "name_en", "name_ar", "mantika_pcode", "lat", "lon", "approximate", "quality", "note",
           "illustrative", "source"]


def table(store: Store) -> pd.DataFrame:
    """One row per baladiya seat (columns ``COLUMNS``).  Shared: treat as read-only."""
    return _table(store, store.current_version(NAME), store.current_version("displacement"))


@shared_cache(maxsize=16)
def _table(store: Store, version: int | None, dtm_version: int | None) -> pd.DataFrame:
    if version is None:
        raise StoreError(f"dataset {NAME!r} has no data")
    rows = pd.DataFrame(store.read(NAME, version).drop(columns="geometry"))
    out = pd.DataFrame({
        "pcode": rows["baladiya_pcode"], "name_en": rows["baladiya_name"],
        "name_ar": rows["name_ar"].fillna(""), "mantika_pcode": rows["mantika_pcode"],
        "lat": rows["lat"].astype(float), "lon": rows["lon"].astype(float),
        "approximate": rows["approximate"].astype(bool),
        "quality": ["approximate" if a else "official" for a in rows["approximate"]],
        "note": rows["source"].fillna(""), "illustrative": rows["illustrative"].astype(bool),
        "source": rows["source"].fillna(""),
    })
    if dtm_version is not None:  # one row per baladiya, found by the store (not 200,000 rows read)
        out = _with_dtm_coordinates(out, rollups.latest_positions(store, dtm_version))
    return out.reset_index(drop=True)[COLUMNS]


def _with_dtm_coordinates(out: pd.DataFrame, given: pd.DataFrame) -> pd.DataFrame:
    """Approximate seats moved to the coordinates a DTM round gives (``given``: one row per baladiya)."""
    if given.empty:
        return out
    out = out.set_index("pcode")
    for r in given.itertuples():
        b = r.baladiya_pcode
        if b in out.index and out.at[b, "approximate"]:
            note = f"coordinates from DTM round {r.round}"
            out.loc[b, ["lat", "lon", "approximate", "quality", "note", "illustrative"]] = [
                float(r.lat), float(r.lon), False, "dtm", note, bool(r.illustrative)]
    return out.reset_index()


def positions(store: Store) -> dict[str, tuple[float, float]]:
    """Baladiya pcode -> (lat, lon) of its current seat: where a site given only a pcode is placed."""
    frame = table(store)
    return {p: (float(y), float(x)) for p, y, x in zip(frame["pcode"], frame["lat"], frame["lon"], strict=True)}


def layer() -> registry.Layer:
    return registry.get(NAME)


def placed(frame: pd.DataFrame, store: Store) -> pd.DataFrame:
    """``frame`` (any layer's rows) with an ``approximate`` column, and rows that have no
    coordinates of their own drawn at their baladiya's *current* seat.

    Why: a DTM count or a site given only a pcode sits wherever its baladiya's seat is;
    when the seats are replaced (official COD points imported) its position follows, and
    exports say whether the position is approximate."""
    if "baladiya_pcode" not in frame or "approximate" in frame or frame.empty:
        return frame  # no seat to follow, or the seats themselves
    current = table(store).set_index("pcode")
    out = frame.copy()
    has_own = out["lat"].notna() & out["lon"].notna() if "lat" in out and "lon" in out else \
        pd.Series(False, index=out.index)
    pcodes = out["baladiya_pcode"]
    at_seat = ~has_own & pcodes.isin(current.index)
    out["approximate"] = [bool(current.at[p, "approximate"]) if seat else False
                          for p, seat in zip(pcodes, at_seat, strict=True)]
    if "geometry" in out and at_seat.any():
        from shapely.geometry import Point

        geoms = out["geometry"].tolist()
        for i in np.flatnonzero(at_seat.to_numpy()):
            seat = current.loc[pcodes.iloc[i]]
            geoms[i] = Point(float(seat["lon"]), float(seat["lat"]))
        out["geometry"] = pd.Series(geoms, index=out.index, dtype=object)
    return out
