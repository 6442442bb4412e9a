"""Flash updates: what is new since this browser last looked, where each event
happened, and (coordinators) a one-screen form to add one."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import (
    downloads,
    flash_form,
    flash_view,
    flash_visits,
    geometry,
    layers,
    map_first,
    map_table,
    page,
    state,
)
from components.i18n import t
from components.map import atlas_map
from geo import catalog, flash_events, flash_feed, selection, timeaxis
from geo.registry import EVENT_TYPES

FIRST_CARDS = 3  # about what the 640 px list shows before scrolling

ctx = page.setup({"since": "", "types": list(EVENT_TYPES), "event": "", "only_new": False},
                 {"since": lambda v: v == "" or flash_events.parse_moment(v) is not None})
st.title(":material/bolt: " + t("Flash updates"))
previous = flash_visits.previous_visit()


def pick(event_id: str) -> None:
    state.set_value("event", event_id)


# One slot, so the map below keeps its place on the page (and its iframe) whatever the form shows.
form_slot = st.container()
if ctx.role != "public":
    with form_slot:
        flash_form.render(ctx.user, pick, body=map_first.released())  # its widgets: once the map has drawn

data = catalog.load("flash_updates", ctx.role)
layer = data.layer
flash_feed.refresh(flash_feed.base_url(flash_form.request_origin()))  # no-op unless the feed changed

# "New since": a date set by hand (kept in the permalink) or this browser's last visit.
hand = st.session_state["since"]
since = flash_events.parse_moment(hand) if hand else previous
since_label = flash_visits.fmt_moment(since) if since else ""
if hand and len(hand) == 10 and since is not None:
    since -= dt.timedelta(seconds=1)  # a date means "from the start of that day"
span = timeaxis.span(data.frame, layer)
first = span[0] if span else dt.date.today()


def set_since() -> None:
    state.set_value("since", st.session_state["fu-since"].isoformat())


c1, c2, c3 = st.columns([1, 2, 1])
shown_since = flash_events.parse_moment(hand).date() if hand else (since.date() if since else first)
c1.date_input(t("New since"), shown_since, key="fu-since", on_change=set_since, max_value=dt.date.today())
# Pills, not a multiselect: every type in sight, one click each (and far lighter code to load before the map).
c2.pills(t("Event types"), EVENT_TYPES, selection_mode="multi", wrap=True, key="types", format_func=t)
c3.toggle(t("Only new"), key="only_new", disabled=since is None)
if hand and previous is not None and c1.button(t("Since my last visit")):
    state.set_value("since", "")
    st.rerun()

area = selection.apply(data.frame, ctx.selection)
located = flash_events.locate(area, catalog.seats())
new_mask = flash_events.is_new(located, since) if since is not None else located["event_id"].map(lambda _: False)
new_ids = set(located.loc[new_mask.astype(bool), "event_id"].astype(str))
events = located[located["event_type"].isin(st.session_state["types"])]
if st.session_state["only_new"] and since is not None:
    events = events[events["event_id"].astype(str).isin(new_ids)]
events = flash_events.newest_first(events)
shown_new = len(new_ids & set(events["event_id"].astype(str)))
if since is None:
    c1.caption(t("First visit from this browser: all {n} events are listed; next time the new ones are "
                 "marked.").format(n=len(events)))
    st.subheader(t("{n} events in the feed").format(n=len(events)))
else:
    st.subheader(t("{n} new since {date}").format(n=shown_new, date=since_label))
selected = st.session_state["event"] if st.session_state["event"] in set(located["event_id"].astype(str)) else ""
flash_visits.mark_visited()
flash_view.render_script(selected, flash_view.types_json(located))

every = flash_events.newest_first(flash_events.locate(data.frame, catalog.seats()))  # tooltips list newest first
points = flash_view.events_layer(every, (catalog.store().url, data.version.version, len(every)))
payload = flash_view.payload(every, set(events["event_id"].astype(str)), new_ids, selected, dt.date.today())
disp = catalog.load("displacement", ctx.role)
rounds = timeaxis.rounds(disp.frame)

# The map first (it comes first on a phone, where the columns stack), the event list beside it.
map_column, list_column = st.columns([6, 5], gap="medium")
with map_column:
    drawn = [*layers.basemap(), layers.mantika_layer(t("Affected mantika")), points]
    atlas_map(drawn, {**payload, "title": map_table.map_title(drawn)},  # the iframe's title, for screen readers
              key=flash_view.MAP_KEY, bounds=geometry.selection_bounds(ctx.selection), height=640)
    st.caption(t("Each event is a point where it happened; ≈ marks a point at its baladiya seat when only the "
                 "area is known. Click a point or a card to highlight both."))
    with st.expander(t("Subscribe: Atom and GeoJSON feeds")):
        base = flash_feed.base_url(flash_form.request_origin())
        st.text(f"{base}{flash_feed.STATIC_URL}/{flash_feed.ATOM_NAME}", width="stretch")
        st.text(f"{base}{flash_feed.STATIC_URL}/{flash_feed.GEOJSON_NAME}", width="stretch")
        st.caption(t("Newest first; each entry links back to its event on this page. Public: no sign-in."))
with list_column, st.container(height=640, border=False, key="fu-list"):
    if events.empty:
        st.info(t("No event in the feed for this area, type and date."))
    # The cards the list shows without scrolling come with the map; the rest once it has drawn.
    flash_view.cards(events if map_first.released() else events.head(FIRST_CARDS), new_ids, selected, pick,
                     disp.frame, rounds, ctx.role)

page.honesty(data, boundaries=True)


@st.fragment(run_every=10)
def _watch(version: int) -> None:
    """Another session or the command line added an update: rerun to show it."""
    if catalog.store().current_version("flash_updates") != version:
        st.rerun(scope="app")


_watch(data.version.version)
# What lies below the map: once the map has drawn (components.map_first); files only while the menu is open.
if map_first.released() and (menu := downloads.menu("fu")) is not None:
    with menu:
        downloads.buttons(data, events[[*layer.columns, "geometry"]],
                          f"area={ctx.selection.label()}; since={hand or since}; types={st.session_state['types']}",
                          key="fu", role=ctx.role)
page.finish(ctx)
