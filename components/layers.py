"""Turn layer tables into what the map draws: static geometry and a per-time payload.

Why split like this: geometry is built once per dataset version (so the map
element stays byte-identical across time steps and is never re-sent), while
colours, sizes, visibility and tooltips are recomputed per step and travel in
the small payload (see ``components.map``).  Every point feature a layer ever
has is in the geometry; features that are not active at the selected time are
hidden through the payload, not removed.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable

import pandas as pd

from components import citations, geometry, locale
from components.i18n import rtl, t
from components.legends import (
    NO_DATA_COLOUR,
    diverging_colour,
    diverging_edges,
    diverging_legend,
    legend_html,
    sequential_colours,
    size_legend,
)
from components.map import MapLayer
from geo import limits
from geo.registry import Layer

_GEOMETRY_CACHE: dict[tuple, MapLayer] = {}


def _cached(key: tuple, build) -> MapLayer:
    # One MapLayer object per key (layer, version, title...): components.map caches the built
    # map per object identity, so the same object must come back every rerun.
    if key not in _GEOMETRY_CACHE:
        _GEOMETRY_CACHE[key] = build()
    return _GEOMETRY_CACHE[key]


def basemap() -> list[MapLayer]:
    title = t("Countries")
    return [_cached(("basemap", title), lambda: MapLayer("countries", title, geometry.countries_geojson(),
                                                         "polygon", base=True))]


def mantika_layer(title: str | None = None) -> MapLayer:
    """The mantika polygons; ``title`` (translated by the caller) names them in the layer control."""
    title = title or t("Mantika")
    geojson = geometry.mantika_geojson()
    # Keyed by title too: each page names its layer (the title shows in the layer control and map title).
    return _cached(("mantika", id(geojson), title), lambda: MapLayer("mantika", title, geojson, "polygon"))


def point_layer(layer: Layer, frame: pd.DataFrame, version: int, name: str | None = None,
                title: str | None = None) -> MapLayer:
    """All features of a point layer (every period), one point per feature id."""
    title = title or (layer.title_ar if rtl() else layer.title)
    key = ("points", layer.name, name, version, len(frame), title)

    def build() -> MapLayer:
        first = frame.drop_duplicates(layer.id_field)
        features = [
            {"type": "Feature", "properties": {"id": str(r[layer.id_field])},
             "geometry": {"type": "Point", "coordinates": [round(float(r["geometry"].x), 4),
                                                           round(float(r["geometry"].y), 4)]}}
            for r in first.to_dict("records") if r["geometry"] is not None
        ]
        return MapLayer(name or layer.name, title,
                        {"type": "FeatureCollection", "features": features}, "point")
    return _cached(key, build)


def grid_legend(what: str, colour: str, largest: int) -> str:
    """The size legend of a ``grid_layer``: ``what`` counted per grid cell, and the largest count."""
    return size_legend(what, t("Grid cell of {deg}°").format(deg=locale.number(limits.MAP_GRID_DEG, decimals=1)),
                       max(largest, 1), colour)


def dense(frame: pd.DataFrame, layer: Layer) -> bool:
    """Whether a point layer has too many features to draw one by one (``limits.MAP_POINTS``):
    then the map shows how many are active per grid cell instead (``grid_layer``, ``grid_counts``)."""
    return frame[layer.id_field].nunique() > limits.MAP_POINTS


def _cell_keys(frame: pd.DataFrame) -> pd.Series:
    """The grid cell of each row's point (``g<column>_<row>`` of ``limits.MAP_GRID_DEG`` degrees)."""
    xs = [g.x if g is not None else float("nan") for g in frame["geometry"]]
    ys = [g.y if g is not None else float("nan") for g in frame["geometry"]]
    col = (pd.Series(xs, index=frame.index) // limits.MAP_GRID_DEG)
    row = (pd.Series(ys, index=frame.index) // limits.MAP_GRID_DEG)
    keys = "g" + col.astype("Int64").astype(str) + "_" + row.astype("Int64").astype(str)
    return keys.where(col.notna() & row.notna())


def grid_layer(layer: Layer, frame: pd.DataFrame, version: int, title: str | None = None) -> MapLayer:
    """One symbol per grid cell holding any of the layer's points (every period), at the cell's centre."""
    title = title or (layer.title_ar if rtl() else layer.title)
    key = ("grid", layer.name, version, len(frame), title)

    def build() -> MapLayer:
        half = limits.MAP_GRID_DEG / 2
        features = []
        for cell in sorted(set(_cell_keys(frame).dropna())):
            col, row = (int(v) for v in cell[1:].split("_"))
            centre = [round(col * limits.MAP_GRID_DEG + half, 4), round(row * limits.MAP_GRID_DEG + half, 4)]
            features.append({"type": "Feature", "properties": {"id": cell},
                             "geometry": {"type": "Point", "coordinates": centre}})
        return MapLayer(layer.name, title, {"type": "FeatureCollection", "features": features}, "point")
    return _cached(key, build)


def grid_counts(active: pd.DataFrame, grid: MapLayer, *, what: str, colour: str,
                by: str | None = None, max_radius: float = 6.0) -> tuple[dict, int]:
    """Payload entries for ``grid`` (a ``grid_layer``): a symbol sized by how many ``active`` rows fall
    in each cell (√ scale), hidden where none does; the tooltip gives the count ``what`` and, with
    ``by``, the count per value of that column; and the largest count (for the size legend).  The
    cells come from the layer (built once per version), so a rerun groups only the active rows."""
    cells = _cell_keys(active)
    counts = cells.value_counts()
    top = float(counts.max()) if len(counts) else 1.0
    parts = active.assign(_cell=cells).groupby(["_cell", by]).size() if by and not active.empty else None
    styles = {}
    for cell in (f["properties"]["id"] for f in grid.geojson["features"]):
        n = int(counts.get(cell, 0))
        if not n:
            styles[cell] = {"hidden": True}
            continue
        rows = [(what, n)]
        if parts is not None:
            rows += [(t(str(k)), int(v)) for k, v in parts.loc[cell].sort_values(ascending=False).items()]
        # Cells are about 11 px apart at country zoom: the largest symbol just fills its cell.
        styles[cell] = {"hidden": False, "radius": round(2.0 + (max_radius - 2.0) * math.sqrt(n / top), 1),
                        "fillColor": colour, "color": "#222", "fillOpacity": 0.75,
                        "tooltip": tooltip(t("Grid cell of {deg}°").format(deg=locale.number(limits.MAP_GRID_DEG,
                                                                                              decimals=1)), "", rows)}
    return styles, int(top) if len(counts) else 0


def seats_layer(seats: pd.DataFrame) -> MapLayer:
    title = t("Baladiya (proportional symbols)")
    key = ("seats", len(seats), float(seats["lat"].sum()), title)

    def build() -> MapLayer:
        features = [{"type": "Feature", "properties": {"id": r["pcode"]},
                     "geometry": {"type": "Point", "coordinates": [round(float(r["lon"]), 4),
                                                                   round(float(r["lat"]), 4)]}}
                    for _, r in seats.iterrows()]
        return MapLayer("baladiya", title,
                        {"type": "FeatureCollection", "features": features}, "point")
    return _cached(key, build)


def polygon_layer(name: str, title: str, shapes: Iterable[tuple[str, dict]], key: tuple) -> MapLayer:
    """A layer of arbitrary polygons (e.g. service-radius circles)."""
    return _cached(("polys", name, *key), lambda: MapLayer(name, title, {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": fid}, "geometry": geom} for fid, geom in shapes]}, "polygon"))


def tooltip(title: str, title_ar: str = "", rows: Iterable[tuple[str, object]] = (), note: str = "") -> str:
    """Tooltip HTML: the place's name (Arabic first when Arabic is chosen and the data
    carries it, with the other form beside it), then label/value rows; all escaped.
    Labels arrive translated; in Arabic the whole tooltip reads right to left."""
    first, second = (title_ar, title) if rtl() and title_ar else (title, title_ar)
    parts = [f"<b>{html.escape(first)}</b>"]
    if second:
        parts.append(f' <bdi>{html.escape(second)}</bdi>')
    for label, value in rows:
        parts.append(f"<br>{html.escape(label)}: <b>{html.escape(locale.value(value))}</b>")
    if note:
        parts.append(f"<br><i>{html.escape(note)}</i>")
    body = "".join(parts)
    return f'<div dir="rtl" style="text-align:right">{body}</div>' if rtl() else body


def site_tooltip(layer: Layer, row: pd.Series, rows: Iterable[tuple[str, object]] = (), note: str = "") -> str:
    """A site's tooltip, named by its label (``Layer.label_field``) and, where the row has one, its Arabic form."""
    return tooltip(str(row[layer.label_field]), layer.label_ar(row), rows, note)


def labelled(frame: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """``frame`` with its label column in the reader's language, for tables, choosers and chart titles: in Arabic
    the row's Arabic form where it has one, else the label as written."""
    if not rtl() or not layer.label_field or layer.label_ar_field not in frame.columns:
        return frame
    arabic = frame[layer.label_ar_field].map(lambda v: v.strip() if isinstance(v, str) else "")
    return frame.assign(**{layer.label_field: arabic.where(arabic != "", frame[layer.label_field])})


def note(illustrative: bool, source: str) -> str:
    """The tooltip's last line: "illustrative" or the row's source (in the reader's language where it can be)."""
    return t("illustrative") if illustrative else citations.source(t(source))


def choropleth(values: pd.DataFrame, *, title: str, unit: str, period: str, source: str,
               breaks: list[float] | None = None, illustrative: bool = False,
               highlight: set[str] | None = None, note: str = "") -> tuple[dict, str]:
    """Payload entries for polygons (columns pcode, name_en, name_ar, value) and a legend.

    Pass ``breaks`` (``geo.classes``) wherever the same metric is shown for several
    periods or on several pages, and ``note`` saying so; without them the classes
    are this period's own quantiles."""
    colours, cuts = sequential_colours(values["value"].tolist(), 5, breaks=breaks)
    flag = t("illustrative") if illustrative else ""
    styles = {}
    for (_, r), colour in zip(values.iterrows(), colours, strict=True):
        selected = highlight is None or r["pcode"] in highlight
        styles[r["pcode"]] = {
            "fillColor": colour or NO_DATA_COLOUR,
            "fillOpacity": 0.8 if selected else 0.25,
            "color": "#333" if selected else "#999",
            "tooltip": tooltip(r["name_en"], r["name_ar"], [(title, r["value"]), (t("Period"), period),
                                                            (t("Source"), t(source))], flag),
        }
    legend = legend_html(title, unit, cuts, no_data_colour=NO_DATA_COLOUR, note=note,
                         no_data_label=t("No data")) if cuts else ""
    return styles, legend


def sized_points(frame: pd.DataFrame, *, id_field: str, value_field: str | None, colour: str,
                 tip: Callable[[dict], str], all_ids: Iterable[str], max_value: float | None = None,
                 max_radius: float = 22.0, colours: dict[str, str] | None = None) -> dict:
    """Payload entries for points: radius ∝ √value, hidden when not in ``frame``."""
    present = {str(r[id_field]): r for r in frame.to_dict("records")}
    if value_field and max_value is None:
        max_value = scale_of(frame[value_field])
    styles = {}
    for fid in all_ids:
        r = present.get(fid)
        if r is None:
            styles[fid] = {"hidden": True}
            continue
        radius = 7.0
        if value_field:
            v = r[value_field]
            v = float(v) if v is not None and not pd.isna(v) else None
            radius = 3.0 + (max_radius - 3.0) * math.sqrt(max(v, 0) / max_value) if max_value and v is not None \
                else 3.0
        styles[fid] = {"hidden": False, "radius": round(radius, 1),
                       "fillColor": (colours or {}).get(fid, colour), "color": "#222", "fillOpacity": 0.75,
                       "tooltip": tip(r)}
    return styles


def largest(values: Iterable[object]) -> float:
    """Largest finite value, NaN when there is none (what a size legend states as the largest shown)."""
    top = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").max()
    return float(top) if pd.notna(top) else math.nan


def scale_of(values: Iterable[object]) -> float:
    """Largest finite value (1.0 when there is none): the scale of proportional symbols."""
    top = largest(values)
    return top if top > 0 else 1.0


def diverging(values: pd.DataFrame, *, title: str, unit: str, period: str, source: str,
              illustrative: bool = False) -> tuple[dict, str]:
    """Payload entries and legend for a change map (column ``value`` = change; a text, e.g. the public's "x" for a
    withheld change, is drawn as no data and its tooltip says it as it is)."""
    finite = pd.to_numeric(values["value"], errors="coerce")
    top = float(finite.abs().max() or 1.0)
    edges = diverging_edges(top)
    styles = {}
    for (_, r), v in zip(values.iterrows(), finite, strict=True):
        styles[r["pcode"]] = {"fillColor": diverging_colour(v, edges), "fillOpacity": 0.85, "color": "#333",
                              "tooltip": tooltip(r["name_en"], r["name_ar"],
                                                 [(title, r["value"] if isinstance(r["value"], str)
                                                   else None if v != v else locale.number(v, signed=True)),
                                                  (t("Period"), period), (t("Source"), t(source))],
                                                 t("illustrative") if illustrative else "")}
    return styles, diverging_legend(title, unit, edges)


