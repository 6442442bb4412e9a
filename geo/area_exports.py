"""Downloads of a map's values by area (mantika or baladiya), with the areas' provenance.

Why: with the geography switch a reader sees a choropleth by mantika or by
baladiya, and the download must hold exactly those values, per area, with what
the areas are (official, or approximate municipality areas derived from the
seats) and whether the numbers are illustrative.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import shapely

from geo.csv_writer import write_csv
from geo.translations import ENGLISH, Words

LEVELS = ("mantika", "baladiya")


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def to_csv(values: pd.DataFrame, level: str) -> bytes:
    """``values`` (pcode, name_en, name_ar, value, …) as a plain CSV: the header is the first line, so
    ``pandas.read_csv`` and Excel read it as it is (the provenance is the sidecar, ``provenance_text``).
    Written by ``geo.csv_writer``: an imported area name that a spreadsheet would run as a formula is
    neutralised.  Counts with blanks stay 1389, not 1389.0."""
    out = values.rename(columns={"pcode": f"{level}_pcode"})
    for c in out.columns:
        column = out[c]
        if pd.api.types.is_float_dtype(column) and bool((column.dropna() % 1 == 0).all()):
            out[c] = pd.Series([None if pd.isna(v) else int(v) for v in column], index=out.index, dtype=object)
    return write_csv(out, numeric=["value"])


def provenance_text(lines: list[str], words: Words = ENGLISH) -> str:
    """The sidecar of a map-values download: what the values are, their sources, the areas (``lines``, in the
    reader's language, ``words``), the export time."""
    moment = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return "\n".join([*lines, words.t("Exported: {moment}").format(moment=moment)]) + "\n"


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
