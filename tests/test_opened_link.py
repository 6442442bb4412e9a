"""Which address is a link being opened (``components.state.opened_link``), run with Streamlit's AppTest.

Seen in the browser (1 run in 4 or 5 of ``test_quick_steps_leave_the_address_bar_naming_the_month_shown``): after
a burst of slider steps, a run with no new choice of the reader's brought the address from before the burst (the
browser had not yet received the one written since). The page took it for the Back button's and undid the
burst. Only Streamlit knows whether Back or Forward brought an address (``is_history_navigation``)."""

from __future__ import annotations

import dataclasses

from streamlit.testing.v1 import AppTest


def _page() -> None:
    """Shows a month and writes it to the address, as a page does; says whether the run opened a link."""
    import streamlit as st

    from components import state

    link = state.opened_link()
    state.load_url({"month": "2019-12"})
    month = state.value("month", "2019-12")
    st.selectbox("Month", ["2019-07", "2019-08", "2019-09", "2019-12"], key="month")
    state.remember("month")
    state.write_url(["month"])
    st.caption(f"link={link.get('month', '')} shown={month}")


def _said(at: AppTest) -> str:
    return at.caption[0].value


def _stepped() -> AppTest:
    """December, then September, then July chosen: the app wrote each to the address."""
    at = AppTest.from_function(_page, default_timeout=30).run()
    for month in ("2019-09", "2019-07"):
        at.selectbox(key="month").set_value(month).run()
    assert _said(at) == "link= shown=2019-07"
    return at


def test_an_address_from_before_the_last_written_is_not_a_link_when_no_back_button_brought_it():
    at = _stepped()
    at.query_params["month"] = "2019-09"  # the address the browser had before the last one written reached it
    at.run()
    assert _said(at) == "link= shown=2019-07"


def test_the_back_button_brings_the_view_before(monkeypatch):
    from components import state

    at = _stepped()
    real = state.get_script_run_ctx
    monkeypatch.setattr(state, "get_script_run_ctx",
                        lambda: dataclasses.replace(real(), is_history_navigation=True))
    at.query_params["month"] = "2019-09"
    at.run()
    assert _said(at) == "link=2019-09 shown=2019-09"
