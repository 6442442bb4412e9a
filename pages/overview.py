"""Overview: headline figures of the selected round with their source, every layer
on one map, and what changed since the previous round."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import auth, flash_visits, geography, layers, page, public_figures, snapshot_control, tables
from components.area import area_map
from components.i18n import t
from components.safe_text import md_text
from geo import catalog, classes, displacement, facts, selection, timeaxis
from geo.catalog import RestrictedLayer

disp = catalog.load("displacement", auth.current_role())
rounds = timeaxis.rounds(disp.frame)
by_number = {r.number: r for r in rounds}
numbers = list(by_number)
ctx = page.setup({"round": numbers[-1], **geography.DEFAULTS},
                 {"round": lambda v: v in by_number, **geography.VALIDATORS})
st.title(":material/explore: " + t("app_title"))
st.caption("IOM's operations in Libya on one map: displacement (DTM), "
           + ("detention centres, " if ctx.role != "public" else "")  # restricted: not even named to the public
           + "disembarkation points, health coverage, community stabilization and flash updates.")
flash_visits.overview_notice()

st.select_slider(t("round"), options=numbers, key="round", format_func=lambda n: by_number[n].label)
level = geography.switch()
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
    if prev and now[m] is not None and prev[m] is not None and \
            public_figures.comparable([now[m], prev[m]], disp.layer, m, ctx.role):
        delta = f"{now[m] - prev[m]:+,} since R{numbers[idx - 1]}"
    col.metric(f"{displacement.METRIC_LABELS[m]} · {ctx.selection.label()}",
               public_figures.number(now[m], disp.layer, m, ctx.role), delta=delta)
    fact = report.get(m)
    if fact and ctx.selection.level == "national" and now[m] == fact.value:
        col.caption(f"✔ Report figure: {fact.citation}")
    else:
        round_rows = in_area[in_area["round"] == rnd]
        col.caption(f"{current.label} · "
                    f"{'illustrative' if round_rows['illustrative'].any() else disp.layer.source}")

# The map: every layer the role may see, at the end date of the round.
when = min(current.end, dt.date(2019, 12, 31)) if current.end.year == 2019 else current.end
seats = catalog.seats()
highlight = None
if ctx.selection.level != "national":
    highlight = ctx.selection.mantika_pcodes() if level == "mantika" else ctx.selection.baladiya_pcodes()
values = public_figures.area_values(displacement.by_area(disp.frame, rnd, "migrants", level), disp.layer,
                                    "migrants", ctx.role)
# Whether the figures are illustrative comes from the rows drawn, not from this page.
drawn = disp.frame[disp.frame["round"] == rnd]
breaks, note = classes.area_breaks(disp.frame, "migrants", level)
styles, legend = layers.choropleth(values, title="Migrants", unit="people", period=current.label,
                                   source=disp.layer.source, illustrative=bool(drawn["illustrative"].any()),
                                   highlight=highlight, breaks=breaks or None, note=note)
map_layers = [*layers.basemap(), geography.area_layer(level, "Mantika · migrants" if level == "mantika"
                                                      else t("Baladiya · migrants"))]
payload_layers = {geography.payload_key(level): styles}
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
payload = {"layers": payload_layers, "legend": legend + geography.legend_note(level)
           + layers.category_legend("Sites", colour_legend),
           "cluster": [name for name in payload_layers if name != geography.payload_key(level)]}
area_map(ctx.selection, map_layers, payload, key="overview-map", bounds=catalog.selection_bounds(ctx.selection))
st.caption(f"Sites shown as of {when:%d %b %Y} (end of {current.label}); switch layers with the control at the "
           "top right of the map.")
geography.note(level)
wanted = ctx.selection.mantika_pcodes() if level == "mantika" else ctx.selection.baladiya_pcodes()
geography.downloads(values[values["pcode"].isin(wanted)], level, title=f"Migrants R{rnd}",
                    provenance=[disp.provenance, f"Filters: area={ctx.selection.label()}"],
                    illustrative=bool(drawn["illustrative"].any()), key="overview")
page.honesty(*shown, facts=[report[m] for m in displacement.METRICS], boundaries=True)

st.subheader("What changed since the previous round")
if idx == 0:
    st.info("This is the first round: nothing to compare with.")
else:
    change = displacement.compare(in_area, numbers[idx - 1], rnd, "migrants", level="baladiya")
    change = change.dropna(subset=["change"])

    def _public(rows):
        return public_figures.column(rows, {"value_a": "migrants", "value_b": "migrants"}, disp.layer, ctx.role,
                                     {"change": ("value_a", "value_b")})
    c1, c2 = st.columns(2)
    cols = {"name_en": ("Baladiya", "text"), "name_ar": ("Arabic name", "text"),
            "value_a": (f"R{numbers[idx - 1]}", "count"), "value_b": (f"R{rnd}", "count"),
            "change": ("Change", "count")}
    c1.markdown(f"**Largest increases in migrants, R{numbers[idx - 1]} → R{rnd}**")
    with c1:
        tables.show(_public(change.head(5)), cols, key="ov-inc")
    c2.markdown("**Largest decreases**")
    with c2:
        tables.show(_public(change.sort_values("change").head(5)), cols, key="ov-dec")
    flash = catalog.load("flash_updates", ctx.role)
    events = timeaxis.in_window(selection.apply(flash.frame, ctx.selection), flash.layer,
                                by_number[numbers[idx - 1]].end, current.end)
    if len(events):
        st.markdown("**Flash updates in this period**")
        for _, e in events.sort_values("date").iterrows():
            st.markdown(f"- {e['date']:%d %b %Y} — **{md_text(e['title'])}** ({md_text(e['event_type'])})")
snapshot_control.publish_control(ctx, page="overview", metric="migrants", current=rnd, rounds=numbers,
                                 key="publish-overview")
page.finish(ctx)
