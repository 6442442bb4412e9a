"""Offline map component: static geometry once, restyled in place on every rerun.

Why it is built this way
------------------------
A naive page rebuilds the folium map on every Streamlit rerun. With
streamlit-folium that re-sends the whole map (geometry included, ~160 kB for
the atlas) per time-slider step and remounts the Leaflet iframe (~360 ms).
Instead this module splits the map in two elements:

1. **The map** (``st_folium`` element): geometry, feature ids and a neutral
   style only. Its HTML is byte-identical across reruns as long as the
   geometry is unchanged, so Streamlit's message cache
   (``streamlit/runtime/forward_msg_cache.py``: elements >= 10 kB whose hash
   the browser reports as cached) sends just a hash reference, and
   streamlit-folium keeps the same iframe (same component key). The
   component arguments are built once per geometry (module-level LRU keyed
   by a content hash), so a time change costs the server no geometry work.
2. **The bridge** (a tiny ``st.html`` element with JavaScript): carries the
   per-feature colours, radii, visibility, tooltips and legend ("payload").
   Its script stores the payload in ``window.parent.__atlasState[key]`` and
   calls ``__atlasMaps[key].restyle(payload)`` inside the map iframe (same
   origin, found by its ``src`` containing ``streamlit_folium``). The map's
   own runtime (``static_src/atlas_map.js``) reads that state when it loads,
   so it works whichever of the two arrives first.

Everything is served from the app (see ``components.assets``); nothing is
fetched from a CDN or tile server unless ``ATLAS_TILE_URL`` names one.

This module renders only: callers pass GeoJSON dicts, it never reads data
files.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import os
import pickle
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import branca.element
import folium
from folium.map import Layer
from folium.template import Template

from components import assets

__all__ = [
    "MapClick",
    "MapLayer",
    "atlas_map",
    "build_map_html",
    "static_map_html",
]

_STATIC_SRC = Path(__file__).with_name("static_src")

#: Coordinates are rounded to this many decimals (~1 m): the map is for
#: display, and full float precision roughly doubles the geometry's size.
COORD_DECIMALS = 5

_TILE_URL_ENV = "ATLAS_TILE_URL"
_TILE_ATTR_ENV = "ATLAS_TILE_ATTRIBUTION"


@dataclass(frozen=True)
class MapLayer:
    """One GeoJSON layer of an atlas map.

    Only geometry and ``properties["id"]`` are used (other properties are
    dropped), because the map HTML must not change when time or filters
    change; everything data-dependent goes through the payload instead.
    Treat ``geojson`` as immutable: the built map is cached per object.
    """

    name: str  # layer id, e.g. "displacement_mantika"; payload key
    title: str  # shown in the layer control
    geojson: dict  # FeatureCollection; each feature has properties["id"] (str)
    kind: str  # "polygon" | "point"
    show: bool = True  # initially switched on
    base: bool = False  # basemap layers: grey, not in payload, not interactive


# --------------------------------------------------------------------------
# Map HTML (static part)
# --------------------------------------------------------------------------


@cache
def _read_src(name: str) -> str:
    return (_STATIC_SRC / name).read_text(encoding="utf-8")


def _js_json(obj: Any) -> str:
    """JSON that is also safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are escaped so data can never close the script
    element (and so Streamlit's DOMPurify pass keeps ``st.html`` scripts:
    it drops any script whose text contains ``<`` followed by a letter).
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), COORD_DECIMALS)
    return [_round_coords(c) for c in coords]


def _clean_geometry(geom: Mapping[str, Any]) -> dict:
    if geom.get("type") == "GeometryCollection":
        return {
            "type": "GeometryCollection",
            "geometries": [_clean_geometry(g) for g in geom.get("geometries", [])],
        }
    return {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"])}


def _clean_collection(layer: MapLayer) -> dict:
    """Geometry + id only; validates what the restyle runtime relies on."""
    gj = layer.geojson
    if not isinstance(gj, Mapping) or gj.get("type") != "FeatureCollection":
        raise ValueError(f"layer {layer.name!r}: geojson must be a FeatureCollection")
    seen: set[str] = set()
    features = []
    for n, feat in enumerate(gj.get("features") or []):
        geom = feat.get("geometry")
        if not geom:
            continue
        props: dict[str, str] = {}
        if not layer.base:
            fid = (feat.get("properties") or {}).get("id")
            if fid is None:
                raise ValueError(f"layer {layer.name!r}: feature #{n} has no properties['id']")
            fid = str(fid)
            if fid in seen:
                raise ValueError(f"layer {layer.name!r}: duplicate feature id {fid!r}")
            seen.add(fid)
            props = {"id": fid}
        features.append({"type": "Feature", "properties": props, "geometry": _clean_geometry(geom)})
    return {"type": "FeatureCollection", "features": features}


def _iter_positions(coords: Any) -> Iterator[tuple[float, float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield float(coords[0]), float(coords[1])
        return
    for c in coords:
        yield from _iter_positions(c)


def _geom_positions(geom: Mapping[str, Any]) -> Iterator[tuple[float, float]]:
    if geom.get("type") == "GeometryCollection":
        for g in geom.get("geometries", []):
            yield from _geom_positions(g)
    else:
        yield from _iter_positions(geom.get("coordinates") or [])


def _bounds_of(layers: Sequence[MapLayer]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the data layers (or of all layers)."""
    for subset in ([lyr for lyr in layers if not lyr.base], list(layers)):
        xs, ys = [], []
        for lyr in subset:
            for feat in lyr.geojson.get("features") or []:
                if feat.get("geometry"):
                    for x, y in _geom_positions(feat["geometry"]):
                        xs.append(x)
                        ys.append(y)
        if xs:
            return min(xs), min(ys), max(xs), max(ys)
    # Libya, as a last resort for an empty map.
    return 9.3, 19.5, 25.2, 33.2


class _AtlasMap(folium.Map):
    """folium.Map that loads only the app's own Leaflet copy.

    Bootstrap, Font Awesome and awesome-markers are dropped on purpose: the
    atlas draws CircleMarkers, not icon markers. Set per instance so plain
    ``folium.Map`` users elsewhere are unaffected.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.default_js = [
            ("leaflet", assets.asset_url(assets.LEAFLET_JS)),
        ]
        self.default_css = [("leaflet_css", assets.asset_url(assets.LEAFLET_CSS))]


class _AtlasRuntime(branca.element.MacroElement):
    """Embeds ``static_src/atlas_map.js`` + CSS and creates the map's registry."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
{% endmacro %}
{% macro script(this, kwargs) %}
{{ this.js }}
var {{ this.get_name() }} = window.__atlasCreate({{ this._parent.get_name() }}, {{ this.config }});
{% endmacro %}
"""
    )

    def __init__(self, key: str, fit: list[list[float]] | None = None) -> None:
        super().__init__()
        self._name = "AtlasRuntime"
        self.js = _read_src("atlas_map.js").replace("</script", "<\\/script")
        self.css = _read_src("atlas_map.css").replace("</style", "<\\/style")
        self.config = _js_json({"key": key, "fit": fit})  # fit: the bounds the map opens on, [[s, w], [n, e]]
        # (then the payload's "fit", once it has one)


class _AtlasLayer(Layer):
    """A folium Layer (so LayerControl lists it) drawn by the atlas runtime."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.runtime.get_name() }}.layer({{ this.spec }}, {{ this.data }});
{% endmacro %}
"""
    )

    def __init__(self, runtime: _AtlasRuntime, layer: MapLayer) -> None:
        # Leaflet's layer control inserts the name as HTML: escape it like any text.
        super().__init__(name=html_lib.escape(layer.title), overlay=True, control=not layer.base, show=layer.show)
        self._name = "AtlasLayer"
        self.runtime = runtime
        self.spec = _js_json({"name": layer.name, "kind": layer.kind, "base": layer.base})
        self.data = _js_json(_clean_collection(layer))


class _AtlasReady(branca.element.MacroElement):
    """Runs after all layers: applies any payload the bridge already stored."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.runtime.get_name() }}.ready();
{% endmacro %}
"""
    )

    def __init__(self, runtime: _AtlasRuntime) -> None:
        super().__init__()
        self._name = "AtlasReady"
        self.runtime = runtime


def _walk(el: branca.element.Element) -> Iterator[branca.element.Element]:
    yield el
    for child in el._children.values():
        yield from _walk(child)


def _build_map(
    layers: Sequence[MapLayer],
    bounds: tuple[float, float, float, float] | None,
    key: str,
    *,
    with_tiles: bool = True,
) -> _AtlasMap:
    """The folium map: geometry, ids, neutral style; no data-dependent state."""
    names = [lyr.name for lyr in layers]
    if len(set(names)) != len(names):
        raise ValueError(f"layer names must be unique: {names}")
    for lyr in layers:
        if lyr.kind not in ("polygon", "point"):
            raise ValueError(f"layer {lyr.name!r}: kind must be 'polygon' or 'point'")
    west, south, east, north = bounds or _bounds_of(layers)
    m = _AtlasMap(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        prefer_canvas=True,  # one <canvas> for hundreds of shapes, not SVG nodes
        control_scale=False,  # atlas_map.js draws its own, metric and in the reader's language
        zoom_snap=0.25,
    )
    runtime = _AtlasRuntime(key, [[south, west], [north, east]])
    m.add_child(runtime)
    tile_url = os.environ.get(_TILE_URL_ENV, "").strip()
    if with_tiles and tile_url:
        folium.TileLayer(
            tiles=tile_url,
            attr=os.environ.get(_TILE_ATTR_ENV, "").strip() or "Basemap tiles",
            name="Basemap",
            overlay=False,
            control=False,
        ).add_to(m)
    # Draw order basemap < polygons < points, stable within each group.
    for lyr in sorted(layers, key=lambda x: 0 if x.base else (1 if x.kind == "polygon" else 2)):
        m.add_child(_AtlasLayer(runtime, lyr))
    folium.LayerControl(collapsed=True).add_to(m)  # the opening view: the runtime fits cfg.fit (atlas_map.js)
    m.add_child(_AtlasReady(runtime))
    # folium names every element with a random id; fix them so the output is
    # identical across reruns and processes (the precondition for caching).
    for i, el in enumerate(_walk(m)):
        el._id = hashlib.sha256(f"atlas:{key}:{i}".encode()).hexdigest()[:32]
    return m


def build_map_html(
    layers: Sequence[MapLayer],
    bounds: tuple[float, float, float, float] | None,
    key: str,
) -> str:
    """The complete static folium document (assets linked from /app/static).

    Deterministic: same layers/bounds/key (and ``ATLAS_TILE_URL``) give the
    same string. ``bounds`` is (west, south, east, north) in degrees, as
    GeoPandas' ``total_bounds``; ``None`` fits the data layers.
    """
    return _build_map(layers, bounds, key).get_root().render()


def static_map_html(
    layers: Sequence[MapLayer],
    payload: Mapping[str, Any],
    bounds: tuple[float, float, float, float] | None,
) -> str:
    """One self-contained HTML file: assets inlined, payload applied at load.

    For publishing a snapshot that opens from disk without a server or
    network. Tiles are never included (a tile URL would be a network fetch).
    """
    key = "atlas-static"
    doc = _build_map(layers, bounds, key, with_tiles=False).get_root().render()
    js_tag = f'<script src="{assets.asset_url(assets.LEAFLET_JS)}"></script>'
    doc = doc.replace(js_tag, f"<script>{assets.inline_js(assets.LEAFLET_JS)}</script>")
    css_tag = f'<link rel="stylesheet" href="{assets.asset_url(assets.LEAFLET_CSS)}"/>'
    doc = doc.replace(css_tag, f"<style>{assets.inline_css(assets.LEAFLET_CSS)}</style>")
    state = f"<script>window.__atlasState = {_js_json({key: dict(payload)})};</script>"
    doc = doc.replace("</head>", f"{state}\n</head>", 1)
    if "/app/static/" in doc:
        raise RuntimeError("static_map_html: an asset link was not inlined")
    return doc


# --------------------------------------------------------------------------
# Streamlit rendering
# --------------------------------------------------------------------------

_CACHE_SIZE = 8
_args_cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
# Per map key: the geojson objects last seen (kept alive, so their id()s can't
# be reused) and the digest they hashed to. Lets a rerun that passes the very
# same dicts (st.cache_resource, module constants) skip hashing the geometry.
_identity: dict[str, tuple[tuple[Any, ...], str]] = {}
_cache_lock = threading.Lock()


def _layers_digest(layers: Sequence[MapLayer], key: str) -> str:
    meta = (
        key,
        os.environ.get(_TILE_URL_ENV, ""),
        os.environ.get(_TILE_ATTR_ENV, ""),
        assets.asset_url(""),
        tuple((lyr.name, lyr.title, lyr.kind, lyr.show, lyr.base) for lyr in layers),
    )
    ident = (meta, tuple(id(lyr.geojson) for lyr in layers))
    with _cache_lock:
        hit = _identity.get(key)
        if hit is not None and hit[0][0] == ident:
            return hit[1]
    h = hashlib.sha256(repr(meta).encode())
    h.update(_read_src("atlas_map.js").encode())
    h.update(_read_src("atlas_map.css").encode())
    for lyr in layers:
        h.update(pickle.dumps(lyr.geojson, protocol=5))
    digest = h.hexdigest()
    with _cache_lock:
        _identity[key] = ((ident, tuple(lyr.geojson for lyr in layers)), digest)
    return digest


def _component_args(m: folium.Map, key: str) -> dict[str, Any]:
    """The arguments ``st_folium(m, key=key, returned_objects=[])`` would send.

    Mirrors streamlit-folium 0.27.4's ``st_folium`` (checked by
    tests/test_components_map.py) so the result can be cached and replayed
    without re-rendering the map on every rerun.
    """
    import streamlit_folium as sf

    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    leaflet = sf._get_map_string(m)
    css_links: list[str] = []
    js_links: list[str] = []
    for el in _walk(m):
        css_links.extend(href for _, href in getattr(el, "default_css", []))
        js_links.extend(src for _, src in getattr(el, "default_js", []))
    return {
        "script": leaflet,
        "header": header,
        "html": html,
        "id": sf.get_full_id(m),
        "key": sf.generate_js_hash(leaflet, key, False),
        "default": dict(CLICK_DEFAULT),
        "zoom": None,
        "center": None,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(dict.fromkeys(css_links)),
        "js_links": list(dict.fromkeys(js_links)),
        "wrap_longitude": False,
    }


#: What the map returns to Python: only a feature click changes it (pan and
#: zoom do not, so they cause no rerun).  Same key order as streamlit-folium's
#: frontend builds it, so the initial value equals this default and mounting
#: the map causes no rerun either.
CLICK_FIELDS = ("last_object_clicked_count", "last_active_drawing")
CLICK_DEFAULT = {"last_object_clicked_count": 0, "last_active_drawing": None}


@dataclass(frozen=True)
class MapClick:
    """A click on a map feature: its layer name and feature id."""

    layer: str
    feature_id: str


def _new_click(key: str, value: Any) -> MapClick | None:
    """The click ``value`` reports, if it is one this session has not handled yet."""
    import streamlit as st

    seen_key = f"_atlas_clicks.{key}"
    if not isinstance(value, Mapping):
        return None
    count = int(value.get("last_object_clicked_count") or 0)
    handled = st.session_state.get(seen_key, 0)
    st.session_state[seen_key] = count
    if count <= handled:  # the same value again (any rerun), or a new map (count restarts at 0)
        return None
    props = (value.get("last_active_drawing") or {}).get("properties") or {}
    if props.get("id") is None:
        return None  # e.g. a cluster circle: it zooms in, it selects nothing
    return MapClick(str(props.get("layer") or ""), str(props["id"]))


def _cached_component_args(layers: Sequence[MapLayer], key: str) -> dict[str, Any]:
    """The map's component arguments, built once per geometry: they hold no view (``atlas_map`` sends the bounds
    to fit with the payload), so choosing another area keeps the same map."""
    digest = _layers_digest(layers, key)
    with _cache_lock:
        args = _args_cache.get(digest)
        if args is not None:
            _args_cache.move_to_end(digest)
            return args
    args = _component_args(_build_map(layers, None, key), key)
    with _cache_lock:
        _args_cache[digest] = args
        while len(_args_cache) > _CACHE_SIZE:
            _args_cache.popitem(last=False)
    return args


#: Payloads whose JSON is at least this long travel deflate-compressed and
#: base64-encoded (typically 5-7x smaller: the JSON repeats keys and colours).
#: The browser inflates them with the Compression Streams API (Chrome/Edge 80+,
#: Firefox 113+, Safari 16.4+). Set env ATLAS_PAYLOAD_COMPRESS=0 to disable.
PAYLOAD_COMPRESS_MIN = 2048

# Runs in the Streamlit page (st.html, not iframed). The sequence number makes
# the newest payload win even if an older one finishes inflating later.
_BRIDGE_JS = (
    "(function(){"
    "var k=%(key)s,raw=%(payload)s,z=%(zipped)s,W=window.parent||window;"
    "var sq=W.__atlasSeq=W.__atlasSeq||{},n=sq[k]=(sq[k]||0)+1;"
    "function apply(p){"
    "if(sq[k]!==n)return;"
    "(W.__atlasState=W.__atlasState||{})[k]=p;"
    'var fs=W.document.getElementsByTagName("iframe");'
    "for(var i=0;fs.length>i;i++){"
    'var s=fs[i].getAttribute("src")||"";'
    'if(s.indexOf("streamlit_folium")===-1)continue;'
    "try{var w=fs[i].contentWindow,m=w&&w.__atlasMaps;if(m&&m[k])m[k].restyle(p);}"
    "catch(e){}"
    "}}"
    "if(!z){apply(raw);return;}"
    "var b=atob(raw),u=new Uint8Array(b.length);"
    "for(var j=0;b.length>j;j++)u[j]=b.charCodeAt(j);"
    'new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream("deflate")))'
    ".text().then(function(t){apply(JSON.parse(t));})"
    '.catch(function(e){console.error("atlas map: cannot inflate payload",e);});'
    "})();"
)

# The bridge renders nothing; hide its element container so it adds no gap.
_BRIDGE_CSS = '[data-testid="stElementContainer"]:has(.atlas-bridge){display:none}'


def _compress_min() -> int | None:
    if os.environ.get("ATLAS_PAYLOAD_COMPRESS", "").strip() in {"0", "false", "no"}:
        return None
    return PAYLOAD_COMPRESS_MIN


def _bridge_html(key: str, payload: Mapping[str, Any]) -> str:
    """HTML for the bridge element. No ``<`` may appear inside the script."""
    body = _js_json(dict(payload))
    limit = _compress_min()
    zipped = limit is not None and len(body) >= limit
    if zipped:
        packed = zlib.compress(body.encode("utf-8"), 6)
        body = json.dumps(base64.b64encode(packed).decode("ascii"))
    script = _BRIDGE_JS % {"key": _js_json(key), "payload": body, "zipped": "true" if zipped else "false"}
    if "<" in script:  # DOMPurify would silently drop the whole script
        raise AssertionError("bridge script must not contain '<'")
    return f'<div class="atlas-bridge" hidden></div><style>{_BRIDGE_CSS}</style><script>{script}</script>'


def atlas_map(
    layers: Sequence[MapLayer],
    payload: Mapping[str, Any],
    *,
    key: str,
    bounds: tuple[float, float, float, float] | None = None,
    height: int = 560,
) -> MapClick | None:
    """Show an offline map whose styling follows ``payload`` without reloading.

    Returns the feature the user just clicked (once per click), else ``None``.

    ``layers``: geometry (cached per content; pass the same objects each run,
    e.g. from ``st.cache_resource``, to skip even hashing it).
    ``payload``::

        {"layers": {layer_name: {feature_id: {
             "fillColor": str, "color": str, "radius": float,
             "fillOpacity": float, "hidden": bool, "tooltip": str (HTML),
             "pinned": bool (never inside a cluster)}}},
         "legend": str (HTML, see components.legends),
         "visible": {layer_name: bool},
         "cluster": [point_layer_name, ...],
         "title": str (the map iframe's title, for screen readers),
         "fit": [[south, west], [north, east]] (set from ``bounds``)}

    ``cluster`` names point layers whose crowded points (3 or more within
    36 px at the current zoom) are drawn as one counted circle that zooms in
    when clicked; recomputed in the browser on zoom, no rerun.
    Every key may be absent: features without an entry get the neutral grey
    style, no tooltip, and are shown. ``visible`` is applied only when its
    value changes, so a user's layer-control choice survives time steps.
    Tooltip and legend strings are inserted as HTML: escape data-derived
    text (``html.escape``). ``key`` must be unique per map on the page and
    stable across reruns. ``bounds`` is (west, south, east, north): what the
    map shows (``None``: all its data).  It travels with the payload, not in
    the map's own document: a new area (a click on the map, a choice in the
    sidebar) moves the map there, as the reader's own zoom would, where a
    new document would reload the map's frame, blank for a moment, and the
    page below it would jump.  It is applied only when it changes, so a
    reader's pan and zoom survive slider steps.
    Pan/zoom never trigger a rerun: the map returns only its click count and
    the clicked feature's layer and id (see ``CLICK_FIELDS``).
    """
    import streamlit as st

    assets.ensure_assets()
    try:
        import streamlit_folium as sf

        args = _cached_component_args(layers, key)
        component = sf._component_func
    except (AttributeError, ImportError):  # streamlit-folium internals moved
        from streamlit_folium import st_folium

        value = st_folium(
            _build_map(layers, None, key),
            key=key,
            height=height,
            returned_objects=list(CLICK_FIELDS),
            use_container_width=True,
        )
    else:
        value = component(**args, height=height, width=None, returned_objects=list(CLICK_FIELDS), on_change=None)
    from components import locale
    from components.i18n import rtl, t

    if bounds is not None:
        west, south, east, north = (float(v) for v in bounds)
        payload = {**payload, "fit": [[south, west], [north, east]]}
    if rtl() and payload.get("legend"):  # the map is not mirrored; its legend reads right to left
        payload = {**payload, "legend": f'<div dir="rtl" style="text-align:right">{payload["legend"]}</div>'}
    payload = {**payload, "labels": {"legend": t("Legend"), "show": t("Show the legend"),
                                     "hide": t("Hide the legend"), "digits": locale.numbering_system(),
                                     # the scale bar's units (abbreviations of kilometre and metre)
                                     "km": t("km"), "m": t("m"), "dir": "rtl" if rtl() else "ltr",
                                     # Leaflet's own buttons
                                     "zoomIn": t("Zoom in"), "zoomOut": t("Zoom out"), "layers": t("Layers")}}
    st.html(_bridge_html(key, payload), unsafe_allow_javascript=True)
    from components import map_first

    map_first.map_drawn()
    return _new_click(key, value)
