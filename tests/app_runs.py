"""Running a page with Streamlit's AppTest as a browser would: the map first, then the rest.

A page's first run in a session holds back what lies below its map (``components.map_first``) until
the browser presses a hidden button, and the charts and tables below it until the viewer scrolls near them
(a second button); AppTest runs no JavaScript, so ``released`` presses them, opens the page's "Download"
menu (``components.downloads.menu``: its buttons are made only while it is open), and the
whole page (tables, charts, downloads, the sidebar) is run and checked."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def released(at: AppTest) -> AppTest:
    """Press the release buttons the runs draw (the map has drawn; the viewer has scrolled to the charts),
    running again after each; then open the Download menu."""
    for _stage in range(2):
        button = next((b for b in at.button if (b.key or "").startswith(("atlas-release-", "atlas-in-sight-"))),
                      None)
        if button is None:
            break
        button.click()
        at.run()
    menus = [k for k in at.session_state if str(k).endswith("-downloads") and not at.session_state[k]]
    if menus:
        for key in menus:
            at.session_state[key] = True
        at.run()
    return at
