"""Charts and tables below a page's map wait for the viewer to scroll towards them
(``components.map_first.in_sight``, ``components.stand_in.below``): run as a page with Streamlit's AppTest,
which runs no JavaScript, so the test presses the hidden button the browser's script would press."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    """A page: an optional map, then a chart and a table below it."""
    import pandas as pd
    import streamlit as st

    from components import charts, map_first, tables

    map_first.begin_run()
    if st.session_state.get("with_map", True):
        map_first.map_drawn()  # what components.map.atlas_map reports
    frame = pd.DataFrame({"month": ["2019-01", "2019-02", "2019-03"], "people": [5, 7, 9]})
    charts.line(frame, "month", "people", title="People <b>held</b>", key="chart", source="IOM Libya 2019")
    tables.show(frame, key="table")
    map_first.release_when_drawn()


def _run(with_map: bool = True) -> AppTest:
    at = AppTest.from_function(_page, default_timeout=30)
    at.session_state["with_map"] = with_map
    # This page holds nothing back until its map has drawn (no ``released`` block): it starts past that stage.
    return at.run()


def _html(at: AppTest) -> str:
    return " ".join(e.proto.body for e in at.main if getattr(e, "type", "") == "html")


def _drawn(at: AppTest) -> tuple[int, int]:
    charts = [e for e in at.main if getattr(e, "type", "") == "plotly_chart"]
    return len(charts), len(at.dataframe)


def test_below_a_map_a_chart_and_a_table_are_placeholders_of_their_size():
    at = _run()
    assert not at.exception
    assert _drawn(at) == (0, 0)
    html = _html(at)
    assert html.count('class="atlas-below"') == 2
    assert "height: 330px" in html  # the chart's height (charts.HEIGHT)
    assert f"height: {35 * 4 + 3}px" in html  # the table's: a header and three rows of 35 px, a 3 px border
    assert "People &lt;b&gt;held&lt;/b&gt;" in html and "<b>held</b>" not in html  # its title, as text
    assert "Drawn when you scroll here." in html
    assert "Source: IOM Libya 2019" in at.caption[0].value  # the source is said at once
    (button,) = at.button  # the hidden one the browser presses once the viewer comes near
    assert button.key.startswith("atlas-in-sight-")


def test_the_press_draws_them_and_later_runs_draw_them_at_once():
    at = _run()
    at.button[0].click()
    at.run()
    assert not at.exception
    assert _drawn(at) == (1, 1)
    assert 'class="atlas-below"' not in _html(at)
    assert not at.button  # nothing left to wait for
    at.run()
    assert _drawn(at) == (1, 1)


def test_without_a_map_nothing_waits():
    at = _run(with_map=False)
    assert _drawn(at) == (1, 1)
    assert 'class="atlas-below"' not in _html(at) and not at.button


def _long_title_page() -> None:
    """A chart whose title is too long for one line on a phone, with a legend."""
    import pandas as pd

    from components import charts, map_first

    map_first.begin_run()
    map_first.map_drawn()
    frame = pd.DataFrame({"round": ["R27", "R27", "R28", "R28"], "mantika": ["Tripoli", "Sebha"] * 2,
                          "value": [150, 35, 152, 37]})
    charts.line(frame, "round", "value", color="mantika", key="chart", source="IOM DTM",
                title="Migrants: the 5 largest mantika in the latest round")
    map_first.release_when_drawn()


def test_a_long_title_is_wrapped_and_its_placeholder_is_the_drawn_charts_height():
    """Plotly does not wrap a title: 51 characters ran past a phone's chart and under its toolbar. In two lines
    above the plot, with a legend below it, the chart is taller, and so is the box that stands for it."""
    import json

    at = AppTest.from_function(_long_title_page, default_timeout=30).run()
    assert not at.exception
    room = 330 + 24 + 40  # the plot, a second line of title, the legend
    assert f"height: {room}px" in _html(at)
    at.button[0].click()
    at.run()
    (chart,) = [e for e in at.main if getattr(e, "type", "") == "plotly_chart"]
    layout = json.loads(chart.proto.spec)["layout"]
    assert layout["title"]["text"] == "Migrants: the 5 largest mantika in the<br>latest round"
    assert layout["height"] == room
    assert layout["margin"]["t"] == 40 + 2 * 24  # the toolbar's row, then the title's two lines
