"""Community stabilization: projects by sector and status, filterable, with counts and
beneficiaries by city."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import (
    charts,
    citations,
    downloads,
    figures,
    geometry,
    layers,
    legends,
    locale,
    map_first,
    page,
    public_figures,
    state,
    tables,
    view_filters,
)
from components.area import area_map
from components.citations import source_name
from components.i18n import N_, pick, t, term
from geo import admin, catalog, facts, selection, sensitivity, timeaxis
from geo.registry import SECTORS

ctx = page.setup({"sectors": list(SECTORS), "status": ["completed", "in progress"], "from": "2019-01-01",
                  "to": "2019-12-31"}, {"from": state.is_date, "to": state.is_date})
if st.session_state["from"] > st.session_state["to"]:  # a link's window the wrong way round (dates as ISO text)
    first, last = st.session_state["to"], st.session_state["from"]
    state.set_value("from", first)
    state.set_value("to", last)
st.title(":material/construction: " + t("Community stabilization"))
data = catalog.load("stabilization_projects", ctx.role)
layer = data.layer
c1, c2, c3 = st.columns([2, 1, 1])
# Pills, not multiselects: every choice in sight, one click each (and far lighter code to load before the map).
c1.pills(t("Sector"), SECTORS, selection_mode="multi", wrap=True, key="sectors", format_func=t)
c2.pills(t("Status"), ["completed", "in progress"], selection_mode="multi", wrap=True, key="status", format_func=t)
start, end = state.date_input(c3, t("Active between"), ("from", "to"), (dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
                              key="cs-dates")
rows = selection.apply(data.frame, ctx.selection)
rows = rows[rows["sector"].isin(st.session_state["sectors"]) & rows["status"].isin(st.session_state["status"])]
rows = timeaxis.in_window(rows, layer, start, end)
# baladiya_pcode is optional (a project may carry coordinates only): no city is a label, not an error.
no_city = t("(no baladiya given)")
rows = rows.assign(city=[pick(u.name_en, u.name_ar) if (u := admin.baladiyas().get(p)) else no_city
                         for p in rows["baladiya_pcode"]])

figures.show([figures.Figure(t("Projects"), locale.number(len(rows))),
              figures.Figure(t("Completed"), locale.number(int((rows["status"] == "completed").sum()))),
              figures.Figure(t("Beneficiaries"), public_figures.number(rows["beneficiaries"].sum(), layer,
                                                                        "beneficiaries", ctx.role))])

colours = legends.category_colours(SECTORS)
styles = layers.sized_points(
    public_figures.map_rows(rows, {"beneficiaries": "beneficiaries"}, layer, ctx.role, size="beneficiaries"),
    id_field="project_id", value_field="_size", colour=layer.style.colour,
    all_ids=data.frame["project_id"].unique(), max_value=layers.scale_of(data.frame["beneficiaries"]),
    colours={r["project_id"]: colours[r["sector"]] for _, r in rows.iterrows()},
    tip=lambda r: layers.site_tooltip(layer, r, [(t("Sector"), term(r["sector"])), (t("Status"), term(r["status"])),
                                 (t("City"), r["city"]), (t("Beneficiaries"), r["beneficiaries"]),
                                 (t("Start"), locale.date(r["start_date"])),
                                 (t("End"), locale.date(r["end_date"]) if r["end_date"] else t("ongoing"))],
                                 citations.source(r["source"] if ctx.role != "public"
                                                  else sensitivity.public_text(r["source"]))))
area_map(ctx.selection,
         [*layers.basemap(), layers.mantika_layer(), layers.point_layer(layer, data.frame, data.version.version)],
          {"layers": {layer.name: styles}, "legend": legends.category_legend(t("Sector"), colours),
           "cluster": [layer.name]},
          key="cs-map", bounds=geometry.selection_bounds(ctx.selection, (9.3, 22.0, 25.2, 33.2)))
shown = data.viewing(rows)  # "illustrative" as the projects in view are
page.honesty(shown, facts=facts.for_layer("stabilization_projects"))

if map_first.released():  # what lies below the map: once the map has drawn (components.map_first)
    by_city = rows.groupby(["city", "status"], as_index=False).agg(projects=("project_id", "count"),
                                                                    beneficiaries=("beneficiaries", "sum"))
    left, right = st.columns(2)
    with left:
        axis = {"city": t("City"), "projects": t("Projects"), "beneficiaries": t("Beneficiaries"),
                "status": t("Status")}
        charts.bar(by_city, "city", "projects", color="status", title=t("Projects by city and status"), key="cs-city",
                   source=data.source_in(source_name), illustrative=shown.illustrative_share > 0, labels=axis)
    with right:  # the cells add up to the headline's beneficiaries
        benefited, withheld = public_figures.chart_values(by_city, "beneficiaries", layer, ["beneficiaries"], ctx.role,
                                                          summed_by=[])
        charts.bar(benefited, "city", "beneficiaries", color="status", title=t("Beneficiaries by city"),
                   key="cs-benef", source=data.source_in(source_name), illustrative=shown.illustrative_share > 0,
                   labels=axis, withheld=withheld)
    if rows.empty:
        st.info(t("No project matches these filters."))
    else:
        table = public_figures.column(layers.labelled(rows, layer).sort_values(["city", "status", "title"]),
                                      {"beneficiaries": "beneficiaries"}, layer, ctx.role)
        tables.show(table[["title", "sector", "city", "status", "start_date", "end_date", "beneficiaries", "partner",
                           "illustrative"]], key="cs-table")
    if (menu := downloads.menu("cs")) is not None:  # files are made only while the menu is open
        with menu:
            downloads.buttons(data, rows, [view_filters.area(ctx.selection),
                                           view_filters.choices("sectors", N_("Sector"), st.session_state["sectors"]),
                                           view_filters.choices("status", N_("Status"), st.session_state["status"]),
                                           view_filters.between(start, end)], key="cs", role=ctx.role)
page.finish(ctx)
