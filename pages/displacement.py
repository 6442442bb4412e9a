"""Displacement: DTM rounds by mantika and baladiya, with a round slider, play and compare.

Everything that depends on the round runs in an ``st.fragment``, so a slider
step reruns only that part (not the sidebar, not the trend charts), and the map
payload of a view is computed once per data version (``st.cache_data``).
"""

from __future__ import annotations

import time

import streamlit as st

from components import charts, downloads, layers, locale, page, state, tables, vocabulary
from components.i18n import lang, t
from components.map import atlas_map
from geo import admin, catalog, displacement, facts, selection, timeaxis

METRICS = displacement.METRICS

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
LABEL = {m: t(v) for m, v in vocabulary.METRICS.items()}
st.title("👥 " + t("Displacement"))

c1, c2 = st.columns([2, 1])
c1.radio(t("Population group"), METRICS, key="metric", format_func=LABEL.get, horizontal=True)
c2.toggle(t("Compare two rounds"), key="compare")
metric = st.session_state["metric"]
compare = st.session_state["compare"]
frame = data.frame
in_area = selection.apply(frame, ctx.selection)


@st.cache_data(max_entries=256, show_spinner=False)
def _payload(version: int, sha: str, metric: str, rnd: int, compare: bool, a: int, b: int, sel: str,
             language: str, digits: str, *, _selection) -> dict:
    """The map payload for one view; the same view is never computed twice per data version
    (nor per language and digit style, which its labels and numbers follow)."""
    period = locale.round_label(by_number[rnd])
    seats = catalog.seats()
    highlight = _selection.mantika_pcodes() if _selection.level != "national" else None
    if compare:
        change = displacement.compare(frame, a, b, metric).rename(columns={"change": "value"})
        styles, legend = layers.diverging(change, title=t("Change in {group}, {a}→{b}").format(
                                              group=LABEL[metric], a=locale.round_name(a), b=locale.round_name(b)),
                                          unit=t("people"),
                                          period=f"{locale.round_label(by_number[a])} → "
                                                 f"{locale.round_label(by_number[b])}",
                                          source=data.layer.source, illustrative=data.illustrative_share > 0)
    else:
        values = displacement.by_mantika(frame, rnd, metric)
        all_rounds = displacement.trend(frame, metric, by_mantika_too=True)["value"].dropna()
        breaks = sorted(set(all_rounds.quantile([0, 0.2, 0.4, 0.6, 0.8, 1.0]).round().tolist()))
        styles, legend = layers.choropleth(values, title=LABEL[metric], unit=t("people"), period=period,
                                           source=data.layer.source, breaks=breaks if len(breaks) > 2 else None,
                                           illustrative=data.illustrative_share > 0, highlight=highlight)
    bal = displacement.by_baladiya(frame, rnd, metric)
    max_all = layers.scale_of(frame[metric])
    symbols = layers.sized_points(
        bal.rename(columns={"baladiya_pcode": "pcode"}), id_field="pcode", value_field="value", colour="#E69F00",
        all_ids=seats["pcode"], max_value=max_all,
        tip=lambda r: layers.tooltip(r["baladiya_name"], r["name_ar"], [(LABEL[metric], r["value"]),
                                     (t("Mantika"), mantika_name(r)), (t("Period"), period)],
                                     layers.note(r["illustrative"], r["source"])))
    return {"layers": {"mantika": styles, "baladiya": symbols},
            "legend": legend + layers.size_legend(t("{group} per baladiya").format(group=LABEL[metric]),
                                                  t("people"), max_all, "#E69F00")}


def mantika_name(row: dict) -> str:
    """The row's mantika in the reader's language (the data carries the Arabic name)."""
    unit = admin.mantikas().get(row.get("mantika_pcode"))
    return unit.name_ar if unit is not None and lang() == "ar" and unit.name_ar else row["mantika_name"]


@st.fragment
def by_round() -> None:
    state.value("round", last)  # applies a pending request (play) on fragment reruns too
    s1, s2 = st.columns([4, 1], vertical_alignment="bottom")
    if compare:
        a, b = s1.select_slider(t("Round A → Round B"), options=numbers, value=(st.session_state["round_a"],
                                st.session_state["round_b"]), format_func=lambda n: locale.round_label(by_number[n]),
                                key="ab")
        state.set_value("round_a", a)
        state.set_value("round_b", b)
    else:
        s1.select_slider(t("DTM round"), options=numbers, key="round",
                         format_func=lambda n: locale.round_label(by_number[n]))
        if s2.button("▶ " + t("Play rounds"), key="play"):
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
            delta = t("{change} since {round}").format(change=locale.number(now[m] - before[m], signed=True),
                                                       round=locale.round_name(base))
        col.metric(f"{LABEL[m]} · {ctx.selection.label(ctx.lang)} · {locale.round_name(shown)}",
                   t("no count") if now[m] is None else locale.number(now[m]), delta=delta)
    page.honesty(data, boundaries=True, facts=facts.for_layer("displacement"))

    seats = catalog.seats()
    map_layers = [*layers.basemap(), layers.mantika_layer(t("Mantika · {group}").format(group=LABEL[metric])),
                  layers.seats_layer(seats)]
    payload = _payload(data.version.version, data.version.source_sha256, metric, rnd, compare,
                       st.session_state["round_a"], st.session_state["round_b"], repr(ctx.selection),
                       ctx.lang, locale.digits(), _selection=ctx.selection)
    atlas_map(map_layers, payload, key="displacement-map", bounds=catalog.selection_bounds(ctx.selection))

    if compare:
        a, b = st.session_state["round_a"], st.session_state["round_b"]
        st.subheader(t("Biggest changes {a} → {b}").format(a=locale.round_name(a), b=locale.round_name(b)))
        ch = displacement.compare(in_area, a, b, metric, level="baladiya")
        names = ["name_ar", "name_en"] if ctx.lang == "ar" else ["name_en", "name_ar"]
        columns = [*names, "value_a", "value_b", "change", "change_pct"]
        heads = {"value_a": locale.round_name(a), "value_b": locale.round_name(b)}
        l1, l2 = st.columns(2)
        l1.markdown("**" + t("Increases") + "**")
        with l1:
            tables.show(ch.head(8)[columns], key="inc", labels=heads)
        l2.markdown("**" + t("Decreases") + "**")
        with l2:
            tables.show(ch.sort_values("change").head(8)[columns], key="dec", labels=heads)
    else:
        st.subheader(t("Top baladiyas · {group} · {round}").format(group=LABEL[metric],
                                                                     round=locale.round_name(rnd)))
        top = displacement.by_baladiya(in_area, rnd, metric)
        if top.empty:
            st.info(t("No data for this selection."))
        else:
            top = top.head(15).assign(mantika_name=[mantika_name(r) for r in top.head(15).to_dict("records")])
            columns = ["name_ar", "baladiya_name", "mantika_name", "value"] if ctx.lang == "ar" else \
                ["baladiya_name", "name_ar", "mantika_name", "value"]
            tables.show(top[columns], key="top", labels={"value": LABEL[metric], "name_ar": t("Name (Arabic)"),
                                                          "baladiya_name": t("Baladiya")})
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
    trend = displacement.trend(in_area, metric)
    trend["round"] = trend["round"].map(locale.round_name)
    charts.line(trend, "round", "value", title=f"{LABEL[metric]} · {ctx.selection.label(ctx.lang)}",
                key="trend-country", source=data.layer.source, illustrative=data.illustrative_share > 0,
                labels={"value": LABEL[metric], "round": t("DTM round")})
with right:
    per_mantika = displacement.trend(in_area, metric, by_mantika_too=True)
    per_mantika["round"] = per_mantika["round"].map(locale.round_name)
    if ctx.lang == "ar":
        arabic = {u.name_en: u.name_ar for u in admin.mantikas().values() if u.name_ar}
        per_mantika["mantika"] = per_mantika["mantika"].map(lambda n: arabic.get(n, n))
    charts.line(per_mantika, "round", "value", color="mantika", title=t("{group} per mantika").format(
                group=LABEL[metric]), key="trend-mantika", source=data.layer.source,
                illustrative=data.illustrative_share > 0,
                labels={"value": LABEL[metric], "round": t("DTM round"), "mantika": t("Mantika")})
page.finish(ctx)
