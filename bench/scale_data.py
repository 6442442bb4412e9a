"""The benchmark's "scale set": 1,000 synthetic polygons of 50 vertices over Libya.

Shared by ``bench/scale_page.py`` (atlas map), ``bench/naive_page.py``
(``?set=scale``) and ``bench/run.py`` (which checks what the pages show), so
all three agree on ids, values and colours. Pure Python, deterministic, no
data files: a 40 x 25 grid of cells over Libya's bounding box, each cell's
outline traced by 49 slightly wobbling vertices (plus the closing one), and
a value per cell and round that moves enough for most cells to change colour
between rounds.
"""

from __future__ import annotations

import math
import random
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run bench/x.py` only puts bench/ on sys.path
    sys.path.insert(0, str(ROOT))

from components.legends import NO_DATA_COLOUR, legend_html, sequential_colours  # noqa: E402

BOUNDS = (9.3, 19.5, 25.2, 33.2)  # west, south, east, north
COLS, ROWS = 40, 25  # 1,000 cells
VERTICES = 50  # per polygon ring, closing vertex included
ROUNDS = [f"R{n}" for n in range(1, 9)]  # 8 rounds
LAYER_NAME = "cells"
MAP_KEY = "bench-scale-map"


def cell_ids() -> list[str]:
    return [f"c{r:02d}{c:02d}" for r in range(ROWS) for c in range(COLS)]


def _ring(w: float, s: float, e: float, n: float, rng: random.Random) -> list[list[float]]:
    """49 points along the cell outline (inset a little, wobbling), closed."""
    inset_x, inset_y = (e - w) * 0.04, (n - s) * 0.04
    w, e, s, n = w + inset_x, e - inset_x, s + inset_y, n - inset_y
    per_side = (VERTICES - 1) // 4  # 12 per side = 48, one extra on the first side
    pts: list[tuple[float, float]] = []
    corners = [(w, s), (e, s), (e, n), (w, n)]
    for side in range(4):
        (x0, y0), (x1, y1) = corners[side], corners[(side + 1) % 4]
        count = per_side + (1 if side == 0 else 0)
        for k in range(count):
            t = k / count
            jx = rng.uniform(-0.15, 0.15) * inset_x if k > 0 else 0.0
            jy = rng.uniform(-0.15, 0.15) * inset_y if k > 0 else 0.0
            pts.append((x0 + (x1 - x0) * t + jx, y0 + (y1 - y0) * t + jy))
    ring = [[round(x, 5), round(y, 5)] for x, y in pts]
    ring.append(list(ring[0]))
    assert len(ring) == VERTICES
    return ring


@cache
def geojson() -> dict:
    """FeatureCollection of the 1,000 cells (properties: id, name). Built once per process."""
    w0, s0, e0, n0 = BOUNDS
    dx, dy = (e0 - w0) / COLS, (n0 - s0) / ROWS
    rng = random.Random(1000)
    features = []
    for r in range(ROWS):
        for c in range(COLS):
            ring = _ring(w0 + c * dx, s0 + r * dy, w0 + (c + 1) * dx, s0 + (r + 1) * dy, rng)
            fid = f"c{r:02d}{c:02d}"
            features.append({"type": "Feature", "properties": {"id": fid, "name": f"Cell {r + 1}-{c + 1}"},
                             "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def values(round_index: int) -> dict[str, int]:
    """Synthetic people per cell in a round (every round differs for most cells)."""
    out = {}
    for i, fid in enumerate(cell_ids()):
        wave = math.sin(i * 0.37 + round_index * 1.3) * math.cos(i * 0.011 - round_index * 0.7)
        out[fid] = int(500 + 40_000 * (wave + 1) ** 2 / 4)
    return out


@cache
def breaks() -> tuple[float, ...]:
    """Quantile class breaks over all rounds, so colours are comparable between rounds."""
    pooled = [v for r in range(len(ROUNDS)) for v in values(r).values()]
    return tuple(sequential_colours(pooled, 5)[1])


@cache
def colours(round_index: int) -> dict[str, str]:
    vals = values(round_index)
    ids = list(vals)
    cols, _ = sequential_colours([vals[i] for i in ids], breaks=list(breaks()))
    return {fid: colour or NO_DATA_COLOUR for fid, colour in zip(ids, cols, strict=True)}


def total(round_index: int) -> int:
    return sum(values(round_index).values())


def payload(round_index: int) -> dict:
    """The atlas payload of one round: fill colour and tooltip per cell, legend."""
    vals, cols = values(round_index), colours(round_index)
    label = ROUNDS[round_index]
    return {
        "layers": {LAYER_NAME: {fid: {"fillColor": cols[fid], "fillOpacity": 0.8,
                                      "tooltip": f"<b>Cell {fid}</b><br>{label}: {vals[fid]:,} people"}
                                for fid in vals}},
        "legend": legend_html("People (synthetic)", "people", list(breaks())),
    }
