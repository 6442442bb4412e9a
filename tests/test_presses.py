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


# Publish on the Overview page, with the run the press started stopped before it acted (``take`` finds the
# press gone, as when another run took it: the press stays kept); what happens in the next runs is real.

def _overview_pressed_but_stopped(monkeypatch) -> tuple[AppTest, list]:
    from pathlib import Path

    from components import presses
    from geo import snapshots
    from tests.app_runs import released

    root = Path(__file__).resolve().parents[1]
    monkeypatch.syspath_prepend(str(root))
    published: list = []
    monkeypatch.setattr(snapshots, "publish", lambda view, title, **kw: published.append((view, title)) or
                        snapshots.Published(id="20261206-0001", title=title, created="2026-12-06T22:00:00+00:00",
                                            area=view.area, area_label="Libya", page=view.page, rounds=view.rounds,
                                            publisher_role="coordinator", path=None))
    at = released(AppTest.from_file(str(root / "pages" / "overview.py"), default_timeout=120).run())
    take = presses.take
    monkeypatch.setattr(presses, "take", lambda key: False)
    (go,) = [b for b in at.button if (b.key or "").endswith("-go")]
    go.click().run()
    monkeypatch.setattr(presses, "take", take)
    assert published == [] and not at.exception
    return at, published


def test_a_publish_press_whose_run_was_stopped_is_published_by_the_next_run(store, monkeypatch, local_mode):
    at, published = _overview_pressed_but_stopped(monkeypatch)
    at.run()  # the reader's next choice
    assert [view.page for view, _title in published] == ["overview"]
    assert any("Published snapshot 20261206-0001" in s.value for s in at.success)
    at.run()
    assert len(published) == 1  # taken once


def test_a_publish_press_is_dropped_when_the_reader_goes_to_another_page(store, monkeypatch, local_mode):
    from components import page

    at, published = _overview_pressed_but_stopped(monkeypatch)
    at.session_state[page._SHOWN] = "another page"  # the last full run showed another page: this run arrives
    at.run()
    at.run()
    assert published == []
