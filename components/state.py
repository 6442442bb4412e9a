"""The one view state: area, time, metric, geography, language — and the URL.

Why: a coordinator sets West → Tripoli and round 28, opens another page, and
expects the same area and time there; a colleague who opens a shared link
must see exactly the same view.  Streamlit gives every page's widgets their
own identity, so a widget on the next page does not inherit the value the
same key had on the previous one (it silently starts at its default), and the
query string is cleared on page switches.  So the view lives here, in one
dict (``_view``) that no widget owns, and flows one way:

- a change the user makes on a widget (its value differs from what this page
  showed at the end of the previous run) is copied into the view;
- otherwise every widget key is set from the view *before* the widget is
  drawn, which a new page's widget honours;
- the URL query mirrors the view (the permalink); a URL that differs from what
  the app last wrote is a permalink being opened, and wins.

Keys in ``SHARED`` mean the same thing on every page (area, round, metric,
geography, language, digits) and are kept across pages; any other key is a
page's own option, kept per page, so two pages may use the same name (``types``
on Health and Flash) for different things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import stand_in

VIEW = "_view"
SEEN = "_view_seen"
PENDING = "_pending."
# The values code last set through ``request``, by view key: what a browser that had not yet received them may
# send back its older copy of (``_browser_copy``).
REQUESTED = "_view_requested"
# The queries this session wrote on the page it is on, oldest first (``write_url``), and on which page.
WRITTEN = "_urls_written"
WRITTEN_KEPT = 64
# The widget key of a one-pill switch (``switch``) is this and the view key's name; ``components.layout``'s phone
# rules name the prefix too.
SWITCH_KEY = "atlas-switch-"

#: View keys shared by every page.  ``geography`` (mantika/baladiya) and
#: ``lang``/``digits`` belong here too, whichever page sets them.
SHARED = ("region", "mantika", "baladiya", "round", "metric", "geography", "lang", "digits")


_TRUE, _FALSE = ("1", "true", "yes"), ("0", "false", "no", "")


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        if value.lower() not in _TRUE + _FALSE:
            raise ValueError(f"not on or off: {value!r}")
        return value.lower() in _TRUE
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, list):
        return [v for v in value.split(",") if v]
    return value


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def current_page() -> str:
    """The page this run draws (its script hash; "" outside a run): what the session's per-page state is kept
    under, and how a page knows the reader has just come from another one."""
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def _slot(name: str) -> str:
    return name if name in SHARED else f"{current_page()}:{name}"


def _view() -> dict[str, Any]:
    if VIEW not in st.session_state:
        st.session_state[VIEW] = {}
    return st.session_state[VIEW]


def view() -> dict[str, Any]:
    """A copy of the shared part of the view (area, round, metric, geography, language)."""
    held = _view()
    return {name: held[name] for name in SHARED if name in held}


def get(name: str, default: Any = None) -> Any:
    """The value ``name`` has in the view (``default`` when never set)."""
    return _view().get(_slot(name), default)


def opened_link() -> dict[str, str]:
    """The query of a link being opened by this run (a permalink), or an empty dict.

    The query the app wrote last (``write_url``) is the view already shown, not a link; a page switch clears the
    query.  An older query the app wrote on this page is a link again only when the browser's Back or Forward
    button brought it (Streamlit says so: ``is_history_navigation``).  Otherwise the browser sent the address it
    had before the last one written reached it: seen, three slider steps 60 ms apart went back to the first,
    the address bar then naming a month the page did not show, and a run with no choice of the reader's that
    brought an address from before the steps undid all three (about 1 burst of 8).  (Streamlit keeps its own
    ``embed`` options out of ``st.query_params``.)"""
    query = dict(st.query_params)
    page, written = st.session_state.get(WRITTEN, ("", []))
    if not query or page != current_page():
        return query
    run = get_script_run_ctx()
    back_or_forward = run is not None and run.is_history_navigation
    if query == (written[-1] if written else None) or (query in written and not back_or_forward):
        return {}
    return query


def not_taken(link: dict[str, str], names: list[str]) -> tuple[list[str], int]:
    """Which part of an opened ``link`` the view does not hold as the link gave it: the page's options (of
    ``names``) whose value was replaced, in the link's order, and how many of the link's options the page does
    not have.

    Why: a link's value the page cannot show (a round the data does not have, an unreadable date, a baladiya
    outside the mantika, an event no longer in the feed) is replaced by the view's own, and whoever opened the
    link should be told which part was not used.  Call after the page has settled its values (``remember``):
    the view is compared with the link, each value read as the view holds it (``round=026`` is round 26, a
    list's order does not matter), so a page's correction is found wherever it was made."""
    replaced = []
    for name in (n for n in link if n in names):
        held = get(name)
        try:
            wanted = _coerce(link[name], held)
        except ValueError:
            replaced.append(name)
            continue
        same = {str(v) for v in wanted} == {str(v) for v in held} if isinstance(held, list) else wanted == held
        if not same:
            replaced.append(name)
    return replaced, sum(1 for n in link if n not in names)


def load_url(defaults: dict[str, Any], validators: dict[str, Callable[[Any], bool]] | None = None) -> None:
    """Take values from the URL when it was not written by this session (a permalink).

    Only keys present in the URL are taken, so switching pages (which clears
    the query) keeps the session's values.
    """
    query = opened_link()
    validators = validators or {}
    for name, default in defaults.items():
        if name not in query:
            continue
        try:
            value = _coerce(query[name], default)
        except ValueError:
            continue  # a hand-edited URL with junk: keep the current value
        check = validators.get(name)
        if check is None or check(value):
            set_value(name, value)


def value(name: str, default: Any) -> Any:
    """The view's value of ``name``; also sets the widget key of that name from it.

    Call before the widget is drawn.  A value the user just gave the widget
    (it differs from what this page showed at the end of its last run) goes
    into the view first.
    """
    held = _view()
    slot = _slot(name)
    if PENDING + name in st.session_state:  # set by ``request`` on the previous run
        held[slot] = st.session_state.pop(PENDING + name)
        st.session_state.setdefault(REQUESTED, {})[name] = held[slot]
    else:
        page, seen = st.session_state.get(SEEN, ("", {}))
        if (name in st.session_state and page == current_page() and name in seen
                and st.session_state[name] != seen[name] and not _browser_copy(name, held.get(slot))):
            held[slot] = st.session_state[name]
            st.session_state.get(REQUESTED, {}).pop(name, None)  # the reader's now: no longer code's to guard
    if slot not in held:
        held[slot] = default
    st.session_state[name] = held[slot]
    return held[slot]


def _browser_copy(name: str, held: Any) -> bool:
    """Whether the widget value of ``name`` this run brought is the browser's older copy of it, not a choice.

    Why: a run the browser starts (the reader's click elsewhere, ``components.map_first``'s hidden press) sends
    every widget as the browser has it.  When code has just changed a value (``request``: a play step, a map
    click) and the browser has not yet received that run, it sends the value from before; seen in CI, Play went
    24, 25, 26, 27, 26, 27, 28.  The browser's address says what it had received: an address this session wrote
    before its last one.  A widget value that matches that address is the browser's copy; one that differs is the
    reader's choice, taken.  Only a value code set is guarded: a reader going back on their own quick steps
    sends the same signs, and means it."""
    if held is None or st.session_state.get(REQUESTED, {}).get(name) != held:
        return False
    page, written = st.session_state.get(WRITTEN, ("", []))
    query = dict(st.query_params)
    if page != current_page() or not written or query == written[-1] or query not in written:
        return False
    sent = st.session_state[name]
    return query.get(name, "") == ("" if sent is None or sent == "" else _encode(sent))


def request(name: str, new: Any) -> None:
    """Change a widget's value from code after the widget was drawn: applied at
    the start of the next run (Streamlit forbids changing it in this one)."""
    st.session_state[PENDING + name] = new


def remember(*names: str) -> None:
    """Copy widget values into the view (call after the widgets)."""
    held = _view()
    page, seen = st.session_state.get(SEEN, ("", {}))
    if page != current_page():
        seen = {}
    for name in names:
        if name in st.session_state:
            held[_slot(name)] = st.session_state[name]
            seen[name] = st.session_state[name]
    st.session_state[SEEN] = (current_page(), seen)


def set_value(name: str, new: Any) -> None:
    """Set ``name`` in the view (and its widget key: only before the widget is drawn)."""
    _view()[_slot(name)] = new
    st.session_state[name] = new


def write_url(names: list[str]) -> None:
    """Write the current values of ``names`` into the URL query (the permalink)."""
    query = {}
    held = _view()
    for name in names:
        current = held.get(_slot(name), st.session_state.get(name))
        if current is None or current == "":
            continue
        query[name] = _encode(current)  # an empty list too ("types="): its absence would mean the default
    page, written = st.session_state.get(WRITTEN, ("", []))
    written = written if page == current_page() else []
    # The browser holds the query written last, which this run's own (sent before that reached it) may not be.
    if dict(st.query_params) != query or (written and written[-1] != query):
        st.query_params.from_dict(query)
    if not written or written[-1] != query:
        written = [*written, query][-WRITTEN_KEPT:]
    st.session_state[WRITTEN] = (current_page(), written)


def switch(where: Any, label: str, name: str, *, disabled: bool = False, room_for_label: bool = False) -> bool:
    """An on/off option (a view key holding True or False) drawn as one pill that stays pressed while on
    (``aria-pressed``), under the key ``SWITCH_KEY + name``; returns the value in effect.

    Why not ``st.toggle``: on a page whose other choices are pills or segmented controls, its switch is the only
    element that needs Streamlit's form-control code, which a cold tab fetches, compiles and renders before the
    map (removing both it and the radios from Displacement cut 0.035-0.095 s of each cold tab's browser work in
    three measurements of 10-12 loads each).  ``room_for_label``: the pill's label is not shown but keeps its
    room, so the pill stands level with the options of labelled controls beside it (not on a phone, where the
    columns stand one above the other: ``components.layout``).  The pill's value is a list (``[True]`` or ``[]``):
    the view keeps the boolean, set by the pill's callback before the run, and the pill is set from the view
    before it is drawn."""
    key = SWITCH_KEY + name

    def flip() -> None:
        st.session_state[name] = bool(st.session_state[key])

    st.session_state[key] = [True] if st.session_state[name] else []
    where.pills(label, [True], selection_mode="multi", key=key, on_change=flip, format_func=lambda _: label,
                label_visibility="hidden" if room_for_label else "collapsed", disabled=disabled)
    return bool(st.session_state[name])


def is_date(value: Any) -> bool:
    """Whether ``value`` is a date as the view and the URL hold one (``YYYY-MM-DD``): a validator for
    ``load_url``, so a link's unreadable date is not taken (and is named as not used) instead of standing in
    the view until the picker replaces it."""
    try:  # the date written back as the view writes dates: no week date ("2019-W01-1"), no other form
        return dt.date.fromisoformat(str(value)).isoformat() == str(value)
    except ValueError:
        return False


def date_input(where: Any, label: str, names: tuple[str, ...], fallback: tuple[dt.date, ...], key: str,
               **kwargs: Any) -> tuple[dt.date, ...]:
    """A date (one view key) or date range (two keys) picker whose value the view holds as ISO text.

    Why: the view and the URL hold dates as ``YYYY-MM-DD`` text, while
    ``st.date_input`` takes and returns ``date`` objects, so the widget gets its
    own ``key`` and its value is copied back as text here.  A view value that is
    not a date (a hand-edited URL) shows ``fallback``; a range the user has only
    half picked (one end chosen) leaves the view as it was.  Returns the dates in
    effect, one per name.  Until the page's map has drawn, a look-alike stands in
    for the picker (``components.stand_in``), written as the picker writes dates.
    """
    try:
        shown = tuple(dt.date.fromisoformat(st.session_state[name]) for name in names)
    except (TypeError, ValueError):
        shown = fallback
    parts: list[str] = []  # "2019 / 12 / 31", a range joined by "–"
    for day in shown:
        parts += [*(["–"] if parts else []), f"{day:%Y}", "/", f"{day:%m}", "/", f"{day:%d}"]
    if stand_in.drawn(where, label, parts, key):
        return shown
    picked = where.date_input(label, shown[0] if len(names) == 1 else shown, key=key, **kwargs)
    picked = tuple(picked) if isinstance(picked, (tuple, list)) else (picked,)
    if len(picked) != len(names):
        return shown
    for name, day in zip(names, picked, strict=True):
        st.session_state[name] = day.isoformat()
    return picked
