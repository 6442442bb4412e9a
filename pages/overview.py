"""Overview: headline figures of the selected round with their source, every layer
on one map, and what changed since the previous round."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import layers, page, tables
from components.area import area_map
from components.i18n import t
from geo import catalog, classes, displacement, facts, selection, timeaxis
from geo.catalog import RestrictedLayer

disp = catalog.load("displacement")
rounds = timeaxis.rounds(disp.frame)
by_number = {r.number: r for r in rounds}
numbers = list(by_number)
ctx = page.setup({"round": numbers[-1]}, {"round": lambda v: v in by_number})
st.title(":material/explore: " + t("app_title"))
st.caption("IOM's operations in Libya on one map: displacement (DTM), detention centres, disembarkation points, "
           "health coverage, community stabilization and flash updates.")

st.select_slider(t("round"), options=numbers, key="round", format_func=lambda n: by_number[n].label)
rnd = st.session_state["round"]
current = by_number[rnd]
in_area = selection.apply(disp.frame, ctx.selection)

now = displacement.totals(in_area, rnd)
idx = numbers.index(rnd)
prev = displacement.totals(in_area, numbers[idx - 1]) if idx else None
report = {f.metric: f for f in facts.for_layer("displacement")}
cols = st.columns(3)
for col, m in zip(cols, displacement.METRICS, strict=True):
    delta = None
    if prev and now[m] is not None and prev[m] is not None:
        delta = f"{now[m] - prev[m]:+,} since R{numbers[idx - 1]}"
    col.metric(f"{displacement.METRIC_LABELS[m]} · {ctx.selection.label()}",
               "no count" if now[m] is None else f"{now[m]:,}", delta=delta)
    fact = report.get(m)
    if fact and ctx.selection.level == "national" and now[m] == fact.value:
        col.caption(f"✔ Report figure: {fact.citation}")
    else:
        col.caption(f"{current.label} · {'illustrative' if disp.illustrative_share else disp.layer.source}")

# The map: every layer the role may see, at the end date of the round.
when = min(current.end, dt.date(2019, 12, 31)) if current.end.year == 2019 else current.end
seats = catalog.seats()
highlight = ctx.selection.mantika_pcodes() if ctx.selection.level != "national" else None
values = displacement.by_mantika(disp.frame, rnd, "migrants")
breaks, note = classes.mantika_breaks(disp.frame, "migrants")
styles, legend = layers.choropleth(values, title="Migrants", unit="people", period=current.label,
                                   source=disp.layer.source, illustrative=True, highlight=highlight,
                                   breaks=breaks or None, note=note)
map_layers = [*layers.basemap(), layers.mantika_layer("Mantika · migrants")]
payload_layers = {"mantika": styles}
shown = [disp]
colour_legend = {}
for name in ("detention_centres", "disembarkation_points", "health_facilities", "stabilization_projects"):
    try:
        ld = catalog.load(name, ctx.role)
    except RestrictedLayer:
        continue
    shown.append(ld)
    lay = ld.layer
    area = selection.apply(ld.frame, ctx.selection)
    if lay.time_kind == "month":
        active = timeaxis.latest_before(area, lay, when)
        if "status" in active:
            active = active[active["status"] == "open"]
    else:
        active = timeaxis.at(area, lay, when)
    map_layers.append(layers.point_layer(lay, ld.frame, ld.version.version))
    all_ids = ld.frame[lay.id_field].astype(str).unique()
    label = lay.label_field
    payload_layers[lay.name] = layers.sized_points(
        active, id_field=lay.id_field, value_field=None, colour=lay.style.colour, all_ids=all_ids,
        tip=lambda r, lay=lay, label=label: layers.tooltip(str(r[label]), "", [("Layer", lay.title)],
                                                           "illustrative" if r["illustrative"] else r["source"]))
    colour_legend[lay.title] = lay.style.colour
payload = {"layers": payload_layers, "legend": legend + layers.category_legend("Sites", colour_legend),
           "cluster": [name for name in payload_layers if name != "mantika"]}
area_map(ctx.selection,
         map_layers, payload, key="overview-map", bounds=catalog.selection_bounds(ctx.selection))
st.caption(f"Sites shown as of {when:%d %b %Y} (end of {current.label}); switch layers with the control at the "
           "top right of the map.")
page.honesty(*shown, facts=[report[m] for m in displacement.METRICS], boundaries=True)

st.subheader("What changed since the previous round")
if idx == 0:
    st.info("This is the first round: nothing to compare with.")
else:
    change = displacement.compare(in_area, numbers[idx - 1], rnd, "migrants", level="baladiya")
    change = change.dropna(subset=["change"])
    c1, c2 = st.columns(2)
    cols = {"name_en": ("Baladiya", "text"), "name_ar": ("Arabic name", "text"),
            "value_a": (f"R{numbers[idx - 1]}", "count"), "value_b": (f"R{rnd}", "count"),
            "change": ("Change", "count")}
    c1.markdown(f"**Largest increases in migrants, R{numbers[idx - 1]} → R{rnd}**")
    with c1:
        tables.show(change.head(5), cols, key="ov-inc")
    c2.markdown("**Largest decreases**")
    with c2:
        tables.show(change.sort_values("change").head(5), cols, key="ov-dec")
    flash = catalog.load("flash_updates", ctx.role)
    events = timeaxis.in_window(selection.apply(flash.frame, ctx.selection), flash.layer,
                                by_number[numbers[idx - 1]].end, current.end)
    if len(events):
        st.markdown("**Flash updates in this period**")
        for _, e in events.sort_values("date").iterrows():
            st.markdown(f"- {e['date']:%d %b %Y} — **{e['title']}** ({e['event_type']})")
page.finish(ctx)
