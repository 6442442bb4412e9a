"""Publishing from the app and the public Snapshots page, in Chromium.

A coordinator publishes the Displacement view with "Publish this view"; the
Snapshots page then lists it with its title and area, shows it inline (the
snapshot's own page, painted, inside the app) and offers its files.  A
public server lists the same snapshot but offers no publish or withdraw
control.
"""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
from atlas_ui import press_then_arabic, scroll_to_below, settle

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("atlas-snapshots"))  # outlives the module's servers


def _snapshot_frame(page, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("document.body && document.body.dataset.painted === '1'"):
                    return frame
            except Exception:  # frame still loading
                pass
        page.wait_for_timeout(200)
    raise AssertionError("the snapshot was not painted inside the Snapshots page")


def test_coordinator_publishes_and_public_sees_it(streamlit_server, browser_page, assert_clean, data_dir):
    app = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator"})
    page = browser_page
    page.goto(f"{app}/displacement?mantika=LY0101&region=LY01&round=27")
    # As a reader would: once the page has settled (the charts are in after the map).
    page.wait_for_function("() => !document.querySelector('.atlas-map-first')", timeout=90_000)
    page.get_by_text("Publish this view as a snapshot").click(timeout=90_000)
    # The coordinator is told, before publishing, that the donors' totals leave small counts out.
    page.get_by_text("Small counts are withheld and left out of its totals (disclosure control), so its figures can "
                     "be lower than the ones on this page.", exact=False).wait_for(timeout=30_000)
    title = page.get_by_label("Title")
    title.fill("Derna for the donor meeting")
    title.press("Enter")
    page.get_by_role("button", name="Publish snapshot").click()
    page.get_by_text("Published snapshot").wait_for(timeout=90_000)
    assert page.locator(EXCEPTION).count() == 0
    # The charts below the map come a moment later, by a run the atlas starts itself: the message stays (it
    # vanished with that run, and the coordinator could not tell whether the press had done anything).
    page.mouse.wheel(0, 4000)
    page.wait_for_function("() => !document.querySelector('.atlas-below')", timeout=60_000)
    page.wait_for_timeout(2500)  # a press still to come (the atlas waits 1.5 s after the reader's last click)
    assert page.get_by_text("Published snapshot").is_visible()

    page.goto(f"{app}/snapshots")
    page.get_by_text("Derna for the donor meeting").first.wait_for(state="attached", timeout=60_000)
    frame = _snapshot_frame(page)
    assert "Derna for the donor meeting" in frame.text_content("h1")
    assert "R27" in frame.text_content(".round-label")  # the round the coordinator was looking at
    # When it was published, in words (it read "2026-12-02 10:52 UTC"): the grid's accessible copy holds the text.
    cells = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] td')]"
                          ".map(e => e.innerText.trim())")
    assert any(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", c) for c in cells), cells
    for name in ("index.html", "map.png", "figures.csv", "manifest.json"):
        button = page.get_by_role("button", name=name, exact=True)  # a Material icon, not ⬇ (no emoji font needed)
        assert button.count() == 1 and button.locator('[data-testid="stIconMaterial"]').count() == 1
    assert page.get_by_role("button", name="Withdraw this snapshot…").count() == 0  # coordinators are not admins
    assert page.locator(EXCEPTION).count() == 0
    assert_clean(page)

    public = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "public"})
    page.goto(f"{public}/snapshots")
    page.get_by_text("Derna for the donor meeting").first.wait_for(state="attached", timeout=60_000)
    _snapshot_frame(page)
    assert page.get_by_role("button", name="Withdraw this snapshot…").count() == 0
    # In Arabic the list is read from the right: its title first, then when it was published, in Arabic words
    # (the raw grid opened on an "id" column and cut the published time off a phone's screen).
    page.goto(f"{public}/snapshots?lang=ar")
    page.get_by_text("Derna for the donor meeting").first.wait_for(state="attached", timeout=60_000)
    headers = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] th')]"
                            ".map(e => e.innerText.trim()).filter(Boolean)")
    assert headers[-2:] == ["تاريخ النشر", "العنوان"], headers
    cells = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] td')]"
                          ".map(e => e.innerText.trim())")
    assert any("الجولة\u00a027" in c for c in cells), cells
    # Its area in the reader's language (it was published in English: the list read "Derna").
    assert "درنه" in cells and "Derna" not in cells, cells
    # The chooser reads title · date · area from the right: each part isolated (U+2068 … U+2069), else by the
    # Unicode bidirectional algorithm the day's number joins the English title's run and is drawn beside it.
    parts = page.get_by_label("عرض اللقطة").input_value().split(" · ")
    assert len(parts) == 3 and all(p.startswith("\u2068") and p.endswith("\u2069") for p in parts), parts
    assert parts[0] == "\u2068Derna for the donor meeting\u2069" and parts[2] == "\u2068درنه\u2069", parts
    assert not any(re.search(r"[A-Z][a-z]{2} \d{4}", c) for c in cells), cells  # no English month left
    page.goto(f"{public}/displacement")
    page.get_by_text("Top baladiyas").first.wait_for(timeout=90_000)
    assert page.get_by_text("Publish this view as a snapshot").count() == 0
    assert page.locator(EXCEPTION).count() == 0
    assert_clean(page)


def test_a_choice_made_right_after_publish_does_not_swallow_the_confirmation(streamlit_server, browser_page,
                                                                              data_dir):
    """Seen (a helper acting mid-run): "Publish snapshot", then "Baladiya (municipality)" 0.1 s later: the
    snapshot was published and audited, and the coordinator was never told (3 tries of 3), so might publish it
    again. The run was stopped by the reader's choice as it wrote the notice (any read of the session is such a
    point), after the publish."""
    app = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator"})
    page = browser_page
    page.goto(f"{app}/?lang=en")
    settle(page)
    scroll_to_below(page)
    page.get_by_text("Publish this view as a snapshot").first.click()
    publish = page.get_by_role("button", name="Publish snapshot").first
    publish.wait_for()
    page.wait_for_timeout(300)
    publish.click(no_wait_after=True)
    page.wait_for_timeout(100)
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"] button',
                 has_text="Baladiya (municipality)").first.click(no_wait_after=True)
    page.get_by_text("Published snapshot").first.wait_for(state="attached", timeout=60_000)
    assert "geo=baladiya" in page.evaluate("location.search")  # the choice was taken too
    assert page.locator(EXCEPTION).count() == 0


def test_a_language_chosen_in_the_instant_after_publish_does_not_lose_the_snapshot(streamlit_server, browser_page,
                                                                                     data_dir):
    """Seen (both clicks sent by one script, the language 0–20 ms after Publish): nothing published and nothing
    said, 2 tries of 8. The run the press started was stopped by the language before it reached the button's
    code, and a press of ``st.button`` is a value of that run only (``components.presses`` keeps it). Where the
    snapshot was published, it was said in English on the page now in Arabic. Each try publishes under its own
    title, so each must add one snapshot folder."""
    app = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator"})
    page = browser_page
    folders = Path(data_dir) / "snapshots"
    for attempt, delay in enumerate([0, 10, 20, 0, 10, 20]):
        page.goto(f"{app}/?lang=en")
        scroll_to_below(page)
        page.get_by_text("Publish this view as a snapshot").first.click()
        title = page.get_by_label("Title").first
        title.fill(f"Quick try {attempt}")
        title.press("Enter")
        settle(page)
        before = len(list(folders.glob("*/manifest.json")))
        press_then_arabic(page, "Publish snapshot", delay)
        # In sight: the panel stays open though the language changed its label (it closed, hiding the notice).
        page.get_by_text("نُشرت اللقطة").first.wait_for(timeout=60_000)  # "Published snapshot"
        assert len(list(folders.glob("*/manifest.json"))) == before + 1, (attempt, delay)
        assert "lang=ar" in page.evaluate("location.search")  # the language was taken too
        # The rounds chooser in Arabic, not emptied (it came back with none, or with "R24" left in English).
        rounds = page.evaluate("() => [...document.querySelectorAll('details [data-testid=stMultiSelect] [data-tag]')]"
                               ".map(e => e.innerText.trim())")
        assert rounds and all(r.startswith("الجولة") for r in rounds), (attempt, rounds)
    assert page.locator(EXCEPTION).count() == 0


def test_the_rounds_chosen_for_a_snapshot_are_kept_across_language_and_digits(streamlit_server, browser_page,
                                                                             assert_clean, data_dir):
    """Seen: the rounds chooser was one per language, so a round taken out in English came back at the switch to
    Arabic; and after ١٢٣ its tags kept Western digits, and taking one more out emptied the whole list."""
    with (Path(__file__).resolve().parents[2] / "data" / "layers" / "displacement.csv").open(encoding="utf-8") as f:
        rounds = sorted({int(row["round"]) for row in csv.DictReader(f)})
    app = streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator"})
    page = browser_page
    page.goto(f"{app}/overview")
    page.wait_for_function("() => !document.querySelector('.atlas-map-first')", timeout=90_000)
    page.get_by_text("Publish this view as a snapshot").click(timeout=90_000)
    chooser = page.locator('[data-testid="stMultiSelect"]')
    chooser.wait_for(timeout=30_000)
    settle(page)

    def tags() -> list[str]:
        return chooser.locator("[data-tag]").evaluate_all("es => es.map(e => e.getAttribute('aria-label'))")

    assert tags() == [f"R{n}" for n in rounds]
    chooser.locator("[data-tag]").first.locator("button").click()  # its ×, "Remove R24"
    settle(page)
    assert tags() == [f"R{n}" for n in rounds[1:]]

    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label', has_text="العربية").click()
    settle(page)
    page.wait_for_timeout(1_000)
    settle(page)
    assert tags() == [f"الجولة\u00a0{n}" for n in rounds[1:]]  # the reader's choice, in Arabic words
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label', has_text="١٢٣").click()
    settle(page)
    page.wait_for_timeout(1_000)
    settle(page)
    arabic_digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    shown = [f"الجولة\u00a0{str(n).translate(arabic_digits)}" for n in rounds[1:]]
    assert tags() == shown
    chooser.locator("[data-tag]").first.locator("button").click()
    settle(page)
    assert tags() == shown[1:]  # one taken out, not all
    assert page.locator(EXCEPTION).count() == 0
    assert_clean(page)
