"""Displacement: DTM rounds by mantika and baladiya, with a round slider, play and compare.

Everything that depends on the round runs in an ``st.fragment``, so a slider
step reruns only that part (not the sidebar, not the trend charts), and the map
payload of a view is computed once per data version (``st.cache_data``).
"""

from __future__ import annotations

import time

import streamlit as st

from components import charts, downloads, layers, page, state
from components.i18n import t
from components.map import atlas_map
from geo import catalog, displacement, facts, rollups, selection, timeaxis

METRICS = displacement.METRICS
LABEL = displacement.METRIC_LABELS

data = catalog.load("displacement")
rounds = timeaxis.rounds(data.frame)
numbers = [r.number for r in rounds]
by_number = {r.number: r for r in rounds}
last = numbers[-1]

ctx = page.setup(
    {"metric": "migrants", "round": last, "compare": False, "round_a": numbers[0], "round_b": last},
    {"metric": lambda v: v in METRICS, "round": lambda v: v in by_number,
     "round_a": lambda v: v in by_number, "round_b": lambda v: v in by_number},
)
st.title("👥 Displacement")

c1, c2 = st.columns([2, 1])
c1.radio(t("metric"), METRICS, key="metric", format_func=LABEL.get, horizontal=True)
c2.toggle(t("compare"), key="compare")
metric = st.session_state["metric"]
compare = st.session_state["compare"]
frame = data.frame
in_area = selection.apply(frame, ctx.selection)


@st.cache_data(max_entries=256, show_spinner=False)
def _payload(version: int, sha: str, metric: str, rnd: int, compare: bool, a: int, b: int, sel: str, *,
             _selection) -> dict:
    """The map payload for one view; the same view is never computed twice per data version."""
    period = by_number[rnd].label
    seats = catalog.seats()
    highlight = _selection.mantika_pcodes() if _selection.level != "national" else None
    if compare:
        change = displacement.compare(frame, a, b, metric).rename(columns={"change": "value"})
        styles, legend = layers.diverging(change, title=f"Change in {LABEL[metric]}, R{a}→R{b}", unit="people",
                                          period=f"{by_number[a].label} → {by_number[b].label}",
                                          source=data.layer.source, illustrative=data.illustrative_share > 0)
    else:
        values = displacement.by_mantika(frame, rnd, metric)
        all_rounds = rollups.trend(catalog.store(), version, metric, selection.Selection(),
                                   by_mantika_too=True)["value"].dropna()
        breaks = sorted(set(all_rounds.quantile([0, 0.2, 0.4, 0.6, 0.8, 1.0]).round().tolist()))
        styles, legend = layers.choropleth(values, title=LABEL[metric], unit="people", period=period,
                                           source=data.layer.source, breaks=breaks if len(breaks) > 2 else None,
                                           illustrative=data.illustrative_share > 0, highlight=highlight)
    bal = displacement.by_baladiya(frame, rnd, metric)
    max_all = layers.scale_of(frame[metric])
    symbols = layers.sized_points(
        bal.rename(columns={"baladiya_pcode": "pcode"}), id_field="pcode", value_field="value", colour="#E69F00",
        all_ids=seats["pcode"], max_value=max_all,
        tip=lambda r: layers.tooltip(r["baladiya_name"], r["name_ar"], [(LABEL[metric], r["value"]),
                                     ("Mantika", r["mantika_name"]), ("Period", period)],
                                     "illustrative" if r["illustrative"] else r["source"]))
    return {"layers": {"mantika": styles, "baladiya": symbols},
            "legend": legend + layers.size_legend(f"{LABEL[metric]} per baladiya", "people", max_all, "#E69F00")}


@st.fragment
def by_round() -> None:
    state.value("round", last)  # applies a pending request (play) on fragment reruns too
    s1, s2 = st.columns([4, 1], vertical_alignment="bottom")
    if compare:
        a, b = s1.select_slider("Round A → Round B", options=numbers, value=(st.session_state["round_a"],
                                st.session_state["round_b"]), format_func=lambda n: by_number[n].label, key="ab")
        state.set_value("round_a", a)
        state.set_value("round_b", b)
    else:
        s1.select_slider(t("round"), options=numbers, key="round", format_func=lambda n: by_number[n].label)
        if s2.button("▶ " + t("play"), key="play"):
            st.session_state["_playing"] = True
            state.request("round", numbers[0])
            st.rerun(scope="fragment")
    rnd = st.session_state["round"]
    idx = numbers.index(rnd)
    if compare:
        shown, base = st.session_state["round_b"], st.session_state["round_a"]
    else:
        shown, base = rnd, (numbers[idx - 1] if idx else None)
    now = displacement.totals(in_area, shown)
    before = displacement.totals(in_area, base) if base is not None else None
    cols = st.columns(3)
    for col, m in zip(cols, METRICS, strict=True):
        delta = None
        if before is not None and now[m] is not None and before[m] is not None:
            delta = f"{now[m] - before[m]:+,} since R{base}"
        col.metric(f"{LABEL[m]} · {ctx.selection.label()} · R{shown}",
                   "no count" if now[m] is None else f"{now[m]:,}", delta=delta)
    page.honesty(data, boundaries=True, facts=facts.for_layer("displacement"))

    seats = catalog.seats()
    map_layers = [*layers.basemap(), layers.mantika_layer(f"Mantika · {LABEL[metric]}"), layers.seats_layer(seats)]
    payload = _payload(data.version.version, data.version.source_sha256, metric, rnd, compare,
                       st.session_state["round_a"], st.session_state["round_b"], repr(ctx.selection),
                       _selection=ctx.selection)
    atlas_map(map_layers, payload, key="displacement-map", bounds=catalog.selection_bounds(ctx.selection))

    if compare:
        a, b = st.session_state["round_a"], st.session_state["round_b"]
        st.subheader(f"Biggest changes R{a} → R{b}")
        ch = displacement.compare(in_area, a, b, metric, level="baladiya")
        l1, l2 = st.columns(2)
        l1.markdown("**Increases**")
        l1.dataframe(ch.head(8)[["name_en", "name_ar", "value_a", "value_b", "change", "change_pct"]],
                     hide_index=True, key="inc")
        l2.markdown("**Decreases**")
        l2.dataframe(ch.sort_values("change").head(8)[["name_en", "name_ar", "value_a", "value_b", "change",
                                                        "change_pct"]], hide_index=True, key="dec")
    else:
        st.subheader(f"Top baladiyas · {LABEL[metric]} · R{rnd}")
        top = displacement.by_baladiya(in_area, rnd, metric)
        if top.empty:
            st.info(t("no_data"))
        else:
            st.dataframe(top.head(15)[["baladiya_name", "name_ar", "mantika_name", "value"]], hide_index=True,
                         key="top")
    shown_rounds = [st.session_state["round_a"], st.session_state["round_b"]] if compare else [rnd]
    downloads.buttons(data, in_area[in_area["round"].isin(shown_rounds)],
                      f"area={ctx.selection.label()}; rounds={shown_rounds}", key="disp")
    page.sync_url(ctx)

    if st.session_state.get("_playing") and not compare:
        time.sleep(1.0)
        nxt = idx + 1
        if nxt < len(numbers):
            state.request("round", numbers[nxt])
        else:
            st.session_state["_playing"] = False
        st.rerun(scope="fragment")


by_round()

# Trends do not depend on the round: outside the fragment, not redrawn per step.
left, right = st.columns(2)
with left:
    trend = rollups.trend(catalog.store(), data.version.version, metric, ctx.selection)  # summed in the store
    trend["round"] = trend["round"].map(lambda n: f"R{n}")
    charts.line(trend, "round", "value", title=f"{LABEL[metric]} · {ctx.selection.label()}", key="trend-country",
                source=data.layer.source, illustrative=data.illustrative_share > 0, labels={"value": LABEL[metric]})
with right:
    per_mantika = rollups.trend(catalog.store(), data.version.version, metric, ctx.selection, by_mantika_too=True)
    per_mantika["round"] = per_mantika["round"].map(lambda n: f"R{n}")
    charts.line(per_mantika, "round", "value", color="mantika", title=f"{LABEL[metric]} per mantika",
                key="trend-mantika", source=data.layer.source, illustrative=data.illustrative_share > 0,
                labels={"value": LABEL[metric]})
page.finish(ctx)
