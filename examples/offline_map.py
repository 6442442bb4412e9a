"""Offline map example: synthetic data, time slider, restyle without reload.

Run from the repository root (so ``.streamlit/config.toml`` applies)::

    streamlit run examples/offline_map.py

Shows 22 synthetic polygons (a grid over Libya's bounding box) and 50 points.
Moving the "Round" slider changes only the payload (colours, radii,
tooltips, legend); the map itself is sent once and never reloaded. Also used
by tests/browser/test_offline_map.py, which imports the data helpers below.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run` only puts examples/ on sys.path
    sys.path.insert(0, str(ROOT))

from components.legends import NO_DATA_COLOUR, legend_html, sequential_colours  # noqa: E402
from components.map import MapLayer, atlas_map  # noqa: E402

MAP_KEY = "offline_example"
BOUNDS = (9.3, 19.5, 25.2, 33.2)  # west, south, east, north
ROUNDS = ["Round 45", "Round 46", "Round 47", "Round 48", "Round 49", "Round 50"]
GRID_COLS, GRID_ROWS = 6, 4  # 24 cells minus 2 corners = 22 polygons
N_POINTS = 50


def _rect(w: float, s: float, e: float, n: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def polygon_ids() -> list[str]:
    """Ids of the 22 grid cells, row-major, skipping two opposite corners."""
    ids = []
    for r in range(GRID_ROWS):
        for c in range(GRID_COLS):
            if (r, c) in ((0, 0), (GRID_ROWS - 1, GRID_COLS - 1)):
                continue
            ids.append(f"cell_{r}{c}")
    return ids


def build_layers() -> list[MapLayer]:
    """Basemap (grey outline + neighbours), 22 polygons, 50 points."""
    w, s, e, n = BOUNDS
    dx, dy = (e - w) / GRID_COLS, (n - s) / GRID_ROWS
    cells = []
    for fid in polygon_ids():
        r, c = int(fid[-2]), int(fid[-1])
        geom = _rect(w + c * dx, s + r * dy, w + (c + 1) * dx, s + (r + 1) * dy)
        cells.append({"type": "Feature", "properties": {"id": fid}, "geometry": geom})
    rng = random.Random(42)
    points = [
        {
            "type": "Feature",
            "properties": {"id": f"site_{i:02d}"},
            "geometry": {
                "type": "Point",
                "coordinates": [round(rng.uniform(w + 0.3, e - 0.3), 4), round(rng.uniform(s + 0.3, n - 0.3), 4)],
            },
        }
        for i in range(N_POINTS)
    ]
    outline = {"type": "Feature", "properties": {}, "geometry": _rect(w, s, e, n)}
    neighbours = [
        {"type": "Feature", "properties": {}, "geometry": _rect(w - 4, s - 4, w, n + 2)},  # "west"
        {"type": "Feature", "properties": {}, "geometry": _rect(e, s - 4, e + 4, n + 2)},  # "east"
        {"type": "Feature", "properties": {}, "geometry": _rect(w, s - 4, e, s)},  # "south"
    ]

    def fc(features: list[dict]) -> dict:
        return {"type": "FeatureCollection", "features": features}

    return [
        MapLayer("neighbours", "Neighbouring countries", fc(neighbours), "polygon", base=True),
        MapLayer("outline", "Libya", fc([outline]), "polygon", base=True),
        MapLayer("displacement", "Displaced persons (area)", fc(cells), "polygon"),
        MapLayer("sites", "Sites", fc(points), "point"),
    ]


def polygon_values(round_index: int) -> dict[str, int]:
    """Synthetic displaced persons per cell; every cell changes every round."""
    return {fid: 1000 + ((i * 37 + round_index * 53) % 97) * 250 for i, fid in enumerate(polygon_ids())}


def site_values(round_index: int) -> dict[str, int]:
    """Synthetic site population; 0 means the site is closed (hidden)."""
    out = {}
    for i in range(N_POINTS):
        v = ((i * 29 + round_index * 41) % 61) * 40
        out[f"site_{i:02d}"] = 0 if (round_index > 0 and i % 7 == round_index) else v + 50
    return out


def all_breaks() -> list[float]:
    """Class breaks over all rounds, so colours are comparable between rounds."""
    pooled = [v for r in range(len(ROUNDS)) for v in polygon_values(r).values()]
    return sequential_colours(pooled, 5)[1]


def round_payload(round_index: int) -> dict:
    """Everything that changes with the slider, for components.map.atlas_map."""
    breaks = all_breaks()
    values = polygon_values(round_index)
    ids = list(values)
    colours, _ = sequential_colours([values[i] for i in ids], breaks=breaks)
    polys = {
        fid: {
            "fillColor": colour or NO_DATA_COLOUR,
            "fillOpacity": 0.8,
            "tooltip": f"<b>{fid}</b><br>{ROUNDS[round_index]}: {values[fid]:,} displaced",
        }
        for fid, colour in zip(ids, colours, strict=True)
    }
    sites = {
        fid: {
            "fillColor": "#d95f02",
            "color": "#7a3100",
            "radius": 3 + (v / 2450) ** 0.5 * 9,
            "fillOpacity": 0.85,
            "hidden": v == 0,
            "tooltip": f"<b>{fid}</b><br>{v:,} people",
        }
        for fid, v in site_values(round_index).items()
    }
    return {
        "layers": {"displacement": polys, "sites": sites},
        "legend": legend_html("Displaced persons", "people", breaks),
        "visible": {"displacement": True, "sites": True},
    }


def main() -> None:
    import streamlit as st

    st.set_page_config(page_title="Offline map example", layout="wide")
    st.title("Offline map: restyle without reload")
    st.caption(
        "All assets are served by the app itself; moving the slider sends only "
        "a small style payload to the already-loaded map."
    )

    @st.cache_resource
    def layers() -> list[MapLayer]:
        # cache_resource returns the same objects every rerun, so the map
        # component skips even hashing the geometry.
        return build_layers()

    round_name = st.select_slider("Round", options=ROUNDS, value=ROUNDS[0], key="round")
    r = ROUNDS.index(round_name)
    total = sum(polygon_values(r).values())
    previous = sum(polygon_values(r - 1).values()) if r else None
    st.metric(
        "Displaced persons (sum of areas)",
        f"{total:,}",
        delta=None if previous is None else f"{total - previous:+,}",
    )
    atlas_map(layers(), round_payload(r), key=MAP_KEY, bounds=BOUNDS, height=520)


if __name__ == "__main__":
    main()
