"""Charts in Arabic: Plotly writes its axis numbers in 0-9 only, so the value axis's tick labels come
from the locale (Arabic-Indic digits when the reader chose them, ar_LY's separators either way)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import pandas as pd

    from components import charts

    monthly = pd.DataFrame({"month": ["Jan", "Jan", "Feb", "Feb"], "measure": ["a", "b", "a", "b"],
                            "people": [400, 760, 300, 500]})
    charts.bar(monthly, "month", "people", color="measure", title="Per month", key="stacked", source="test")
    charts.bar(monthly, "month", "people", color="measure", title="Per month", key="grouped", source="test",
               grouped=True)
    projects = pd.DataFrame({"city": ["Sebha", "Ubari"], "projects": [2, 1]})
    charts.bar(projects, "city", "projects", title="Projects", key="few", source="test")
    tall = pd.DataFrame({"city": ["Benghazi", "Sebha"], "projects": [24, 14]})
    charts.bar(tall, "city", "projects", title="Projects", key="tall", source="test")


def _specs(at: AppTest) -> list[dict]:
    assert not at.exception, [e.value for e in at.exception]
    return [json.loads(el.proto.spec) for el in at.main if getattr(el, "type", "") == "plotly_chart"]


def _axes(at: AppTest) -> list[dict]:
    return [spec["layout"]["yaxis"] for spec in _specs(at)]


def test_value_axis_in_the_readers_digits():
    at = AppTest.from_function(_page, default_timeout=60)
    at.session_state["lang"] = "ar"
    at.session_state["digits"] = "arab"
    at.run()
    stacked, grouped, few, tall = _axes(at)
    # Stacked: the tallest stack is 400 + 760 = 1,160 -> a step of 500 (about five ticks of 1, 2 or 5 × 10^n).
    assert stacked["tickvals"] == [0, 500, 1000]
    assert stacked["ticktext"] == ["٠", "٥٠٠", "١٬٠٠٠"]
    # Side by side: the tallest bar is 760 -> a step of 200, up to the axis's top, 760 ÷ 0.95 = 800.
    assert grouped["ticktext"] == ["٠", "٢٠٠", "٤٠٠", "٦٠٠", "٨٠٠"]
    # Two projects at most: whole numbers only (no tick at half a project).
    assert few["tickvals"] == [0, 1, 2] and few["ticktext"] == ["٠", "١", "٢"]
    # 24 projects: the axis goes to 24 ÷ 0.95 = 25.3, and its last tick is 25, above the bar, as in English.
    # (Seen: a last tick at 20 and the bar running past it to the top of the chart.)
    assert tall["tickvals"] == [0, 5, 10, 15, 20, 25]

    # The hover says the same value in the same digits (Plotly's own would be 0-9).
    first = _specs(at)[1]["data"][0]  # grouped, measure "a": 400 in January
    assert "%{customdata[0]}" in first["hovertemplate"] and first["customdata"][0] == ["٤٠٠"]

    at.session_state["digits"] = "latn"
    at.run()
    assert _axes(at)[0]["ticktext"] == ["0", "500", "1.000"]  # ar_LY groups thousands with "."

    at.session_state["lang"] = "en"
    at.run()
    assert "ticktext" not in _axes(at)[0]  # English: Plotly's own ticks


def _year_page() -> None:
    import datetime as dt

    import pandas as pd

    from components import charts

    months = [dt.date(2019, m, 1) for m in range(1, 13)]
    charts.line(pd.DataFrame({"month": months, "people": range(12)}), "month", "people", title="Held", key="year",
                source="test")
    names = [f"Centre {i}" for i in range(12)]
    charts.bar(pd.DataFrame({"name": names, "people": range(12)}), "name", "people", title="By centre", key="names",
               source="test")


def test_a_year_of_months_reads_upright_in_arabic():
    # Twelve Arabic month labels were all drawn, slanted: on a phone they took half of the chart's height.
    at = AppTest.from_function(_year_page, default_timeout=60)
    at.session_state["lang"] = "ar"
    at.run()
    year, names = (spec["layout"]["xaxis"] for spec in _specs(at))
    assert year["tickvals"] == ["فبراير 2019", "أبريل 2019", "يونيو 2019", "أغسطس 2019", "أكتوبر 2019",
                                "ديسمبر 2019"]  # every second month, December (the latest) among them
    assert year["ticktext"][-1] == "ديسمبر<br>2019" and year["tickangle"] == 0
    assert "tickvals" not in names  # names are not a time axis: every one is shown
