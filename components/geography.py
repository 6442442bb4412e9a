"""The geography switch (mantika ↔ baladiya) and honest seats, shared by the map pages.

Why a module of its own: the Overview, Displacement and Health coverage maps
all offer the same switch, kept in the permalink (``geo=baladiya``); all draw
the baladiya choropleth on the same areas (official admin 3 polygons if
imported, else the approximate municipality areas derived from the seats)
through the same choropleth path as the mantika one; and all must show which
seat positions are approximate.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from components import auth, layers, locale, log_lines, page, view_filters
from components.downloads import public_note
from components.i18n import lang, t
from components.map import MapLayer
from geo import area_exports, catalog, exports, municipalities
from geo.catalog import LayerData
from geo.store import BOUNDARIES, BOUNDARIES_BALADIYA
from geo.translations import Words

LEVELS = area_exports.LEVELS
DEFAULTS = {"geo": "mantika"}
VALIDATORS: dict[str, Callable[[object], bool]] = {"geo": lambda v: v in LEVELS}
AREAS_LAYER = "baladiya_areas"
_AREA_LAYERS: dict[tuple[int, str], MapLayer] = {}


def switch(container=None) -> str:
    """The mantika/baladiya choice (its value lives in the permalink as ``geo``): a segmented control that
    always has one level chosen (``required``), not a radio, whose form-control code a cold tab would
    fetch and render before the map (``components.state.switch`` says how much)."""
    (container or st).segmented_control(
        t("Map by"), LEVELS, key="geo", required=True,
        format_func=lambda v: t("Mantika") if v == "mantika" else t("Baladiya (municipality)"))
    return st.session_state["geo"]


def payload_key(level: str) -> str:
    """The map layer (and payload key) the choropleth of ``level`` is drawn on."""
    return "mantika" if level == "mantika" else AREAS_LAYER


def area_layer(level: str, title: str) -> MapLayer:
    """The polygons of ``level``: mantika, or baladiya areas (one object per version, so the map is cached)."""
    if level == "mantika":
        return layers.mantika_layer(title)
    geojson = municipalities.display_geojson(catalog.store())
    if municipalities.is_approximate(catalog.store()):
        title = f"{title} ({t('approximate municipality areas')})"
    if (id(geojson), title) not in _AREA_LAYERS:
        _AREA_LAYERS[(id(geojson), title)] = MapLayer(AREAS_LAYER, title, geojson, "polygon")
    return _AREA_LAYERS[(id(geojson), title)]


def legend_note(level: str) -> str:
    """A legend line saying the baladiya areas are approximate (empty otherwise)."""
    if level != "baladiya" or not municipalities.is_approximate(catalog.store()):
        return ""
    return ('<div class="atlas-legend-block"><i>' + html.escape(t("Areas: approximate municipality areas "
                                                                  "(derived from the seats)")) + "</i></div>")


def areas(level: str):
    """The polygons of ``level`` (full resolution) for downloads."""
    return catalog.mantika_polygons() if level == "mantika" else municipalities.areas(catalog.store())


def area_label(level: str, number: Callable[[int], str] = locale.number) -> str:
    """What the areas of ``level`` are, in the reader's language (downloads' provenance): the shipped approximate
    ones, or the official ones credited (for the public, without the store's file name); ``number`` writes their
    version (a file's: ``Words.number``, Western digits as the files' figures are)."""
    version = catalog.boundary_version(BOUNDARIES if level == "mantika" else BOUNDARIES_BALADIYA)
    if version is None:
        return t(catalog.boundary_label() if level == "mantika" else municipalities.label(catalog.store()))
    return catalog.boundary_text(version, public=auth.current_role() == "public", translate=t, number=number)


def note(level: str) -> None:
    """Under the map: what the baladiya areas are (approximate until official ones are imported)."""
    if level != "baladiya":
        return
    if municipalities.is_approximate(catalog.store()):
        st.caption(":material/map: **" + t("Approximate municipality areas") + "**: " + t(
            "no official baladiya boundaries are public; each area is the part of its mantika nearer to its "
            "baladiya's seat than to any other seat (Voronoi cells clipped to the mantika). Official admin 3 "
            "polygons can be imported on the Data page ({dataset}).").format(
            dataset=log_lines.dataset_name(BOUNDARIES_BALADIYA)))  # as the Data page names it, in Arabic too
    else:
        st.html(page.caption_html(page.official_boundaries_html(BOUNDARIES_BALADIYA), icon="map"))


def honest_seats(styles: dict, seats: pd.DataFrame, colour: str) -> tuple[dict, str]:
    """Seats placed from a gazetteer drawn hollow, with "approximate position" in their tooltip;
    and a legend line that counts them."""
    approx = set(seats.loc[seats["approximate"], "pcode"])
    out = {}
    for pcode, style in styles.items():
        if pcode in approx and not style.get("hidden"):
            style = {**style, "fillOpacity": 0.0, "color": colour, "weight": 2,
                     "tooltip": style.get("tooltip", "") + "<br><i>⚠ " + html.escape(t("approximate position"))
                     + "</i>"}
        out[pcode] = style
    n = len(approx)
    legend = ""
    if n:
        legend = (f'<div class="atlas-legend-block"><span style="display:inline-block;width:12px;height:12px;'
                  f'border:2px solid {colour};border-radius:7px;margin-inline-end:4px"></span>'
                  + html.escape(t("hollow: approximate seat position ({n} of {total})").format(
                      n=locale.number(n), total=locale.number(len(seats))))
                  + "</div>")
    return out, legend


def downloads(values: pd.DataFrame, level: str, *, title: str, heading: str, sources: Sequence[LayerData],
              filters: Sequence[view_filters.Filter], illustrative: bool, key: str) -> None:
    """CSV, GeoJSON and provenance sidecar of the map's values by the chosen geography (inside a page's
    ``downloads.menu``).

    ``title``: what the values are, in English (the files' names, with the filters' area); ``heading``: the same
    in the reader's language (the sidecar's first line and the metadata's ``title``, which like the rest of what
    the files say are in that language, digits Western as the files' figures are: ``Words``).  ``sources``: the
    layers the values come from; ``filters``: the view's (``components.view_filters``).
    """
    words = Words(lang())
    label = area_label(level, number=words.number)
    provenance = [ld.provenance_in(words, actor=log_lines.recorded) for ld in sources]
    said = view_filters.reader(filters)
    lines = [t("{title} by {level}").format(title=heading, level=t(level)), *provenance,
             t("Filters: {text}").format(text=said), t("Areas: {areas}").format(areas=label),
             t("Values are illustrative (generated, not published).") if illustrative else t("Values as published."),
             t("Interface language: {lang}").format(lang=lang())]
    if auth.current_role() == "public":
        lines.append(public_note())
    meta = {"lang": lang(), "title": heading, "level": level, "areas": label, "illustrative": illustrative,
            "approximate_areas": level == "baladiya" and municipalities.is_approximate(catalog.store()),
            "provenance": provenance, "filters": view_filters.machine(filters),
            "filters_text": said}
    if level == "baladiya":
        seats = catalog.seats().set_index("pcode")
        values = values.assign(
            seat_approximate=[bool(seats["approximate"].get(p, True)) for p in values["pcode"]],
            area_approximate=meta["approximate_areas"])
    box = st.container(gap="small")
    name = exports.file_stem(f"{title.lower().replace(' ', '_')}_by_{level}", view_filters.area_name(filters))
    box.download_button(t("Map values by {level} (CSV)").format(level=t(level)),
                        lambda: area_exports.to_csv(values, level), file_name=f"{name}.csv", mime="text/csv",
                        key=f"{key}-area-csv", on_click="ignore", width="stretch", icon=":material/download:")
    box.download_button(t("Map values by {level} (GeoJSON)").format(level=t(level)),
                        lambda: area_exports.to_geojson(values, areas(level), level, meta),
                        file_name=f"{name}.geojson", mime="application/geo+json", key=f"{key}-area-geojson",
                        on_click="ignore", width="stretch", icon=":material/map:")
    box.download_button(t("Map values: provenance (text)"),
                        lambda: area_exports.provenance_text(lines, words).encode("utf-8"),
                        file_name=f"{name}.provenance.txt", mime="text/plain", key=f"{key}-area-prov",
                        on_click="ignore", width="stretch", icon=":material/info:")
