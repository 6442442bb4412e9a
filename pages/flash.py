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
    locale,
    map_first,
    map_table,
    page,
    state,
    view_filters,
)
from components.i18n import N_, t, tn
from components.map import atlas_map
from geo import catalog, flash_events, flash_feed, selection, timeaxis
from geo.registry import EVENT_TYPES

FIRST_CARDS = 3  # about what the 640 px list shows before scrolling

ctx = page.setup({"since": "", "types": list(EVENT_TYPES), "event": "", "only_new": False},
                 {"since": flash_events.valid_since})
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

# "New since": this browser's last visit, a period counted back from now, or a date (all kept in the permalink).
hand = st.session_state["since"]
since = flash_events.since_moment(hand, previous, flash_events.now())
span = timeaxis.span(data.frame, layer)
first = span[0] if span else dt.date.today()
# The periods' digits in the reader's style (locale.shape), as every other number on the page.
choices = {"": t("My last visit"), "24h": locale.shape(t("24 hours")), "3d": locale.shape(t("3 days")),
           "7d": locale.shape(t("7 days")), "30d": locale.shape(t("30 days")), "date": t("A date")}
chosen = hand if hand in choices else "date"
named = flash_events.parse_moment(hand) if chosen == "date" else since  # a date is named as the day itself
since_label = flash_visits.fmt_moment(named) if named else ""


def set_choice() -> None:
    picked = st.session_state["fu-since-choice"] or ""  # a second click clears the pill: back to the last visit
    if picked == "date":  # the date input opens on the day "new" started from until now
        picked = (since.date() if since else first).isoformat()
    state.set_value("since", picked)


def set_since() -> None:
    state.set_value("since", st.session_state["fu-since"].isoformat())


c1, c2, c3 = st.columns([2, 2, 1])
# Pills, not a date input: the choices emergency teams use most in one click, and no date picker's code to
# load before the map; the date input appears only for "A date".
st.session_state["fu-since-choice"] = chosen
c1.pills(t("New since"), list(choices), key="fu-since-choice", on_change=set_choice,
         format_func=choices.get, wrap=True)
if chosen == "date":
    today = flash_events.now().date()  # the picker ends today (UTC); a link may name a moment to come, in any offset
    c1.date_input(t("Date"), min(named.astimezone(dt.UTC).date(), today), key="fu-since", on_change=set_since,
                  max_value=today, label_visibility="collapsed")
# Pills, not a multiselect: every type in sight, one click each (and far lighter code to load before the map).
c2.pills(t("Event types"), EVENT_TYPES, selection_mode="multi", wrap=True, key="types", format_func=t)
if since is None and st.session_state["only_new"]:  # a first visit: nothing is new since anything yet
    state.set_value("only_new", False)  # (a link's only_new=1 is then named as not used)
only_new = state.switch(c3, t("Only new"), "only_new", disabled=since is None, room_for_label=True)

area = selection.apply(data.frame, ctx.selection)
located = flash_events.locate(area, catalog.seats())
new_mask = flash_events.is_new(located, since) if since is not None else located["event_id"].map(lambda _: False)
new_ids = set(located.loc[new_mask.astype(bool), "event_id"].astype(str))
events = located[located["event_type"].isin(st.session_state["types"])]
if only_new and since is not None:
    events = events[events["event_id"].astype(str).isin(new_ids)]
events = flash_events.newest_first(events)
shown_new = len(new_ids & set(events["event_id"].astype(str)))
if since is None:
    # The count is the heading's below (the types chosen may list none: "all 0 events" read as an empty feed).
    c1.caption(t("First visit from this browser: no event is marked new yet; from the next visit on, the ones "
                 "added since are marked."))
    st.subheader(tn("{n} event in the feed", "{n} events in the feed", len(events)).format(
        n=locale.number(len(events))))
else:
    st.subheader(tn("{n} new since {date}", "{n} new since {date}", shown_new).format(
        n=locale.number(shown_new), date=since_label))
if st.session_state["event"] not in set(located["event_id"].astype(str)):  # not in this area (or a link's typo)
    state.set_value("event", "")
selected = st.session_state["event"]
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
                 "area is known. Where events crowd, a numbered circle counts them: click it to zoom in. Click a "
                 "point or a card to highlight both."))
    with st.expander(t("Subscribe: Atom and GeoJSON feeds")):
        base = flash_feed.base_url(flash_form.request_origin())
        st.text(f"{base}{flash_feed.static_url()}/{flash_feed.ATOM_NAME}", width="stretch")
        st.text(f"{base}{flash_feed.static_url()}/{flash_feed.GEOJSON_NAME}", width="stretch")
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
                          [view_filters.area(ctx.selection),
                           view_filters.choices("types", N_("Event types"), st.session_state["types"]),
                           # "new since" chooses the rows only with "Only new" on (else it marks them)
                           *([view_filters.since(hand, named)] if only_new and since is not None else [])],
                          key="fu", role=ctx.role)
page.finish(ctx)
