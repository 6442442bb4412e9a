"""Benchmark reference: the naive folium map, rebuilt on every rerun.

What most Streamlit map pages do: build a ``folium.Map`` in the page script,
add a ``folium.GeoJson`` whose ``style_function`` colours the features for the
selected round (plus ``folium.CircleMarker`` symbols), and hand it to
``st_folium``. Every slider step therefore re-renders the whole map (geometry
included), Streamlit sends all of it again, and streamlit-folium mounts a new
iframe (its component key hashes the map script). No caching at all.

The only departures from a textbook page, neither of which helps speed:

- Leaflet/jQuery come from the app's own vendor copies (``components.assets``)
  instead of CDNs, so the page works offline like the atlas does (Bootstrap
  and Font Awesome are dropped: nothing here uses icon markers);
- a tiny script element records which round the map shows and how many
  vector paths it should draw (``window.__benchMap``), so bench/run.py can
  tell when the new map is on screen; ``returned_objects=[]`` so panning does
  not trigger extra reruns (the atlas map does the same).

Data (query string ``?set=``):

- ``default``: the same data as the atlas Displacement page: mantika polygons
  (``components.geometry.mantika_geojson()``) coloured by migrants per round, the
  countries basemap, and one circle per baladiya seat sized by migrants;
- ``scale``: the 1,000 polygons x 50 vertices of bench/scale_data.py.

Run from the repository root (``.streamlit/config.toml`` enables static serving;
``ATLAS_DATA_DIR`` names the store for the default set)::

    streamlit run bench/naive_page.py
"""

from __future__ import annotations

import copy
import json
import math
import sys
from pathlib import Path

# The repo root (components, geo) and bench/ (scale_data): `streamlit run` puts neither on sys.path reliably.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import branca.element
import folium
import scale_data as sd
import streamlit as st
from folium.template import Template
from streamlit_folium import st_folium

from components import assets, geometry
from components.legends import NO_DATA_COLOUR, sequential_colours

st.set_page_config(page_title="Bench: naive folium map", layout="wide")
assets.ensure_assets()


class _BenchMarker(branca.element.MacroElement):
    """``window.__benchMap = {round, paths}``, run after every layer is on the map."""

    _template = Template("{% macro script(this, kwargs) %}window.__benchMap = {{ this.info }};{% endmacro %}")

    def __init__(self, info: dict) -> None:
        super().__init__()
        self._name = "BenchMarker"
        self.info = json.dumps(info)


def new_map(bounds: tuple[float, float, float, float]) -> folium.Map:
    west, south, east, north = bounds
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=5, tiles=None)
    m.default_js = [("leaflet", assets.asset_url(assets.LEAFLET_JS))]
    m.default_css = [("leaflet_css", assets.asset_url(assets.LEAFLET_CSS))]
    m.fit_bounds([[south, west], [north, east]])
    return m


def default_set() -> None:
    from geo import catalog, displacement
    from geo.boundaries import LIBYA_BOUNDS

    frame = catalog.load("displacement").frame
    rounds = sorted(int(r) for r in frame["round"].unique())
    rnd = st.select_slider("DTM round", options=rounds, value=rounds[-1], format_func=lambda n: f"R{n}", key="round")
    now = displacement.totals(frame, rnd)
    idx = rounds.index(rnd)
    before = displacement.totals(frame, rounds[idx - 1]) if idx else None
    st.metric(f"Migrants · R{rnd}", f"{now['migrants']:,}",
              delta=None if before is None else f"{now['migrants'] - before['migrants']:+,}")

    m = new_map(LIBYA_BOUNDS)
    countries = geometry.countries_geojson()
    folium.GeoJson(countries, name="Countries",
                   style_function=lambda f: {"color": "#b8b8b8", "weight": 1, "fillColor": "#efefef",
                                             "fillOpacity": 0.7}).add_to(m)
    # Mantika choropleth: quantile classes over all rounds, as the atlas page.
    values = displacement.by_mantika(frame, rnd, "migrants").set_index("pcode")["value"]
    pooled = displacement.trend(frame, "migrants", by_mantika_too=True)["value"].dropna()
    breaks = sorted(set(pooled.quantile([0, 0.2, 0.4, 0.6, 0.8, 1.0]).round().tolist()))
    colours, _ = sequential_colours([None if v != v else v for v in values], 5,
                                    breaks=breaks if len(breaks) > 2 else None)
    fill = {p: c or NO_DATA_COLOUR for p, c in zip(values.index, colours, strict=True)}
    mantikas = copy.deepcopy(geometry.mantika_geojson())
    for feat in mantikas["features"]:
        v = values.get(feat["properties"]["id"])
        feat["properties"]["migrants"] = "no data" if v is None or v != v else f"{v:,.0f}"
    folium.GeoJson(
        mantikas, name="Mantika · migrants",
        style_function=lambda f: {"fillColor": fill.get(f["properties"]["id"], NO_DATA_COLOUR), "color": "#333",
                                  "weight": 0.8, "fillOpacity": 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["name_en", "name_ar", "migrants"],
                                      aliases=["Mantika", "", f"Migrants R{rnd}"]),
    ).add_to(m)
    # Baladiya proportional symbols.
    bal = displacement.by_baladiya(frame, rnd, "migrants").set_index("baladiya_pcode")
    seats = catalog.seats().set_index("pcode")
    top = float(frame["migrants"].max() or 1)
    circles = 0
    for pcode, r in bal.iterrows():
        if pcode not in seats.index or r["value"] != r["value"]:
            continue
        seat = seats.loc[pcode]
        folium.CircleMarker(
            location=[float(seat["lat"]), float(seat["lon"])],
            radius=3 + 19 * math.sqrt(max(float(r["value"]), 0) / top),
            color="#222", weight=1, fill=True, fill_color="#E69F00", fill_opacity=0.75,
            tooltip=f"<b>{r['baladiya_name']}</b><br>Migrants R{rnd}: {r['value']:,.0f}",
        ).add_to(m)
        circles += 1
    folium.LayerControl(collapsed=True).add_to(m)
    paths = len(countries["features"]) + len(mantikas["features"]) + circles
    m.add_child(_BenchMarker({"round": str(rnd), "paths": paths}))
    st_folium(m, key="naive-map", height=560, use_container_width=True, returned_objects=[])


def scale_set() -> None:
    label = st.select_slider("Round", options=sd.ROUNDS, value=sd.ROUNDS[0], key="round")
    r = sd.ROUNDS.index(label)
    now = sd.total(r)
    st.metric("People (sum of cells)", f"{now:,}", delta=None if r == 0 else f"{now - sd.total(r - 1):+,}")

    m = new_map(sd.BOUNDS)
    vals, fill = sd.values(r), sd.colours(r)
    cells = copy.deepcopy(sd.geojson())
    for feat in cells["features"]:
        feat["properties"]["people"] = f"{vals[feat['properties']['id']]:,}"
    folium.GeoJson(
        cells, name="Cells",
        style_function=lambda f: {"fillColor": fill[f["properties"]["id"]], "color": "#7a7a7a", "weight": 0.8,
                                  "fillOpacity": 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["name", "people"], aliases=["Cell", label]),
    ).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    m.add_child(_BenchMarker({"round": label, "paths": len(cells["features"])}))
    st_folium(m, key="naive-map", height=560, use_container_width=True, returned_objects=[])


if st.query_params.get("set", "default") == "scale":
    st.title("Naive folium map · scale set")
    scale_set()
else:
    st.title("Naive folium map · default data")
    default_set()
