"""Flash updates: a dated feed of emergency events, the affected areas on the map,
and a "since" filter for emergency teams who only want what is new."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import downloads, layers, page
from components.area import area_map
from geo import admin, catalog, displacement, selection, timeaxis
from geo.registry import EVENT_TYPES

ctx = page.setup({"since": "", "types": list(EVENT_TYPES)})
st.title(":material/bolt: Flash updates")
data = catalog.load("flash_updates", ctx.role)
layer = data.layer
first, last = timeaxis.span(data.frame, layer)
try:
    since = dt.date.fromisoformat(st.session_state["since"]) if st.session_state["since"] else first
except ValueError:
    since = first
c1, c2 = st.columns([1, 2])
since = c1.date_input("Show events since", since, key="fu-since")
st.session_state["since"] = since.isoformat()
c2.multiselect("Event types", EVENT_TYPES, key="types")
c1.caption(f"Feed covers {first:%d %b %Y} – {last:%d %b %Y}. Emergency teams: set this to your last check.")

events = timeaxis.in_window(selection.apply(data.frame, ctx.selection), layer, since, dt.date.max)
events = events[events["event_type"].isin(st.session_state["types"])].sort_values("date", ascending=False)
st.metric(f"Events since {since:%d %b %Y}", len(events))

affected: dict[str, list[str]] = {}
for _, e in events.iterrows():
    for p in (e["mantika_pcodes"] or "").split(";"):
        if p:
            affected.setdefault(p, []).append(f"{e['date']:%d %b %Y}: {e['title']}")
styles = {}
for pcode, unit in admin.mantikas().items():
    hit = affected.get(pcode)
    styles[pcode] = {"fillColor": "#D55E00" if hit else "#f4f4f4", "fillOpacity": 0.7 if hit else 0.2,
                     "color": "#333" if hit else "#bbb",
                     "tooltip": layers.tooltip(unit.name_en, unit.name_ar, [("Events", len(hit or []))],
                                               "; ".join((hit or [])[:3]))}
legend = layers.category_legend("Flash updates", {"area affected by an event in the feed": "#D55E00"})
area_map(ctx.selection,
         [*layers.basemap(), layers.mantika_layer("Affected mantika")], {"layers": {"mantika": styles},
          "legend": legend}, key="flash-map", bounds=catalog.selection_bounds(ctx.selection))
page.honesty(data, boundaries=True)

disp = catalog.load("displacement", ctx.role)
rounds = timeaxis.rounds(disp.frame)
if events.empty:
    st.info("No event in the feed for this area, type and date. Nothing new since then.")
for _, e in events.iterrows():
    with st.container(border=True):
        st.markdown(f"**{e['date']:%d %b %Y} — {e['title']}**  ·  _{e['event_type']}_"
                    + ("  ·  ⚠ illustrative" if e["illustrative"] else ""))
        st.write(e["summary"])
        figures = [f"{label}: **{int(e[c]):,}**" for c, label in (("people_affected", "People affected"),
                                                                   ("people_displaced", "People displaced"))
                   if not pd.isna(e[c])]
        if figures:
            st.markdown(" · ".join(figures))
        st.caption(f"Source: {e['source']}")
        after = [r for r in rounds if r.end >= e["date"]]
        rnd = (after[0] if after else rounds[-1]).number
        links = []
        for p in (e["mantika_pcodes"] or "").split(";"):
            if p in admin.mantikas():
                t = displacement.totals(disp.frame[disp.frame["mantika_pcode"] == p], rnd)
                links.append(f"[{admin.mantikas()[p].name_en}: {t['idps'] or 0:,} IDPs, {t['migrants'] or 0:,} "
                             f"migrants in R{rnd}](/displacement?mantika={p}&region={p[:4]}&round={rnd}&metric=idps)")
        if links:
            st.markdown("Displacement figures: " + " · ".join(links))
downloads.buttons(data, events, f"area={ctx.selection.label()}; since={since}; types={st.session_state['types']}",
                  key="fu")
page.finish(ctx)
