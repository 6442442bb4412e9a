"""Exports of exactly what is on screen: CSV and GeoJSON with provenance.

Why in geo: the download buttons, the command line and (later) published
snapshots must write the same bytes for the same rows; this module is the one
place that knows how a layer table becomes a file.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd

from geo.csv_writer import write_csv
from geo.registry import Layer


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return value.item()
    return value


APPROXIMATE = "approximate"  # added by geo.seats.placed: the row's position is an approximate seat


def _columns(frame: pd.DataFrame, layer: Layer) -> list[str]:
    """The registry columns, then ``approximate`` when the rows carry it."""
    cols = [c for c in layer.columns if c in frame.columns]
    if APPROXIMATE in frame.columns and APPROXIMATE not in cols:
        cols.append(APPROXIMATE)
    return cols


def provenance_lines(layer: Layer, provenance: str, filters: str) -> list[str]:
    return [f"{layer.title} ({layer.name})", f"Provenance: {provenance}", f"Filters: {filters}",
            f"Licence: {layer.licence}", "Rows with illustrative=true were generated, not published.",
            f"Exported: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"]


def to_csv(frame: pd.DataFrame, layer: Layer, header: list[str] | None = None) -> bytes:
    """Registry columns as CSV; optional ``# `` provenance lines on top.  Written by
    ``geo.csv_writer`` (text that a spreadsheet would run as a formula is neutralised)."""
    out = frame[_columns(frame, layer)].copy()
    for c in out.columns:
        values = [_plain(v) for v in out[c]]
        if c == APPROXIMATE or layer.field(c).dtype == "bool":
            values = ["true" if v else "false" for v in values]
        # object dtype: counts with blanks must stay 29787, not become 29787.0
        out[c] = pd.Series(values, index=out.index, dtype=object)
    numeric = [c for c in out.columns if layer.has_field(c) and layer.field(c).dtype in ("int", "float")]
    return write_csv(out, header, numeric=numeric)


def to_geojson(frame: pd.DataFrame, layer: Layer, metadata: dict | None = None) -> bytes:
    """A FeatureCollection whose properties are the registry columns."""
    columns = _columns(frame, layer)
    features = []
    geoms = frame["geometry"] if "geometry" in frame else [None] * len(frame)
    for (_, row), geom in zip(frame.iterrows(), geoms, strict=True):
        features.append({"type": "Feature",
                         "properties": {c: _plain(row[c]) for c in columns},
                         "geometry": None if geom is None else geom.__geo_interface__})
    doc = {"type": "FeatureCollection", "metadata": metadata or {}, "features": features}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
