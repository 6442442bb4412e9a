"""What the browser tests of the atlas do as a user: open a page, wait for it and
its map, go to another page from the sidebar, read a filter or a figure.

Plain functions (not fixtures) so every test module uses the same waits.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from playwright.sync_api import Error as PlaywrightError

NAV = {"overview": "Overview", "displacement": "Displacement", "detention": "Detention centres",
       "disembarkation": "Disembarkation points", "health": "Health coverage",
       "stabilization": "Community stabilization", "flash": "Flash updates", "snapshots": "Snapshots",
       "data": "Data (coordinators)"}
EXCEPTION = '[data-testid="stException"]'
# Markdown allowing HTML makes the browser fetch its HTML parser (rehype-raw, 0.19 MB) on first use: a page
# that writes its data values as HTML (st.html) never does (components.page.html_list, caption_html).
PARSER_FETCHED = "() => performance.getEntriesByType('resource').some(r => /rehype-raw/.test(r.name))"
# The last run has finished (the app's script state, not only its status widget, which shows late) and nothing
# is held back until the map has drawn (components.map_first).
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('.atlas-map-first, [data-testid="stStatusWidget"]');
}"""


def settle(page: Any, timeout: int = 60_000) -> None:
    """Wait until the script run the last action started has finished, and what the page held back
    until its map had drawn has arrived (``components.map_first``: no ``.atlas-map-first`` marker)."""
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_function(SETTLED, timeout=timeout)
    page.wait_for_timeout(300)


def press_switch(page: Any, label: str, name: str) -> bool:
    """Click the one-pill switch ``label`` (``components.state.switch``), wait for the permalink to hold its new
    value (``name=1`` or ``name=0``) and the run to end; returns whether the pill is now pressed."""
    pill = page.get_by_role("button", name=label)
    on = pill.get_attribute("aria-pressed") != "true"
    pill.click()
    page.wait_for_url(f"**{name}={int(on)}**", timeout=30_000)
    settle(page)
    return pill.get_attribute("aria-pressed") == "true"


def scroll_to_below(page: Any, timeout: int = 60_000) -> None:
    """Scroll down to the charts and tables below the map, as a viewer does, and wait until they are drawn
    (``components.map_first`` draws them only once the viewer comes near; until then each is a placeholder
    of its size, ``.atlas-below``)."""
    settle(page, timeout)
    below = page.locator(".atlas-below")
    if below.count():
        # Replaced between the count and the scroll (it came in sight): what it stood for is there.
        with contextlib.suppress(PlaywrightError):
            below.first.scroll_into_view_if_needed()
        page.wait_for_function("() => !document.querySelector('.atlas-below')", timeout=timeout)
    settle(page, timeout)


def map_frame(page: Any, key: str | None = None, timeout: float = 45.0) -> Any:
    """The map iframe once the atlas runtime has applied a payload."""
    probe = "window.__atlasDebug && window.__atlasDebug(%s) && window.__atlasDebug(%s).restyles > 0" % (
        (repr(key), repr(key)) if key else ("", ""))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate(probe):
                        return frame
                except Exception:  # frame still loading
                    pass
        page.wait_for_timeout(100)
    raise AssertionError("the map never finished loading")


def open_page(page: Any, url: str, needs_map: bool = True) -> Any:
    page.goto(url)
    settle(page)
    return map_frame(page) if needs_map else None


def go(page: Any, name: str) -> None:
    """Switch page from the sidebar, as a user does."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=NAV[name]).first.click()
    page.wait_for_url(f"**/{'' if name == 'overview' else name}*", timeout=30_000)
    settle(page)


def press_then_arabic(page: Any, button: str, delay_ms: int) -> None:
    """Press the button labelled ``button`` and choose العربية in the sidebar ``delay_ms`` later, both from one
    script in the page: a reader's second click in the instant after a press, faster than Playwright sends two."""
    page.evaluate("""([label, delay]) => {
      const pressed = [...document.querySelectorAll('button')].find(e => e.innerText.trim() === label);
      const arabic = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stRadio"] label')]
        .find(e => e.innerText.includes('العربية'));
      pressed.click();
      setTimeout(() => arabic.click(), delay);
    }""", [button, delay_ms])


def combo(page: Any, label: str) -> str:
    """The text a select box shows."""
    return page.get_by_role("combobox", name=label).first.input_value()


def choose(page: Any, label: str, option_text: str) -> None:
    """Pick an option of a select box by typing part of its text."""
    box = page.get_by_role("combobox", name=label).first
    box.click()
    box.fill(option_text)
    page.get_by_role("option", name=option_text).first.click()
    settle(page)


def choose_file(page: Any, files: Any, timeout: int = 30_000) -> None:
    """Give the Data page's uploader a file (a path, or Playwright's name/mimeType/buffer dicts).

    Waits for one uploader first: a stored file leaves the uploader (a new key), and for a moment, on a slow
    machine, the old one is still drawn beside the new (seen once in CI, 0.1 s, after "Stored …")."""
    page.wait_for_function("document.querySelectorAll('input[type=\"file\"]').length === 1", timeout=timeout)
    page.locator('input[type="file"]').set_input_files(files)


def metric(page: Any, label_part: str) -> str | None:
    return page.evaluate(
        """(part) => {
            for (const m of document.querySelectorAll('.atlas-figure')) {
                if (m.innerText.includes(part)) return m.querySelector('.atlas-figure-value').innerText;
            }
            return null;
        }""", label_part)


DOWNLOAD_MENU = '[data-testid="stPopover"]'  # the page's "Download" menu (components.downloads.menu)


def open_downloads(page: Any, timeout: int = 60_000) -> None:
    """Open the page's "Download" menu, as a user does, and wait for the files its opening run writes."""
    menu = page.locator(DOWNLOAD_MENU).first
    menu.wait_for(timeout=timeout)
    # The menu is below the charts and tables: scrolling to it draws them (components.map_first), and that
    # run must be over before the click, or the two reruns race.
    scroll_to_below(page, timeout)
    for _attempt in range(3):  # a click during a rerun can be dropped: wait for idle, try again
        if page.locator('[data-testid="stDownloadButton"]').count() == 0:
            menu.get_by_role("button").first.click()
        try:
            page.locator('[data-testid="stDownloadButton"]').first.wait_for(timeout=timeout // 3)
            break
        except Exception:
            settle(page, timeout)
    settle(page, timeout)
