"""A choice worded in the page's language survives a switch of language, in a real browser.

Streamlit keeps a chooser's choice in the browser as the words it showed.  Before
``components.i18n.reworded``, a switch to Arabic left the English words in the box (a snapshot's
"7 Dec 2026", "detention_centres"), and at the reader's next click the browser sent them back:
they matched no option, and the choice fell back to the first snapshot, the first centre.

Each test picks an option that is not the first (on the Data page, also a version to roll back to),
switches to العربية, checks the box shows the choice in Arabic, then clicks the Arabic digits
(another run) and checks the choice held.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from atlas_ui import settle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BOX = '[data-testid="stSelectbox"]'


@pytest.fixture(scope="module")
def data_dir() -> Iterator[str]:
    """A store holding two published snapshots, the older one about Derna, and two versions of flash_updates."""
    from geo import snapshots, store

    with tempfile.TemporaryDirectory(prefix="atlas-worded-") as tmp:
        before = os.environ.get("ATLAS_DATA_DIR")
        os.environ["ATLAS_DATA_DIR"] = tmp
        try:
            snapshots.publish(snapshots.View(area="LY0101", rounds=(28,)), "Derna first",
                              publisher_role="coordinator", actor="coord@example.org")
            snapshots.publish(snapshots.View(area="LY0102", rounds=(27, 28)), "Second one",
                              publisher_role="coordinator", actor="coord@example.org")
            # A second version of flash_updates, to roll back from.
            s = store.open_store(f"gpkg:{tmp}/atlas.gpkg")
            s.write_version("flash_updates", s.read("flash_updates").head(3), source_name="three-events.csv",
                            source_bytes=b"3", actor="cli-test")
        finally:
            if before is None:
                os.environ.pop("ATLAS_DATA_DIR", None)
            else:
                os.environ["ATLAS_DATA_DIR"] = before
        yield tmp


@pytest.fixture(scope="module")
def app(streamlit_server, data_dir) -> str:
    return streamlit_server("app.py", env={"ATLAS_DATA_DIR": data_dir, "ATLAS_ROLE": "coordinator",
                                           "ATLAS_PUBLIC_URL": ""})


def open_at(page: Any, url: str, text: str) -> None:
    """Open ``url`` and wait until it shows ``text`` and its run has ended."""
    page.goto(url)
    page.get_by_text(text).first.wait_for(timeout=90_000)
    settle(page)


def shown(page: Any, label: str) -> str:
    """The words the chooser labelled ``label`` shows for its choice."""
    box = page.locator(BOX).filter(has_text=label).last
    return box.locator("input").first.input_value()


def pick(page: Any, label: str, option: str) -> None:
    box = page.locator(BOX).filter(has_text=label).last
    box.scroll_into_view_if_needed()
    for _ in range(4):  # a rerun that lands while the list is open closes it
        box.click()
        try:
            page.get_by_role("option", name=option, exact=False).first.click(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    settle(page)


def to_arabic_then_rerun(page: Any) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label', has_text="العربية").click()
    settle(page)
    page.wait_for_timeout(1_000)
    settle(page)


def arabic_digits(page: Any) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label', has_text="١٢٣").click()
    settle(page)
    page.wait_for_timeout(1_000)
    settle(page)


def test_a_chosen_snapshot_stays_chosen_in_arabic(app, browser_page, assert_clean):
    page = browser_page
    open_at(page, f"{app}/snapshots", "Show snapshot")
    assert shown(page, "Show snapshot").startswith("Second one")  # the newest first
    pick(page, "Show snapshot", "Derna first")
    assert shown(page, "Show snapshot").startswith("Derna first")

    to_arabic_then_rerun(page)
    words = shown(page, "عرض اللقطة")
    assert "Derna first" in words and "ديسمبر" in words, words  # the date in Arabic words
    arabic_digits(page)
    words = shown(page, "عرض اللقطة")
    assert "Derna first" in words and "ديسمبر" in words, words  # still the reader's snapshot
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_clean(page)


def test_a_chosen_centre_stays_chosen_in_arabic(app, browser_page, assert_clean):
    with (ROOT / "data" / "layers" / "detention_centres.csv").open(encoding="utf-8") as f:
        arabic = {row["name"]: row["name_ar"] for row in csv.DictReader(f)}
    centre = "Daher Al-Jabal detention centre"
    page = browser_page
    open_at(page, f"{app}/detention", "Trend for centre")
    assert shown(page, "Trend for centre") != centre  # not the first in the list
    pick(page, "Trend for centre", centre)
    assert shown(page, "Trend for centre") == centre

    to_arabic_then_rerun(page)
    assert shown(page, "الاتجاه حسب المركز") == arabic[centre]
    arabic_digits(page)
    assert shown(page, "الاتجاه حسب المركز") == arabic[centre]
    assert_clean(page)


def test_the_data_page_names_its_datasets_in_arabic(app, browser_page, assert_clean):
    page = browser_page
    open_at(page, f"{app}/data", "Versions")
    pick(page, "Dataset", "flash_updates")  # the Versions box, the page's last "Dataset"
    assert shown(page, "Dataset") == "flash_updates"
    pick(page, "roll back", "version 1")
    assert shown(page, "roll back").startswith("version 1 (6 rows")

    to_arabic_then_rerun(page)
    import_box = page.locator(BOX).filter(has_text="مجموعة البيانات").first.locator("input").first
    assert import_box.input_value() == "(يُحدَّد من الملف)"
    assert page.locator(BOX).filter(has_text="مجموعة البيانات").last.locator("input").first.input_value() == \
        "تحديثات عاجلة"
    assert shown(page, "التراجع").startswith("الإصدار 1 (6 صفوف")
    arabic_digits(page)
    assert page.locator(BOX).filter(has_text="مجموعة البيانات").last.locator("input").first.input_value() == \
        "تحديثات عاجلة"
    assert shown(page, "التراجع").startswith("الإصدار ١ (٦ صفوف")  # still version 1, in the reader's digits
    assert_clean(page)
