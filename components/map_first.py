"""The map first: charts below a page's map are sent only once the map has painted.

Why: a Plotly chart makes the browser fetch and compile Plotly's 4.7 MB
bundle; when the first script run of a page carries charts, the map's iframe
competes with that work and appears only after it (7-8 s on /displacement
against 3 s on pages without charts).  So the first run of each page in a
session sends the map, the figures and tables, and in place of each chart an
empty box of its height; a few lines of JavaScript wait until the map has
drawn (a page without a map: 3 s; a map that never draws: 60 s), then press
a hidden button, whose rerun sends the charts (pressed again if no rerun came
of it, as a press during another rerun can be lost).  Later runs of that
page (slider steps, filters) send charts at once: the bundle is loaded by then.

The release is per page and per session (the session decides what its own
browser has loaded); everything the charts are built from is shared between
sessions (``components.charts`` caches figures per input).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_RELEASED = "_map_first_released"  # page ids whose charts this session's browser may load
_DEFERRED = "_map_first_deferred"  # this run drew at least one placeholder

# Runs in the Streamlit page (st.html).  No "<" may appear in it (the HTML sanitiser would drop the script).
_RELEASE_JS = (
    "(function(){"
    "var W=window.parent||window,D=W.document,t0=Date.now(),sel=%(selector)s;"
    "function drawn(){"
    'var fs=D.getElementsByTagName("iframe"),maps=0;'
    "for(var i=0;fs.length>i;i++){"
    'if((fs[i].getAttribute("src")||"").indexOf("streamlit_folium")===-1)continue;'
    "maps++;"
    # The atlas map reports its first styling (restyles); any other Leaflet map: its drawn panes.
    "try{var w=fs[i].contentWindow,g=w.__atlasDebug&&w.__atlasDebug();"
    "if(g?!(g.restyles>0):!w.document.querySelector("
    '".leaflet-overlay-pane canvas, .leaflet-overlay-pane path, .leaflet-marker-pane *"))return false;}'
    "catch(e){return false;}}"
    "return maps>0||Date.now()-t0>3000;"  # a page without a map: release soon
    "}"
    "var clicked=0,tries=0;"
    "(function poll(){"
    # Done once the release rerun has replaced this page's placeholders (the marker is gone).
    'if(!D.querySelector(".atlas-map-first"))return;'
    "if(drawn()||Date.now()-t0>60000){"  # a map that never draws must not hold the charts forever
    # Press the button once it is on the page; press again if no rerun came of it within 4 s (a press
    # during another rerun can be lost), at most 5 times.
    # Only while no run is going: a press during the user's own rerun (a form, a button) would take its place.
    "var b=D.querySelector(sel),app=D.querySelector('[data-testid=\"stApp\"]');"
    "var idle=!app||app.getAttribute('data-test-script-state')!=='running';"
    "if(b&&idle&&(clicked===0||Date.now()-clicked>4000)&&5>tries){clicked=Date.now();tries++;"
    "W.requestAnimationFrame(function(){b.click();});}}"
    "W.setTimeout(poll,60);"
    "})();"
    "})();"
)


def _page() -> str:
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def begin_run() -> None:
    """At the start of every full page run (``components.page.setup``)."""
    st.session_state[_DEFERRED] = False


def charts_allowed(height: int) -> bool:
    """True when this page's charts may be sent now; otherwise draws an empty box of ``height`` px
    (so nothing below moves when the chart arrives) and notes that the charts must be released."""
    if _page() in st.session_state.get(_RELEASED, ()):
        return True
    st.container(height=height, border=False)
    st.session_state[_DEFERRED] = True
    return False


def _release(page: str) -> None:
    st.session_state[_RELEASED] = {*st.session_state.get(_RELEASED, ()), page}


def release_when_drawn() -> None:
    """At the end of a full page run (``components.page.finish``): if charts were held back, the
    hidden button and the script that presses it once the map has drawn."""
    if not st.session_state.get(_DEFERRED):
        return
    st.session_state[_DEFERRED] = False
    page = _page()
    key = f"atlas-charts-{page[:12] or 'page'}"
    st.button("charts", key=key, on_click=_release, args=(page,))
    css = f".st-key-{key},[data-testid=\"stElementContainer\"]:has(.atlas-map-first){{display:none}}"
    script = _RELEASE_JS % {"selector": f'".st-key-{key} button"'}
    if "<" in script:
        raise AssertionError("release script must not contain '<'")
    st.html(f'<div class="atlas-map-first" hidden></div><style>{css}</style><script>{script}</script>',
            unsafe_allow_javascript=True)
