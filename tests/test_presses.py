"""A press kept beyond the run it started (``components.presses``), run with Streamlit's AppTest.

A run stopped before it acted cannot be made in AppTest (it runs one script run at a time); the page below
acts on the press only once "Act" is ticked, which leaves the press unused by its run as a stopped run does.
The browser test of the Data page stops such a run for real (``tests/browser/test_import_while_acting.py``)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    """Uses the module as the Data page does: compare what it was pressed for, drop it where not offered."""
    import streamlit as st

    from components import presses

    token = st.text_input("For", value="file-1", key="for")
    act = st.checkbox("Act", key="act")
    offer = st.checkbox("Offer", value=True, key="offer")
    st.number_input("Elsewhere", key="elsewhere")
    pressed = presses.button("Go", key="go", token=token) if offer else None
    if pressed is not None and pressed != token:
        presses.drop("go")
        st.warning(f"pressed for {pressed}")
    elif pressed is not None and act and presses.take("go"):
        st.success(f"acted for {token}")
    elif pressed is not None:
        st.info("kept")
    if not offer:
        presses.drop("go")


def _said(at: AppTest) -> list[str]:
    return [e.value for e in (*at.success, *at.info, *at.warning)]


def test_a_press_the_run_did_not_act_on_is_kept_for_the_next_runs_and_taken_once():
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.button(key="go").click().run()
    assert _said(at) == ["kept"]
    at.number_input(key="elsewhere").set_value(1).run()  # a plain st.button reads False in this run
    assert _said(at) == ["kept"]
    at.checkbox(key="act").check().run()
    assert _said(at) == ["acted for file-1"]
    at.number_input(key="elsewhere").set_value(2).run()
    assert _said(at) == []


def test_a_press_for_what_the_page_showed_before_is_named_and_does_not_come_back():
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.button(key="go").click().run()
    at.text_input(key="for").set_value("file-2").run()
    assert _said(at) == ["pressed for file-1"]
    at.text_input(key="for").set_value("file-1").run()  # what it was pressed for, back again
    assert _said(at) == []


def test_a_press_is_dropped_by_a_run_that_does_not_offer_the_button():
    at = AppTest.from_function(_page, default_timeout=30).run()
    at.button(key="go").click().run()
    at.checkbox(key="offer").uncheck().run()
    at.checkbox(key="offer").check().run()  # offered again, minutes later: not pressed
    assert _said(at) == []
