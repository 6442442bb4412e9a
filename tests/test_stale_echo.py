"""A value the code changed (``components.state.request``, as Displacement's Play does) is not undone by a run
that carries the browser's older copy of it, run with Streamlit's AppTest.

Seen once in CI (``tests/browser/test_play.py``): the rounds played 24, 25, 26, 27, 26, 27, 28. A run the
browser started before the step to round 27 reached it (the hidden press of ``components.map_first``) carried
the slider at 26 and the address naming 26; the page took that 26 for the reader's choice. The browser's own
address says what the browser had when it asked: a value that matches it, on a run whose address is older than
the one last written, is the browser's copy, not a choice."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

MONTHS = ["2019-07", "2019-08", "2019-09", "2019-12"]


def _page() -> None:
    """Shows a month and writes it to the address, as a page does; "Step" moves to the next month from code."""
    import streamlit as st

    from components import state

    months = ["2019-07", "2019-08", "2019-09", "2019-12"]
    state.load_url({"month": months[0]})
    month = state.value("month", months[0])
    st.selectbox("Month", months, key="month")
    if st.button("Step", key="step"):
        state.request("month", months[months.index(month) + 1])
        st.rerun()
    state.remember("month")
    state.write_url(["month"])
    st.caption(f"shown={month}")


def _said(at: AppTest) -> str:
    return at.caption[0].value


def _stepped_by_code() -> AppTest:
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.button(key="step").click().run()
    assert _said(at) == "shown=2019-08"
    return at


def _from_a_browser_behind(at: AppTest, widget: str) -> AppTest:
    """A run whose browser had not yet received the step: its address still names July; its month is ``widget``."""
    at.selectbox(key="month").set_value(widget)
    at.query_params["month"] = "2019-07"
    return at.run()


def test_the_browser_s_older_copy_of_a_stepped_value_does_not_undo_the_step():
    at = _from_a_browser_behind(_stepped_by_code(), "2019-07")
    assert _said(at) == "shown=2019-08"


def test_a_reader_s_choice_made_before_the_step_arrived_is_taken():
    at = _from_a_browser_behind(_stepped_by_code(), "2019-12")
    assert _said(at) == "shown=2019-12"


def test_a_reader_going_back_on_their_own_quick_steps_is_taken():
    """Only a value the code set is guarded: July, August, back to July, faster than the answers came."""
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.selectbox(key="month").set_value("2019-08").run()
    at = _from_a_browser_behind(at, "2019-07")
    assert _said(at) == "shown=2019-07"
