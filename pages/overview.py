"""Overview: headline figures of the selected round with their source, every layer
on one map, and what changed since the previous round."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import layers, locale, page, tables, vocabulary
from components.i18n import pick, t, term
from components.map import atlas_map
from geo import catalog, displacement, facts, selection, timeaxis
from geo.catalog import RestrictedLayer

disp = catalog.load("displacement")
rounds = timeaxis.rounds(disp.frame)
by_number = {r.number: r for r in rounds}
numbers = list(by_number)
ctx = page.setup({"round": numbers[-1]}, {"round": lambda v: v in by_number})
st.title("🧭 " + t("Libya Operations Atlas"))
st.caption(t("IOM's operations in Libya on one map: displacement (DTM), detention centres, disembarkation points, "
             "health coverage, community stabilization and flash updates."))
area_name = ctx.selection.label(ctx.lang)
metric_label = {m: t(v) for m, v in vocabulary.METRICS.items()}

st.select_slider(t("DTM round"), options=numbers, key="round", format_func=lambda n: locale.round_label(by_number[n]))
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
        delta = t("{change} since {round}").format(change=locale.number(now[m] - prev[m], signed=True),
                                                   round=locale.round_name(numbers[idx - 1]))
    col.metric(f"{metric_label[m]} · {area_name}",
               t("no count") if now[m] is None else locale.number(now[m]), delta=delta)
    fact = report.get(m)
    if fact and ctx.selection.level == "national" and now[m] == fact.value:
        col.caption("✔ " + t("Report figure: {citation}").format(
            citation=t("IOM Libya Annual Report 2019, section “{section}”").format(section=t(fact.section))))
    else:
        col.caption(f"{locale.round_label(current)} · "
                    f"{t('illustrative') if disp.illustrative_share else t(disp.layer.source)}")

# The map: every layer the role may see, at the end date of the round.
when = min(current.end, dt.date(2019, 12, 31)) if current.end.year == 2019 else current.end
seats = catalog.seats()
highlight = ctx.selection.mantika_pcodes() if ctx.selection.level != "national" else None
values = displacement.by_mantika(disp.frame, rnd, "migrants")
styles, legend = layers.choropleth(values, title=metric_label["migrants"], unit=t("people"),
                                   period=locale.round_label(current),
                                   source=disp.layer.source, illustrative=True, highlight=highlight)
map_layers = [*layers.basemap(), layers.mantika_layer(t("Mantika · migrants"))]
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
        tip=lambda r, lay=lay, label=label: layers.tooltip(str(r[label]), "", [(t("Layer"), pick(lay.title,
                                                                                                 lay.title_ar))],
                                                           layers.note(r["illustrative"], r["source"])))
    colour_legend[pick(lay.title, lay.title_ar)] = lay.style.colour
payload = {"layers": payload_layers, "legend": legend + layers.category_legend(t("Sites"), colour_legend),
           "cluster": [name for name in payload_layers if name != "mantika"]}
atlas_map(map_layers, payload, key="overview-map", bounds=catalog.selection_bounds(ctx.selection))
st.caption(t("Sites shown as of {date} (end of {round}); switch layers with the control at the top right of the "
             "map.").format(date=locale.date(when), round=locale.round_label(current)))
page.honesty(*shown, facts=[report[m] for m in displacement.METRICS], boundaries=True)

st.subheader(t("What changed since the previous round"))
if idx == 0:
    st.info(t("This is the first round: nothing to compare with."))
else:
    change = displacement.compare(in_area, numbers[idx - 1], rnd, "migrants", level="baladiya")
    change = change.dropna(subset=["change"])
    c1, c2 = st.columns(2)
    heads = {"value_a": locale.round_name(numbers[idx - 1]), "value_b": locale.round_name(rnd)}
    columns = ["name_ar", "name_en", "value_a", "value_b", "change"] if ctx.lang == "ar" else \
        ["name_en", "name_ar", "value_a", "value_b", "change"]
    c1.markdown("**" + t("Largest increases in migrants, {a} → {b}").format(
        a=locale.round_name(numbers[idx - 1]), b=locale.round_name(rnd)) + "**")
    with c1:
        tables.show(change.head(5)[columns], labels=heads)
    c2.markdown("**" + t("Largest decreases") + "**")
    with c2:
        tables.show(change.sort_values("change").head(5)[columns], labels=heads)
    flash = catalog.load("flash_updates", ctx.role)
    events = timeaxis.in_window(selection.apply(flash.frame, ctx.selection), flash.layer,
                                by_number[numbers[idx - 1]].end, current.end)
    if len(events):
        st.markdown("**" + t("Flash updates in this period") + "**")
        for _, e in events.sort_values("date").iterrows():
            st.markdown(f"- {locale.date(e['date'])} — **{page.data_text(e['title'])}** ({term(e['event_type'])})",
                        unsafe_allow_html=True)
page.finish(ctx)
