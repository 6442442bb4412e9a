"""Detention centres: status at a chosen month, people held, health consultations,
services, and each centre's trend.  Restricted: never loaded in public mode."""

from __future__ import annotations

import streamlit as st

from components import (
    charts,
    downloads,
    figures,
    geometry,
    layers,
    legends,
    locale,
    map_first,
    page,
    periods,
    tables,
    view_filters,
)
from components.area import area_map
from components.citations import source_name
from components.i18n import reworded, t, term, terms
from geo import catalog, facts, selection, timeaxis
from geo.catalog import RestrictedLayer

ctx = page.setup({"month": ""})
st.title(":material/domain: " + t("Detention centres"))
try:
    data = catalog.load("detention_centres", ctx.role)
except RestrictedLayer:
    page.restricted_notice(t("detention centres"))
    page.finish(ctx)
    st.stop()

layer = data.layer
months = timeaxis.months(data.frame, layer)
labels = {m.isoformat()[:7]: m for m in months}
if st.session_state["month"] not in labels:
    st.session_state["month"] = list(labels)[-1]
periods.one(st, t("Month"), list(labels), key="month", format_func=lambda k: locale.month(labels[k]))
month = labels[st.session_state["month"]]
area = selection.apply(data.frame, ctx.selection)
at_month = timeaxis.at(area, layer, month)

open_now = at_month[at_month["status"] == "open"]
figures.show([figures.Figure(t("Open in {month}").format(month=locale.month(month)),
                             t("{n} of {total}").format(n=locale.number(len(open_now)),
                                                        total=locale.number(area[layer.id_field].nunique()))),
              figures.Figure(t("People held"), locale.number(int(at_month["people_held"].sum()))),
              figures.Figure(t("Health consultations (month)"), locale.number(int(at_month["consultations"].sum())))])

status_colour = {"open": layer.style.colour, "closed": "#999999"}
max_held = layers.scale_of(data.frame["people_held"])
styles = layers.sized_points(
    at_month, id_field="centre_id", value_field="people_held", colour=layer.style.colour,
    all_ids=data.frame["centre_id"].unique(), max_value=max_held,
    colours={r["centre_id"]: status_colour[r["status"]] for _, r in at_month.iterrows()},
    tip=lambda r: layers.site_tooltip(layer, r, [(t("Status"), term(r["status"])), (t("People held"), r["people_held"]),
                                 (t("Consultations"), r["consultations"]),
                                 (t("Services"), terms(r["services"]) or t("none")), (t("Month"), locale.month(month))],
                                 layers.note(r["illustrative"], r["source"])))
for _, r in at_month[at_month["status"] == "closed"].iterrows():
    styles[r["centre_id"]]["radius"] = 6
legend = legends.category_legend(t("Status"), status_colour) + legends.size_legend(
    t("People held"), t("people"), max_held, layer.style.colour, shown_max=layers.largest(at_month["people_held"]),
    scope="largest in any month")
area_map(ctx.selection,
         [*layers.basemap(), layers.mantika_layer(), layers.point_layer(layer, data.frame, data.version.version)],
          {"layers": {layer.name: styles}, "legend": legend}, key="detention-map",
          bounds=geometry.selection_bounds(ctx.selection))
page.honesty(data, facts=facts.for_layer("detention_centres"))

if map_first.released():  # what lies below the map: once the map has drawn (components.map_first)
    st.subheader(t("Centres in {month}").format(month=locale.month(month)))
    if at_month.empty:
        st.info(t("No detention centre data for this selection."))
    else:
        tables.show(layers.labelled(at_month, layer).sort_values("people_held", ascending=False),
                    {"name": ("Centre", "text"), "status": ("Status", "text"), "people_held": ("People held", "count"),
                     "consultations": ("Health consultations", "count"), "services": ("Services", "list"),
                     "illustrative": ("Illustrative", "bool")}, key="dc-table")
    names = dict(zip(area["centre_id"], layers.labelled(area, layer)["name"], strict=False))
    if names:
        pick = st.selectbox(t("Trend for centre"), list(names), format_func=names.get, key=reworded("dc-pick"))
        trend = area[area["centre_id"] == pick].sort_values("month")
        axis = {"month": t("Month"), "people_held": t("People held"), "consultations": t("Health consultations")}
        charts.line(trend, "month", "people_held", title=t("People held · {centre}").format(centre=names[pick]),
                    key="dc-held", source=data.source_in(source_name), illustrative=bool(trend["illustrative"].any()),
                    labels=axis)
        charts.bar(trend, "month", "consultations",
                   title=t("Health consultations · {centre}").format(centre=names[pick]), key="dc-cons",
                   source=data.source_in(source_name), illustrative=bool(trend["illustrative"].any()), labels=axis)
    if (menu := downloads.menu("dc")) is not None:  # files are made only while the menu is open
        with menu:
            downloads.buttons(data, at_month, [view_filters.area(ctx.selection), view_filters.month(month)],
                              key="dc", role=ctx.role)
page.finish(ctx)
