"""The look-alikes that stand in for date and number inputs until a page's map has drawn
(``components.stand_in``): what they show, and that they give way to the real widget once released."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import streamlit as st

from components import map_first, stand_in, state


class Where:
    """Records what a page would draw into a column."""

    def __init__(self) -> None:
        self.html_calls: list[str] = []
        self.date_inputs: list[tuple] = []

    def html(self, body: str) -> None:
        self.html_calls.append(body)

    def date_input(self, label: str, value, key: str, **kwargs):
        self.date_inputs.append((label, value, key))
        return value


def _texts(body: str) -> list[str]:
    box = re.search(r'class="atlas-stand-in-box">(.*?)</div>', body).group(1)
    return re.findall(r"<span>(.*?)</span>", box)


@pytest.fixture
def held(monkeypatch):
    monkeypatch.setattr(map_first, "released", lambda: False)


@pytest.fixture
def released(monkeypatch):
    monkeypatch.setattr(map_first, "released", lambda: True)


def test_before_the_map_a_date_range_is_shown_in_the_pickers_order(held):
    st.session_state["from"], st.session_state["to"] = "2019-03-01", "2019-09-30"
    where = Where()
    got = state.date_input(where, "Active between", ("from", "to"), (dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
                           key="sp-dates")
    assert got == (dt.date(2019, 3, 1), dt.date(2019, 9, 30))
    assert where.date_inputs == []  # no picker, so none of its code, before the map
    (body,) = where.html_calls
    assert "Active between" in body and 'aria-busy="true"' in body
    assert _texts(body) == ["2019", "/", "03", "/", "01", "–", "2019", "/", "09", "/", "30"]


def test_a_date_the_url_got_wrong_shows_the_fallback(held):
    st.session_state["date"] = "2019-13-45"
    where = Where()
    assert state.date_input(where, "Facilities active on", ("date",), (dt.date(2019, 12, 31),),
                            key="hc-date") == (dt.date(2019, 12, 31),)
    assert _texts(where.html_calls[0]) == ["2019", "/", "12", "/", "31"]


def test_labels_and_values_are_text_not_markup(held):
    where = Where()
    assert stand_in.drawn(where, "<b>Radius</b>", ["<i>5</i>"], "radius")
    assert "<b>" not in where.html_calls[0] and "&lt;b&gt;Radius&lt;/b&gt;" in where.html_calls[0]
    assert _texts(where.html_calls[0]) == ["&lt;i&gt;5&lt;/i&gt;"]


def test_once_released_the_real_widget_is_drawn_and_its_place_keeps_its_height(released):
    st.session_state["date"] = "2019-06-30"
    where = Where()
    assert state.date_input(where, "Facilities active on", ("date",), (dt.date(2019, 12, 31),),
                            key="hc-date") == (dt.date(2019, 6, 30),)
    assert where.date_inputs == [("Facilities active on", dt.date(2019, 6, 30), "hc-date")]
    (rule,) = where.html_calls  # an invisible rule only: no look-alike beside the real widget
    assert "atlas-stand-in" not in rule
    assert re.fullmatch(r"<style>\.st-key-hc-date \{ min-height: [0-9.]+rem; \}</style>", rule), rule
