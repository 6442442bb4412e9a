"""Downloads of a map's values by area (mantika or baladiya), with the areas' provenance.

Why: with the geography switch a reader sees a choropleth by mantika or by
baladiya, and the download must hold exactly those values, per area, with what
the areas are (official, or approximate municipality areas derived from the
seats) and whether the numbers are illustrative.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math

import pandas as pd
import shapely

LEVELS = ("mantika", "baladiya")


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def to_csv(values: pd.DataFrame, level: str, lines: list[str]) -> bytes:
    """``values`` (pcode, name_en, name_ar, value, …) as CSV with ``# `` provenance lines on top."""
    buf = io.StringIO()
    for line in [*lines, f"Exported: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"]:
        buf.write(f"# {line}\n")
    out = values.rename(columns={"pcode": f"{level}_pcode"})
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def to_geojson(values: pd.DataFrame, areas, level: str, metadata: dict) -> bytes:
    """A FeatureCollection: one feature per area (its polygon) with the values as properties."""
    shapes = dict(zip(areas["pcode"], areas.geometry, strict=True))
    features = []
    for record in values.to_dict("records"):
        geom = shapes.get(record["pcode"])
        props = {(f"{level}_pcode" if k == "pcode" else k): _plain(v) for k, v in record.items()}
        features.append({"type": "Feature", "properties": props,
                         "geometry": None if geom is None else json.loads(shapely.to_geojson(geom))})
    doc = {"type": "FeatureCollection", "name": f"{metadata.get('title', 'values')} by {level}",
           "metadata": metadata, "features": features}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
