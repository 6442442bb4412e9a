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
that never draws: 60 s) and the computer is not busy (its CPUs under "serious" or "critical" pressure, as the
browser's Compute Pressure API says, or no word from it yet, for 2.5 s; 30 s at most), no select box has its
list open,
no text is being typed and the reader has not just pressed a key or clicked (1.5 s),
then press a hidden button, whose rerun sends the rest (pressed again if no rerun
came of it, as a press during another rerun can be lost).  Later runs of that page (slider steps, filters) send
everything at once: the browser has the code by then.

Except the charts and tables below the map (``in_sight``): until the viewer
scrolls towards them, each is a placeholder of its size
(``components.stand_in.below``), and a second hidden button, pressed by the
same script with another condition, draws them.  A viewer who only looks at
the map never loads Plotly's or the table grid's code, and a page open in one
tab does not draw charts while other tabs are still drawing their maps.

The release is per page and per session (the session decides what its own
browser has loaded); everything the held-back parts are built from is shared
between sessions (``components.charts`` caches figures per input).
"""

from __future__ import annotations

import streamlit as st

from components import layout, state

_RELEASED = "_map_first_released"  # page ids whose map has drawn in this session's browser
_DEFERRED = "_map_first_deferred"  # this run held something back
_MAP = "_map_first_map"  # this run drew a map
_IN_SIGHT = "_map_first_in_sight"  # page ids whose charts and tables the viewer has come near in this session
_WAITING = "_map_first_waiting"  # this run drew placeholders for charts or tables below its map
_RUNS = "_map_first_runs"  # runs that sent a press script in this session (each copy of the script differs)
_RUN_NO = "_map_first_run_no"  # full page runs in this session, counted (``run_number``)
_PRESSED = "_map_first_pressed"  # a hidden button was pressed: the run about to start is the atlas's own
_BY_ATLAS = "_map_first_by_atlas"  # this run was started by a hidden press, not by the reader

# Runs in the Streamlit page (st.html): presses the hidden button once ``ready()`` says so.  It stops once the
# rerun it brought has removed what the release replaces (``marker``), or once a later run has sent the script
# again (each run's copy differs, ``run``, so the browser runs it; the latest copy does the work).  No "<" may
# appear in it (the HTML sanitiser would drop the script).
_PRESS_JS = (
    "(function(){"
    "var W=window.parent||window,D=W.document,t0=Date.now(),sel=%(selector)s,marker=%(marker)s,run=%(run)d;"
    "var G=W.__atlasPress=W.__atlasPress||{};G[sel]=run;"
    # When the reader last pressed a key or a pointer anywhere on the page (one listener per page).
    "if(!W.__atlasInputWatch){W.__atlasInputWatch=1;['pointerdown','keydown'].forEach(function(e){"
    "D.addEventListener(e,function(){W.__atlasInput=Date.now();},true);});}"
    "%(ready)s"
    "var clicked=0,tries=0;"
    "(function poll(){"
    "if(G[sel]!==run||!D.querySelector(marker))return;"
    "if(ready()){"
    # Press the button once it is on the page; press again if no rerun came of it within 4 s (a press
    # during another rerun can be lost), at most 5 times.  The last look at the reader's input is taken in the
    # frame of the press itself (a click of theirs can come between the poll and that frame), and so is
    # ``ready()`` (in a busy tab that frame can come long after the poll; the computer may be busy again).
    # Only while no run is going: a press during the user's own rerun (a form, a button) would take its place.
    # Nor while the user is typing or choosing (for up to 20 s): the rerun would close the list a select box has
    # open.  A select box that keeps the focus once its choice is made (its list closed) is not in the way.
    "var b=D.querySelector(sel),app=D.querySelector('[data-testid=\"stApp\"]'),f=D.activeElement;"
    "var typing=!!D.querySelector('[role=\"listbox\"]')||!!f&&(f.tagName==='TEXTAREA'||f.isContentEditable"
    "||f.tagName==='INPUT'&&f.getAttribute('role')!=='combobox'&&/^(text|search|number|)$/.test(f.type||''));"
    # Nor while a menu (a popover) is open, however long: the press, a click outside it, would close it.
    # Nor within 1.5 s of the reader's last key or click: their rerun may not have started yet, and a press then
    # would stop it before it reached their button, whose press would be lost (seen once in CI: a snapshot's
    # Publish button, clicked as the charts below the map were released).
    "var menu=!!D.querySelector('[data-testid=\"stPopoverBody\"]');"
    "var idle=(!app||app.getAttribute('data-test-script-state')!=='running')&&!menu"
    "&&Date.now()-(W.__atlasInput||0)>1500&&(!typing||Date.now()-t0>20000);"
    "if(b&&idle&&(clicked===0||Date.now()-clicked>4000)&&5>tries){clicked=Date.now();tries++;"
    "W.requestAnimationFrame(function(){if(Date.now()-(W.__atlasInput||0)>1500&&ready())b.click();"
    "else{clicked=0;tries--;}});}}"
    "W.setTimeout(poll,%(every)d);"
    "})();"
    "})();"
)
# How long, at most, what lies below a drawn map waits for the computer to be less busy (stage 1).
CALM_WAIT_MS = 30_000
# How long after it began to watch a page waits for the Compute Pressure API's first reading (it came after about
# half a second here, later on a busy computer; headless Chromium gave most pages none at all).  Until then the
# computer counts as busy: a map drawn before the first reading would otherwise take its absence for "not busy"
# (seen in bursts of 10 tabs: the first tabs to draw released at once).
FIRST_READING_WAIT_MS = 2_500
# Begins to watch the CPUs (once per page): ``W.__atlasPressure`` holds the latest reading, "pending" until the
# first.  Sent at the top of every full run of a page with a map (``watch_the_computer``), before the map, so that
# the first reading is there when the map has drawn.
_WATCH = (
    "if(!W.__atlasPressure&&W.PressureObserver){W.__atlasPressure={state:'pending',since:Date.now()};"
    "var never=function(){W.__atlasPressure={state:''};};"  # not allowed here (a Permissions-Policy): never busy
    "try{new W.PressureObserver(function(rs){W.__atlasPressure=rs[rs.length-1];})"
    ".observe('cpu',{sampleInterval:250}).catch(never);}catch(e){never();}}"
)
# Stage 1: the map has drawn (or 60 s have passed: a map that never draws must not hold the rest forever), and
# the computer is not busy: the browser's Compute Pressure API (watched since the top of the run, ``_WATCH``)
# has given its first reading (or FIRST_READING_WAIT_MS have passed) and it is not "serious" or "critical" (a
# browser without the API: never busy), or CALM_WAIT_MS have passed since the map drew.  Why: several
# pages opening at once on one computer (tabs, or sessions of one server on it) share its CPUs; the sidebar
# and what follows one map would be drawn while the others' maps are still being drawn, and delay them.
_MAP_DRAWN = (
    "var drawn=0;"
    "function ready(){"
    "if(Date.now()-t0>60000)return true;"
    'var fs=D.getElementsByTagName("iframe"),maps=0;'
    "for(var i=0;fs.length>i;i++){"
    'if((fs[i].getAttribute("src")||"").indexOf("streamlit_folium")===-1)continue;'
    "maps++;"
    # Shown: until Streamlit gives the iframe its height it is 0 px tall (and, an inline box, lower on the page).
    "if(!(fs[i].offsetHeight>0))return false;"
    # The atlas map reports its first styling (restyles); any other Leaflet map: its drawn panes.
    "try{var w=fs[i].contentWindow,g=w.__atlasDebug&&w.__atlasDebug();"
    "if(g?!(g.restyles>0):!w.document.querySelector("
    '".leaflet-overlay-pane canvas, .leaflet-overlay-pane path, .leaflet-marker-pane *"))return false;}'
    "catch(e){return false;}}"
    "if(!(maps>0))return false;"  # the script is only sent by a run that drew a map (release_when_drawn)
    "drawn=drawn||Date.now();"
    "var P=W.__atlasPressure;"
    "var busy=P&&(P.state==='serious'||P.state==='critical'"
    "||P.state==='pending'&&" + str(FIRST_READING_WAIT_MS) + ">Date.now()-P.since);"
    "return !busy||Date.now()-drawn>" + str(CALM_WAIT_MS) + ";"
    "}"
)
# Stage 2: the viewer has come near the first chart or table: it is within 120 px of the window's bottom edge,
# or the page has been scrolled 40 px towards it.  (A placeholder out of sight in a closed expander measures 0.)
_NEAR = (
    "var top0=null;"
    "function ready(){"
    "var p=D.querySelector(marker);if(!p)return false;"
    "var top=p.getBoundingClientRect().top;if(top0===null)top0=top;"
    "return W.innerHeight+120>top||top0-40>top;"
    "}"
)


def begin_run() -> None:
    """At the start of every full page run (``components.page.setup``)."""
    st.session_state[_DEFERRED] = False
    st.session_state[_WAITING] = False
    st.session_state[_MAP] = False
    st.session_state[_BY_ATLAS] = st.session_state.pop(_PRESSED, False)
    st.session_state[_RUN_NO] = st.session_state.get(_RUN_NO, 0) + 1


def run_number() -> int:
    """This full page run's number in the session (``components.notices`` keeps a message per run)."""
    return st.session_state.get(_RUN_NO, 0)


def started_by_atlas() -> bool:
    """True if this run came of a hidden press (a release), not of anything the reader did."""
    return bool(st.session_state.get(_BY_ATLAS))


def watch_the_computer() -> None:
    """At the top of every full run of a page with a map (``components.page.setup``), before the map: the browser
    begins to watch how busy the computer is (once per page), so that the first reading is there once the map has
    drawn.  Sent by every run, not only the first: an element missing from later runs would move the map to
    another place among the page's elements, and its iframe would load again."""
    layout.script("(function(){var W=window.parent||window;" + _WATCH + "})();")


def map_drawn() -> None:
    """Called by ``components.map.atlas_map``: this run has a map to wait for."""
    st.session_state[_MAP] = True


def released() -> bool:
    """True when what lies below this page's map may be sent now; in the page's first run in a
    session, False (and the run ends with the release: ``release_when_drawn``)."""
    if state.current_page() in st.session_state.get(_RELEASED, ()):
        return True
    st.session_state[_DEFERRED] = True
    return False


def in_sight() -> bool:
    """True when a chart or table may be drawn now; False while it lies below a map the viewer has not yet
    scrolled towards in this session (the caller draws a placeholder of its size: ``components.stand_in``).

    Only what follows a map waits: on a page without one, and above the map, everything is drawn at once."""
    if not st.session_state.get(_MAP) or state.current_page() in st.session_state.get(_IN_SIGHT, ()):
        return True
    st.session_state[_WAITING] = True
    return False


def _release(page: str, stage: str = _RELEASED) -> None:
    st.session_state[stage] = {*st.session_state.get(stage, ()), page}
    st.session_state[_PRESSED] = True


def release_when_drawn() -> None:
    """At the end of a full page run (``components.page.finish``): if anything was held back, the
    hidden button and the script that presses it once the map has drawn or, for the charts and
    tables below it, once the viewer comes near them."""
    page = state.current_page()
    if st.session_state.get(_DEFERRED):
        st.session_state[_DEFERRED] = False
        if not st.session_state.get(_MAP):  # no map after all (a restricted layer): nothing to wait for
            _release(page)
            st.rerun()
        _press_when(f"atlas-release-{page[:12] or 'page'}", page, _RELEASED, "atlas-map-first", _MAP_DRAWN, 60)
    elif st.session_state.get(_WAITING):
        _press_when(f"atlas-in-sight-{page[:12] or 'page'}", page, _IN_SIGHT, "atlas-below", _NEAR, 200)


def _press_when(key: str, page: str, stage: str, marker: str, ready: str, every_ms: int) -> None:
    """The hidden button whose press releases ``stage`` of ``page``, and the script that presses it once
    ``ready()``; ``marker``: the class of the elements the release replaces."""
    st.button("release", key=key, on_click=_release, args=(page, stage))
    run = st.session_state[_RUNS] = st.session_state.get(_RUNS, 0) + 1
    script = _PRESS_JS % {"selector": f'".st-key-{key} button"', "marker": f'".{marker}"', "ready": ready,
                          "every": every_ms, "run": run}
    if "<" in script:
        raise AssertionError("release script must not contain '<'")
    # The button and the script's own element take no room on the page.
    first = '<div class="atlas-map-first" hidden></div>' if stage == _RELEASED else ""
    layout.script(script, css=f".st-key-{key}{{display:none}}", html=first)
