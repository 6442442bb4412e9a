"""An action's message stays until the reader acts again (``components.notices``).

Run with Streamlit's AppTest, which runs no JavaScript: the test presses the hidden button that the
browser's script presses once the viewer comes near the charts (``components.map_first``), as the atlas
does by itself a second after a coordinator's Publish press."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components import notices
from geo import snapshots


def _publish_page() -> None:
    """A map page's publish control above a table that waits for the viewer (``tables.show``)."""
    from types import SimpleNamespace

    import pandas as pd
    import streamlit as st

    from components import map_first, snapshot_control, tables

    map_first.begin_run()
    map_first.map_drawn()
    selection = SimpleNamespace(baladiya="", mantika="LY0101", region="LY01", label=lambda lang="en": "Derna")
    ctx = SimpleNamespace(role="coordinator", user="coord@example.org", lang="en", selection=selection)
    snapshot_control.publish_control(ctx, page="displacement", current=27, rounds=[27], key="publish-disp")
    st.number_input("Threshold", key="threshold")
    tables.show(pd.DataFrame({"people": [5, 7]}), key="table")
    map_first.release_when_drawn()


def _fake_publish(view, title, **_kw):
    return snapshots.Published(id="20261202-0001", title=title, created="2026-12-02T10:00:00+00:00",
                               area=view.area, area_label="Derna", page=view.page, rounds=view.rounds,
                               publisher_role="coordinator", path=None)


def _messages(at: AppTest) -> list[str]:
    return [e.value for e in at.success]


def test_the_published_message_outlives_the_atlas_own_rerun_and_goes_with_the_readers_next(monkeypatch):
    monkeypatch.setattr(snapshots, "publish", _fake_publish)
    at = AppTest.from_function(_publish_page, default_timeout=30).run()
    assert not at.exception
    at.button(key="publish-disp-go").click().run()
    assert any("Published snapshot 20261202-0001" in m for m in _messages(at)), _messages(at)

    # A moment later the browser presses the hidden button (the viewer came near the table): that run is
    # the atlas's, not the reader's, and the coordinator must still read what their press did.
    (release,) = [b for b in at.button if (b.key or "").startswith("atlas-in-sight-")]
    release.click().run()
    assert not at.exception
    assert len(at.dataframe) == 1  # the release did run
    assert any("Published snapshot 20261202-0001" in m for m in _messages(at)), _messages(at)

    monkeypatch.setattr(notices, "READ_AFTER", 0.0)  # seconds later (``notices.READ_AFTER``)
    at.number_input(key="threshold").set_value(3).run()  # the reader acts again: the message has been read
    assert _messages(at) == []


def test_a_choice_made_before_the_message_could_be_read_leaves_it_standing(monkeypatch):
    """Seen with the flash form: the language chosen 0-20 ms after "Add to the feed" came as the run after the
    one that drew "Added …", and took it down; the coordinator never saw it (4 adds of 16)."""
    monkeypatch.setattr(snapshots, "publish", _fake_publish)
    monkeypatch.setattr(notices, "READ_AFTER", 60.0)  # the reader's choice comes well within it
    at = AppTest.from_function(_publish_page, default_timeout=30).run()
    at.button(key="publish-disp-go").click().run()
    assert any("Published snapshot 20261202-0001" in m for m in _messages(at)), _messages(at)
    at.number_input(key="threshold").set_value(3).run()  # the reader's next choice, at once
    assert any("Published snapshot 20261202-0001" in m for m in _messages(at)), _messages(at)


def test_a_published_title_is_shown_as_typed_not_as_markdown(monkeypatch):
    monkeypatch.setattr(snapshots, "publish", _fake_publish)
    at = AppTest.from_function(_publish_page, default_timeout=30).run()
    at.text_input(key="publish-disp-title").set_value("Derna **now** [x](y)").run()
    at.button(key="publish-disp-go").click().run()
    (message,) = _messages(at)
    assert r"“Derna \*\*now\*\* \[x\]\(y\)”" in message, message  # Markdown would have drawn it bold, and a link
