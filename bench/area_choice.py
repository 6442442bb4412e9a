#!/usr/bin/env python3
"""How long choosing an area takes until the map shows it.

From the click on a mantika in the sidebar's Mantika list to (1) the map standing on that mantika (its bounds
inside the map's view, zoomed in further than all of Libya) and (2) the run finished (the app's script state);
and how long the map was blank meanwhile (its iframe missing or 0 px tall).  The page is /displacement on the
shipped data, in one tab, its charts not yet drawn (the viewer has not scrolled); the mantikas are chosen in turn.

A benchmark, not a test: it prints numbers.  ``python bench/area_choice.py [--choices N]``; run it on two commits
to compare them (it needs nothing of the code under test but the page).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import CHROMIUM, CHROMIUM_ARGS, SCRIPT_DONE, VIEWPORT, Server, machine_info, server_env
from shapely.geometry import shape

from components import geometry

# Mantikas far apart, chosen in turn (each from all of Libya: "All of Libya" between two choices): Sebha, Tobruk,
# Alkufra, Tripoli, Ghat, Benghazi.
MANTIKAS = ["LY0319", "LY0104", "LY0107", "LY0211", "LY0321", "LY0103"]
# Watches the page from the click on: when the map first stood on the area, when the run had finished, and how
# long the map was blank.  The click is the option's pointerdown (listened to in the capture phase).
WATCH = """([w, s, e, n, zoom0]) => {
  const c = window.__choice = {t0: null, shown: null, settled: null, blank: 0};
  document.addEventListener('pointerdown', () => { if (c.t0 === null) c.t0 = performance.now(); },
                            {capture: true, once: true});
  let last = null, ran = false;
  (function poll() {
    const now = performance.now();
    if (c.t0 !== null) {
      const f = [...document.querySelectorAll('iframe')].find(f => (f.src || '').includes('streamlit_folium'));
      if (!f || !(f.offsetHeight > 0)) { if (last !== null) c.blank += now - last; }
      else if (c.shown === null) {
        try {
          const W = f.contentWindow, a = W.__atlasMaps && Object.values(W.__atlasMaps)[0];
          if (a && W.__atlasDebug().restyles > 0 && a.map.getZoom() > zoom0
              && a.map.getBounds().contains(W.L.latLngBounds([[s, w], [n, e]]))) c.shown = now - c.t0;
        } catch (err) { /* the frame is loading */ }
      }
      const state = document.querySelector('[data-testid="stApp"]').getAttribute('data-test-script-state');
      if (state === 'running') ran = true;
      if (ran && state === 'notRunning' && c.settled === null) c.settled = now - c.t0;
      last = now;
    }
    if (c.shown === null || c.settled === null) setTimeout(poll, 5);
  })();
}"""

def mantika(pcode: str) -> tuple[str, str, list[float]]:
    """(English name, the sidebar's option text, bounds west, south, east, north) of a mantika."""
    feature = next(f for f in geometry.mantika_geojson()["features"] if f["properties"]["id"] == pcode)
    props = feature["properties"]
    return props["name_en"], f"{props['name_en']} · {props['name_ar']}", list(shape(feature["geometry"]).bounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--choices", type=int, default=12, help="areas chosen, one after the other (default 12)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = Server("atlas", [str(Path(__file__).resolve().parents[1] / "scripts" / "serve.py")],
                    server_env(Path(tempfile.mkdtemp(prefix="bench-area-"))))
    server.start()
    try:
        server.wait_healthy()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            info = machine_info(browser.version)
            print(f"area choice · {info['date']} · git {info['git']} · {info['nproc']} CPUs ({info['cpu']})")
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(f"{server.base_url}/displacement")
            # The sidebar's lists come once the map has drawn (components.map_first).
            page.get_by_role("combobox", name="Mantika").first.wait_for(timeout=120_000)
            page.wait_for_function(SCRIPT_DONE, timeout=60_000)
            page.wait_for_timeout(3000)
            frame = next(f for f in page.frames if "streamlit_folium" in f.url)
            zoom0 = frame.evaluate("() => Object.values(window.__atlasMaps)[0].map.getZoom()")
            shown, settled, blank = [], [], []
            for i in range(args.choices):
                name, option, box_bounds = mantika(MANTIKAS[i % len(MANTIKAS)])
                box = page.get_by_role("combobox", name="Mantika").first
                box.click()
                box.fill(name)
                page.evaluate(WATCH, [*box_bounds, zoom0])
                page.get_by_role("option", name=option).first.click()
                page.wait_for_function("() => window.__choice.shown !== null && window.__choice.settled !== null",
                                       timeout=60_000)
                c = page.evaluate("() => window.__choice")
                shown.append(c["shown"])
                settled.append(c["settled"])
                blank.append(c["blank"])
                print(f"  {name:<20} map on the area {c['shown']:6.0f} ms · run finished "
                      f"{c['settled']:6.0f} ms · map blank {c['blank']:5.0f} ms")
                page.wait_for_timeout(1500)
                page.get_by_role("button", name="All of Libya").click()
                page.wait_for_timeout(500)
                page.wait_for_function(SCRIPT_DONE, timeout=60_000)
                page.wait_for_timeout(1500)
            print(f"median of {args.choices}: map on the area {statistics.median(shown):.0f} ms "
                  f"(max {max(shown):.0f}) · run finished {statistics.median(settled):.0f} ms · "
                  f"map blank {statistics.median(blank):.0f} ms (max {max(blank):.0f})")
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
