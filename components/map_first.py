"""The map first: what lies below a page's map is sent only once the map has painted.

Why: every element the browser builds before the map's iframe competes with
it for the same main thread.  A Plotly chart makes the browser fetch and
compile Plotly's 4.7 MB bundle (7-8 s on /displacement against 3 s on pages
without charts); a table brings 1.2 MB of grid and Arrow code; each further
widget costs about 12 ms of rendering on this project's machine.  So the
first run of each page in a session sends the page's own controls above the
map, the headline figures, the map itself, the captions that explain it and
the note on illustrative data; the sidebar's controls (who you are, language,
area: the view they set is read from the URL and the session all the same),
tables, charts, downloads, sources and the publish control wait
(``released``: pages draw their charts and tables inside an ``if released()``
block).  A run that drew no map after all (a restricted layer) sends them at
once.  Otherwise a few lines of JavaScript wait until the map has drawn (a map
that never draws: 60 s) and no field has the focus, then press a hidden
button, whose rerun sends the rest (pressed again if no rerun came of it, as a
press during another rerun can be lost).  Later runs of that page (slider steps, filters) send
everything at once: the browser has the code by then.

The release is per page and per session (the session decides what its own
browser has loaded); everything the held-back parts are built from is shared
between sessions (``components.charts`` caches figures per input).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_RELEASED = "_map_first_released"  # page ids whose map has drawn in this session's browser
_DEFERRED = "_map_first_deferred"  # this run held something back
_MAP = "_map_first_map"  # this run drew a map

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
    "return maps>0;"  # the script is only sent by a run that drew a map (release_when_drawn)
    "}"
    "var clicked=0,tries=0;"
    "(function poll(){"
    # Done once the release rerun has replaced this page's placeholders (the marker is gone).
    'if(!D.querySelector(".atlas-map-first"))return;'
    "if(drawn()||Date.now()-t0>60000){"  # a map that never draws must not hold the rest forever
    # Press the button once it is on the page; press again if no rerun came of it within 4 s (a press
    # during another rerun can be lost), at most 5 times.
    # Only while no run is going: a press during the user's own rerun (a form, a button) would take its place.
    # Nor while the user is typing in a field (for up to 20 s): the rerun would close the list a select box has open.
    "var b=D.querySelector(sel),app=D.querySelector('[data-testid=\"stApp\"]'),f=D.activeElement;"
    "var typing=f&&(f.tagName==='INPUT'||f.tagName==='TEXTAREA'||f.isContentEditable);"
    "var idle=(!app||app.getAttribute('data-test-script-state')!=='running')&&(!typing||Date.now()-t0>20000);"
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
    st.session_state[_MAP] = False


def map_drawn() -> None:
    """Called by ``components.map.atlas_map``: this run has a map to wait for."""
    st.session_state[_MAP] = True


def released() -> bool:
    """True when what lies below this page's map may be sent now; in the page's first run in a
    session, False (and the run ends with the release: ``release_when_drawn``)."""
    if _page() in st.session_state.get(_RELEASED, ()):
        return True
    st.session_state[_DEFERRED] = True
    return False


def _release(page: str) -> None:
    st.session_state[_RELEASED] = {*st.session_state.get(_RELEASED, ()), page}


def release_when_drawn() -> None:
    """At the end of a full page run (``components.page.finish``): if anything was held back, the
    hidden button and the script that presses it once the map has drawn."""
    if not st.session_state.get(_DEFERRED):
        return
    st.session_state[_DEFERRED] = False
    page = _page()
    if not st.session_state.get(_MAP):  # no map after all (a restricted layer): nothing to wait for
        _release(page)
        st.rerun()
    key = f"atlas-release-{page[:12] or 'page'}"
    st.button("release", key=key, on_click=_release, args=(page,))
    css = f".st-key-{key},[data-testid=\"stElementContainer\"]:has(.atlas-map-first){{display:none}}"
    script = _RELEASE_JS % {"selector": f'".st-key-{key} button"'}
    if "<" in script:
        raise AssertionError("release script must not contain '<'")
    st.html(f'<div class="atlas-map-first" hidden></div><style>{css}</style><script>{script}</script>',
            unsafe_allow_javascript=True)
