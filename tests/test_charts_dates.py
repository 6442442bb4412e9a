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
