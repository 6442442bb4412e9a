"""Hostile text through every rendering helper: HTML (map tooltips, legends, layer
control), Markdown (captions, feed cards, tables) and Plotly labels.

The expectations are independent of the helpers: HTML is parsed with the standard
library's parser (which elements and attributes would a browser create?), Markdown
is undone by CommonMark's own backslash rule, Plotly text by HTML unescaping.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from components import layers, legends
from components.figures import Figure, html_block
from components.legends import legend_html
from components.map import MapLayer, _AtlasLayer, _AtlasRuntime, _bridge_html
from components.safe_text import html_text, md_text, plotly_frame, plotly_text

from .hostile import HOSTILE

# Elements the atlas itself writes into tooltips and legends.
OWN_TAGS = {"b", "i", "br", "span", "div", "bdi"}  # bdi: the tooltips isolate place names and values (Arabic)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> _Elements:
    p = _Elements()
    p.feed(fragment)
    p.close()
    return p


def assert_inert(fragment: str, value: str) -> None:
    parsed = parse(fragment)
    for tag, attrs in parsed.tags:
        assert tag in OWN_TAGS, f"injected <{tag}> from {value!r}"
        assert not any(a.startswith("on") or a == "href" or a == "src" for a in attrs), (tag, attrs)
    assert value in "".join(parsed.text), f"{value!r} is not shown as text"


@pytest.mark.parametrize("value", HOSTILE)
def test_html_text_is_inert(value):
    assert_inert(html_text(value), value)


@pytest.mark.parametrize("value", HOSTILE)
def test_map_tooltip_is_inert(value):
    tip = layers.tooltip(value, value, [(value, value), ("Count", 3)], value)
    assert_inert(tip, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_legends_are_inert(value):
    assert_inert(legends.category_legend(value, {value: "#000000"}), value)
    assert_inert(legends.size_legend(value, value, 10, "#000000"), value)
    assert_inert(legend_html(value, value, [0, 5, 10]), value)
    _, legend = layers.diverging(pd.DataFrame({"pcode": ["LY0101"], "name_en": [value], "name_ar": [value],
                                               "value": [3.0]}), title=value, unit=value, period=value,
                                 source=value)
    assert_inert(legend, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_choropleth_tooltip_is_inert(value):
    styles, legend = layers.choropleth(pd.DataFrame({"pcode": ["LY0101", "LY0102"], "name_en": [value, "x"],
                                                     "name_ar": [value, "y"], "value": [1.0, 2.0]}),
                                       title=value, unit=value, period=value, source=value)
    assert_inert(styles["LY0101"]["tooltip"], value)
    assert_inert(legend, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_payload_bridge_cannot_close_its_script(value):
    bridge = _bridge_html("k", {"layers": {"a": {"1": {"tooltip": html_text(value)}}}, "legend": value})
    script = bridge.split("<script>", 1)[1]
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert "<" not in script[:-len("</script>")]


@pytest.mark.parametrize("value", HOSTILE)
def test_layer_control_name_is_escaped(value):
    lyr = MapLayer("pts", value, {"type": "FeatureCollection", "features": []}, "point")
    el = _AtlasLayer(_AtlasRuntime("k"), lyr)
    assert el.layer_name == html.escape(value)
    assert_inert(el.layer_name, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_headline_figures_are_inert(value):
    assert_inert(html_block([Figure(value, value, value, True, value)]), value)


def commonmark_unescape(text: str) -> str:
    """CommonMark: a backslash before ASCII punctuation stands for that character."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


@pytest.mark.parametrize("value", HOSTILE)
def test_md_text_is_literal(value):
    out = md_text(value)
    assert "\n" not in out and "\r" not in out
    assert commonmark_unescape(out) == " ".join(value.split("\n")).strip()
    # No Markdown-significant character is left unescaped.
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", out)
    assert not re.search(r"[\\`*_\[\]()#<>!~$:&|]", unescaped), unescaped


def test_md_text_of_blank_values():
    assert md_text(None) == "" and md_text(float("nan")) == "" and md_text(pd.NA) == ""


@pytest.mark.parametrize("value", HOSTILE)
def test_plotly_text_displays_as_written(value):
    out = plotly_text(value)
    assert "<" not in out and ">" not in out
    assert html.unescape(out) == value  # Plotly decodes entities in labels


def test_plotly_frame_escapes_text_not_numbers():
    frame = pd.DataFrame({"name": ["<b>x</b>", "y"], "value": [-5, 3], "when": pd.to_datetime(["2019-01-01"] * 2)})
    out = plotly_frame(frame, ["name", "value", "when"])
    assert out["name"].tolist() == ["&lt;b&gt;x&lt;/b&gt;", "y"]
    assert out["value"].tolist() == [-5, 3] and str(out["when"].dtype).startswith("datetime64")
    assert frame["name"].iloc[0] == "<b>x</b>"  # the caller's frame is not changed
