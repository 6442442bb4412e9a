"""Disembarkation points: people returned to shore and assisted, in the chosen months."""

from __future__ import annotations

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
    periods,
    public_figures,
    tables,
    view_filters,
)
from components.area import area_map
from components.i18n import t
from geo import catalog, facts, selection, timeaxis

ctx = page.setup({"months": []})
st.title(":material/anchor: " + t("Disembarkation points"))
data = catalog.load("disembarkation_points", ctx.role)
layer = data.layer
months = [m.isoformat()[:7] for m in timeaxis.months(data.frame, layer)]
chosen = st.session_state["months"]
if len(chosen) != 2 or not set(chosen) <= set(months):
    st.session_state["months"] = [months[0], months[-1]]
month_of = dict(zip(months, timeaxis.months(data.frame, layer), strict=True))
first, last = periods.span(st, t("Months"), months, value=tuple(st.session_state["months"]), key="dp-range",
                          format_func=lambda k: locale.month(month_of[k], short=True))
st.session_state["months"] = [first, last]
start = timeaxis.months(data.frame, layer)[months.index(first)]
end = timeaxis.months(data.frame, layer)[months.index(last)]
window = timeaxis.in_window(selection.apply(data.frame, ctx.selection), layer, start, end)
per_point = window.groupby(["point_id", "name"], as_index=False)[["disembarked", "assisted", "screenings"]].sum()
per_point = per_point.merge(window.drop_duplicates("point_id").drop(columns=["name", *layer.value_fields]),
                            on="point_id")  # each point's own columns (its Arabic name, provenance) beside its sums

figures.show([figures.Figure(label, public_figures.number(window[column].sum(), layer, column, ctx.role))
              for label, column in ((t("People disembarked"), "disembarked"), (t("People assisted"), "assisted"),
                                    (t("Medical screenings"), "screenings"))])
report = {f.fact_id: f for f in facts.for_layer("disembarkation_points")}
if (first, last) == (months[0], months[-1]) and ctx.selection.level == "national" \
        and all(facts.agrees(report[k], data.frame, layer.time_field) for k in ("dp_assisted", "dp_screenings")):
    st.caption("✔ " + locale.shape(t("2019 totals equal the report: {assisted} assisted ({cite_a}); {screenings} "
                                      "screenings ({cite_s}).")).format(
        assisted=locale.number(report["dp_assisted"].value),
        cite_a=citations.report_section(report["dp_assisted"].section),
        screenings=locale.number(report["dp_screenings"].value),
        cite_s=citations.report_section(report["dp_screenings"].section)))

# The scale and the legend read the sizes as drawn: a count withheld from the public is no circle's size, nor
# the legend's largest (it would give the count away beside the tooltip's "<5").
drawn = public_figures.map_rows(per_point, {m: m for m in layer.value_fields}, layer, ctx.role, size="disembarked")
max_value = layers.scale_of(drawn["_size"])
styles = layers.sized_points(
    drawn, id_field="point_id", value_field="_size", colour=layer.style.colour,
    all_ids=data.frame["point_id"].unique(), max_value=max_value,
    tip=lambda r: layers.site_tooltip(layer, r, [(t("Disembarked"), r["disembarked"]), (t("Assisted"), r["assisted"]),
                                 (t("Screenings"), r["screenings"]),
                                 (t("Months"), f"{locale.month(start)} … {locale.month(end)}")],
                                 layers.note(r["illustrative"], r["source"])))
area_map(ctx.selection,
         [*layers.basemap(), layers.mantika_layer(), layers.point_layer(layer, data.frame, data.version.version)],
          {"layers": {layer.name: styles},
           "legend": legends.size_legend(t("People disembarked"), t("people"), max_value, layer.style.colour,
                                         shown_max=layers.largest(drawn["_size"]))},
          key="dp-map", bounds=geometry.selection_bounds(ctx.selection, (10.5, 30.0, 16.5, 34.0)))
shown = data.viewing(window)  # "illustrative" as the rows in view are
page.honesty(shown, facts=list(report.values()))
monthly = window.groupby("month", as_index=False)[["disembarked", "assisted", "screenings"]].sum()
monthly = monthly.melt(id_vars="month", var_name="measure", value_name="people")
# Each measure's months add up to its headline figure above.
monthly, withheld = public_figures.chart_values(monthly, "people", layer, list(layer.value_fields), ctx.role,
                                                summed_by=["measure"])
# The legend names each measure as its headline does (it read the columns' "disembarked", "assisted", "screenings").
monthly["measure"] = [t(layer.field(m).label) for m in monthly["measure"]]
if map_first.released():  # what lies below the map: once the map has drawn (components.map_first)
    charts.bar(monthly, "month", "people", color="measure", title=t("Per month"), key="dp-monthly",
               source=data.source_in(citations.source_name), illustrative=shown.illustrative_share > 0,
               grouped=True, withheld=withheld,  # measures overlap
               labels={"month": t("Month"), "people": t("People"), "measure": t("Measure")})
    tables.show(public_figures.column(layers.labelled(per_point, layer), {m: m for m in layer.value_fields}, layer,
                                      ctx.role)[
        ["name", "disembarked", "assisted", "screenings"]], key="dp-table")
    if (menu := downloads.menu("dp")) is not None:  # files are made only while the menu is open
        with menu:
            downloads.buttons(data, window, [view_filters.area(ctx.selection), view_filters.months(start, end)],
                              key="dp", role=ctx.role)
page.finish(ctx)
