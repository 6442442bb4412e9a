"""Disembarkation points: people returned to shore and assisted, in the chosen months."""

from __future__ import annotations

import streamlit as st

from components import charts, downloads, layers, page, public_figures
from components.area import area_map
from geo import catalog, facts, selection, timeaxis

ctx = page.setup({"months": []})
st.title(":material/anchor: Disembarkation points")
data = catalog.load("disembarkation_points", ctx.role)
layer = data.layer
months = [m.isoformat()[:7] for m in timeaxis.months(data.frame, layer)]
chosen = st.session_state["months"]
if len(chosen) != 2 or not set(chosen) <= set(months):
    st.session_state["months"] = [months[0], months[-1]]
first, last = st.select_slider("Months", options=months, value=tuple(st.session_state["months"]), key="dp-range")
st.session_state["months"] = [first, last]
start = timeaxis.months(data.frame, layer)[months.index(first)]
end = timeaxis.months(data.frame, layer)[months.index(last)]
window = timeaxis.in_window(selection.apply(data.frame, ctx.selection), layer, start, end)
per_point = window.groupby(["point_id", "name"], as_index=False)[["disembarked", "assisted", "screenings"]].sum()
per_point = per_point.merge(window.drop_duplicates("point_id")[["point_id", "illustrative", "source"]], on="point_id")

c1, c2, c3 = st.columns(3)
c1.metric("People disembarked", public_figures.number(window["disembarked"].sum(), layer, "disembarked", ctx.role))
c2.metric("People assisted", public_figures.number(window["assisted"].sum(), layer, "assisted", ctx.role))
c3.metric("Medical screenings", public_figures.number(window["screenings"].sum(), layer, "screenings", ctx.role))
report = {f.fact_id: f for f in facts.for_layer("disembarkation_points")}
if (first, last) == (months[0], months[-1]) and ctx.selection.level == "national":
    st.caption(f"✔ 2019 totals equal the report: {report['dp_assisted'].value:,} assisted "
               f"({report['dp_assisted'].citation}); {report['dp_screenings'].value:,} screenings "
               f"({report['dp_screenings'].citation}).")

max_value = layers.scale_of(per_point["disembarked"])
styles = layers.sized_points(
    public_figures.map_rows(per_point, {m: m for m in layer.value_fields}, layer, ctx.role, size="disembarked"),
    id_field="point_id", value_field="_size", colour="#0072B2",
    all_ids=data.frame["point_id"].unique(), max_value=max_value,
    tip=lambda r: layers.tooltip(r["name"], "", [("Disembarked", r["disembarked"]), ("Assisted", r["assisted"]),
                                 ("Screenings", r["screenings"]), ("Months", f"{first} … {last}")],
                                 "illustrative" if r["illustrative"] else r["source"]))
area_map(ctx.selection,
         [*layers.basemap(), layers.mantika_layer(), layers.point_layer(layer, data.frame, data.version.version)],
          {"layers": {layer.name: styles},
           "legend": layers.size_legend("People disembarked", "people", max_value, "#0072B2")},
          key="dp-map", bounds=catalog.selection_bounds(ctx.selection, (10.5, 30.0, 16.5, 34.0)))
page.honesty(data, facts=list(report.values()))
monthly = window.groupby("month", as_index=False)[["disembarked", "assisted", "screenings"]].sum()
monthly = monthly.melt(id_vars="month", var_name="measure", value_name="people")
charts.bar(monthly, "month", "people", color="measure", title="Per month", key="dp-monthly", source=layer.source,
           illustrative=data.illustrative_share > 0, grouped=True)  # overlapping measures: side by side
st.dataframe(public_figures.column(per_point, {m: m for m in layer.value_fields}, layer, ctx.role)[
    ["name", "disembarked", "assisted", "screenings"]], hide_index=True, key="dp-table")
downloads.buttons(data, window, f"area={ctx.selection.label()}; months={first}..{last}", key="dp", role=ctx.role)
page.finish(ctx)
