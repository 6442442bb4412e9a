"""Which address is a link being opened (``components.state.opened_link``), run with Streamlit's AppTest.

Seen in the browser (1 run in 4 or 5 of ``test_quick_steps_leave_the_address_bar_naming_the_month_shown``): after
a burst of slider steps, a run with no new choice of the reader's brought the address from before the burst (the
browser had not yet received the one written since). The page took it for the Back button's and undid the
burst. Only Streamlit knows whether Back or Forward brought an address (``is_history_navigation``).

Also seen once in CI (``tests/browser/test_play.py``): the rounds played 24, 25, 26, 27, 26, 27, 28. A run the
browser started before the step to round 27 reached it (the hidden press of ``components.map_first``) carried the
slider at 26 and the address naming 26, and the page took that 26 for the reader's choice. A value that matches
the browser's own address, older than the one last written, is the browser's copy of a value code changed
(``components.state.request``, as Play's step does), not a choice."""

from __future__ import annotations

import dataclasses

from streamlit.testing.v1 import AppTest


def _page() -> None:
    """Shows a month and writes it to the address, as a page does; says whether the run opened a link.  "Step"
    moves to the next month from code, as Play does."""
    import streamlit as st

    from components import state

    months = ["2019-07", "2019-08", "2019-09", "2019-12"]
    link = state.opened_link()
    state.load_url({"month": "2019-12"})
    month = state.value("month", "2019-12")
    st.selectbox("Month", months, key="month")
    if st.button("Step", key="step"):
        state.request("month", months[(months.index(month) + 1) % len(months)])
        st.rerun()
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


def _from_a_browser_behind(at: AppTest, widget: str) -> AppTest:
    """A run whose browser had not yet received the last run: its address still names December (the page's first
    month); its month is ``widget``."""
    at.selectbox(key="month").set_value(widget)
    at.query_params["month"] = "2019-12"
    return at.run()


def _stepped_by_code() -> AppTest:
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.button(key="step").click().run()
    assert _said(at) == "link= shown=2019-07"
    return at


def test_the_browser_s_older_copy_of_a_value_code_stepped_does_not_undo_the_step():
    at = _from_a_browser_behind(_stepped_by_code(), "2019-12")
    assert _said(at) == "link= shown=2019-07"


def test_a_reader_s_choice_made_before_the_step_arrived_is_taken():
    at = _from_a_browser_behind(_stepped_by_code(), "2019-09")
    assert _said(at) == "link= shown=2019-09"


def test_a_reader_going_back_on_their_own_quick_step_is_taken():
    """Only a value code set is guarded: September, then back to December, faster than the answer came."""
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.selectbox(key="month").set_value("2019-09").run()
    at = _from_a_browser_behind(at, "2019-12")
    assert _said(at) == "link= shown=2019-12"
