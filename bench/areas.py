"""How long the derived municipality areas take: Voronoi cells clipped to the mantika, the
display simplification, and the spatial join of sites without a pcode.

A benchmark, not a test: it prints numbers.  ``python bench/areas.py [--seats N]``
(default: the shipped 100 seats; ``--seats 1000`` adds 9 jittered copies of each).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import boundaries, municipalities
from geo import seats as seats_module
from geo.store import open_store


def _timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seats", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"gpkg:{tmp}/atlas.gpkg")
        seats = seats_module.table(store)
        mantikas = boundaries.approximate_mantikas()
        if args.seats > len(seats):
            rng = np.random.default_rng(1)
            copies = [seats.assign(pcode=seats["pcode"] + f"-{i}", lat=seats["lat"] + rng.normal(0, 0.05, len(seats)),
                                   lon=seats["lon"] + rng.normal(0, 0.05, len(seats)))
                      for i in range(args.seats // len(seats) - 1)]
            import pandas as pd

            seats = pd.concat([seats, *copies], ignore_index=True)
        ms, areas = _timed(lambda: municipalities.voronoi_areas(seats, mantikas))
        print(f"voronoi_areas: {len(seats)} seats -> {len(areas)} areas: {ms:.0f} ms (median of 5)")
        def display() -> dict:
            municipalities._display.cache_clear()  # measure the work, not the cache
            return municipalities.display_geojson(store)

        ms, doc = _timed(display)
        print(f"display GeoJSON (coverage-simplified, shipped seats): {ms:.0f} ms, "
              f"{len(str(doc)) / 1024:.0f} kB")
        rng = np.random.default_rng(2)
        lat, lon = rng.uniform(20, 33, 5000).tolist(), rng.uniform(10, 25, 5000).tolist()
        ms, found = _timed(lambda: municipalities.locate(store, lat, lon), repeat=3)
        print(f"locate: 5,000 random points: {ms:.0f} ms ({sum(f is not None for f in found):,} inside an area)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
