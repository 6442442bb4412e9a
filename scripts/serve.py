"""Start the atlas: ``python scripts/serve.py [streamlit options]``.

Why a launcher instead of plain ``streamlit run app.py``: the project keeps its
page scripts in ``pages/`` and registers them with ``st.navigation`` in
``app.py``.  Streamlit also treats a ``pages/`` folder as an old-style
multipage app until ``st.navigation`` has run once in the process, so the very
first visitor to a deep link (say ``/displacement``) would get that page
without ``app.py``'s setup.  Declaring up front that ``pages/`` is not an
old-style folder removes that first-request difference.  The launcher also
warms the data caches in the background while the server starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def warm_up() -> None:
    """Open (and on first run, seed) the store and build the shared geography
    while the web server starts, so the first visitor does not wait for it."""
    sys.path.insert(0, str(ROOT))
    from geo import catalog, registry

    for layer in registry.visible_layers(catalog.current_role()):
        catalog.load(layer.name)
    catalog.seats()
    catalog.mantika_geojson()
    catalog.countries_geojson()
    from geo import flash_feed

    flash_feed.refresh(flash_feed.base_url())  # the public feeds exist before anyone opens a page


def main() -> None:
    import threading

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    os.chdir(ROOT)
    threading.Thread(target=warm_up, name="atlas-warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
