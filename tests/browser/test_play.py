"""Displacement's "Play rounds" in a real browser: it steps through every round to the last, and goes on when
the reader chooses another population group while it plays, and stops when the reader leaves the page.

Seen while trying the link note: choosing IDPs while the rounds played stopped the play on "This view could not
be shown" (the step after a run of the whole page asked Streamlit to rerun the slider's part alone, which it
refuses outside that part's own rerun); so did pressing Play on a link whose note the press took down. The rounds
expected are those of the shipped file, read here with the csv module."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from atlas_ui import EXCEPTION, go, open_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOT_USED = '[data-testid="stAlert"]:has-text("Part of this link was not used")'
FAILED = "could not be shown"


def _shipped_rounds() -> list[int]:
    with open(ROOT / "data" / "layers" / "displacement.csv", newline="", encoding="utf-8") as f:
        return sorted({int(row["round"]) for row in csv.DictReader(f)})


ROUNDS = _shipped_rounds()  # read once, not at every poll


def rounds_played(page, seconds: float = 30.0) -> list[int]:
    """The ``round`` of the address bar, each new one as it comes (read from the page itself: Playwright's
    ``page.url`` is not refreshed while the test sleeps)."""
    seen: list[int] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        query = page.evaluate("location.search")
        rnd = int(query.split("round=")[1].split("&")[0])
        if not seen or seen[-1] != rnd:
            seen.append(rnd)
        if seen[-1] == ROUNDS[-1] and len(seen) > 1:
            break
        time.sleep(0.2)
    return seen


def play(page) -> None:
    """Press Play and wait until it shows the first round (the address bar held the last before)."""
    page.get_by_role("button", name="Play rounds").click()
    page.wait_for_function(f"location.search.includes('round={ROUNDS[0]}&')", timeout=30_000)


def no_error(page) -> bool:
    return page.locator(EXCEPTION).count() == 0 and page.get_by_text(FAILED).count() == 0


def test_play_steps_through_every_round(app, browser_page):
    page = browser_page
    open_page(page, f"{app}/displacement")
    play(page)
    assert rounds_played(page) == ROUNDS
    assert no_error(page)


def test_choosing_another_group_while_playing_goes_on_playing(app, browser_page):
    page = browser_page
    open_page(page, f"{app}/displacement")
    play(page)
    page.get_by_text("IDPs", exact=True).first.click()
    page.wait_for_function("location.search.includes('metric=idps')", timeout=30_000)
    played = rounds_played(page)
    assert played[-1] == ROUNDS[-1], played
    assert "metric=idps" in page.evaluate("location.search")
    assert no_error(page)


def test_play_on_a_link_with_a_note_takes_the_note_down_and_plays(app, browser_page):
    page = browser_page
    open_page(page, f"{app}/displacement?round=99")
    assert page.locator(NOT_USED).count() == 1
    play(page)
    assert rounds_played(page) == ROUNDS
    assert page.locator(NOT_USED).count() == 0
    assert no_error(page)


def test_leaving_the_page_while_playing_stops_the_play(app, browser_page):
    """Seen: back on Displacement a while after leaving it mid-play, the rounds went on playing by themselves."""
    page = browser_page
    open_page(page, f"{app}/displacement")
    play(page)
    go(page, "overview")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Displacement").first.click()
    page.wait_for_function("location.pathname.endsWith('/displacement') && location.search.includes('round=')",
                           timeout=30_000)
    time.sleep(1.0)
    back = page.evaluate("location.search")
    time.sleep(4.0)  # a play steps a round a second: four would have gone by
    assert page.evaluate("location.search") == back
    assert f"round={ROUNDS[-1]}&" not in back  # it had not played to the end before the reader left
    assert no_error(page)
