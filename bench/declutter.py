"""How long the map's clustering takes on each zoom step, at the map's point limit, in Chromium.

The map runtime (``components/static_src/atlas_map.js``) recomputes its clusters on every zoom: it merges
crowded points (``mergeOverlaps``) and pushes clusters of different layers apart (``separate``).  This
bench runs those two functions, taken from the runtime's source, on 5,000 synthetic points
(``geo.limits.MAP_POINTS``: above it a layer is drawn as counts per grid cell) clumped around 60 towns, at
map widths from national (800 px) to street level, and prints milliseconds per step and the overlaps left
(a cluster over another circle; must be 0).

    python bench/declutter.py              # the working tree's runtime
    python bench/declutter.py --rev HEAD~1 # another commit's, to compare (needs git)

A benchmark, not a test: it prints numbers and exits 0.  Needs Debian's /usr/bin/chromium and Playwright.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = "components/static_src/atlas_map.js"
sys.path.insert(0, str(ROOT))
from geo import limits  # noqa: E402

# The harness: points clumped around towns, bucketed into 36-px cells as the runtime's declutter() does,
# then the runtime's own functions (pasted in place of FUNCTIONS), timed.
HARNESS = """
(args) => {
  const [N, W, seed] = args;
  let rnd = seed; const rand = () => (rnd = (rnd * 16807) % 2147483647) / 2147483647;
  const pts = [];
  for (let i = 0; i < N; i++) {
    const town = Math.floor(rand() * 60);
    const cx = (town * 7919 % 1000) / 1000 * W, cy = (town * 104729 % 1000) / 1000 * W;
    pts.push([cx + (rand() - 0.5) * W * 0.08, cy + (rand() - 0.5) * W * 0.08]);
  }
  const entry = {byId: {}, applied: {}};
  pts.forEach((p, i) => { entry.byId[i] = {getLatLng: () => p}; entry.applied[i] = {r: 6}; });
  const map = {latLngToLayerPoint: p => ({x: p[0], y: p[1]})};
  const CELL = 36, MIN_CLUSTER = 3;
  FUNCTIONS
  const cells = {};
  for (let id = 0; id < N; id++) {
    const pt = map.latLngToLayerPoint(entry.byId[id].getLatLng());
    const c = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
    (cells[c] = cells[c] || []).push(id);
  }
  let items = [];
  for (const c in cells) {
    const ids = cells[c];
    if (ids.length >= MIN_CLUSTER) items.push(clusterItem(ids, entry));
    else ids.forEach(id => items.push(clusterItem([id], entry)));
  }
  const t0 = performance.now();
  items = mergeOverlaps(items, entry);
  const t1 = performance.now();
  separate(items);
  const t2 = performance.now();
  let overlaps = 0;
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i], b = items[j];
    if (a.ids.length === 1 && b.ids.length === 1) continue;
    if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r) overlaps++;
  }
  const ids = [].concat(...items.map(i => i.ids));
  return {items: items.length, clusters: items.filter(i => i.ids.length > 1).length,
          points: ids.length, distinct: new Set(ids).size,
          merge_ms: t1 - t0, separate_ms: t2 - t1, overlaps};
}
"""


def _functions(source: str) -> str:
    """The runtime's clustering functions: from ``clusterRadius`` up to ``declutter``."""
    start, end = source.index("function clusterRadius("), source.index("function declutter()")
    return source[start:end]


def measure(page, source: str, points: int, width: int, seed: int) -> dict:
    """One zoom step in ``page`` (a blank Chromium page): the runtime ``source``'s clustering of ``points``
    synthetic points on a map ``width`` px wide; its times, what it drew and the overlaps left."""
    return page.evaluate(HARNESS.replace("FUNCTIONS", _functions(source)), [points, width, seed])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", help="a git commit whose runtime to measure (default: the working tree)")
    parser.add_argument("--points", type=int, default=limits.MAP_POINTS)
    args = parser.parse_args()
    if args.rev:
        source = subprocess.run(["git", "show", f"{args.rev}:{RUNTIME}"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    else:
        source = (ROOT / RUNTIME).read_text(encoding="utf-8")
    print(f"map clustering per zoom step, {args.points:,} points, runtime of {args.rev or 'the working tree'}")
    print(f"{'map width px':>12} {'items':>6} {'clusters':>8} {'merge ms':>9} {'separate ms':>11} {'overlaps':>8}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content("<!DOCTYPE html><title>declutter</title>")
        for width in (800, 2000, 3000, 6000, 12000, 50000):
            runs = [measure(page, source, args.points, width, seed) for seed in (42, 7, 99)]
            best = min(runs, key=lambda r: r["merge_ms"] + r["separate_ms"])
            worst = max(runs, key=lambda r: r["merge_ms"] + r["separate_ms"])
            print(f"{width:>12} {best['items']:>6} {best['clusters']:>8} {worst['merge_ms']:>9.1f} "
                  f"{worst['separate_ms']:>11.1f} {max(r['overlaps'] for r in runs):>8}")
            print("   " + json.dumps(runs), file=sys.stderr)
        browser.close()
    print("(ms: the slowest of three layouts; overlaps: the most left by any)")


if __name__ == "__main__":
    main()
