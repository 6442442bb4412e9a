"""The whole interface in Arabic, right to left, in a real browser.

Every page is opened with ``?lang=ar`` in a fresh browser (as a shared link is)
and checked the way an Arabic reader would: the app reads right to left, no
interface string of the catalogue is left in English, and Latin letters are
under 5 % of the interface text once data values (pcodes, file names, the feed's
own English titles, marked ``atlas-data``) are set aside.  Each page's
screenshot is written to ``tests/browser/screenshots/ar/`` for review.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
import time
from pathlib import Path

import pytest
from atlas_ui import SETTLED, choose_file, open_downloads, scroll_to_below
from babel.messages.pofile import read_po
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).resolve().parent / "screenshots" / "ar"
PAGES = ["overview", "displacement", "detention", "disembarkation", "health", "stabilization", "flash", "data"]
MAP_PAGES = set(PAGES) - {"data"}
EXCEPTION = '[data-testid="stException"]'
# Data values that stay as written: pcodes, file names, hashes, the file formats named on buttons.
DATA_TOKENS = re.compile(r"\bLY\d{2,8}\b|\S+\.(?:py|csv|xlsx|geojson|json|zip|gpkg)\b|\b[0-9a-f]{12}\b|"
                         r"\b(?:CSV|GeoJSON|PNG|XLSX|HXL|GeoPackage|sha256|km)\b")

VISIBLE_TEXT = """() => {
    const clone = document.querySelector('.stApp').cloneNode(true);
    // data values stay in the language they were written in; tables are data
    // icon ligatures (Streamlit's and the atlas's, marked translate="no": an expander's "publish") and the skip
    // link are not text a reader sees
    for (const el of clone.querySelectorAll('.atlas-data, [data-testid="stDataFrame"], style, script, '
                                            + '[data-testid="stIconMaterial"], [translate="no"], a[href="#main"], '
                                            + '[href^="#"]'))
        el.remove();
    document.body.appendChild(clone);
    clone.style.position = 'absolute'; clone.style.left = '-99999px';
    const text = clone.innerText;
    clone.remove();
    return text;
}"""


def _data_names() -> list[str]:
    """Names and titles the shipped layers carry (data values, in English only)."""
    import csv

    names = set()
    for path in (ROOT / "data" / "layers").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                names.update(v for k, v in row.items() if k in ("name", "title", "partner") and v)
    return sorted(names, key=len, reverse=True)


DATA_NAMES = _data_names()


@pytest.fixture(scope="module")
def app(streamlit_server) -> str:
    with tempfile.TemporaryDirectory(prefix="atlas-arabic-") as tmp:
        yield streamlit_server("app.py", env={"ATLAS_DATA_DIR": tmp, "ATLAS_ROLE": "coordinator"})


@pytest.fixture(scope="module")
def english_fragments() -> list[str]:
    """Pieces of every msgid long enough to be recognisable if left untranslated."""
    with open(ROOT / "locales" / "ar" / "LC_MESSAGES" / "messages.po", "rb") as f:
        cat = read_po(f, locale="ar")
    out = set()
    for m in cat:
        if not m.id:
            continue
        ids, strings = (m.id, m.string) if isinstance(m.id, tuple) else ((m.id,), (m.string,))  # counted: forms
        for piece in (piece.strip(" .,:;·—()") for msgid in ids for piece in re.split(r"\{[^}]*\}", msgid)):
            if sum(c.isalpha() for c in piece) >= 6 and not any(piece in s for s in strings):  # kept tokens (GeoJSON)
                out.add(piece)
    return sorted(out)


RTL_JS = "() => getComputedStyle(document.querySelector('.stApp')).direction === 'rtl'"


def _open(page, url: str, maps: bool) -> None:
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    if maps:
        page.wait_for_selector("iframe", timeout=60_000)
    scroll_to_below(page)  # the charts and tables too (drawn once the viewer scrolls to them)
    page.wait_for_timeout(1500)
    if "lang=ar" in url:  # the direction style arrives with the page's elements; give it time before asserting
        with contextlib.suppress(Exception):
            page.wait_for_function(RTL_JS, timeout=20_000)


def _strip_data(text: str) -> str:
    for name in DATA_NAMES:
        text = text.replace(name, " ")
    # "English" in the language switch names that language in its own script
    return DATA_TOKENS.sub(" ", text).replace("English", " ")


def _latin_share(text: str) -> float:
    text = _strip_data(text)
    letters = [c for c in text if c.isalpha()]
    latin = [c for c in letters if c.isascii()]
    return len(latin) / max(len(letters), 1)


@pytest.mark.parametrize("name", PAGES)
def test_page_in_arabic(app, browser_page, assert_clean, english_fragments, name):
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 1000})
    path = "" if name == "overview" else name  # the default page lives at "/"
    _open(page, f"{app}/{path}?lang=ar", name in MAP_PAGES)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.stApp')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).direction") \
        == "rtl"
    text = page.evaluate(VISIBLE_TEXT)
    left = [f for f in english_fragments if f in text]
    assert not left, f"{name}: interface text still in English: {left}"
    share = _latin_share(text)
    latin_words = sorted(set(re.findall(r"[A-Za-z][A-Za-z'-]+", _strip_data(text))))
    assert share < 0.05, f"{name}: {share:.1%} of the letters are Latin: {latin_words}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"{name}.txt").write_text(f"{name}: {share:.2%} Latin letters; left in Latin: {latin_words}\n",
                                       encoding="utf-8")
    _screenshot(page, SHOTS / f"{name}.png", 1440)
    assert_clean(page)
    if name in ("overview", "displacement", "flash", "stabilization"):
        # A phone opens the page itself (sidebar folded away), not a shrunken desktop window.
        phone = page.context.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                                 has_touch=True)
        try:
            small = phone.new_page()
            _open(small, f"{app}/{path}?lang=ar", name in MAP_PAGES)
            assert small.evaluate("getComputedStyle(document.querySelector('.stApp')).direction") == "rtl"
            _screenshot(small, SHOTS / f"{name}-phone.png", 390)
        finally:
            phone.close()


def _screenshot(page, path: Path, width: int) -> None:
    """The whole page: Streamlit scrolls inside its own container, so the window grows to fit it."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(800)
    height = page.evaluate("""() => Math.max(document.body.scrollHeight,
        ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMainBlockContainer"]')]
            .map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 9000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path), full_page=True)


def test_permalink_opens_in_arabic_in_a_fresh_browser(app, browser_page):
    """A link with lang=ar and digits=arab, opened by someone who never used the app."""
    page = browser_page
    _open(page, f"{app}/displacement?lang=ar&digits=arab&round=24&metric=idps", True)
    assert page.evaluate("getComputedStyle(document.querySelector('.stApp')).direction") == "rtl"
    assert page.locator("h1").first.inner_text().strip().endswith("النزوح")
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "مراكز الاحتجاز" in nav and "Detention" not in nav
    metrics = page.locator('.atlas-figure').all_inner_texts()
    assert any("النازحون داخلياً" in m and "الجولة\u00a0٢٤" in m for m in metrics), metrics
    assert any(re.search("[٠-٩]", m) for m in metrics) and not any(re.search("[0-9]", m) for m in metrics), metrics
    page.wait_for_function("() => location.search.includes('lang=ar') && location.search.includes('digits=arab')",
                           timeout=30_000)


def test_segmented_controls_keep_their_outer_borders_in_arabic(app, browser_page):
    """Mirrored, the chosen (rightmost) option's right edge stood 1 px outside its group and was cut off, and the
    leftmost option had no left border: Streamlit draws both for left to right."""
    page = browser_page
    page.goto(f"{app}/displacement?lang=ar")
    page.wait_for_function(SETTLED, timeout=90_000)
    for key in ("metric", "geo"):
        page.wait_for_selector(f".st-key-{key} [role=radiogroup]", timeout=30_000)
    groups = page.evaluate("""() => ['metric', 'geo'].map(k => {
        const g = document.querySelector('.st-key-' + k + ' [role=radiogroup]'), box = g.getBoundingClientRect();
        return [...g.querySelectorAll('button')].map(b => {
            const r = b.getBoundingClientRect(), s = getComputedStyle(b);
            return [r.left - box.left, box.right - r.right, s.borderLeftColor, s.borderRightColor]; });
    })""")
    for buttons in groups:
        assert all(left >= -0.5 and right >= -0.5 for left, right, _, _ in buttons), buttons  # inside the group
        assert buttons[0][3] != "rgba(0, 0, 0, 0)" and buttons[-1][2] != "rgba(0, 0, 0, 0)", buttons  # outer edges


MENU_GAPS = """() => {
    const main = document.querySelector('[data-testid="stToolbar"]').getBoundingClientRect();
    const menu = document.querySelector('[data-testid="stMainMenu"]').getBoundingClientRect();
    return [menu.left - main.left, main.right - menu.right];
}"""


@pytest.mark.parametrize("width", [1440, 390])
def test_the_main_menu_stands_where_english_has_it_mirrored(app, browser_page, width):
    """In English the ⋮ menu stands at the main area's right edge; in Arabic, whose sidebar is on the right, at
    its left edge, as far from it (it stood 200 px in from the right edge: beside nothing, after nothing)."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app}/displacement?lang=en")
    page.wait_for_function(SETTLED, timeout=90_000)
    _, english_gap = page.evaluate(MENU_GAPS)
    assert english_gap < 40
    page.goto(f"{app}/displacement?lang=ar")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.wait_for_function("getComputedStyle(document.querySelector('.stApp')).direction === 'rtl'", timeout=30_000)
    left, right = page.evaluate(MENU_GAPS)
    assert abs(left - english_gap) <= 2 and right > width / 2 - 100, (left, right, english_gap)
    page.locator('[data-testid="stMainMenuButton"]').click()  # it opens, on the page
    popover = page.locator('[data-testid="stMainMenuPopover"]')
    popover.wait_for(timeout=10_000)
    box = popover.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    # The theme is fixed (light): the menu offers none to switch to (Streamlit's own words, in English).
    assert not {"System", "Light", "Dark"} & set(popover.inner_text().split()), popover.inner_text()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_main_menus_items_are_in_the_pages_language(app, browser_page, lang):
    """Streamlit writes its menu in English; in Arabic a reader opening ⋮ read "Print", "Record screen" and "Made
    with Streamlit", from the left.  Opened by a click or from the keyboard, the menu is in the page's language and
    direction; English keeps Streamlit's words."""
    page = browser_page
    page.goto(f"{app}/health?lang={lang}")
    page.wait_for_function(SETTLED, timeout=90_000)
    expected = {"en": ["Print", "Record screen"], "ar": ["طباعة", "تسجيل الشاشة"]}[lang]
    credit = {"en": "Made with Streamlit v1.", "ar": "صُنع باستخدام Streamlit، الإصدار 1."}[lang]
    labels = page.locator('[data-testid="stMainMenuItemLabel"]')
    for how in ("click", "keyboard"):
        button = page.locator('[data-testid="stMainMenuButton"]')
        if how == "click":
            button.click()
        else:
            button.focus()
            page.keyboard.press("Enter")
        page.locator('[data-testid="stMainMenuPopover"]').wait_for(timeout=10_000)
        expect(labels).to_have_text(expected, timeout=5_000)  # the words are replaced as the menu is drawn
        popover = page.locator('[data-testid="stMainMenuPopover"]')
        expect(popover).to_contain_text(credit)
        # Each item starts at the edge where the page's text starts (the popover is outside the app's element).
        gaps = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMainMenuItemLabel"]')].map(e => {
            const item = e.closest('[role="menuitem"]').getBoundingClientRect(), r = e.getBoundingClientRect();
            return [r.left - item.left, item.right - r.right];
        })""")
        assert all((left < right) == (lang == "en") for left, right in gaps), gaps
        page.keyboard.press("Escape")
        page.locator('[data-testid="stMainMenuPopover"]').wait_for(state="detached", timeout=10_000)


# The month slider of /detention: where its thumb stands along its track (0 at the left end, 1 at the right) and
# the track's middle line on the screen.
SLIDER = """() => {
    const track = document.querySelector('[data-testid="stSlider"] [role="group"] > div');
    const line = track.firstElementChild.getBoundingClientRect(), box = track.getBoundingClientRect();
    const thumb = track.querySelector(':scope > div[data-rac]').getBoundingClientRect();
    return {at: (thumb.left + thumb.width / 2 - box.left) / box.width,
            left: line.left, width: line.width, y: line.top + line.height / 2};
}"""


def _open_in_browser_language(page, url: str, browser_language: str | None) -> None:
    """Open ``url`` in a browser whose language is ``browser_language`` (None: this browser's own, en-US)."""
    if browser_language:
        page.context.add_init_script(
            f"Object.defineProperty(Navigator.prototype, 'language', {{get: () => '{browser_language}'}});")
    page.goto(url)
    page.wait_for_function(SETTLED, timeout=90_000)


@pytest.mark.parametrize(("lang", "browser_language"), [("ar", None), ("ar", "ar-LY"), ("en", "ar-LY"), ("en", None)])
def test_a_time_slider_runs_the_pages_way(app, browser_page, lang, browser_language):
    """In Arabic a time slider runs from the right, as the charts' time axes do: the earliest month at its right
    end, its coloured part from there to the thumb, ArrowLeft a later month.  It ran from the left (and, in a
    browser set to Arabic, an English page's slider ran from the right with its colour still from the left): the
    direction now follows the page's language, whatever the browser's."""
    from PIL import Image

    page = browser_page
    _open_in_browser_language(page, f"{app}/detention?lang={lang}&month=2019-06", browser_language)
    page.locator('[data-testid="stSlider"] input[type="range"]').wait_for(state="attached", timeout=30_000)
    if browser_language:  # the browser really says so, and the widgets were given the page's language
        assert page.evaluate(BROWSER_LANGUAGE) == browser_language
    widgets = page.evaluate("window[Symbol.for('react-aria.i18n.locale')] || null")
    assert widgets == {("ar", None): "ar-LY", ("ar", "ar-LY"): "ar-LY", ("en", "ar-LY"): "en-US",
                       ("en", None): None}[lang, browser_language]
    # June is the 6th of the 12 months of 2019 the shipped data holds: 5/11 of the way from the earliest.
    slider = page.evaluate(SLIDER)
    expected = 5 / 11 if lang == "en" else 1 - 5 / 11
    assert abs(slider["at"] - expected) < 0.02, (slider, expected)
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")

    def coloured(fraction: float) -> bool:
        r, g, b = shot.getpixel((int(slider["left"] + fraction * slider["width"]), int(slider["y"])))
        return r > 150 and g < 120 and b < 120  # the slider's red, not its pale grey

    earliest_end, latest_end = (0.03, 0.97) if lang == "en" else (0.97, 0.03)
    assert coloured(earliest_end) and not coloured(latest_end), lang
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowLeft")
    later = lang == "ar"
    page.wait_for_url(re.compile("month=2019-07" if later else "month=2019-05"), timeout=15_000)


def test_a_time_slider_runs_from_the_right_after_arabic_is_chosen_in_the_sidebar(app, browser_page):
    """Chosen in the sidebar on a page without a slider (no link to reload), Arabic turns the next page's slider
    too: React Aria, told of the language while none of its widgets listened, is told again once one comes."""
    page = browser_page
    page.goto(f"{app}/flash?lang=en")
    page.wait_for_function(SETTLED, timeout=90_000)
    assert page.locator('[data-testid="stSlider"]').count() == 0
    page.get_by_text("العربية").click()
    page.wait_for_function("getComputedStyle(document.querySelector('.stApp')).direction === 'rtl'", timeout=30_000)
    page.wait_for_function(SETTLED, timeout=90_000)
    page.locator('[data-testid="stSidebarNav"] a[href$="/detention"]').click()
    page.wait_for_url(re.compile("/detention"), timeout=30_000)
    page.locator('[data-testid="stSlider"] input[type="range"]').wait_for(state="attached", timeout=30_000)
    # The latest month (the default) at the slider's left end.
    page.wait_for_function(f"({SLIDER})().at < 0.02", timeout=10_000)


# What the browser itself says (the page's ``navigator.language`` answers with the widgets' language).
BROWSER_LANGUAGE = "Object.getOwnPropertyDescriptor(Navigator.prototype, 'language').get.call(navigator)"
CALENDAR = """() => {
    const cal = document.querySelector('[data-testid="stDateInputCalendar"]');
    const cell = day => [...cal.querySelectorAll('[role="gridcell"] [role="button"], [role="gridcell"] span')]
        .find(e => e.textContent.trim() === day && !e.closest('[aria-disabled="true"]')
              && !e.hasAttribute('data-outside-month'));
    const x = e => { const r = e.getBoundingClientRect(); return r.left + r.width / 2; };
    const labels = [...cal.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'));
    const button = slot => x(cal.querySelector(`button[slot="${slot}"]`));
    return {text: cal.innerText, labels: labels, first: x(cell('1')), second: x(cell('2')),
            previous: button('previous'), next: button('next')};
}"""


@pytest.mark.parametrize(("lang", "browser_language"), [("ar", None), ("en", "ar-LY"), ("en", None)])
def test_a_date_inputs_calendar_is_in_the_pages_language(app, browser_page, lang, browser_language):
    """The calendar of Health's date input names its months and days in the page's language and, in Arabic,
    runs from the right (its previous month on the right) and tells screen readers in Arabic.  It was in English,
    from the left, on Arabic pages: Streamlit gives it the browser's language, and its own words in English."""
    page = browser_page
    _open_in_browser_language(page, f"{app}/health?lang={lang}&date=2019-12-31", browser_language)
    page.locator('[data-testid="stDateInput"] button').first.click()
    page.locator('[data-testid="stDateInputCalendar"] [role="grid"]').wait_for(timeout=15_000)
    calendar = page.evaluate(CALENDAR)
    # December and January in Arabic as written in Libya (CLDR's ar-LY), and in English.
    months = ("ديسمبر", "يناير") if lang == "ar" else ("December", "January")
    assert all(month in calendar["text"] for month in months), calendar["text"][:300]
    assert ("December" in calendar["text"]) == (lang == "en")
    # What it tells screen readers: Streamlit's English, in Arabic on Arabic pages.
    english = {"Previous month", "Next month"} & set(calendar["labels"])
    assert english == (set() if lang == "ar" else {"Previous month", "Next month"}), calendar["labels"]
    assert ("Use arrow keys" in calendar["text"]) == (lang == "en")
    if lang == "ar":
        assert "الشهر السابق" in calendar["labels"] and "اختر تاريخًا، ديسمبر 2019" in calendar["text"]
        # The service radius's buttons too (the msgstr of locales/ar/LC_MESSAGES/messages.po).
        page.keyboard.press("Escape")
        page.locator('[data-testid="stNumberInput"]').hover()
        expect(page.locator('[data-testid="stNumberInputStepUp"]')).to_have_attribute("aria-label", "زيادة")
        expect(page.locator('[data-testid="stNumberInputStepDown"]')).to_have_attribute("aria-label", "إنقاص")
    from_the_right = lang == "ar"
    assert (calendar["second"] < calendar["first"]) == from_the_right, calendar
    assert (calendar["previous"] > calendar["next"]) == from_the_right, calendar



def test_a_date_ranges_quick_choices_are_in_arabic(app, browser_page):
    """Below a range's calendar (Stabilization's "Active between") Streamlit offers quick choices, in English:
    in Arabic they read in Arabic, the chosen one too."""
    page = browser_page
    page.goto(f"{app}/stabilization?lang=ar")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.locator('[data-testid="stDateInput"] button').first.click()
    quick = page.locator('[data-testid="stDateInputQuickSelect"]')
    expect(quick).to_contain_text("فترة جاهزة", timeout=10_000)
    assert "Date range" not in quick.inner_text() and "Select" not in quick.inner_text()
    quick.locator("button").first.click()
    choices = page.locator('[data-testid="stDateInputQuickSelectPopover"] [role="option"]')
    expect(choices.first).to_have_text("الأسبوع الماضي", timeout=10_000)
    assert not any("Past" in text for text in choices.all_inner_texts()), choices.all_inner_texts()
    choices.first.click()
    expect(quick).to_contain_text("الأسبوع الماضي", timeout=15_000)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_charts_toolbar_and_notices_are_in_the_pages_language(app, browser_page, lang):
    """Plotly writes its toolbar (download, zoom, pan...) and its notices in English, and Streamlit adds its
    "Fullscreen" to it: in Arabic they are in Arabic, each of them; in English, Plotly's and Streamlit's own."""
    page = browser_page
    page.goto(f"{app}/displacement?lang={lang}")
    page.wait_for_function(SETTLED, timeout=90_000)
    scroll_to_below(page)
    page.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached", timeout=60_000)
    page.locator(".js-plotly-plot").first.hover()  # its toolbar shows on hover
    titles_js = ("[...document.querySelector('.js-plotly-plot').querySelectorAll('.modebar-btn')]"
                 ".map(b => b.getAttribute('data-title'))")
    if lang == "ar":  # Streamlit's own button in it ("Fullscreen") is put in Arabic as the toolbar shows
        page.wait_for_function(f"!{titles_js}.includes('Fullscreen')", timeout=10_000)
    titles = page.evaluate(titles_js)
    assert len(titles) >= 5, titles
    if lang == "en":
        assert "Download plot as a PNG" in titles and "Reset axes" in titles, titles
    else:  # the msgstr of locales/ar/LC_MESSAGES/messages.po
        assert "تنزيل الرسم صورةً (PNG)" in titles and "إعادة المحاور" in titles, titles
        assert not [title for title in titles if re.search("[A-Za-z]{3}", title.replace("PNG", ""))], titles


def _open_first_column_menu(page, table) -> None:
    """Open the menu of a table's first column (on the right): its ⋮ is drawn on the grid's canvas when the
    header is hovered, found as what the hover adds in dark pixels."""
    from PIL import Image, ImageChops

    box = table.bounding_box()
    header = {"x": box["x"], "y": box["y"], "width": box["width"], "height": 36}
    page.mouse.move(box["x"] + box["width"] - 30, box["y"] + 60)
    page.wait_for_timeout(400)
    before = Image.open(io.BytesIO(page.screenshot(clip=header))).convert("L")
    page.mouse.move(box["x"] + box["width"] - 30, box["y"] + 18)
    page.wait_for_timeout(600)
    after = Image.open(io.BytesIO(page.screenshot(clip=header))).convert("L")
    diff = ImageChops.difference(before, after).point(lambda v: 255 if v > 100 else 0)
    left, top, right, bottom = diff.getbbox()
    page.mouse.click(box["x"] + (left + right) / 2, box["y"] + (top + bottom) / 2)


def _show_toolbar(table) -> None:
    """Hover a table so Streamlit shows its toolbar, with the table's top well below the page's sticky header
    (scrolled just into view, the toolbar above the table sits under the header and cannot be hovered)."""
    table.evaluate(
        """e => {
            let s = e.parentElement;
            while (s && !(s.scrollHeight > s.clientHeight && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) {
                s = s.parentElement;
            }
            (s || document.scrollingElement).scrollTop += e.getBoundingClientRect().top - 200;
        }"""
    )
    table.hover()


def test_a_tables_toolbar_search_and_column_menu_are_in_arabic(app, browser_page):
    """Streamlit writes a table's toolbar, its tooltips, the search bar and its counts, and a column's menu in
    English: on an Arabic page they are in Arabic (counts in the reader's digits), the menu right to left; and in
    English again once English is chosen."""
    page = browser_page
    page.goto(f"{app}/displacement?lang=ar&digits=arab")
    page.wait_for_function(SETTLED, timeout=90_000)
    scroll_to_below(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    _show_toolbar(table)
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    # The msgstr of locales/ar/LC_MESSAGES/messages.po.
    expect(toolbar.get_by_role("button", name="تنزيل بصيغة CSV")).to_be_attached(timeout=10_000)
    labels = toolbar.locator("[aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert labels and not [label for label in labels if re.search("[A-Za-z]{4}", label)], labels
    toolbar.get_by_role("button", name="بحث").hover()
    expect(page.locator('[data-testid="stTooltipContent"]')).to_have_text("بحث", timeout=10_000)
    toolbar.get_by_role("button", name="بحث").click()
    bar = page.locator(".gdg-search-bar")
    expect(bar).to_contain_text("اكتب للبحث", timeout=10_000)
    page.keyboard.type("a")  # Latin letters: the English names column
    expect(bar).to_contain_text(re.compile("^[٠-٩]+ نتيجة$", re.M), timeout=10_000)
    page.keyboard.press("Enter")
    expect(bar).to_contain_text(re.compile("^١ من [٠-٩]+ نتيجة$", re.M), timeout=10_000)
    page.keyboard.press("Escape")
    _open_first_column_menu(page, table)
    menu = page.locator('[data-testid="stDataFrameColumnMenu"]')
    expect(menu).to_contain_text("ترتيب تصاعدي", timeout=10_000)
    text = menu.inner_text()
    assert "Sort" not in text and "Hide column" not in text, text
    assert menu.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.keyboard.press("Escape")
    # English chosen in the sidebar: the same table's toolbar (still on the page) is in English again.
    page.get_by_text("English").click()
    page.wait_for_function("getComputedStyle(document.querySelector('.stApp')).direction === 'ltr'", timeout=30_000)
    page.wait_for_function(SETTLED, timeout=90_000)
    scroll_to_below(page)
    _show_toolbar(table)
    expect(toolbar.get_by_role("button", name="Download as CSV")).to_be_attached(timeout=10_000)
    labels = toolbar.locator("[aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert not [label for label in labels if re.search("[\u0600-\u06ff]", label)], labels


def _arabic_results(n: int) -> str:
    """A table search's count as Arabic says it, by Arabic's own rules (written here, not read from the app)."""
    if n == 0:
        return "لا نتائج"
    if n == 1:
        return "نتيجة واحدة"
    if n == 2:
        return "نتيجتان"
    return f"{n} نتائج" if 3 <= n % 100 <= 10 else f"{n} نتيجة"


def _arabic_nth_result(i: int, n: int) -> str:
    if n == 1:
        return f"{i} من نتيجة واحدة"
    if n == 2:
        return f"{i} من نتيجتين"  # after "من", the dual is genitive
    return f"{i} من {_arabic_results(n)}"


COUNTS = [0, 1, 2, 3, 7, 10, 11, 42, 99, 100, 101, 102, 103, 110, 111, 999]


def test_a_table_searchs_count_agrees_with_its_number_in_arabic(app, browser_page):
    """Streamlit counts a table search's results in English ("5 results", "1 of 5 results"); Arabic has six forms
    of a counted noun (none, one, two, 3–10, 11–99, 100 and more): "٥ نتيجة" was wrong, "٥ نتائج" is right.  The
    search bar's texts for many counts, each replaced as Streamlit's would be."""
    page = browser_page
    page.goto(f"{app}/displacement?lang=ar&digits=latn")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.wait_for_function("window.__atlasWordsWatch === 1", timeout=30_000)  # the page's Arabic words arrived
    texts = [f"{n} result{'' if n == 1 else 's'}" for n in COUNTS]
    texts += [f"1 of {n} result{'' if n == 1 else 's'}" for n in COUNTS if n]
    page.evaluate("""texts => {
        const bar = document.createElement('div');
        bar.className = 'gdg-search-bar';
        for (const text of texts) bar.appendChild(document.createElement('span')).textContent = text;
        document.body.appendChild(bar);
        document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Shift'}));
    }""", texts)
    page.wait_for_function("!/[a-z]/.test(document.querySelector('.gdg-search-bar').innerText)", timeout=10_000)
    shown = page.locator(".gdg-search-bar span").all_inner_texts()
    assert shown == [_arabic_results(n) for n in COUNTS] + [_arabic_nth_result(1, n) for n in COUNTS if n]


RANGE_LABELS = """() => [...document.querySelectorAll(
    '[data-testid="stSlider"] [role="group"] > div > div[data-rac]')].map(thumb => {
    const t = thumb.getBoundingClientRect(), l = thumb.querySelector('[data-testid="stSliderThumbValue"]')
        .getBoundingClientRect();
    return {thumb: t.left + t.width / 2, left: l.left, right: l.right};
})"""


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("months", ["2019-11,2019-12", "2019-05,2019-07", "2019-01,2019-12"])
def test_a_ranges_labels_stand_apart_in_arabic(app, browser_page, width, months):
    """A range's two value labels stand apart, each at its own thumb, the start's on the right: Streamlit's
    placement took the start for the left thumb, and in Arabic (the start on the right) pushed the labels onto
    each other (seen on a phone)."""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app}/disembarkation?lang=ar&months={months}")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.locator('[data-testid="stSliderThumbValue"]').nth(1).wait_for(timeout=30_000)
    with contextlib.suppress(Exception):  # the placement follows Streamlit's within a frame or two
        page.wait_for_function(f"(() => {{ const [s, e] = ({RANGE_LABELS})(); return s.left >= e.right; }})()",
                               timeout=3_000)
    start, end = page.evaluate(RANGE_LABELS)
    assert start["thumb"] > end["thumb"], (start, end)  # the earlier month on the right
    assert start["left"] >= end["right"], (start, end)  # apart, the start's label on the right
    for label in (start, end):  # each beside its own thumb: within a label's width of it
        assert label["left"] - (label["right"] - label["left"]) <= label["thumb"] <= label["right"] + (
            label["right"] - label["left"]), (label, months)


# Each segmented control's outer buttons: [rounded on the left?, rounded on the right?] for its leftmost and its
# rightmost button, by where they stand on the screen.
SEGMENT_ENDS = """() => [...document.querySelectorAll('[data-testid="stButtonGroup"] [role="radiogroup"]')].map(g => {
  const left = e => e.getBoundingClientRect().left;
  const bs = [...g.querySelectorAll('button')].sort((a, b) => left(a) - left(b));
  const ends = s => [parseFloat(s.borderTopLeftRadius) > 0, parseFloat(s.borderTopRightRadius) > 0];
  return [ends(getComputedStyle(bs[0])), ends(getComputedStyle(bs[bs.length - 1]))];
})"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_segmented_controls_are_rounded_at_their_outer_ends(app, browser_page, lang):
    """A segmented control (population group, mantika or baladiya) is one rounded box: its leftmost button is
    rounded on the left, its rightmost on the right.  In Arabic its options run from the right, and Streamlit
    rounded its first option on the left: the rightmost button had its square side outwards."""
    page = browser_page
    page.goto(f"{app}/displacement?lang={lang}")
    page.wait_for_function(SETTLED, timeout=90_000)
    page.locator('[data-testid="stButtonGroup"] [role="radiogroup"]').nth(1).wait_for(timeout=30_000)
    ends = page.evaluate(SEGMENT_ENDS)
    assert len(ends) == 2
    assert all(left == [True, False] and right == [False, True] for left, right in ends), ends


def _map_frame(page, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate("!!document.querySelector('.atlas-legend') && "
                                      "document.querySelector('.atlas-legend').innerText.length > 0"):
                        return frame
                except Exception:  # frame still loading
                    pass
        page.wait_for_timeout(100)
    raise AssertionError("the map legend never appeared")


def _tooltips(frame, key: str) -> list[str]:
    """Every tooltip's text of the map ``key`` (the page's map frame)."""
    return frame.evaluate("""key => { const out = [];
        window.__atlasMaps[key].map.eachLayer(l => {
            const tip = l.getTooltip && l.getTooltip();
            if (tip && typeof tip.getContent() === 'string') out.push(tip.getContent()); });
        return out; }""", key)


def test_map_legend_tooltips_and_download_in_arabic(app, browser_page):
    page = browser_page
    _open(page, f"{app}/displacement?lang=ar&round=28&metric=migrants", True)
    frame = _map_frame(page)
    # A narrow map starts with its legend folded: open it (the toggle's own words are checked too).
    frame.evaluate("""() => { const b = document.querySelector('.atlas-legend-toggle');
        if (b && b.getAttribute('aria-expanded') === 'false') b.click(); }""")
    legend = frame.evaluate("document.querySelector('.atlas-legend').innerText")
    assert "المهاجرون" in legend and "لا توجد بيانات" in legend and "مساحة الدائرة" in legend, legend
    assert not re.search("[A-Za-z]", legend), legend  # nothing of the legend is left in English
    assert frame.evaluate("getComputedStyle(document.querySelector('.atlas-legend [dir=rtl]')).direction") == "rtl"
    tips = frame.evaluate("""() => { const out = [];
        window.__atlasMaps['displacement-map'].map.eachLayer(l => {
            const tip = l.getTooltip && l.getTooltip();
            if (tip && typeof tip.getContent() === 'string') out.push(tip.getContent()); });
        return out; }""")
    assert tips, "no tooltip on the map"
    for tip in tips[:40]:
        assert tip.startswith('<div dir="rtl"') and "الفترة" in tip, tip
        assert "Period" not in tip and "Mantika" not in tip and "Source" not in tip, tip
    # the map itself is not mirrored: Leaflet's zoom control stays top left
    assert frame.evaluate("document.querySelector('.leaflet-top.leaflet-left .leaflet-control-zoom') !== null")
    assert page.get_by_role("button", name="تنزيل", exact=True).is_visible()  # the Download menu, in Arabic
    open_downloads(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile(r"CSV \(")).first.click()  # not the table toolbar's
    header = Path(info.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("round,") and "baladiya_pcode" in header  # machine-readable in any language
    # The provenance sidecars say which language the view was in, in that language (seen: every label of them in
    # English, "Provenance: …", "Licence: …", "Interface language: ar"), the filters and column names as the files
    # have them. Literals: the Arabic catalogue's words.
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="مصدر البيانات (نص)", exact=True).click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "النزوح (جولات مصفوفة تتبع النزوح) (displacement)", lines
    for label in ("مصدر البيانات: ", "عوامل التصفية: ", "الترخيص: ", "وقت التصدير: "):
        assert any(line.startswith(label) for line in lines), (label, lines)
    assert lines[-1] == "لغة الواجهة: ar", lines
    # who imported the shipped rows, as the Sources list names it (seen: "بواسطة system (shipped default data)")
    assert "النظام (البيانات الافتراضية المرفقة)" in lines[1] and "shipped default data" not in lines[1], lines
    assert not any(re.match("(Provenance|Filters|Licence|Exported|Interface language):", line) for line in lines)
    # the filters as the view named them (seen: "عوامل التصفية: area=Libya; rounds=[28]", Python in English)
    filters = "النطاق الجغرافي: ليبيا؛ الجولات: الجولة\u00a028"
    assert f"عوامل التصفية: {filters}" in lines, lines
    with page.expect_download(timeout=60_000) as info:  # the GeoJSON's metadata says the same
        page.get_by_role("button", name="ملف GeoJSON", exact=True).click()
    meta = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))["metadata"]
    assert meta["lang"] == "ar" and meta["title"] == "النزوح (جولات مصفوفة تتبع النزوح)", meta
    assert meta["provenance"].startswith("النزوح (جولات مصفوفة تتبع النزوح) — ") and "source:" not in meta["provenance"]
    assert (meta["filters"], meta["filters_text"]) == ("area=LY; rounds=28", filters), meta  # machine, reader
    with page.expect_download(timeout=60_000) as info:  # the map's values: their sidecar too
        page.get_by_role("button", name=re.compile("^قيم الخريطة.*نص")).click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "المهاجرون · الجولة\u00a028 حسب المنطقة", lines  # the round never broken from its number
    assert "النظام (البيانات الافتراضية المرفقة)" in lines[1], lines
    assert "لغة الواجهة: ar" in lines and lines[-1].startswith("وقت التصدير: "), lines
    assert f"عوامل التصفية: {filters}" in lines, lines
    assert not any(re.match("(Provenance|Filters|Areas|Values|Exported|Interface language)", line) for line in lines)


def test_a_detention_centre_is_named_in_arabic(app, browser_page):
    """Seen: every centre on the Arabic page was named in English, in its table, its trend chooser, the charts'
    titles and the map's tooltips. The names are the shipped file's name_ar (data/layers/detention_centres.csv)."""
    page = browser_page
    _open(page, f"{app}/detention?lang=ar", True)
    cells = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"] td')]"
                          ".map(e => e.innerText.trim())")
    assert "مركز احتجاز طريق السكة" in cells and "Trig Alsikka detention centre" not in cells, cells
    assert any(c.startswith("مركز احتجاز، ") and c.endswith(" (بلا اسم، توضيحي)") for c in cells), cells  # unnamed
    chosen = page.get_by_label("الاتجاه حسب المركز").input_value()
    assert chosen.startswith("مركز احتجاز"), chosen
    assert page.get_by_text(f"المحتجزون · {chosen}").count() >= 1  # the chart's title names it so too
    frame = _map_frame(page)
    tips = _tooltips(frame, "detention-map")
    assert any("<b>مركز احتجاز سبها</b> <bdi>Sebha detention centre</bdi>" in tip for tip in tips), tips[:3]


def test_map_cluster_counts_in_the_readers_digits(app, browser_page):
    """The counted circles the map draws for crowded points write their counts in the reader's digits."""
    page = browser_page
    counts = {}
    for digits in ("latn", "arab"):
        _open(page, f"{app}/?lang=ar&digits={digits}", True)  # the Overview: crowded points in the north-west
        frame = _map_frame(page)
        read = "() => [...document.querySelectorAll('.atlas-cluster-label')].map(e => e.textContent.trim())"
        deadline = time.monotonic() + 30
        while not frame.evaluate(read) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        counts[digits] = sorted(frame.evaluate(read))
    assert counts["latn"] and all(re.fullmatch("[0-9]+", c) for c in counts["latn"]), counts
    arabic_indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    assert counts["arab"] == sorted(c.translate(arabic_indic) for c in counts["latn"]), counts


def test_data_page_validation_report_in_arabic(app, browser_page, tmp_path):
    bad = tmp_path / "events.csv"
    bad.write_text("event_id,date,title,event_type,mantika_pcodes,summary,illustrative,source\n"
                   "FU-X,2019-05-01,Test,armed clashes,LY9999,Something,false,test\n"
                   "FU-Y,2019-05-02,Test 2,armed clashes,LY0211,Something,false,test\n"
                   "FU-Y,2019-05-03,Test 3,armed clashes,LY0211,Something,false,test\n", encoding="utf-8")
    _open(browser_page, f"{app}/data?lang=ar", False)
    choose_file(browser_page, str(bad))
    browser_page.get_by_text("تعذّر استيراد").wait_for(timeout=30_000)
    # Two problems, in the dual (it read "عدد المشكلات 2": the number of problems, 2).
    assert "مشكلتان" in browser_page.get_by_text("تعذّر استيراد").inner_text()
    table = browser_page.locator('[data-testid="stTable"]').inner_text()
    assert "رمز المنطقة غير معروف 'LY9999'" in table, table
    assert "مفتاح مكرّر" in table and "المشكلة" in table and "طريقة التصحيح" in table, table
    assert "unknown mantika pcode" not in table and "duplicate key" not in table, table
    assert browser_page.locator(EXCEPTION).count() == 0


def test_data_page_preview_of_a_valid_file_in_arabic(app, browser_page, tmp_path):
    """Seen after choosing a valid DTM workbook on the Arabic Data page: the file's remove button and "+" were
    written over with "تصفّح الملفات", their names for screen readers ("Remove r54.xlsx", "Add files"), which dataset
    was detected and why, and the totals' rows ("migrants") were English, behind a 🔎 no font here draws."""
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.importers.builders import write_dtm_xlsx

    page = browser_page
    workbook = write_dtm_xlsx(tmp_path / "r54.xlsx")
    _open(page, f"{app}/data?lang=ar", False)
    choose_file(page, str(workbook))
    page.get_by_text("الملف صالح").wait_for(timeout=60_000)  # the msgstr of locales/ar/LC_MESSAGES/messages.po
    box = page.locator('[data-testid="stFileUploader"]')
    box.hover()
    remove = box.get_by_role("button", name="إزالة r54.xlsx")
    expect(remove).to_be_attached(timeout=10_000)
    expect(box.get_by_role("button", name="إضافة ملفات")).to_be_attached()
    # Only the browse button says "Browse files": no text drawn on the remove and add buttons.
    drawn = box.locator("button").evaluate_all(
        "bs => bs.filter(b => b.dataset.testid !== 'stBaseButton-secondary')"
        ".map(b => getComputedStyle(b, '::after').content)")
    assert drawn and all(c in ("none", "normal", '""') for c in drawn), drawn
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="تبيّن أن الملف من").inner_text()
    assert "detected" not in caption and "\U0001f50e" not in caption, caption
    assert "النزوح (جولات مصفوفة تتبع النزوح)" in caption, caption
    scroll_to_below(page)
    totals = page.locator('[data-testid="stDataFrame"]').first
    expect(totals).to_be_attached(timeout=30_000)
    cells = totals.locator('table[role="grid"] td').all_inner_texts()
    assert "المهاجرون" in cells and "migrants" not in cells, cells
    assert page.locator(EXCEPTION).count() == 0


def test_the_file_drop_box_and_the_skip_link_in_arabic(app, browser_page):
    """Seen: the Arabic Data page drew "تصفّح الملفات" over the file-drop button while the button itself still said
    Streamlit's "Upload" (what a screen reader reads), and its instructions "Drag and drop a file here" where the
    English box tells the largest file it takes; a keyboard's first Tab showed "Skip to main content".
    Literals: the msgstr of locales/ar/LC_MESSAGES/messages.po; the limit, .streamlit/config.toml's 50."""
    page = browser_page
    _open(page, f"{app}/data?lang=ar", False)
    box = page.locator('[data-testid="stFileUploaderDropzone"]')
    button = box.locator('button[data-testid="stBaseButton-secondary"]')
    # At once, before the reader does anything: drawn and read once, with its icon.
    expect(button).to_have_accessible_name("رفع ملف", timeout=10_000)
    assert button.locator('[data-testid="stIconMaterial"]').is_visible()
    assert button.evaluate("b => getComputedStyle(b, '::after').content") in ("none", "normal")
    instructions = box.locator('[data-testid="stFileUploaderDropzoneInstructions"]')
    expect(instructions).to_contain_text("50 ميغابايت لكل ملف", timeout=10_000)
    assert "per file" not in instructions.inner_text() and "CSV" in instructions.inner_text()
    page.locator("body").press("Tab")
    expect(page.locator('[data-testid="stSkipToContent"]')).to_have_text("الانتقال إلى المحتوى الرئيسي",
                                                                           timeout=10_000)


def test_a_text_fields_instructions_are_in_arabic_and_clear_of_its_text(app, browser_page, tmp_path):
    """Seen typing a publisher on the Arabic Data page: Streamlit's "Press Enter to apply" in English, and with the
    count of characters over the end of the typed name (Arabic fields start at the right, where Streamlit puts them).
    Literals: the msgstr of locales/ar/LC_MESSAGES/messages.po; 200, the field's limit (geo.ingest)."""
    page = browser_page
    month = tmp_path / "month.csv"
    month.write_text("point_id,name,lat,lon,month,disembarked,assisted,screenings\n"
                     "DP-T1,Test point,32.90,13.19,2024-02-01,40,38,20\n", encoding="utf-8")
    _open(page, f"{app}/data?lang=ar", False)
    choose_file(page, str(month))
    field = page.get_by_label("ناشر الملف")
    field.wait_for(timeout=60_000)
    field.fill("UNHCR Libya")
    instructions = page.locator('[data-testid="stTextInput"]', has=field).get_by_test_id("InputInstructions")
    expect(instructions).to_have_text("اضغط Enter للتطبيق11/200", timeout=10_000)
    box, said = field.bounding_box(), instructions.bounding_box()
    assert said["x"] + said["width"] < box["x"] + box["width"] / 2, (said, box)  # at the field's left end


def test_what_a_screen_reader_reads_first_is_in_arabic_before_anyone_acts(app, browser_page):
    """Seen: on an Arabic page the skip link and the service radius's buttons kept Streamlit's "Skip to main
    content", "Increment" and "Decrement" until the reader pressed a key or moved the pointer, which a screen
    reader's reading keys do not (they reach no page). Literals: the msgstr of locales/ar/LC_MESSAGES/messages.po."""
    page = browser_page
    page.goto(f"{app}/health?lang=ar")
    page.wait_for_selector('[data-testid="stNumberInputStepUp"]', timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    # No key, click or pointer from here on.
    expect(page.locator('[data-testid="stSkipToContent"]')).to_have_text("الانتقال إلى المحتوى الرئيسي",
                                                                           timeout=10_000)
    expect(page.locator('[data-testid="stNumberInputStepUp"]')).to_have_attribute("aria-label", "زيادة")
    expect(page.locator('[data-testid="stNumberInputStepDown"]')).to_have_attribute("aria-label", "إنقاص")


def test_the_publish_control_in_arabic(app, browser_page):
    """Seen on the Arabic Displacement page: the snapshot's title was offered as "Displacement · Derna · R27" (the
    snapshot is published in the page's language), an empty title was refused in English ("a snapshot needs a
    title"), and the control's label began with 📤, an empty box where no emoji font is installed."""
    page = browser_page
    page.goto(f"{app}/displacement?lang=ar&mantika=LY0101&region=LY01&round=27")
    page.wait_for_function("() => !document.querySelector('.atlas-map-first')", timeout=90_000)
    control = page.get_by_text("نشر هذا العرض كلقطة")  # the msgstrs of locales/ar/LC_MESSAGES/messages.po
    control.click(timeout=90_000)
    summary = page.locator('[data-testid="stExpander"] summary', has_text="نشر هذا العرض كلقطة")
    assert "\U0001f4e4" not in summary.inner_text()
    expect(summary.locator('[data-testid="stIconMaterial"]')).to_have_count(1, timeout=10_000)  # drawn after its text
    title = page.get_by_label("العنوان")
    expect(title).to_have_value("النزوح · درنه · الجولة\u00a027")  # the mantika's Arabic name, data/admin
    title.fill("")
    title.press("Enter")
    page.get_by_role("button", name="نشر اللقطة").click()
    page.get_by_text("تحتاج اللقطة إلى عنوان").wait_for(timeout=30_000)
    assert page.get_by_text("a snapshot needs a title").count() == 0
    assert page.locator(EXCEPTION).count() == 0


def test_a_flash_update_reads_in_arabic(app, browser_page):
    """Seen on the Arabic Flash page: every card's title, text and place, and the points' tooltips, were in English.
    The shipped events carry the project's Arabic words (data/layers/flash_updates.csv: title_ar, summary_ar,
    place_ar), read here from the file."""
    import csv

    with open(ROOT / "data" / "layers" / "flash_updates.csv", encoding="utf-8", newline="") as f:
        events = list(csv.DictReader(f))
    page = browser_page
    _open(page, f"{app}/flash?lang=ar", True)
    scroll_to_below(page)
    page.wait_for_function(SETTLED, timeout=90_000)
    cards = page.locator(".fu-text").all_inner_texts()
    assert len(cards) == len(events), cards
    for e in events:
        card = next((c for c in cards if e["title_ar"] in c), None)
        assert card is not None, (e["title_ar"], cards)
        assert e["summary_ar"] in card and e["place_ar"] in card, card
        assert e["title"] not in card and e["summary"] not in card, card
        assert "IOM Libya Annual Report" not in card and "التقرير السنوي للمنظمة الدولية للهجرة" in card, card
    frame = _map_frame(page)
    tips = _tooltips(frame, "flash-map")
    tajoura = next(e for e in events if e["event_id"] == "FU-2019-003")
    assert any(tajoura["title_ar"] in tip for tip in tips), tips[:3]
    assert not any(tajoura["title"] in tip for tip in tips), tips[:3]
    # The map's own words: the layer list ("Events" was left in English), Leaflet's buttons, the legend's toggle
    # (its folded arrow points the way Arabic reads) and the map's name for screen readers.
    controls = frame.evaluate("""() => ({
        layers: document.querySelector('.leaflet-control-layers-overlays').textContent,
        zoom: [...document.querySelectorAll('.leaflet-control-zoom a')].map(a => a.title),
        toggle: document.querySelector('.leaflet-control-layers-toggle').title,
        legend: document.querySelector('.atlas-legend-toggle').dir,
        frame: window.frameElement.title })""")
    assert "الأحداث" in controls["layers"] and "Events" not in controls["layers"], controls
    assert controls["zoom"] == ["تكبير", "تصغير"] and controls["toggle"] == "الطبقات", controls
    assert controls["legend"] == "rtl" and controls["frame"].startswith("الخريطة: "), controls
