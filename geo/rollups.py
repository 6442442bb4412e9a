"""Displacement sums and seat coordinates computed by the store (SQL on the GeoPackage's SQLite or on PostGIS).

Why: a trend chart needs one number per round (and mantika), not the 200,000
rows of 100 rounds x 2,000 baladiyas.  Grouping in the database returns a few
hundred rows whatever is stored, so the page's work grows with what it shows.
Results are cached per (store, data version, question): a version never
changes, and every session asking the same question shares one answer.

Same answers as ``geo.displacement.trend`` on ``geo.selection.apply``'s rows
(tests/scale/test_rollups.py checks both backends): NaN where a group has no
count at all, the area filter on baladiya pcodes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import admin, disclosure, registry
from geo.displacement import METRICS
from geo.selection import Selection
from geo.shared_cache import shared_cache
from geo.store import Store

DATASET = "displacement"


def _field(store: Store, name: str, kind: str = "text") -> str:
    """SQL for one JSON property of a record (names come from this module, never from users)."""
    if store.url.startswith("gpkg:"):
        expr = f"json_extract(props, '$.{name}')"
        return f"CAST({expr} AS INTEGER)" if kind == "int" else expr
    expr = f"(props->>'{name}')"
    return {"int": f"{expr}::int", "number": f"{expr}::numeric"}.get(kind, expr)


@shared_cache(maxsize=256)
def _sums(store: Store, version: int, metric: str, by_mantika: bool, baladiyas: tuple[str, ...] | None,
          public: bool = False) -> pd.DataFrame:
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    groups = [("round", _field(store, "round", "int")), ("round_end", _field(store, "round_end"))]
    if by_mantika:
        groups.append(("mantika_pcode", _field(store, "mantika_pcode")))
    select = ", ".join(expr for _, expr in groups)
    where = "dataset = ? AND version = ?"
    params: list[object] = [DATASET, version]
    if baladiyas is not None:
        where += f" AND {_field(store, 'baladiya_pcode')} IN ({', '.join('?' * len(baladiyas))})"
        params += baladiyas
    count = _field(store, metric, "number")
    if public:  # the public's sums leave out small counts, as its frames do (geo.disclosure, rule 0)
        count = disclosure.small_sql(count, disclosure.threshold(registry.LAYERS[DATASET], metric)
                                     or disclosure.DEFAULT_THRESHOLD)
    sql = (f"SELECT {select}, SUM({count}) FROM atlas_records WHERE {where} "
           f"GROUP BY {', '.join(str(i + 1) for i in range(len(groups)))}")
    with store._con() as con:
        rows = store._rows(con, sql, tuple(params))
    frame = pd.DataFrame(rows, columns=[name for name, _ in groups] + ["value"])
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    frame["round_end"] = [dt.date.fromisoformat(str(v)[:10]) for v in frame["round_end"]]
    return frame


def trend(store: Store, version: int, metric: str, selection: Selection, by_mantika_too: bool = False,
          *, public: bool = False) -> pd.DataFrame:
    """Totals of ``metric`` per round (and per mantika) inside ``selection``: round, round_end,
    [mantika_pcode, mantika,] value.  A fresh frame: callers may add columns.  ``public``: as the public
    role's frames sum them, small counts left out (``geo.disclosure.public_counts``)."""
    baladiyas = None if selection.level == "national" else tuple(sorted(selection.baladiya_pcodes()))
    out = _sums(store, version, metric, by_mantika_too, baladiyas, public).copy()
    by = ["round", "round_end"] + (["mantika_pcode"] if by_mantika_too else [])
    if by_mantika_too:
        names = admin.mantikas()
        out["mantika"] = [names[p].name_en if p in names else p for p in out["mantika_pcode"]]
    return out.sort_values(by).reset_index(drop=True)


@shared_cache(maxsize=16)
def latest_positions(store: Store, version: int) -> pd.DataFrame:
    """Per baladiya, the coordinates given in its latest DTM round that gives any: baladiya_pcode,
    round, lat, lon, illustrative.  Where approximate seats take their position from the data
    (``geo.seats``): one row per baladiya is read, not every stored round.  Shared: read-only."""
    code, rnd = _field(store, "baladiya_pcode"), _field(store, "round", "int")
    lat, lon, flag = _field(store, "lat"), _field(store, "lon"), _field(store, "illustrative")
    where = f"dataset = ? AND version = ? AND {lat} IS NOT NULL AND {lon} IS NOT NULL"
    if store.url.startswith("gpkg:"):  # SQLite: the bare columns of a MAX() come from the row holding the max
        sql = (f"SELECT {code}, MAX({rnd}), {lat}, {lon}, {flag} FROM atlas_records WHERE {where} "
               f"GROUP BY {code}")
    else:
        sql = (f"SELECT DISTINCT ON ({code}) {code}, {rnd}, {lat}, {lon}, {flag} FROM atlas_records "
               f"WHERE {where} ORDER BY {code}, {rnd} DESC")
    with store._con() as con:
        rows = store._rows(con, sql, (DATASET, version))
    frame = pd.DataFrame(rows, columns=["baladiya_pcode", "round", "lat", "lon", "illustrative"])
    frame["round"] = frame["round"].astype(int)
    frame["lat"], frame["lon"] = frame["lat"].astype(float), frame["lon"].astype(float)
    frame["illustrative"] = [str(v).lower() in ("1", "true") for v in frame["illustrative"]]
    return frame.sort_values("baladiya_pcode").reset_index(drop=True)

