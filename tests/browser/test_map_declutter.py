"""The map's clustering at the map's point limit: no cluster over another circle, no point lost or drawn
twice, at every zoom (``mergeOverlaps`` and ``separate`` of ``components/static_src/atlas_map.js``, run in
Chromium on the synthetic layouts ``bench/declutter.py`` times).  The overlaps are counted by brute force,
pair by pair, not by the runtime's grid."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.declutter import measure
from geo import limits

pytestmark = pytest.mark.browser

SOURCE = (Path(__file__).resolve().parents[2] / "components" / "static_src" / "atlas_map.js").read_text("utf-8")


@pytest.mark.parametrize("width", [800, 3000, 12000])
def test_no_cluster_overlaps_and_every_point_is_drawn_once(browser_page, width):
    browser_page.set_content("<!DOCTYPE html><title>declutter</title>")
    for seed in (42, 7):
        drawn = measure(browser_page, SOURCE, limits.MAP_POINTS, width, seed)
        assert drawn["overlaps"] == 0, drawn
        assert drawn["points"] == drawn["distinct"] == limits.MAP_POINTS, drawn
        assert drawn["clusters"] > 0 or width == 12000, drawn  # crowded towns are clustered
