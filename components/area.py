"""Choosing the area from the map and by name: click a feature, search a place, step back out.

Why here: the sidebar's region → mantika → baladiya boxes make a coordinator
know the hierarchy before finding a place.  The map and a search box are the
natural ways in; both end in the one view state (``components.state``), so the
URL, the sidebar, every figure and download follow.  Any layer whose feature
ids are pcodes (mantika polygons, baladiya symbols or polygons) selects on
click; other features (sites, projects) do not.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from components import map_first, map_table, state
from components.i18n import pick, rtl, t
from components.map import MapClick, MapLayer, atlas_map
from components.safe_text import md_text
from geo import admin, placesearch
from geo.selection import Selection

SEARCH_KEY = "place_q"


def area_of(pcode: str) -> dict[str, str] | None:
    """The region/mantika/baladiya values that select ``pcode`` (None if it is no admin unit)."""
    if pcode in admin.baladiyas():
        mantika = admin.baladiyas()[pcode].parent
        return {"region": admin.mantikas()[mantika].parent, "mantika": mantika, "baladiya": pcode}
    if pcode in admin.mantikas():
        return {"region": admin.mantikas()[pcode].parent, "mantika": pcode, "baladiya": ""}
    if pcode in admin.regions():
        return {"region": pcode, "mantika": "", "baladiya": ""}
    if pcode == "":
        return {"region": "", "mantika": "", "baladiya": ""}
    return None


def _set_now(pcode: str) -> None:
    """Widget callback: runs before the script, so the widget keys may still be set."""
    for name, value in (area_of(pcode) or {}).items():
        st.session_state[name] = value


def _jump_to_best() -> None:
    found = placesearch.search(st.session_state.get(SEARCH_KEY, ""), limit=1)
    if found:
        _set_now(found[0].pcode)


def select(pcode: str) -> None:
    """Select ``pcode`` from code after the sidebar was drawn: applied on an immediate rerun."""
    values = area_of(pcode)
    if values is None:
        return
    for name, value in values.items():
        state.request(name, value)
    st.rerun()


def follow(click: MapClick | None, selection: Selection) -> None:
    """Select the clicked feature if it is an admin unit; clicking the selected one steps out."""
    if click is None or area_of(click.feature_id) is None:
        return
    current = selection.baladiya or selection.mantika or selection.region or ""
    if click.feature_id == current:
        select(_parent(selection))
    else:
        select(click.feature_id)


def _parent(selection: Selection) -> str:
    if selection.baladiya:
        return selection.mantika or ""
    if selection.mantika:
        return selection.region or ""
    return ""


def search_box() -> None:
    """One box that finds a region, mantika or baladiya by (part of) its English or Arabic name."""
    st.text_input(t("Find a place"), key=SEARCH_KEY, on_change=_jump_to_best,
                  placeholder=t("e.g. Taj or تاجوراء"),  # short: the sidebar is narrow
                  help=t("A region, mantika or baladiya by its English or Arabic name, or part of it. "
                         "Press Enter to go to the best match, or pick one below."))
    query = st.session_state.get(SEARCH_KEY, "")
    if not query.strip():
        return
    found = placesearch.search(query)
    if not found:
        st.caption(t("No region, mantika or baladiya matches “{q}”.").format(q=query))
        return
    for place in found:
        st.button(_found_label(place), key=f"place-{place.pcode}", on_click=_set_now, args=(place.pcode,),
                  type="tertiary", help=t("Show {name}").format(name=_unit_name(place.pcode)))


def _found_label(place: placesearch.Place) -> str:
    """A search result in the reader's language: its name as the sidebar's lists have it, its level and the units
    it lies in, e.g. "Tajoura · تاجوراء (baladiya) — Tripoli, West"."""
    where = t(", ").join(_unit_name(p) for p in place.parents)
    return f"{listed_name(place.pcode)} ({t(place.level)})" + (f" — {where}" if where else "")


def _names(pcode: str) -> tuple[str, str | None]:
    """An area's English and Arabic names (the data carries both)."""
    if pcode in admin.regions():
        return admin.regions()[pcode]
    unit = admin.mantikas().get(pcode) or admin.baladiyas()[pcode]
    return unit.name_en, unit.name_ar


def _unit_name(pcode: str) -> str:
    """An area's name in the reader's language."""
    return pick(*_names(pcode))


def listed_name(pcode: str) -> str:
    """An area's name in the sidebar's lists and search results: both names in English (people search either),
    the Arabic one alone in Arabic."""
    en, ar = _names(pcode)
    return pick(en, ar) if rtl() or not ar else f"{en} · {ar}"


def way_back(selection: Selection) -> None:
    """Where the view is, and buttons to step out of it (the way back from a map click).

    All of Libya (every page's first view) is one HTML element: the place and how to choose another,
    with no buttons to offer, need no row of Markdown elements drawn before the map."""
    path = [pc for pc in (selection.region, selection.mantika, selection.baladiya) if pc]
    hint = t("Click an area on the map to select it; click it again to step out.")
    if not path:
        st.html(f'<div class="atlas-where"><span><strong>{html.escape(t("Area"))}:</strong> '
                f'{html.escape(t("Libya"))}</span><span class="atlas-caption">{html.escape(hint)}</span></div>')
        return
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    crumbs = " › ".join([t("Libya"), *(md_text(_unit_name(pc)) for pc in path)])  # names are data: literal
    row.markdown(f"**{t('Area')}:** {crumbs}")
    parent = _parent(selection)
    # No on_click callbacks: the map may sit in a fragment, whose buttons rerun only the
    # fragment; ``select`` reruns the whole page so the sidebar follows too.
    if parent and row.button(t("Up to {name}").format(name=md_text(_unit_name(parent))), key="area-up",
                             icon=":material/north_west:", type="tertiary"):
        select(parent)
    if row.button(t("All of Libya"), key="area-clear", icon=":material/close:", type="tertiary"):
        select("")
    row.caption(hint)


def area_map(selection: Selection, layers: Sequence[MapLayer], payload: Mapping[str, Any], *, key: str,
             bounds: tuple[float, float, float, float] | None = None, height: int = 560) -> None:
    """``atlas_map`` whose clicks choose the area, with the current area and a way back above it,
    a title for screen readers and, on request, its features as a keyboard-navigable table."""
    way_back(selection)
    payload = {**payload, "title": payload.get("title") or map_table.map_title(layers)}
    follow(atlas_map(layers, payload, key=key, bounds=bounds, height=height), selection)
    feature_list(selection, layers, payload, key)


def feature_list(selection: Selection, layers: Sequence[MapLayer], payload: Mapping[str, Any], key: str) -> None:
    """The map's features as a table (off by default: nothing is sent per slider step unless asked;
    offered once the map has drawn, ``components.map_first``)."""
    if not map_first.released() or not st.toggle(t("List the map's features as a table"), key=f"{key}-list",
                     help=t("The same facts as the map's tooltips, reachable by keyboard. "
                            "Select a row of an area to show it.")):
        return
    table = map_table.features_table(layers, payload)
    picked = st.dataframe(table, hide_index=True, key=f"{key}-table", on_select="rerun",
                          selection_mode="single-row", width="stretch")
    rows = picked.selection.rows if picked is not None else []
    code = str(table.iloc[rows[0]]["Code"]) if rows and rows[0] < len(table) else ""
    handled = f"_atlas_list_pick.{key}"
    if code and code != st.session_state.get(handled) and area_of(code) is not None:
        st.session_state[handled] = code  # a row stays selected: act once per new pick
        select(code)
