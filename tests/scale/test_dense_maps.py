"""Pages whose work grows with what they show: a point layer above ``limits.MAP_POINTS`` is drawn as
counts per grid cell, the reach computation is exact block by block, disclosure control stays fast.

The expected values are computed here from the shipped CSV and by brute force, not by the helpers
the pages call."""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from geo import coverage, disclosure, limits
from tests.test_pages_flags import maps  # noqa: F401  (the fixture recording map payloads)

ROOT = Path(__file__).resolve().parents[2]
WHEN = dt.date(2019, 12, 31)  # the Health page's default date


def _active_cells() -> Counter:
    """Active facilities per 0.5° cell on the default date, from the shipped file."""
    with open(ROOT / "data" / "layers" / "health_facilities.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cells = Counter()
    for r in rows:
        start = dt.date.fromisoformat(r["active_from"])
        end = dt.date.fromisoformat(r["active_to"]) if r["active_to"] else None
        if start <= WHEN and (end is None or end >= WHEN):
            cells[f"g{math.floor(float(r['lon']) / 0.5)}_{math.floor(float(r['lat']) / 0.5)}"] += 1
    return cells


def test_health_map_draws_counts_per_cell_above_the_point_limit(store, maps, monkeypatch,  # noqa: F811
                                                                 local_mode):  # a coordinator: every facility type
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.setattr(limits, "MAP_POINTS", 3)  # the shipped 17 facilities count as "too many"
    at = AppTest.from_file(str(ROOT / "pages" / "health.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    styles = maps["health-map"]["payload"]["layers"]["health_facilities"]
    expected = _active_cells()
    shown = {cell: s for cell, s in styles.items() if not s.get("hidden")}
    assert set(shown) == set(expected)
    for cell, n in expected.items():
        assert f"Active facilities: <b>{n}</b>" in shown[cell]["tooltip"]
    legend = maps["health-map"]["payload"]["legend"]  # the size legend states the largest count per cell
    assert re.search(rf"largest[^=<]*= {max(expected.values())}<", legend), legend
    assert "reach" not in maps["health-map"]["payload"]["layers"]  # no service-radius circles
    assert any("too many to draw one by one" in c.value for c in at.caption)


def test_reach_block_by_block_equals_the_whole_matrix():
    rng = np.random.default_rng(5)
    people = pd.DataFrame({"lat": rng.uniform(20, 33, 300), "lon": rng.uniform(10, 25, 300)})
    n = coverage.REACH_BLOCK * 2 + 17  # several blocks and a partial one
    facilities = pd.DataFrame({"lat": rng.uniform(20, 33, n), "lon": rng.uniform(10, 25, n),
                               "radius_km": rng.uniform(1, 30, n), "name": [f"F{i}" for i in range(n)]})
    out = coverage.reach(people, facilities)
    # Brute force: every pair's great-circle distance, one at a time.
    r = 6371.0088
    for i in range(0, 300, 37):
        la, lo = math.radians(people.lat[i]), math.radians(people.lon[i])
        d = [2 * r * math.asin(math.sqrt(math.sin((math.radians(b) - la) / 2) ** 2 + math.cos(la)
                                         * math.cos(math.radians(b)) * math.sin((math.radians(c) - lo) / 2) ** 2))
             for b, c in zip(facilities.lat, facilities.lon, strict=True)]
        j = int(np.argmin(d))
        assert out.nearest_facility[i] == f"F{j}"
        assert abs(out.nearest_km[i] - round(d[j], 1)) <= 0.05
        assert bool(out.in_reach[i]) == any(dk <= rk for dk, rk in zip(d, facilities.radius_km, strict=True))


def test_disclosure_of_50000_cells_withholds_a_complement_in_every_group():
    rng = random.Random(3)
    values = {i: rng.choice([1, 2, 40, 120, 900]) for i in range(50_000)}
    groups = [disclosure.Group(tuple(range(50_000)))] + [disclosure.Group(tuple(range(j, 50_000, 22)))
                                                         for j in range(22)]
    status = disclosure.protect(values, groups, 5)
    assert all(status[i] == "primary" for i, v in values.items() if v < 5)
    for g in groups:  # each group has small cells and a published total: a complement is withheld with them
        assert any(status[m] == "secondary" for m in g.members)
