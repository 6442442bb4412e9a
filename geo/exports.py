"""Exports of exactly what is on screen: CSV and GeoJSON with provenance.

Why in geo: the download buttons, the command line and (later) published
snapshots must write the same bytes for the same rows; this module is the one
place that knows how a layer table becomes a file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import unicodedata

import pandas as pd

from geo.csv_writer import neutralise, write_csv
from geo.registry import Layer
from geo.translations import ENGLISH, Words


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


def provenance_lines(layer: Layer, provenance: str, filters: str, licence: str,
                     words: Words = ENGLISH) -> list[str]:
    """What a download is, in the language of the view it came from (``words``; the command line's in English).

    ``provenance`` and ``licence``: the rows' (``catalog.LayerData.provenance_in``, ``licence_in``), the registry's
    licence being the shipped data's only.  ``filters``: what the rows were chosen by, in the same language (a
    page's: ``components.view_filters.reader``); the columns named in the lines (``illustrative=true``) as the
    file names them, in either language."""
    return [f"{words.pick(layer.title, layer.title_ar)} ({layer.name})",
            words.t("Provenance: {text}").format(text=provenance), words.t("Filters: {text}").format(text=filters),
            words.t("Licence: {text}").format(text=licence),
            words.t("Rows with illustrative=true were generated, not published."),
            words.t("Exported: {moment}").format(moment=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))]


def provenance_text(layer: Layer, provenance: str, filters: str, licence: str, words: Words) -> str:
    """The provenance sidecar of a download (a plain-text file beside the CSV), in ``words``' language."""
    return "\n".join(provenance_lines(layer, provenance, filters, licence, words)) + "\n"


def file_stem(dataset: str, area: str = "", period: str = "") -> str:
    """A download's file name without extension: dataset, area and period, e.g. ``displacement_sebha_R26``."""
    slugs = [re.sub(r"[^0-9A-Za-z]+", "-", unicodedata.normalize("NFKD", p).encode("ascii", "ignore").decode())
             .strip("-").lower() for p in (area, period) if p]
    return "_".join([dataset, *(s for s in slugs if s)])


def fill_coordinates(frame: pd.DataFrame) -> pd.DataFrame:
    """``lat``/``lon`` filled from the geometry where blank, so a CSV has the coordinates the GeoJSON has."""
    if "geometry" not in frame or not {"lat", "lon"} <= set(frame.columns):
        return frame
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    blank = (lat.isna() | lon.isna()) & frame["geometry"].notna()
    if not blank.any():
        return frame
    points = [g if g.geom_type == "Point" else g.representative_point() for g in frame.loc[blank, "geometry"]]
    out = frame.copy()
    out["lat"], out["lon"] = lat.astype(float), lon.astype(float)
    out.loc[blank, "lat"] = [round(p.y, 6) for p in points]
    out.loc[blank, "lon"] = [round(p.x, 6) for p in points]
    return out


def to_csv(frame: pd.DataFrame, layer: Layer, header: list[str] | None = None, *,
           coordinates: bool = False) -> bytes:
    """Registry columns as CSV; optional ``# `` provenance lines on top (command line only: the
    app's downloads put provenance in a sidecar so ``pandas.read_csv`` and Excel read the file
    as it is).  ``coordinates`` fills blank lat/lon from the geometry (downloads for people);
    off, the file re-imports as exactly what is stored.  Written by ``geo.csv_writer``
    (text that a spreadsheet would run as a formula is neutralised)."""
    if coordinates:
        frame = fill_coordinates(frame)
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


def to_xlsx(frame: pd.DataFrame, layer: Layer, metadata: dict) -> bytes:
    """An Excel workbook: sheet "data" (registry columns, coordinates filled) and sheet "metadata"."""
    data = pd.read_csv(io.BytesIO(to_csv(frame, layer, coordinates=True)), dtype=str, keep_default_na=False)
    for c in data.columns:  # numbers as numbers, blanks as empty cells, "<5"/"x" (public) kept as text
        if layer.has_field(c) and layer.field(c).dtype in ("int", "float"):
            numbers = pd.to_numeric(data[c], errors="coerce")
            data[c] = numbers.astype(object).where(numbers.notna() | (data[c] == ""), data[c])
    meta = pd.DataFrame({"field": list(metadata), "value": [neutralise(str(v)) for v in metadata.values()]})
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name="data", index=False)
        meta.to_excel(writer, sheet_name="metadata", index=False)
    return buf.getvalue()
