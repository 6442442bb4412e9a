"""Flash updates: a dated feed of emergency events, the affected areas on the map,
and a "since" filter for emergency teams who only want what is new."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import downloads, layers, locale, page
from components.i18n import pick, t, term
from components.map import atlas_map
from geo import admin, catalog, displacement, selection, timeaxis
from geo.registry import EVENT_TYPES

ctx = page.setup({"since": "", "types": list(EVENT_TYPES)})
st.title("⚡ " + t("Flash updates"))
data = catalog.load("flash_updates", ctx.role)
layer = data.layer
first, last = timeaxis.span(data.frame, layer)
try:
    since = dt.date.fromisoformat(st.session_state["since"]) if st.session_state["since"] else first
except ValueError:
    since = first
c1, c2 = st.columns([1, 2])
since = c1.date_input(t("Show events since"), since, key="fu-since")
st.session_state["since"] = since.isoformat()
c2.multiselect(t("Event types"), EVENT_TYPES, key="types", format_func=t)
c1.caption(t("Feed covers {first} – {last}. Emergency teams: set this to your last check.").format(
    first=locale.date(first), last=locale.date(last)))

events = timeaxis.in_window(selection.apply(data.frame, ctx.selection), layer, since, dt.date.max)
events = events[events["event_type"].isin(st.session_state["types"])].sort_values("date", ascending=False)
st.metric(t("Events since {date}").format(date=locale.date(since)), locale.number(len(events)))
page.honesty(data, boundaries=True)

affected: dict[str, list[str]] = {}
for _, e in events.iterrows():
    for p in (e["mantika_pcodes"] or "").split(";"):
        if p:
            affected.setdefault(p, []).append(f"{locale.date(e['date'], short=True)}: {e['title']}")
styles = {}
for pcode, unit in admin.mantikas().items():
    hit = affected.get(pcode)
    styles[pcode] = {"fillColor": "#D55E00" if hit else "#f4f4f4", "fillOpacity": 0.7 if hit else 0.2,
                     "color": "#333" if hit else "#bbb",
                     "tooltip": layers.tooltip(unit.name_en, unit.name_ar, [(t("Events"), len(hit or []))],
                                               "; ".join((hit or [])[:3]))}
legend = layers.category_legend(t("Flash updates"), {t("area affected by an event in the feed"): "#D55E00"})
atlas_map([*layers.basemap(), layers.mantika_layer(t("Affected mantika"))], {"layers": {"mantika": styles},
          "legend": legend}, key="flash-map", bounds=catalog.selection_bounds(ctx.selection))

disp = catalog.load("displacement", ctx.role)
rounds = timeaxis.rounds(disp.frame)
if events.empty:
    st.info(t("No event in the feed for this area, type and date. Nothing new since then."))
for _, e in events.iterrows():
    with st.container(border=True):
        # Titles, summaries and sources are the feed's own text (data), shown as written.
        st.markdown(f"**{locale.date(e['date'])} — {page.data_text(e['title'])}**  ·  _{term(e['event_type'])}_"
                    + ("  ·  ⚠ " + t("illustrative") if e["illustrative"] else ""), unsafe_allow_html=True)
        st.markdown(page.data_text(e["summary"]), unsafe_allow_html=True)
        figures = [f"{label}: **{locale.number(int(e[c]))}**" for c, label in (
                   ("people_affected", t("People affected")), ("people_displaced", t("People displaced")))
                   if not pd.isna(e[c])]
        if figures:
            st.markdown(" · ".join(figures))
        st.caption(t("Source: {source}").format(source=page.data_text(e["source"])), unsafe_allow_html=True)
        after = [r for r in rounds if r.end >= e["date"]]
        rnd = (after[0] if after else rounds[-1]).number
        links = []
        for p in (e["mantika_pcodes"] or "").split(";"):
            if p in admin.mantikas():
                tot = displacement.totals(disp.frame[disp.frame["mantika_pcode"] == p], rnd)
                unit = admin.mantikas()[p]
                text = t("{place}: {idps} IDPs, {migrants} migrants in {round}").format(
                    place=pick(unit.name_en, unit.name_ar), idps=locale.number(tot["idps"] or 0),
                    migrants=locale.number(tot["migrants"] or 0), round=locale.round_name(rnd))
                links.append(f"[{text}](/displacement?mantika={p}&region={p[:4]}&round={rnd}&metric=idps"
                             f"&lang={ctx.lang}&digits={locale.digits()})")
        if links:
            st.markdown(t("Displacement figures: ") + " · ".join(links))
downloads.buttons(data, events, f"area={ctx.selection.label()}; since={since}; types={st.session_state['types']}",
                  key="fu")
page.finish(ctx)
