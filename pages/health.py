"""Health coverage: facilities by type with their service radius, the share of people
within reach per mantika, and the underserved baladiyas."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import (
    charts,
    citations,
    downloads,
    figures,
    geography,
    geometry,
    layers,
    legends,
    locale,
    map_first,
    page,
    public_figures,
    stand_in,
    state,
    tables,
    view_filters,
    vocabulary,
)
from components.area import area_map
from components.i18n import N_, pick, t, term
from geo import admin, catalog, coverage, disclosure, facts, limits, selection, sensitivity, timeaxis
from geo.registry import FACILITY_TYPES

RADIUS_KM = (0, 300)  # the service radius a reader may set (0: each facility's own)
ctx = page.setup({"date": "2019-12-31", "radius": 0, "types": list(FACILITY_TYPES), **geography.DEFAULTS},
                 {"date": state.is_date, "radius": lambda km: RADIUS_KM[0] <= km <= RADIUS_KM[1],
                  **geography.VALIDATORS})
st.title(":material/medical_services: " + t("Health coverage"))
fac = catalog.load("health_facilities", ctx.role)
disp = catalog.load("displacement", ctx.role)
layer = fac.layer
# Types whose records the public role never receives are not offered to it either.
facility_types = [ft for ft in FACILITY_TYPES
                  if ctx.role != "public" or not sensitivity.restricted_mask(layer, pd.DataFrame({"type": [ft]})).any()]
st.session_state["types"] = [ft for ft in st.session_state["types"] if ft in facility_types]

c1, c2, c3 = st.columns([1, 1, 2])
(when,) = state.date_input(c1, t("Facilities active on"), ("date",), (dt.date(2019, 12, 31),), key="hc-date")
radius_label = locale.shape(t("Service radius (km, 0 = each facility's own)"))
if not stand_in.drawn(c2, radius_label, [str(st.session_state["radius"])], "radius"):  # the input's code: after the map
    c2.number_input(radius_label, *RADIUS_KM, key="radius", step=5)
# Pills, not a multiselect: three types at most, all in sight, one click each (and lighter code before the map).
c3.pills(t("Facility types"), facility_types, selection_mode="multi", wrap=True, key="types", format_func=t)
level = geography.switch()
radius = st.session_state["radius"] or None
active = timeaxis.at(fac.frame, layer, when)
active = active[active["type"].isin(st.session_state["types"])]

last_round = timeaxis.rounds(disp.frame)[-1]
seats = catalog.seats().rename(columns={"pcode": "baladiya_pcode"})[["baladiya_pcode", "lat", "lon"]]
people = disp.frame[disp.frame["round"] == last_round.number].drop(columns=["lat", "lon"]).merge(
    seats, on="baladiya_pcode")
reached = coverage.reach(people, layers.labelled(active, layer), radius)  # nearest named in the reader's words
reached_area = selection.apply(reached, ctx.selection)
shares = coverage.shares_by_mantika(reached)

# Facilities in the area (what its Download holds); people in the area are within reach of any facility, theirs or not.
headline = [figures.Figure(locale.shape(t("Active facilities on {date} · {area}").format(  # "٢٠١٩، الجفرة"
                               date=locale.date(when, short=True), area=ctx.selection.label(ctx.lang))),
                           locale.number(len(selection.apply(active, ctx.selection))))]
for m in ("migrants", "idps"):
    total = reached_area[m].sum()
    part = reached_area.loc[reached_area["in_reach"], m].sum()
    share = part / total * 100 if total else 0
    # A share of a withheld count (or giving one away) is withheld with it (public_figures.shares says why).
    open_share = public_figures.comparable([total, part, total - part], disp.layer, m, ctx.role)
    headline.append(figures.Figure(
        t("{group} within reach · {area}").format(group=t(vocabulary.METRICS[m]), area=ctx.selection.label(ctx.lang)),
        locale.percent(share / 100) if open_share else t("withheld"),
        note=t("of {n} counted in {round}").format(n=public_figures.number(total, disp.layer, m, ctx.role),
                                                    round=locale.round_label(last_round))))
figures.show(headline)

types = {k: v for k, v in legends.category_colours(FACILITY_TYPES).items() if k in facility_types}
many = layers.dense(fac.frame, layer)  # too many facilities to draw one by one: counts per grid cell
if many:
    sites = layers.grid_layer(layer, fac.frame, fac.version.version)
    styles, largest = layers.grid_counts(active, sites, what=t("Active facilities"), colour=layer.style.colour,
                                         by="type")
    site_legend = layers.grid_legend(t("Active facilities"), layer.style.colour, largest)
    site_layers, site_styles = [sites], {layer.name: styles}
else:
    styles = layers.sized_points(
        public_figures.map_rows(active, {"consultations": "consultations"}, layer, ctx.role), id_field="facility_id",
        value_field=None, colour=layer.style.colour, all_ids=fac.frame["facility_id"].unique(),
        colours={r["facility_id"]: types[r["type"]] for _, r in active.iterrows()},
        tip=lambda r: layers.site_tooltip(layer, r, [(t("Type"), term(r["type"])),
                                                     (t("Consultations"), r["consultations"]),
                                                     (t("Radius (km)"), radius or r["radius_km"]),
                                                     (t("Active from"), locale.date(r["active_from"]))],
                                     layers.note(r["illustrative"], r["source"])))
    circles = layers.polygon_layer(
        "reach", t("Service radius"),
        ((r["facility_id"], coverage.circle(r["lat"], r["lon"], radius or r["radius_km"]).__geo_interface__)
         for r in fac.frame.to_dict("records")),  # drawn once per version and radius (a generator: only when built)
        key=(fac.version.version, radius, fac.public, t("Service radius")))
    active_ids = set(active["facility_id"])
    circle_styles = {fid: {"hidden": fid not in active_ids, "fillColor": layer.style.colour,
                           "fillOpacity": 0.15, "color": layer.style.colour} for fid in fac.frame["facility_id"]}
    site_layers = [circles, layers.point_layer(layer, fac.frame, fac.version.version)]
    site_styles = {"reach": circle_styles, layer.name: styles}
    site_legend = legends.category_legend(t("Facility type"), types)
area_shares = public_figures.shares(shares if level == "mantika" else coverage.shares_by_baladiya(reached),
                                    ["migrants", "idps"], disp.layer, ctx.role)
share_values = area_shares.rename(columns={"migrants_share": "value"})
# Illustrative when any count or facility it is computed from is (the rows say so, not this page).
computed_from_illustrative = bool(people["illustrative"].any() or active["illustrative"].any())
choro, legend = layers.choropleth(share_values, title=t("Migrants within reach"), unit="%",
                                  period=locale.round_label(last_round),
                                  source="computed from DTM seats and facility radii",
                                  illustrative=computed_from_illustrative, breaks=[0, 10, 25, 50, 75, 100])
area_title = t("Mantika · share within reach") if level == "mantika" else t("Baladiya · share within reach")
area_map(ctx.selection,
         [*layers.basemap(), geography.area_layer(level, area_title), *site_layers],
         {"layers": {geography.payload_key(level): choro, **site_styles},
          "legend": legend + geography.legend_note(level) + site_legend},
          key="health-map", bounds=geometry.selection_bounds(ctx.selection))
if many:
    st.caption(t("{n} facilities are too many to draw one by one: the map shows how many are active in each grid "
                 "cell of {deg}° (about 50 km), and no service-radius circles. Reach and shares are computed for "
                 "every facility.").format(n=locale.number(fac.frame["facility_id"].nunique()),
                                           deg=locale.number(limits.MAP_GRID_DEG, decimals=1)))
geography.note(level)
# "Illustrative" as the rows in view are: the facilities active on the date and the round's people.
page.honesty(fac.viewing(active), disp.viewing(people), facts=facts.for_layer("health_facilities"), boundaries=True)

if map_first.released():  # what lies below the map: once the map has drawn (components.map_first)
    # The underserved table above the share chart: side by side, its six columns did not fit half a 1,440 px window.
    st.subheader(t("Underserved baladiyas"))
    st.caption(t("Most migrants counted, no active facility within reach."))
    gap = coverage.underserved(reached_area, "migrants")
    if gap.empty:
        st.success(t("Every counted baladiya in this area is within reach of an active facility."))
    else:
        bal, man = admin.baladiyas(), admin.mantikas()
        gap = gap.assign(
            baladiya_name=[pick(n, bal[p].name_ar) if p in bal else n
                           for p, n in zip(gap["baladiya_pcode"], gap["baladiya_name"], strict=True)],
            mantika=[pick(m, man[bal[p].parent].name_ar) if p in bal else m
                     for p, m in zip(gap["baladiya_pcode"], gap["mantika"], strict=True)])
        gap = public_figures.column(gap, {"people": "migrants"}, disp.layer, ctx.role)
        columns = {"baladiya_pcode": ("Baladiya pcode", "text"), "baladiya_name": ("Baladiya", "text"),
                   "mantika": ("Mantika", "text"), "people": ("People", "count"),
                   "nearest_km": ("Nearest facility (km)", "tenths"),
                   "nearest_facility": ("Nearest facility", "text")}
        if ctx.lang != "en":
            del columns["baladiya_pcode"]  # the table fits the page right to left
        tables.show(gap, columns, key="gap")
    # By mantika, as the map's values are when it is mapped by mantika (then protected once, above).
    bar = area_shares if level == "mantika" else public_figures.shares(shares, ["migrants"], disp.layer, ctx.role)
    withheld = int((bar["migrants_share"] == disclosure.SECONDARY_MARK).sum())
    bar = bar.assign(migrants_share=pd.to_numeric(bar["migrants_share"], errors="coerce"))
    bar = bar.dropna(subset=["migrants_share"]).sort_values("migrants_share")
    bar = bar.assign(place=[pick(e, a) for e, a in zip(bar["name_en"], bar["name_ar"], strict=True)])
    charts.bar(bar, "place", "migrants_share", title=t("Share of migrants within reach, per mantika (%)"),
               key="hc-share", source=citations.source_name("computed"), illustrative=computed_from_illustrative,
               horizontal=True,
               labels={"migrants_share": t("% within reach"), "place": t("Mantika")}, withheld=withheld)
    if (menu := downloads.menu("hc")) is not None:  # files are made only while the menu is open
        with menu:  # what chose the facilities (the map's shares were chosen by radius and round too)
            chosen_by = [view_filters.area(ctx.selection), view_filters.active_on(when),
                         view_filters.choices("types", N_("Facility types"), st.session_state["types"])]
            downloads.buttons(fac, selection.apply(active, ctx.selection), chosen_by, key="hc", role=ctx.role)
            wanted = ctx.selection.mantika_pcodes() if level == "mantika" else ctx.selection.baladiya_pcodes()
            geography.downloads(area_shares[area_shares["pcode"].isin(wanted)], level, title="Share within reach",
                                heading=t("Share within reach"), sources=[fac, disp],
                                filters=[*chosen_by, view_filters.radius(radius),
                                         view_filters.rounds([last_round.number])],
                                illustrative=computed_from_illustrative, key="hc")
page.finish(ctx)
