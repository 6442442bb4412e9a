"""components.map / components.assets without a browser.

What matters here: the map HTML is deterministic (the precondition for
Streamlit's message cache to send a hash instead of the map on every rerun),
contains no CDN/tile URL, and the replayed st_folium arguments equal what
streamlit-folium itself would send.
"""

from __future__ import annotations

import json
import re

import pytest

from components import assets
from components import map as atlas
from components.legends import colour_ramp, legend_html, sequential_colours
from components.map import MapLayer, build_map_html, static_map_html

FORBIDDEN = ("cdn", "unpkg", "jsdelivr", "cloudflare", "openstreetmap", "bootstrap", "fontawesome")


def _layers() -> list[MapLayer]:
    cells = [
        {
            "type": "Feature",
            "properties": {"id": f"c{i}", "name": "<b>not sent</b>", "value": i},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[10 + i, 20], [11 + i, 20], [11 + i, 21.123456789], [10 + i, 21], [10 + i, 20]]],
            },
        }
        for i in range(4)
    ]
    points = [
        {"type": "Feature", "properties": {"id": f"p{i}"}, "geometry": {"type": "Point", "coordinates": [12 + i, 25]}}
        for i in range(3)
    ]
    outline = {"type": "Feature", "properties": {}, "geometry": cells[0]["geometry"]}
    return [
        MapLayer("sites", "Sites", {"type": "FeatureCollection", "features": points}, "point"),
        MapLayer("areas", "Areas", {"type": "FeatureCollection", "features": cells}, "polygon"),
        MapLayer("outline", "Libya", {"type": "FeatureCollection", "features": [outline]}, "polygon", base=True),
    ]


@pytest.fixture(autouse=True)
def _no_tile_env(monkeypatch):
    monkeypatch.delenv("ATLAS_TILE_URL", raising=False)
    monkeypatch.delenv("ATLAS_PAYLOAD_COMPRESS", raising=False)


def test_build_map_html_is_deterministic_and_offline():
    bounds = (9.3, 19.5, 25.2, 33.2)
    first = build_map_html(_layers(), bounds, "k")
    assert first == build_map_html(_layers(), bounds, "k")
    assert first != build_map_html(_layers(), bounds, "other")
    lowered = first.lower()
    for word in FORBIDDEN:
        assert word not in lowered, word
    assert not re.search(r"https?://", first)
    assert f'src="/app/static/vendor/{assets.LEAFLET_JS}"' in first
    assert f'href="/app/static/vendor/{assets.LEAFLET_CSS}"' in first
    assert "not sent" not in first  # only ids travel with the geometry
    assert "21.12346" in first and "21.123456789" not in first  # rounded to ~1 m
    assert "preferCanvas" in first and "L.control.scale" in first and "L.control.layers" in first


def test_layer_order_and_validation():
    html = build_map_html(_layers(), None, "k")
    # basemap < polygons < points regardless of the caller's order
    assert html.index('"name":"outline"') < html.index('"name":"areas"') < html.index('"name":"sites"')
    no_id = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [0, 0]}}
    bad = MapLayer("x", "X", {"type": "FeatureCollection", "features": [no_id]}, "point")
    with pytest.raises(ValueError, match="no properties"):
        build_map_html([bad], None, "k")
    with pytest.raises(ValueError, match="unique"):
        build_map_html([_layers()[0], _layers()[0]], None, "k")


def test_tile_layer_only_from_env(monkeypatch):
    assert "L.tileLayer" not in build_map_html(_layers(), None, "k")
    monkeypatch.setenv("ATLAS_TILE_URL", "/tiles/{z}/{x}/{y}.png")
    html = build_map_html(_layers(), None, "k")
    assert "L.tileLayer" in html and "/tiles/{z}/{x}/{y}.png" in html
    assert "L.tileLayer" not in static_map_html(_layers(), {}, None)  # snapshots stay self-contained


def test_component_args_match_st_folium(monkeypatch):
    """The cached replay must send exactly what st_folium would."""
    import streamlit_folium

    captured: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: captured.update(kw))
    streamlit_folium.st_folium(
        atlas._build_map(_layers(), None, "k"), key="k", height=560, returned_objects=list(atlas.CLICK_FIELDS),
        use_container_width=True,
    )
    captured.pop("on_change")
    ours = dict(atlas._component_args(atlas._build_map(_layers(), None, "k"), "k"))
    ours.update(height=560, width=None, returned_objects=list(atlas.CLICK_FIELDS))
    # Only the default differs: the click count starts at 0 as the map's own value
    # does (st_folium says None), so mounting the map causes no rerun.
    assert captured.pop("default") == {"last_object_clicked_count": None, "last_active_drawing": None}
    assert list(ours.pop("default").items()) == [("last_object_clicked_count", 0), ("last_active_drawing", None)]
    assert ours == captured
    assert not [u for u in ours["js_links"] + ours["css_links"] if not u.startswith("/app/static/vendor/")]


def test_component_args_cached_by_identity_and_content():
    layers = _layers()
    a = atlas._cached_component_args(layers, "cache-test")
    assert atlas._cached_component_args(layers, "cache-test") is a  # same objects
    assert atlas._cached_component_args(_layers(), "cache-test") is a  # equal content
    moved = _layers()
    moved[1].geojson["features"][0]["geometry"]["coordinates"][0][0] = [9.0, 20.0]
    assert atlas._cached_component_args(moved, "cache-test") is not a


def test_sequential_colours_classes():
    values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, None, float("nan")]
    colours, breaks = sequential_colours(values, 5)
    assert breaks == sorted(set(breaks)) and len(breaks) == 6
    assert breaks[0] == 0 and breaks[-1] == 9
    assert colours[-2:] == [None, None]
    ramp = colour_ramp(5)
    assert colours[0] == ramp[0] and colours[9] == ramp[-1]
    assert len(set(colours[:10])) == 5
    # monotonic: a larger value never gets a lighter class
    ranks = [ramp.index(c) for c in colours[:10]]
    assert ranks == sorted(ranks)


def test_sequential_colours_ties_fixed_breaks_and_empty():
    colours, breaks = sequential_colours([5, 5, 5], 5)
    assert breaks == [5.0, 5.0] and len(set(colours)) == 1
    assert sequential_colours([None, None]) == ([None, None], [])
    colours, breaks = sequential_colours([0, 50, 1000], breaks=[0, 10, 100])
    ramp = colour_ramp(2)
    assert breaks == [0, 10, 100] and colours == [ramp[0], ramp[1], ramp[1]]  # clamped
    with pytest.raises(ValueError):
        sequential_colours([1], breaks=[3, 2])


def test_colour_ramp_is_light_to_dark():
    def lum(c: str) -> float:
        r, g, b = (int(c[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for n in (1, 2, 5, 7, 9):
        ramp = colour_ramp(n)
        assert len(ramp) == n and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in ramp)
        assert [lum(c) for c in ramp] == sorted((lum(c) for c in ramp), reverse=True)


def test_legend_html_escapes_and_formats():
    html = legend_html("<Displaced>", "people & more", [0, 1000, 25000])
    assert "&lt;Displaced&gt;" in html and "people &amp; more" in html
    assert "0 \u2013 1,000" in html and "1,000 \u2013 25,000" in html
    assert html.count("atlas-legend-swatch") == 2
    assert "No data" in legend_html("t", "", [0, 1], no_data_colour="#eee")


def test_static_map_html_is_self_contained():
    payload = {"layers": {"areas": {"c0": {"fillColor": "#ff0000", "tooltip": "</script><b>x</b>"}}}}
    doc = static_map_html(_layers(), payload, None)
    assert not re.search(r"<script[^>]*\ssrc=", doc)
    assert not re.search(r"<link[^>]*\shref=", doc)
    assert not re.search(r"url\(\s*['\"]?https?:", doc)  # no remote CSS images/fonts
    assert "/app/static/" not in doc
    assert "sourceMappingURL" not in doc
    assert "L.version" in doc or "Leaflet" in doc  # leaflet inlined
    assert "data:image/png;base64," in doc  # layer-control icon inlined
    assert "</script><b>" not in doc  # payload cannot break out of its script
    assert "window.__atlasState" in doc and "#ff0000" in doc


def test_bridge_html_survives_dompurify_rules():
    payload = {"layers": {"a": {"x": {"tooltip": "<b>bold</b> & </script>"}}}, "legend": "<div>legend</div>"}
    for env in ("0", "1"):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ATLAS_PAYLOAD_COMPRESS", env)
            html = atlas._bridge_html("k", payload)
        script = html.split("<script>", 1)[1].rsplit("</script>", 1)[0]
        assert "<" not in script  # DOMPurify drops scripts containing "<" + letter
    big = {"layers": {"a": {f"f{i}": {"fillColor": "#123456", "tooltip": f"<b>{i}</b>"} for i in range(200)}}}
    small = atlas._bridge_html("k", big)
    assert "DecompressionStream" in small and len(small) < len(json.dumps(big)) / 3


def test_ensure_assets_copies_once(tmp_path):
    assets.ensure_assets(tmp_path)
    vendor = tmp_path / "vendor"
    for relpath in (assets.LEAFLET_JS, assets.LEAFLET_CSS, f"{assets.LEAFLET_DIR}/images/layers.png"):
        assert (vendor / relpath).is_file(), relpath
    target = vendor / assets.LEAFLET_JS
    stamp = target.stat().st_mtime_ns
    assets._done.discard(tmp_path.resolve())  # force the slow path: files must be left alone
    assets.ensure_assets(tmp_path)
    assert target.stat().st_mtime_ns == stamp
    target.write_text("corrupt")
    assets._done.discard(tmp_path.resolve())
    assets.ensure_assets(tmp_path)
    assert target.read_bytes() == (assets._source(assets.LEAFLET_JS)).read_bytes()
