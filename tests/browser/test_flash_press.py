"""The flash form's "Add to the feed" under a second click straight after it (a real browser).

Seen (both clicks sent by one script, the language 0–20 ms after the press; 8 tries): at 0 ms nothing was added
and nothing said (2 of 2), the run the press started stopped before it read the press; of the 6 events added,
"Added …" was seen 2 times (the language's run took it down the instant after it was drawn, or the run adding
could no longer show it). Each try adds its own
title, so each must add one event, counted in the store itself; the notice's words are the msgstr of "Added {id}
to the feed (version {v})." in ``locales/ar/LC_MESSAGES/messages.po``."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest
from atlas_ui import EXCEPTION, press_then_arabic
from test_flash import choose_place, open_flash, open_form

from geo import store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def data_dir() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="atlas-flash-press-") as tmp:
        yield tmp


def _titles(data_dir: str) -> list[str]:
    return store.open_store(f"gpkg:{data_dir}/atlas.gpkg").read("flash_updates")["title"].tolist()


def test_a_language_chosen_in_the_instant_after_add_neither_loses_the_event_nor_its_notice(streamlit_server,
                                                                                           browser_page, data_dir):
    app = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator",
                                          "ATLAS_PUBLIC_URL": ""})
    page = browser_page
    for attempt, delay in enumerate([0, 10, 20, 0, 10, 20]):
        open_flash(page, f"{app}/flash?lang=en")
        open_form(page)
        title = f"Road to Alkufra cut, try {attempt}"
        page.locator(".st-key-fu-form-title input").fill(title)
        choose_place(page, "Alkufra")
        page.locator(".st-key-fu-form-source input").fill("Field team call")
        page.locator(".st-key-fu-form-text textarea").fill("The road south of Alkufra is closed.")
        press_then_arabic(page, "Add to the feed", delay)
        page.locator('[data-testid="stAlert"]', has_text="إلى الموجز").first.wait_for(timeout=60_000)  # "Added"
        page.wait_for_timeout(2_000)  # the page's later runs (the release of what waits for the map) keep it
        notice = page.locator('[data-testid="stAlert"]', has_text="إلى الموجز")
        assert notice.count() == 1 and notice.first.inner_text().startswith("أُضيف"), (attempt, delay)
        assert _titles(data_dir).count(title) == 1, (attempt, delay)
        assert "lang=ar" in page.evaluate("location.search")  # the language was taken too
    assert page.locator(EXCEPTION).count() == 0
