"""When this browser last opened the flash-update feed, and how much is new since.

Why a cookie: emergency teams, signed in or not (the public view too), want
"what changed since I last looked" without setting a date each time.  The
moment is kept per browser in the cookie ``atlas_flash_seen`` (UTC seconds
since 1970, written by a tiny script when the Flash page is shown) and read
by the server from the request that opened the session, so the very first
run already knows it: no extra round trip, no flicker.

For the whole session the Flash page compares with the visit before it (so
its "new" marks stay put while the user works); the sidebar entry and the
Overview compare with the moment the feed was last shown, in this session or
before.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.errors import StreamlitAPIException

from components import layout, locale, map_first
from components.i18n import t, tn
from geo import catalog, flash_events
from geo.store import StoreError

COOKIE = "atlas_flash_seen"
MAX_AGE_S = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days
_PREVIOUS = "_flash_previous_visit"
_SEEN = "_flash_seen_now"


def _from_cookie(raw: object) -> dt.datetime | None:
    text = str(raw or "").strip()
    if not text.isdigit():
        return None
    try:
        return dt.datetime.fromtimestamp(int(text), dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def previous_visit() -> dt.datetime | None:
    """When this browser last opened the Flash page before this session (None: never)."""
    if _PREVIOUS not in st.session_state:
        try:
            raw = st.context.cookies.get(COOKIE)
        except Exception:  # no request context (bare script run)
            raw = None
        st.session_state[_PREVIOUS] = _from_cookie(raw)
    return st.session_state[_PREVIOUS]


def seen_until() -> dt.datetime | None:
    """The last moment the feed was shown to this browser (this session included)."""
    return st.session_state.get(_SEEN) or previous_visit()


def mark_visited() -> None:
    """Remember, in this browser, that the feed was shown now (server time, UTC).

    The session's own record, which the sidebar entry compares with, moves on only once the page has
    been released (``components.map_first``): the rerun that brings what the page's first run held
    back must not clear the sidebar's count while the feed it counts is on screen."""
    previous_visit()  # read the old value before it is replaced
    now = flash_events.now()
    if map_first.released():
        st.session_state[_SEEN] = now
    stamp = int(now.timestamp())
    cookie = f"{COOKIE}={stamp}; path=/; max-age={MAX_AGE_S}; SameSite=Lax"
    script = (f'var c="{cookie}";document.cookie=c;'
              "try{if(window.parent&&window.parent!==window)window.parent.document.cookie=c;}catch(e){}")
    layout.script(script)


def _new_count(since: dt.datetime | None) -> tuple[int, int]:
    """(new events since ``since``, all events) in the current feed."""
    try:
        data = catalog.load("flash_updates", catalog.current_role())
    except (StoreError, PermissionError):
        return 0, 0
    key = (catalog.store().url, data.version.version, since)
    if key not in _COUNTS:
        # Runs for the sidebar on every rerun of every page: counted once per
        # (feed version, moment), not per rerun.
        if len(_COUNTS) > 512:
            _COUNTS.clear()
        _COUNTS[key] = (int(flash_events.is_new(data.frame, since).sum()), len(data.frame))
    return _COUNTS[key]


_COUNTS: dict[tuple, tuple[int, int]] = {}


def fmt_moment(moment: dt.datetime) -> str:
    """'30 Nov 2026, 10:40 UTC' in the reader's language and digits (``locale.moment``), or just the day for a
    midnight (a date set by hand)."""
    moment = moment.astimezone(dt.UTC)
    if moment.hour == moment.minute == moment.second == 0:
        return locale.date(moment.date(), short=True)
    return locale.moment(moment)


def nav_badge() -> str:
    """Suffix for the sidebar entry: ' · N new since <date>' (empty when nothing is new)."""
    since = seen_until()
    if since is None:
        return ""
    n, _ = _new_count(since)
    if not n:
        return ""
    day = locale.day(since.astimezone(dt.UTC).date())
    new = tn("{n} new since {date}", "{n} new since {date}", n).format(n=locale.number(n), date=day)
    return locale.separator() + new  # the count may come first: no dot beside an Arabic-Indic digit


def overview_notice() -> None:
    """One line on the Overview: what is new in the flash-update feed, with a link."""
    since = seen_until()
    n, total = _new_count(since)
    if since is None:
        label = tn("Flash updates: {n} event in the feed — open the feed",
                   "Flash updates: {n} events in the feed — open the feed", total).format(n=locale.number(total))
    elif n:
        label = tn("{n} new since {date} — open the flash updates", "{n} new since {date} — open the flash updates",
                   n).format(n=locale.number(n), date=fmt_moment(since))
    else:
        label = t("No new flash update since {date}").format(date=fmt_moment(since))
    try:
        st.page_link("pages/flash.py", label=label, icon=":material/bolt:")
    except StreamlitAPIException:  # the page run on its own, outside app.py's navigation (tests)
        st.caption(label)
