"""What a view was filtered by, as its downloads say it (components.view_filters).

Seen: an Arabic view's sidecar said "عوامل التصفية: area=Sebha; rounds=[26]" — the label translated, the filters
as the page wrote them in Python (a list's brackets, an English key, the area's English name, which Sebha mantika
and Sebha baladiya share). Expected texts are literals: the catalogue's words (locales/*/messages.po), the names
and codes of data/admin, and the dates as written by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from components import view_filters
from geo import exports
from geo.selection import Selection

UTC = dt.UTC


@pytest.fixture
def arabic(monkeypatch):
    monkeypatch.setattr(view_filters, "lang", lambda: "ar")


def test_machine_and_reader_forms_in_english():
    filters = [view_filters.area(Selection(mantika="LY0319")), view_filters.rounds([26, 28])]
    assert view_filters.machine(filters) == "area=LY0319; rounds=26,28"
    assert view_filters.reader(filters) == "Area: Sebha; Rounds: R26, R28"
    # Sebha baladiya has its own code; the whole country is LY
    assert view_filters.area(Selection(mantika="LY0319", baladiya="LY031901")).value == "LY031901"
    assert view_filters.area(Selection()).value == "LY"


def test_the_reader_form_in_arabic_keeps_machine_form_and_western_digits(arabic):
    filters = [view_filters.area(Selection(mantika="LY0319")), view_filters.rounds([26]),
               view_filters.active_on(dt.date(2019, 12, 31)),
               view_filters.choices("types", "Facility types", ["mobile clinic stop"]), view_filters.radius(25)]
    said = view_filters.reader(filters)
    assert said == ("النطاق الجغرافي: سبها؛ الجولات: الجولة\u00a026؛ المرافق العاملة في تاريخ: 31 ديسمبر 2019؛ "
                    "أنواع المرافق: محطة عيادة متنقلة؛ نطاق الخدمة: 25 كم"), said
    assert view_filters.machine(filters) == ("area=LY0319; rounds=26; active_on=2019-12-31; types=mobile clinic stop; "
                                             "radius=25")
    assert view_filters.months(dt.date(2019, 1, 1), dt.date(2019, 12, 1)).shown == "يناير 2019 – ديسمبر 2019"
    assert view_filters.between(dt.date(2019, 3, 1), dt.date(2019, 6, 30)).shown == "1 مارس 2019 – 30 يونيو 2019"


def test_periods_and_choices():
    assert view_filters.months(dt.date(2019, 1, 1), dt.date(2019, 12, 1)).value == "2019-01..2019-12"
    assert view_filters.months(dt.date(2019, 1, 1), dt.date(2019, 12, 1)).shown == "January 2019 – December 2019"
    assert view_filters.months(dt.date(2019, 3, 1), dt.date(2019, 3, 1)).shown == "March 2019"
    assert view_filters.month(dt.date(2019, 12, 1)).value == "2019-12"
    assert view_filters.between(dt.date(2019, 1, 1), dt.date(2019, 12, 31)).shown == "1 January 2019 – 31 December 2019"
    assert view_filters.choices("status", "Status", []).shown == "—"  # nothing chosen
    assert view_filters.radius(None).shown == "each facility's own"
    assert view_filters.radius(None).value == "own"
    assert view_filters.rounds([26, 26]).shown == "R26"  # "compare" with one round twice


def test_since_names_the_moment_or_the_day_set_by_hand():
    noon = dt.datetime(2026, 12, 1, 12, 30, tzinfo=UTC)
    seven_days = view_filters.since("7d", noon)
    assert (seven_days.value, seven_days.shown) == ("2026-12-01T12:30:00+00:00", "1 December 2026, 12:30 UTC")
    by_hand = view_filters.since("2026-11-20", dt.datetime(2026, 11, 20, tzinfo=UTC))
    assert (by_hand.value, by_hand.shown) == ("2026-11-20", "20 November 2026")
    # a last visit that fell on midnight is still a moment, not a day set by hand
    midnight = view_filters.since("", dt.datetime(2026, 12, 1, tzinfo=UTC))
    assert midnight.shown == "1 December 2026, 00:00 UTC"
    # written in UTC whatever the offset it came with
    offset = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert view_filters.since("", offset).value == "2026-12-01T00:00:00+00:00"


CASES = [  # (filters, the file name): built in the test, where the fixture's language holds
    (lambda: [view_filters.area(Selection(mantika="LY0319")), view_filters.rounds([26])], "displacement_sebha_r26"),
    (lambda: [view_filters.area(Selection(mantika="LY0319")), view_filters.rounds([26, 28])],
     "displacement_sebha_r26-r28"),
    (lambda: [view_filters.area(Selection()), view_filters.month(dt.date(2019, 12, 1))], "displacement_libya_2019-12"),
    (lambda: [view_filters.area(Selection()), view_filters.months(dt.date(2019, 1, 1), dt.date(2019, 12, 1))],
     "displacement_libya_2019-01-2019-12"),
    (lambda: [view_filters.area(Selection()), view_filters.active_on(dt.date(2019, 12, 31)),
              view_filters.choices("types", "Facility types", ["mobile clinic stop"])],
     "displacement_libya_active-on-2019-12-31"),
    (lambda: [view_filters.area(Selection()), view_filters.choices("sectors", "Sector", ["health"]),
              view_filters.between(dt.date(2019, 1, 1), dt.date(2019, 12, 31))],
     "displacement_libya_2019-01-01-2019-12-31"),
    (lambda: [view_filters.area(Selection()), view_filters.choices("types", "Event types", ["flood"]),
              view_filters.since("7d", dt.datetime(2026, 11, 29, 8, 16, 38, tzinfo=UTC))],
     "displacement_libya_2026-11-29"),
]


@pytest.mark.parametrize(("make", "name"), CASES)
def test_file_names_take_area_and_period_from_the_filters(make, name):
    filters = make()
    assert exports.file_stem("displacement", view_filters.area_name(filters), view_filters.period_name(filters)) == name


@pytest.mark.parametrize(("make", "name"), CASES)
def test_file_names_are_english_in_an_arabic_view(arabic, make, name):
    filters = make()
    assert exports.file_stem("displacement", view_filters.area_name(filters), view_filters.period_name(filters)) == name
