"""Displacement: DTM rounds by mantika and baladiya, with a round slider, play and compare.

Everything that depends on the round runs in an ``st.fragment``, so a slider
step reruns only that part (not the sidebar, not the trend charts), and the map
payload of a view is computed once per data version.  The step's caches are
``st.cache_resource``: one shared, read-only answer per view, handed out without
the copy ``st.cache_data`` unpickles on every read (a step reads five of them).
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from components import (
    auth,
    charts,
    downloads,
    errors,
    figures,
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
    state,
    tables,
    view_filters,
    vocabulary,
)
from components.area import area_map
from components.citations import source_name
from components.i18n import lang, rtl, t
from geo import admin, catalog, classes, disclosure, displacement, facts, registry, rollups, selection, timeaxis
from geo.translations import Words

METRICS = displacement.METRICS
TOP_MANTIKA = 5
SEAT_COLOUR = registry.BALADIYA_SEATS.style.colour  # the baladiya symbols are drawn at the seats

data = catalog.load("displacement", auth.current_role())
rounds = timeaxis.rounds(data.frame)
numbers = [r.number for r in rounds]
by_number = {r.number: r for r in rounds}
last = numbers[-1]

ctx = page.setup(
    {"metric": "migrants", "round": last, "compare": False, "round_a": numbers[0], "round_b": last,
     **geography.DEFAULTS},
    {"metric": lambda v: v in METRICS, "round": lambda v: v in by_number,
     "round_a": lambda v: v in by_number, "round_b": lambda v: v in by_number, **geography.VALIDATORS},
    forget_on_arrival=("_playing",),  # a play left running on leaving the page does not go on on coming back
)
LABEL = {m: t(v) for m, v in vocabulary.METRICS.items()}
st.title(":material/groups: " + t("Displacement"))

c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
c1.segmented_control(t("Population group"), METRICS, key="metric", format_func=LABEL.get, required=True)
# One round stored: nothing to compare or play (the comparison showed R28 → R28, classes "+0 … +0").
single = len(numbers) == 1
if single and st.session_state["compare"]:  # not held while it cannot apply: a link's compare=1 is named as not used
    state.set_value("compare", False)
compare = state.switch(c2, t("Compare two rounds"), "compare", disabled=single) and not single
if single:
    c2.caption(t("One round stored: nothing to compare."))
level = geography.switch()
metric = st.session_state["metric"]
frame = data.frame
in_area = selection.apply(frame, ctx.selection)


@st.cache_resource(max_entries=256, show_spinner=False)
def _payload(version: int, sha: str, metric: str, rnd: int, compare: bool, a: int, b: int, sel: str,
             level: str, areas_key: str, language: str, digits: str, *, _selection,
             role: str = "coordinator") -> dict:
    """The map payload for one view; the same view is never computed twice per data version
    (nor per language and digit style, which its labels and numbers follow)."""
    period = locale.round_label(by_number[rnd])
    seats = catalog.seats()
    highlight = _selection.mantika_pcodes() if _selection.level != "national" else None
    if compare:
        change = displacement.compare(frame, a, b, metric, level=level).rename(columns={"change": "value"})
        if role == "public":  # a change is withheld wherever either round's count is (disclosure control)
            shown = public_figures.column(change, {"value_a": metric, "value_b": metric}, data.layer, role,
                                          {"value": ("value_a", "value_b")})
            # A withheld change is "x" in its tooltip, as in the tables (seen: "no data" where a count exists).
            change = change.assign(value=change["value"].round().where(shown["value"] != disclosure.SECONDARY_MARK,
                                                                       disclosure.SECONDARY_MARK))
        styles, legend = layers.diverging(change, title=t("Change in {group}, {a}→{b}").format(
                                              group=LABEL[metric], a=locale.round_name(a), b=locale.round_name(b)),
                                          unit=t("people"),
                                          period=f"{locale.round_label(by_number[a])} → "
                                                 f"{locale.round_label(by_number[b])}",
                                          source=data.source_in(t), illustrative=data.illustrative_share > 0)
    else:
        values = public_figures.area_values(displacement.by_area(frame, rnd, metric, level), data.layer, metric,
                                            role)
        breaks = public_figures.class_breaks(classes.area_breaks(frame, metric, level)[0], role)
        styles, legend = layers.choropleth(values, title=LABEL[metric], unit=t("people"), period=period,
                                           source=data.source_in(t), breaks=breaks or None,
                                           note=legends.fixed_classes_note(frame, level),
                                           illustrative=data.illustrative_share > 0,
                                           highlight=_selection.baladiya_pcodes() if highlight and level != "mantika"
                                           else highlight)
    bal = public_figures.for_map(displacement.by_baladiya(frame, rnd, metric), "value", data.layer, metric, role)
    max_all = layers.scale_of(frame[metric])
    symbols = layers.sized_points(
        bal.rename(columns={"baladiya_pcode": "pcode"}), id_field="pcode", value_field="value", colour=SEAT_COLOUR,
        all_ids=seats["pcode"], max_value=max_all,
        tip=lambda r: layers.tooltip(r["baladiya_name"], r["name_ar"],
                                     [(LABEL[metric], r.get("value_text", r["value"])),
                                      (t("Mantika"), mantika_name(r)), (t("Period"), period)],
                                     layers.note(r["illustrative"], r["source"])))
    symbols, hollow = geography.honest_seats(symbols, seats, SEAT_COLOUR)
    return {"layers": {geography.payload_key(level): styles, "baladiya": symbols},
            "legend": legend + legends.size_legend(t("{group} per baladiya").format(group=LABEL[metric]),
                                                  t("people"), max_all, SEAT_COLOUR,
                                                  shown_max=layers.largest(bal["value"]),
                                                  scope="largest in any round", zoomed=highlight is not None)
            + hollow + geography.legend_note(level)}


@st.cache_resource(max_entries=512, show_spinner=False)
def _round_figures(version: int, sha: str, sel: str, rnd: int, metric: str, *, _rows: pd.DataFrame
                   ) -> tuple[dict, pd.DataFrame, bool]:
    """One round's totals, baladiyas (largest first) and whether any is illustrative, in the selection
    (``_rows``): computed once per view, so a slider step back to a round filters nothing again."""
    return (displacement.totals(_rows, rnd), displacement.by_baladiya(_rows, rnd, metric),
            bool(_rows.loc[_rows["round"] == rnd, "illustrative"].any()))


@st.cache_resource(max_entries=512, show_spinner=False)
def _top_baladiyas(version: int, sha: str, sel: str, rnd: int, metric: str, role: str, language: str,
                   digits: str, *, _rows: pd.DataFrame) -> pd.DataFrame:
    """The 15 largest baladiyas of one view as the viewer may see them (a public count is text in the
    reader's digits), with their mantika in the viewer's language: made once per view (a slider step
    redraws this table, and its time runs to its last element)."""
    top = public_figures.column(_round_figures(version, sha, sel, rnd, metric, _rows=_rows)[1],
                                {"value": metric}, data.layer, role).head(15)
    return top.assign(mantika_name=[mantika_name(r) for r in top.to_dict("records")])


def mantika_name(row: dict) -> str:
    """The row's mantika in the reader's language (the data carries the Arabic name)."""
    unit = admin.mantikas().get(row.get("mantika_pcode"))
    return unit.name_ar if unit is not None and lang() == "ar" and unit.name_ar else row["mantika_name"]


def _downloads(compare: bool, rnd: int, view: tuple) -> None:
    """The rows of the round(s) shown and, for one round, the map's values by area."""
    shown_rounds = [st.session_state["round_a"], st.session_state["round_b"]] if compare else [rnd]
    downloads.buttons(data, in_area[in_area["round"].isin(shown_rounds)],
                      [view_filters.area(ctx.selection), view_filters.rounds(shown_rounds)], key="disp", role=ctx.role)
    if not compare:
        illustrative = _round_figures(*view, rnd, metric, _rows=in_area)[2]
        # The map's values (each area's whole sum), not the selection's: seen, with Alqayqab selected, "Map values
        # by mantika" gave Derna the value of Alqayqab alone.
        areas = displacement.by_area(data.frame, rnd, metric, level)
        by_level = public_figures.area_values(areas, data.layer, metric, ctx.role)
        wanted = ctx.selection.mantika_pcodes() if level == "mantika" else ctx.selection.baladiya_pcodes()
        geography.downloads(by_level[by_level["pcode"].isin(wanted)], level,
                            title=f"{vocabulary.METRICS[metric]} R{rnd}",  # English: the files' names
                            heading=f"{LABEL[metric]} · {Words(ctx.lang).round_name(rnd)}", sources=[data],
                            filters=[view_filters.area(ctx.selection), view_filters.rounds([rnd])],
                            illustrative=illustrative, key="disp")


@st.fragment
@errors.guarded  # a slider step reruns only this fragment: errors here get the short message too
def by_round() -> None:
    state.value("round", last)  # applies a pending request (play) on fragment reruns too
    s1, s2 = st.columns([4, 1], vertical_alignment="bottom")
    if compare:
        a, b = periods.span(s1, t("Round A → Round B"), numbers, value=(st.session_state["round_a"],
                            st.session_state["round_b"]), format_func=lambda n: locale.round_label(by_number[n]),
                            key="ab")
        state.set_value("round_a", a)
        state.set_value("round_b", b)
    else:
        periods.one(s1, t("DTM round"), numbers, key="round", format_func=lambda n: locale.round_label(by_number[n]))
        if not single and s2.button("▶ " + t("Play rounds"), key="play"):
            st.session_state["_playing"] = True
            state.request("round", numbers[0])
            st.rerun(scope="fragment" if page.fragment_rerun() else "app")
    # One round chosen at both ends is that round's own view (seen: a change map of zeros, legend "+0 … +0").
    comparing = compare and st.session_state["round_a"] != st.session_state["round_b"]
    if compare and not comparing:
        s1.info(t("Round A and round B are the same round, shown on its own: move one end of the slider to "
                  "compare two rounds."))
    rnd = st.session_state["round_b"] if compare and not comparing else st.session_state["round"]
    idx = numbers.index(rnd)
    if comparing:
        shown, base = st.session_state["round_b"], st.session_state["round_a"]
    else:
        shown, base = rnd, (numbers[idx - 1] if idx else None)
    view = (data.version.version, data.version.source_sha256, repr(ctx.selection))
    now = _round_figures(*view, shown, metric, _rows=in_area)[0]
    before = _round_figures(*view, base, metric, _rows=in_area)[0] if base is not None else None
    headline = []
    for m in METRICS:
        change, rising = None, None
        if before is not None and now[m] is not None and before[m] is not None and \
                public_figures.comparable([now[m], before[m]], data.layer, m, ctx.role):
            change, rising = figures.change_since(now[m], before[m], locale.round_name(base))
        headline.append(figures.Figure(f"{LABEL[m]} · {ctx.selection.label(ctx.lang)} · {locale.round_name(shown)}",
                                       public_figures.number(now[m], data.layer, m, ctx.role), change, rising))
    figures.show(headline)

    seats = catalog.seats()
    area_title = (t("Mantika · {group}").format(group=LABEL[metric]) if level == "mantika"
                  else t("Baladiya · {group}").format(group=LABEL[metric]))
    map_layers = [*layers.basemap(), geography.area_layer(level, area_title), layers.seats_layer(seats)]
    payload = _payload(data.version.version, data.version.source_sha256, metric, rnd, comparing,
                       st.session_state["round_a"], st.session_state["round_b"], repr(ctx.selection), level,
                       geography.area_label(level) + str(len(seats)) + str(float(seats["lat"].sum())),
                       ctx.lang, locale.digits(), _selection=ctx.selection, role=ctx.role)
    area_map(ctx.selection, map_layers, payload, key="displacement-map",
             bounds=geometry.selection_bounds(ctx.selection))

    if map_first.released():  # tables and downloads: once the map has drawn (components.map_first)
        if comparing:
            a, b = st.session_state["round_a"], st.session_state["round_b"]
            st.subheader(t("Biggest changes {a} → {b}").format(a=locale.round_name(a), b=locale.round_name(b)))
            ch = displacement.compare(in_area, a, b, metric, level="baladiya")

            def _public(rows):
                return public_figures.column(rows, {"value_a": metric, "value_b": metric}, data.layer, ctx.role,
                                             {"change": ("value_a", "value_b"), "change_pct": ("value_a", "value_b")})
            first_name, second_name = (("name_ar", "Arabic name"), ("name_en", "Baladiya")) if ctx.lang == "ar" else \
                (("name_en", "Baladiya"), ("name_ar", "Arabic name"))
            cols = {first_name[0]: (first_name[1], "text"), second_name[0]: (second_name[1], "text"),
                    "value_a": (locale.round_name(a), "count"), "value_b": (locale.round_name(b), "count"),
                    "change": ("Change", "change"), "change_pct": ("Change %", "change_pct")}
            # Side by side, six columns overflow half the page; an Arabic grid would hide its first (rightmost)
            # column, the name, so in Arabic the two tables stand one above the other.
            l1, l2 = st.columns(2) if not rtl() else (st.container(), st.container())
            rises, falls = displacement.biggest_changes(ch)
            for where, heading, rows, key, none in (
                    (l1, t("Increases"), rises, "inc", t("No baladiya in this view rose.")),
                    (l2, t("Decreases"), falls, "dec", t("No baladiya in this view fell."))):
                tables.headed(where, heading, _public(rows), cols, key=key, empty=none)
        else:
            st.subheader(t("Top baladiyas · {group} · {round}").format(group=LABEL[metric],
                                                                         round=locale.round_name(rnd)))
            top = _top_baladiyas(*view, rnd, metric, ctx.role, ctx.lang, locale.digits(), _rows=in_area)
            if top.empty:
                st.info(t("No data for this selection."))
            else:
                names = {"baladiya_name": ("Baladiya", "text"), "name_ar": ("Arabic name", "text")}
                order = ["name_ar", "baladiya_name"] if ctx.lang == "ar" else ["baladiya_name", "name_ar"]
                tables.show(top, {**{k: names[k] for k in order}, "mantika_name": ("Mantika", "text"),
                                  "value": (LABEL[metric], "count")}, key="top",
                            memo=(*view, rnd, metric, level, ctx.role))
        if (menu := downloads.menu("disp")) is not None:  # files are made only while the menu is open
            with menu:
                _downloads(comparing, rnd, view)
    page.sync_url(ctx)

    if compare:  # a comparison stops the play (it went on by itself when the comparison was turned off)
        st.session_state["_playing"] = False
    if st.session_state.get("_playing"):
        time.sleep(1.0)
        nxt = idx + 1
        if nxt < len(numbers):
            state.request("round", numbers[nxt])
        else:
            st.session_state["_playing"] = False
        # The next step reruns the slider's part alone, unless this is a run of the whole page (the reader chose
        # another group while playing, or the note on a link was taken down), which only a whole run may follow.
        st.rerun(scope="fragment" if page.fragment_rerun() else "app")


by_round()
# The same for every round: outside the fragment, so a slider step neither re-sends nor re-renders them.
geography.note(level)
page.honesty(data, boundaries=True, facts=facts.for_layer("displacement"))

if map_first.released():  # charts and the publish control: once the map has drawn
    # Trends do not depend on the round: outside the fragment, not redrawn per step.
    left, right = st.columns(2)
    with left:
        trend = rollups.trend(catalog.store(), data.version.version, metric, ctx.selection,
                               public=data.public)  # summed in the store
        trend["round"] = trend["round"].map(locale.round_name)
        trend, withheld = public_figures.chart_values(trend, "value", data.layer, [metric], ctx.role)
        area_trend = f"{LABEL[metric]} · {ctx.selection.label(ctx.lang)}"
        charts.line(trend, "round", "value", title=area_trend,
                    key="trend-country", source=data.source_in(source_name), illustrative=data.illustrative_share > 0,
                    labels={"value": LABEL[metric], "round": t("DTM round")}, withheld=withheld)
    with right:
        # Summed in the store (SQL), not over every row here: the work grows with what is shown.
        per_mantika = rollups.trend(catalog.store(), data.version.version, metric, ctx.selection, by_mantika_too=True,
                                     public=data.public)
        # Named by its title, not "on the left": in Arabic it is on the right, on a phone above.
        if ctx.selection.level == "baladiya" or per_mantika.empty:
            st.caption(t("One baladiya is selected: its trend is the chart “{title}”.").format(title=area_trend))
        elif ctx.selection.level == "mantika":  # one line, the other chart's again (seen: "the 1 largest mantika")
            st.caption(t("One mantika is selected: its trend is the chart “{title}”.").format(title=area_trend))
        else:
            # The largest few, not 22 lines in repeated colours: the map and the table hold the rest.
            latest = per_mantika[per_mantika["round"] == per_mantika["round"].max()]
            top = latest.nlargest(TOP_MANTIKA, "value")["mantika"].tolist()
            shown_trend = per_mantika[per_mantika["mantika"].isin(top)].copy()
            shown_trend["round"] = shown_trend["round"].map(locale.round_name)
            if ctx.lang == "ar":
                arabic = {u.name_en: u.name_ar for u in admin.mantikas().values() if u.name_ar}
                shown_trend["mantika"] = shown_trend["mantika"].map(lambda n: arabic.get(n, n))
            every = len(top) == latest["mantika"].nunique()  # "the 2 largest" of two reads oddly: "per mantika"
            title = (t("{metric} per mantika") if every else t("{metric}: the {n} largest mantika in the latest round")
                     ).format(metric=LABEL[metric], n=locale.number(len(top)))
            shown_trend, withheld = public_figures.chart_values(shown_trend, "value", data.layer, [metric], ctx.role)
            charts.line(shown_trend, "round", "value", color="mantika", title=title,
                        key="trend-mantika", source=data.source_in(source_name),
                        illustrative=data.illustrative_share > 0,
                        labels={"value": LABEL[metric], "round": t("DTM round"), "mantika": t("Mantika")},
                        withheld=withheld)
    snapshot_control.publish_control(ctx, page="displacement", metric=metric, current=st.session_state["round"],
                                     rounds=numbers, key="publish-disp")
page.finish(ctx)
