"""What every page shows around its content: the area filter, language, role,
and the honesty notes (illustrative data, approximate boundaries, sources).

Why one module: the shared behaviour must be identical on every page; pages
call ``setup`` once and ``finish`` at the end, and write only what is theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components import area, auth, layout, map_first, state
from components.i18n import apply_direction, t
from components.safe_text import md_text
from geo import admin, catalog
from geo.catalog import LayerData
from geo.selection import Selection

AREA_KEYS = ["region", "mantika", "baladiya"]


@dataclass(frozen=True)
class Context:
    selection: Selection
    role: str
    lang: str
    url_keys: list[str]
    user: str = ""  # who is signed in, for the audit log (components.auth.current_user)


def _name(unit_table: dict, pcode: str) -> str:
    if not pcode:
        return t("all")
    unit = unit_table[pcode]
    return f"{unit.name_en} · {unit.name_ar}"


def setup(page_defaults: dict[str, Any] | None = None,
          validators: dict[str, Callable[[Any], bool]] | None = None) -> Context:
    """Read the URL, draw the sidebar, and return the page's context."""
    page_defaults = page_defaults or {}
    map_first.begin_run()
    defaults = {"region": "", "mantika": "", "baladiya": "", "lang": "en", **page_defaults}
    state.load_url(defaults, {
        "region": lambda v: v == "" or v in admin.regions(),
        "mantika": lambda v: v == "" or v in admin.mantikas(),
        "baladiya": lambda v: v == "" or v in admin.baladiyas(),
        "lang": lambda v: v in ("en", "ar"),
        **(validators or {}),
    })
    for name, default in defaults.items():
        state.value(name, default)
    role = auth.current_role()
    with st.sidebar:
        auth.sidebar(role)
        st.radio(t("language"), ["en", "ar"], key="lang", horizontal=True,
                 format_func=lambda v: "English" if v == "en" else "العربية")
        st.subheader(t("area"))
        area.search_box()
        regions = ["", *admin.regions()]
        st.selectbox(t("region"), regions, key="region",
                     format_func=lambda p: t("all") if not p else " · ".join(admin.regions()[p]))
        region = st.session_state["region"]
        mantikas = ["", *[p for p, u in admin.mantikas().items() if not region or u.parent == region]]
        if st.session_state["mantika"] not in mantikas:
            st.session_state["mantika"] = ""
        st.selectbox(t("mantika"), mantikas, key="mantika", format_func=lambda p: _name(admin.mantikas(), p))
        mantika = st.session_state["mantika"]
        baladiyas = ["", *[p for p, u in admin.baladiyas().items() if mantika and u.parent == mantika]]
        if st.session_state["baladiya"] not in baladiyas:
            st.session_state["baladiya"] = ""
        st.selectbox(t("baladiya"), baladiyas, key="baladiya", disabled=not mantika,
                     format_func=lambda p: _name(admin.baladiyas(), p))
    apply_direction()
    layout.apply()
    state.remember(*defaults)
    selection = Selection.parse(st.session_state["region"] or None, st.session_state["mantika"] or None,
                                st.session_state["baladiya"] or None)
    return Context(selection, role, st.session_state["lang"], list(defaults), auth.current_user())


def sync_url(ctx: Context) -> None:
    """Remember the page's values and write them into the URL (the permalink).
    Also called from fragments, whose reruns never reach ``finish``."""
    state.remember(*ctx.url_keys)
    state.write_url(ctx.url_keys)


def finish(ctx: Context) -> None:
    """Write the permalink (call after the page's own widgets)."""
    sync_url(ctx)
    map_first.release_when_drawn()
    st.caption(f"{t('permalink')}: copy the address bar — it holds the area, time and options of this view.")


def honesty(*layers: LayerData, facts: list | None = None, boundaries: bool = False) -> None:
    """The notes every view owes its reader: illustrative data, boundaries, sources."""
    if any(ld.illustrative_share > 0 for ld in layers):
        shares = ", ".join(f"{ld.layer.title}: {ld.illustrative_share:.0%} of rows"
                           for ld in layers if ld.illustrative_share > 0)
        st.warning("⚠ " + t("Illustrative data: some figures on this view were generated, calibrated to the "
                            "report's published totals. They are not real counts.") + f" ({shares})", icon=None)
    if boundaries:
        label = catalog.boundary_label()
        if "Approximate" in label:
            # Only coordinators can open the Data page: nobody else is sent there.
            where = " " + t("Official OCHA boundaries can be imported on the Data page.") \
                if auth.current_role() != "public" else ""
            st.caption(f"🗺 **{t('approx_boundaries')}**: {md_text(label)}.{where}")
        else:
            st.caption(f"🗺 {md_text(label)}")
    with st.expander(t("source")):
        for ld in layers:
            st.markdown(f"- {md_text(ld.provenance)}")
        for f in facts or []:
            st.markdown(f"- **{f.value:,} {f.unit}** — {f.statement}. *{f.citation}*")
        st.markdown("- Boundaries: " + md_text(catalog.boundary_label()) + "; places: GeoNames (CC BY 4.0)")


def restricted_notice(name: str) -> None:
    st.info(f"The {name} layer is restricted and is not loaded in this public view.")
