"""Benchmark page: the atlas map (components.map.atlas_map) at scale.

1,000 synthetic polygons of 50 vertices (bench/scale_data.py), a round slider
of 8 rounds whose values recolour the polygons through the payload, and a
headline st.metric. Run from the repository root, so .streamlit/config.toml
(static serving) applies::

    streamlit run bench/scale_page.py

Vendor assets are copied to bench/static/vendor/ (git-ignored) on first run.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The repo root (components, geo) and bench/ (scale_data): `streamlit run` puts neither on sys.path reliably.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_data as sd
import streamlit as st

from components.map import MapLayer, atlas_map

st.set_page_config(page_title="Bench: atlas map, scale set", layout="wide")


@st.cache_resource
def layers() -> list[MapLayer]:
    # Same objects every rerun: the map component skips even hashing the geometry.
    return [MapLayer(sd.LAYER_NAME, "Cells (synthetic)", sd.geojson(), "polygon")]


st.title("Atlas map · scale set (1,000 polygons × 50 vertices)")
label = st.select_slider("Round", options=sd.ROUNDS, value=sd.ROUNDS[0], key="round")
r = sd.ROUNDS.index(label)
now = sd.total(r)
st.metric("People (sum of cells)", f"{now:,}", delta=None if r == 0 else f"{now - sd.total(r - 1):+,}")
atlas_map(layers(), sd.payload(r), key=sd.MAP_KEY, bounds=sd.BOUNDS, height=560)
