"""Overview: headline figures of the selected round with their source, every layer
on one map, and what changed since the previous round."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import (
    auth,
    citations,
    downloads,
    figures,
    flash_view,
    flash_visits,
    geography,
    geometry,
    layers,
    legends,
    locale,
    map_first,
    page,
    periods,
    public_figures,
    snapshot_control,
    tables,
    view_filters,
    vocabulary,
)
from components.area import area_map
from components.i18n import pick, t
from geo import catalog, classes, displacement, facts, registry, selection, timeaxis
from geo.translations import Words

disp = catalog.load("displacement", auth.current_role())
rounds = timeaxis.rounds(disp.frame)
by_number = {r.number: r for r in rounds}
numbers = list(by_number)
ctx = page.setup({"round": numbers[-1], **geography.DEFAULTS},
                 {"round": lambda v: v in by_number, **geography.VALIDATORS})
st.title(":material/explore: " + t("Libya Operations Atlas"))
area_name = ctx.selection.label(ctx.lang)
metric_label = {m: t(v) for m, v in vocabulary.METRICS.items()}

periods.one(st, t("DTM round"), numbers, key="round", format_func=lambda n: locale.round_label(by_number[n]))
level = geography.switch()
rnd = st.session_state["round"]
current = by_number[rnd]
in_area = selection.apply(disp.frame, ctx.selection)

now = displacement.totals(in_area, rnd)
idx = numbers.index(rnd)
prev = displacement.totals(in_area, numbers[idx - 1]) if idx else None
report = {f.metric: f for f in facts.for_layer("displacement")}
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
breaks = public_figures.class_breaks(classes.area_breaks(disp.frame, "migrants", level)[0], ctx.role)
styles, legend = layers.choropleth(values, title=metric_label["migrants"], unit=t("people"),
                                   period=locale.round_label(current), source=disp.source_in(t),
                                   illustrative=bool(drawn["illustrative"].any()),
                                   highlight=highlight, breaks=breaks or None,
                                   note=legends.fixed_classes_note(disp.frame, level))
map_layers = [*layers.basemap(), geography.area_layer(level, t("Mantika · migrants") if level == "mantika"
                                                      else t("Baladiya · migrants"))]
payload_layers = {geography.payload_key(level): styles}
shown = [disp.viewing(drawn)]  # "illustrative" as the rows drawn are: the round's, and each layer's sites below
colour_legend = {}
grid_legends = ""  # point layers drawn per grid cell (too many points): a size legend each
# Every point layer of the registry the role may see; the baladiya seats are reference
# places, not sites (the geography draws them).
site_layers = [lay for lay in registry.visible_layers(ctx.role)
               if lay.geometry == "point" and lay.name != registry.BALADIYA_SEATS.name]
for site_layer in site_layers:
    ld = catalog.load(site_layer.name, ctx.role)
    lay = ld.layer
    area = selection.apply(ld.frame, ctx.selection)
    if lay.time_kind == "month":
        active = timeaxis.latest_before(area, lay, when)
        if "status" in active:
            active = active[active["status"] == "open"]
    else:
        active = timeaxis.at(area, lay, when)
    shown.append(ld.viewing(active))
    if layers.dense(ld.frame, lay):  # too many to draw one by one: how many are active per grid cell
        map_layers.append(grid := layers.grid_layer(lay, ld.frame, ld.version.version))
        payload_layers[lay.name], largest = layers.grid_counts(active, grid, what=pick(lay.title, lay.title_ar),
                                                               colour=lay.style.colour)
        grid_legends += layers.grid_legend(pick(lay.title, lay.title_ar), lay.style.colour, largest)
        continue
    map_layers.append(layers.point_layer(lay, ld.frame, ld.version.version))
    all_ids = ld.frame[lay.id_field].astype(str).unique()
    payload_layers[lay.name] = layers.sized_points(
        active, id_field=lay.id_field, value_field=None, colour=lay.style.colour, all_ids=all_ids,
        tip=lambda r, lay=lay: layers.site_tooltip(lay, r, [(t("Layer"), pick(lay.title, lay.title_ar))],
                                                   layers.note(r["illustrative"], r["source"])))
    colour_legend[pick(lay.title, lay.title_ar)] = lay.style.colour
payload = {"layers": payload_layers, "legend": legend + geography.legend_note(level)
           + legends.category_legend(t("Sites"), colour_legend) + grid_legends,
           "cluster": [name for name in payload_layers if name != geography.payload_key(level)]}
area_map(ctx.selection, map_layers, payload, key="overview-map", bounds=geometry.selection_bounds(ctx.selection))
# The headline figures below the map: the map comes first, on a phone too.
headline = []
for m in displacement.METRICS:
    change, rising = None, None
    if prev and now[m] is not None and prev[m] is not None and \
            public_figures.comparable([now[m], prev[m]], disp.layer, m, ctx.role):
        change, rising = figures.change_since(now[m], prev[m], locale.round_name(numbers[idx - 1]))
    fact = report.get(m)
    if fact and ctx.selection.level == "national" and now[m] == fact.value:
        note = "✔ " + t("Report figure: {citation}").format(citation=citations.report_section(fact.section))
    else:
        round_rows = in_area[in_area["round"] == rnd]
        note = locale.separator().join(
            [locale.round_label(current), t("illustrative") if round_rows["illustrative"].any() else disp.source_in(t)])
    headline.append(figures.Figure(f"{metric_label[m]} · {area_name}",
                                   public_figures.number(now[m], disp.layer, m, ctx.role), change, rising, note))
figures.show(headline)
st.caption(t("Sites shown as of {date} (end of {round}); switch layers with the control at the top right of the "
             "map.").format(date=locale.date(when), round=locale.round_label(current)))
geography.note(level)
# What the atlas is, below its map (the map comes first, on a phone too).
if ctx.role != "public":
    st.caption(t("IOM's operations in Libya on one map: displacement (DTM), detention centres, disembarkation points, "
                 "health coverage, community stabilization and flash updates."))
else:  # restricted: not even named to the public
    st.caption(t("IOM's operations in Libya on one map: displacement (DTM), disembarkation points, health coverage, "
                 "community stabilization and flash updates."))
flash_visits.overview_notice()  # below the map: the map comes first, on a phone too
if (menu := downloads.menu("overview")) is not None:  # files are made only while the menu is open
    with menu:
        wanted = ctx.selection.mantika_pcodes() if level == "mantika" else ctx.selection.baladiya_pcodes()
        geography.downloads(values[values["pcode"].isin(wanted)], level, title=f"Migrants R{rnd}",
                            heading=f"{t('Migrants')} · {Words(ctx.lang).round_name(rnd)}", sources=[disp],
                            filters=[view_filters.area(ctx.selection), view_filters.rounds([rnd])],
                            illustrative=bool(drawn["illustrative"].any()), key="overview")
page.honesty(*shown, facts=[report[m] for m in displacement.METRICS], boundaries=True)

if map_first.released():  # what lies below the map: once the map has drawn (components.map_first)
    st.subheader(t("What changed since the previous round"))
    if idx == 0:
        st.info(t("This is the first round: nothing to compare with."))
    else:
        change = displacement.compare(in_area, numbers[idx - 1], rnd, "migrants", level="baladiya")
        change = change.dropna(subset=["change"])

        def _public(rows):
            return public_figures.column(rows, {"value_a": "migrants", "value_b": "migrants"}, disp.layer, ctx.role,
                                         {"change": ("value_a", "value_b")})
        c1, c2 = st.columns(2)
        first_name, second_name = (("name_ar", "Arabic name"), ("name_en", "Baladiya")) if ctx.lang == "ar" else \
            (("name_en", "Baladiya"), ("name_ar", "Arabic name"))
        cols = {first_name[0]: (first_name[1], "text"), second_name[0]: (second_name[1], "text"),
                "value_a": (locale.round_name(numbers[idx - 1]), "count"), "value_b": (locale.round_name(rnd), "count"),
                "change": ("Change", "change")}
        rises, falls = displacement.biggest_changes(change, 5)
        for where, heading, rows, key, none in (
                (c1, t("Largest increases in migrants, {a} → {b}").format(a=locale.round_name(numbers[idx - 1]),
                                                                          b=locale.round_name(rnd)),
                 rises, "ov-inc", t("No baladiya in this view rose.")),
                (c2, t("Largest decreases"), falls, "ov-dec", t("No baladiya in this view fell."))):
            tables.headed(where, heading, _public(rows), cols, key=key, empty=none)
        flash = catalog.load("flash_updates", ctx.role)
        events = timeaxis.in_window(selection.apply(flash.frame, ctx.selection), flash.layer,
                                    by_number[numbers[idx - 1]].end, current.end)
        if len(events):
            st.markdown("**" + t("Flash updates in this period") + "**")
            flash_view.period_list(events)
    snapshot_control.publish_control(ctx, page="overview", metric="migrants", current=rnd, rounds=numbers,
                                     key="publish-overview")
page.finish(ctx)
