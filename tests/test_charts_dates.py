"""A time axis of one date: Plotly's date axis marked its hours ("00:00:00 Jan 1, 2024") under the only bar of a
one-month import. The chart writes that date as text, as a reader says it."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import datetime as dt

    import pandas as pd

    from components import charts

    one = pd.DataFrame({"month": [dt.date(2024, 1, 1)] * 2, "measure": ["a", "b"], "people": [120, 80]})
    charts.bar(one, "month", "people", color="measure", title="Per month", key="one", source="test", grouped=True)
    two = pd.DataFrame({"month": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)], "people": [120, 80]})
    charts.bar(two, "month", "people", title="Per month", key="two", source="test")


def test_a_single_month_is_written_as_its_month():
    at = AppTest.from_function(_page, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    one, two = [json.loads(el.proto.spec) for el in at.main if getattr(el, "type", "") == "plotly_chart"]
    assert {v for trace in one["data"] for v in trace["x"]} == {"Jan 2024"}
    # Several months keep Plotly's date axis (its own ticks, one per month or fewer).
    assert two["data"][0]["x"] == ["2024-01-01", "2024-02-01"]


def _gap_page() -> None:
    import datetime as dt

    import pandas as pd

    from components import charts

    gap = pd.DataFrame({"month": [dt.date(2019, 11, 1), dt.date(2019, 12, 1), dt.date(2024, 2, 1)],
                        "people": [50, 60, 70]})
    charts.bar(gap, "month", "people", title="Per month", key="gap", source="test")
    days = pd.DataFrame({"day": [dt.date(2024, 2, 27), dt.date(2024, 3, 2)], "people": [1, 2]})
    charts.line(days, "day", "people", title="Per day", key="days", source="test")


def test_an_arabic_time_axis_keeps_the_time_between_its_periods():
    # Seen: in Arabic, 2019's months and an imported February 2024 stood side by side (the axis is text there,
    # Plotly's date axis speaking English only); the English chart leaves four years between them.
    at = AppTest.from_function(_gap_page, default_timeout=60)
    at.session_state["lang"] = "ar"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    months, days = [json.loads(el.proto.spec) for el in at.main if getattr(el, "type", "") == "plotly_chart"]
    places, drawn = months["layout"]["xaxis"]["categoryarray"], months["data"][0]["x"]
    assert len(places) == 2 + 4 * 12 + 2  # Nov–Dec 2019, the four years 2020–2023, Jan–Feb 2024
    assert [places.index(label) for label in drawn] == [0, 1, len(places) - 1]
    latest = months["layout"]["xaxis"]["ticktext"][-1]  # the latest month is marked, its year under it
    assert latest.endswith("<br>2024") and latest.replace("<br>", " ") == drawn[-1]
    # Days: 27, 28 and 29 February (2024 is a leap year), 1 and 2 March.
    places, drawn = days["layout"]["xaxis"]["categoryarray"], days["data"][0]["x"]
    assert len(places) == 5 and [places.index(label) for label in drawn] == [0, 4]
