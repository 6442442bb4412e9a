"""What every page shows around its content: the area filter, language, role,
and the honesty notes (illustrative data, approximate boundaries, sources).

Why one module: the shared behaviour must be identical on every page; pages
call ``setup`` once and ``finish`` at the end, and write only what is theirs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import area, auth, citations, layout, locale, log_lines, map_first, notices, presses, state
from components.i18n import LANGS, isolated, pick, t, tn
from components.right_to_left import apply_direction
from components.safe_text import html_text
from geo import admin, catalog, disclosure
from geo.catalog import LayerData
from geo.selection import Selection
from geo.store import BOUNDARIES

AREA_KEYS = ["region", "mantika", "baladiya"]
LINK_NOTE = "link-not-used"  # the notices slot of the note on a link's part not used (``finish``)
_SHOWN = "_page_shown"  # the page the last full run showed


@dataclass(frozen=True)
class Context:
    selection: Selection
    role: str
    lang: str
    url_keys: list[str]
    user: str = ""  # who is signed in, for the audit log (components.auth.current_user)
    link: dict[str, str] = field(default_factory=dict)  # the query of a link this run opened (``state.opened_link``)
    link_note: DeltaGenerator | None = None  # where ``finish`` says which part of it was not used (top of the page)


def data_text(text: object) -> str:
    """A data value (a title, a citation, a file name) inside translated text:
    escaped, marked as data (it stays in the language it was written in) and
    isolated so its direction does not scramble the sentence around it.  For HTML (``st.html``) only."""
    return f'<bdi class="atlas-data">{html_text(text)}</bdi>'


def setup(page_defaults: dict[str, Any] | None = None,
          validators: dict[str, Callable[[Any], bool]] | None = None, *, has_map: bool = True,
          forget_on_arrival: tuple[str, ...] = ()) -> Context:
    """Read the URL, draw the sidebar, and return the page's context.

    ``forget_on_arrival``: session keys of what goes on by itself on the page (Displacement's Play), dropped in
    the first full run of a visit (the reader came from another page): it does not go on when they come back.
    A press kept beyond its run (``components.presses``) is dropped there too.

    On a page with a map (``has_map``), the sidebar's controls follow the map in the page's first run
    in a session (``components.map_first``): the view they set is read from the URL and the session
    all the same, so the map shows it before they are drawn."""
    page_defaults = page_defaults or {}
    map_first.begin_run()
    here = state.current_page()
    if st.session_state.get(_SHOWN) != here:  # dropped before the page is noted: a run stopped between drops again
        for key in forget_on_arrival:
            st.session_state.pop(key, None)
        presses.drop_all()
        st.session_state[_SHOWN] = here
    link, link_note = state.opened_link(), st.empty()
    defaults = {"region": "", "mantika": "", "baladiya": "", "lang": "en", "digits": "latn", **page_defaults}
    state.load_url(defaults, {
        "region": lambda v: v == "" or v in admin.regions(),
        "mantika": lambda v: v == "" or v in admin.mantikas(),
        "baladiya": lambda v: v == "" or v in admin.baladiyas(),
        "lang": lambda v: v in LANGS,
        "digits": lambda v: v in locale.DIGIT_STYLES,
        **(validators or {}),
    })
    for name, default in defaults.items():
        state.value(name, default)
    # An area inside another area only: a mantika outside the region, a baladiya outside the mantika, is dropped.
    region = st.session_state["region"]
    mantikas = ["", *[p for p, u in admin.mantikas().items() if not region or u.parent == region]]
    if st.session_state["mantika"] not in mantikas:
        st.session_state["mantika"] = ""
    mantika = st.session_state["mantika"]
    baladiyas = ["", *[p for p, u in admin.baladiyas().items() if mantika and u.parent == mantika]]
    if st.session_state["baladiya"] not in baladiyas:
        st.session_state["baladiya"] = ""
    role = auth.current_role()
    if not has_map or map_first.released():
        with st.sidebar:
            _sidebar(role, mantikas, baladiyas)
    apply_direction(locale.numbering_system())
    layout.apply()
    if has_map:
        map_first.watch_the_computer()
    state.remember(*defaults)
    selection = Selection.parse(st.session_state["region"] or None, st.session_state["mantika"] or None,
                                st.session_state["baladiya"] or None)
    return Context(selection, role, st.session_state["lang"], list(defaults), auth.current_user(), link, link_note)


def _sidebar(role: str, mantikas: list[str], baladiyas: list[str]) -> None:
    """Who you are, the language, and the area filter (inside ``st.sidebar``)."""
    auth.sidebar(role)
    st.radio(t("Language"), list(LANGS), key="lang", horizontal=True,
             format_func=lambda v: "English" if v == "en" else "العربية")
    if st.session_state["lang"] == "ar":
        st.radio(t("Digits"), list(locale.DIGIT_STYLES), key="digits", horizontal=True,
                 format_func=lambda v: "123" if v == "latn" else "١٢٣")
    st.subheader(t("Area"))
    area.search_box()
    st.selectbox(t("Region"), ["", *admin.regions()], key="region", format_func=_listed)
    st.selectbox(t("Mantika"), mantikas, key="mantika", format_func=_listed)
    st.selectbox(t("Baladiya"), baladiyas, key="baladiya", disabled=not st.session_state["mantika"],
                 format_func=_listed)


def _listed(pcode: str) -> str:
    """A choice of the sidebar's area lists: "All" (no area) or the area's names."""
    return area.listed_name(pcode) if pcode else t("All")


def sync_url(ctx: Context) -> None:
    """Remember the page's values and write them into the URL (the permalink).
    Also called from fragments, whose reruns never reach ``finish``: such a rerun is the reader's (a slider
    step, Play), so the note on the link the page was opened with (``finish``) is dropped, and the whole page
    runs again to take it down: a fragment's rerun may not write to the top of the page (Streamlit refuses
    with an error), and the note stayed in sight until the page's next full run.  Once per link at most."""
    state.remember(*ctx.url_keys)
    state.write_url(ctx.url_keys)
    if fragment_rerun() and notices.held(LINK_NOTE):
        notices.drop(LINK_NOTE)
        st.rerun(scope="app")


def fragment_rerun() -> bool:
    """True in a rerun of one fragment alone (a slider step, Play); False in a run of the whole page, where a
    fragment's code runs too but ``st.rerun(scope="fragment")`` is refused with an error."""
    run = get_script_run_ctx()
    return run is not None and bool(run.fragment_ids_this_run)


def finish(ctx: Context) -> None:
    """Write the permalink (call after the page's own widgets), and say at the top of the page which part
    of an opened link the page could not show."""
    sync_url(ctx)
    if ctx.link:
        replaced, unknown = state.not_taken(ctx.link, ctx.url_keys)
        if replaced or unknown:
            notices.post(LINK_NOTE, "info", t(
                "Part of this link was not used: {parts}. This page cannot show it as given and shows the view "
                "nearest to it; the address bar now holds the view shown.").format(
                    parts=_link_parts(replaced, unknown)))
    if ctx.link_note is not None:
        with ctx.link_note.container():
            notices.show(LINK_NOTE)
    if map_first.released():
        st.caption(t("Link to this view: copy the address bar — it holds the area, time, options and language of "
                     "this view."))
    map_first.release_when_drawn()


def _link_parts(replaced: list[str], unknown: int) -> str:
    """The page's options whose value was not used, named as the link names them (``round``), then how many
    options the page does not have.  Never the link's values, nor names the page does not know: a link can
    carry any text, and the atlas's own page must not show it (a public viewer would read it as the atlas's
    words)."""
    parts = [isolated(f"`{name}`", left_to_right=True) for name in replaced]
    if unknown:
        parts.append(tn("{n} option this page does not have", "{n} options this page does not have", unknown)
                     .format(n=locale.number(unknown)))
    return t(", ").join(parts)


def honesty(*layers: LayerData, facts: list | None = None, boundaries: bool = False) -> None:
    """The notes every view owes its reader: illustrative data, boundaries, sources."""
    if any(ld.illustrative_share > 0 for ld in layers):
        shares = t(", ").join(t("{layer}: {share} of rows").format(layer=pick(ld.layer.title, ld.layer.title_ar),
                                                                     share=locale.percent(ld.illustrative_share))
                              for ld in layers if ld.illustrative_share > 0)
        # HTML, not st.warning: one plain element under the map, drawn in the page's first run with it
        # (``components.figures`` says what Streamlit's own elements cost a cold tab before its map).
        text = t("Illustrative data: some figures on this view were generated, calibrated to the "
                 "report's published totals. They are not real counts.") + f" ({shares})"
        st.html(warning_html(html.escape(text)))
    counted = [k for ld in layers if ld.public for f in ld.layer.value_fields
               if (k := disclosure.threshold(ld.layer, f)) is not None]
    if counted:  # what the public's totals are (geo.disclosure, rule 0): they are not the exact ones
        k = min(counted)
        st.html(caption_html(html.escape(t(
            "Public figures: a count of {one} to {last} is shown as “<{k}” (several together as “x”) and left out "
            "of every total, so that no small count can be worked out by comparing views.").format(
                one=locale.number(1), last=locale.number(k - 1), k=locale.number(k))), icon="lock"))
    official = official_boundaries_html()  # "" while the shipped approximate boundaries are drawn
    if boundaries:
        if not official:
            # Only coordinators can open the Data page: nobody else is sent there.
            where = " " + t("Official OCHA boundaries can be imported on the Data page.") \
                if auth.current_role() != "public" else ""
            st.html(caption_html(f"<strong>{html.escape(t('Approximate boundaries'))}</strong>: "
                                 + html.escape(locale.shape(t("Natural Earth 2007 shabiyat, crosswalked to mantika."))
                                               + where),
                                 icon="map"))
        else:
            st.html(caption_html(official, icon="map"))
    if not map_first.released():  # the sources (a dozen lines) follow once the map has drawn
        return
    with st.expander(t("Sources")):
        st.html(_sources_html(layers, facts or [], official))


def _sources_html(layers: tuple[LayerData, ...], facts: list, official: str) -> str:
    """The Sources list as one HTML block: who published each layer, under which licence, which version (and,
    for coordinators, from which file, by whom); the report's figures with their sections; the boundaries.

    One HTML list (``html_list``), every text escaped, the data values marked (``data_text``); ``official``: the
    official boundaries in use (``official_boundaries_html``), "" for the shipped approximate ones."""
    esc = html.escape
    items = []
    for ld in layers:
        v = ld.version
        names = {"layer": esc(pick(ld.layer.title, ld.layer.title_ar)),
                 "source": esc(ld.source_in(citations.source_name)),  # "… ٢٠١٩" with Arabic-Indic digits
                 "licence": esc(ld.licence_in(t)), "version": esc(locale.number(v.version)),
                 "date": data_text(v.created_at[:10])}
        if not ld.public:  # for the public no internal file name, no colleague's e-mail address
            names |= {"file": data_text(v.source_name), "sha": data_text(v.source_sha256[:12]),
                      "actor": esc(own) if (own := log_lines.own_words(v.created_by)) is not None
                      else data_text(v.created_by)}
        items.append(esc(t(catalog.PROVENANCE_TEXTS[ld.public])).format(**names))
    for f in facts:
        statement = pick(f.statement, f.statement_ar)  # in Arabic, the project's translation of the report's words
        items.append(f"<b>{esc(locale.number(f.value))} {esc(t(f.unit))}</b> — {data_text(statement)}. "
                     + esc(citations.report_section(f.section)))
    boundary = official or esc(locale.shape(
        t("Approximate boundaries (Natural Earth 2007 shabiyat, crosswalked to mantika)")))
    items.append(esc(t("Boundaries: {boundaries}; places: GeoNames (CC BY 4.0)")).format(boundaries=boundary))
    return html_list(items, "atlas-sources")


def official_boundaries_html(dataset: str = BOUNDARIES) -> str:
    """The official boundaries ``dataset`` in use, credited to whom their importer named, in the reader's language
    (HTML, the named values marked as data); for the public, without the store's file name.  Empty while the shipped
    approximate areas are drawn (each caller says so in its own words)."""
    version = catalog.boundary_version(dataset)
    if version is None:
        return ""
    return catalog.boundary_text(version, public=auth.current_role() == "public", translate=t, number=locale.number,
                                 escape=html.escape, mark=data_text)


def html_list(items: Iterable[str], css_class: str = "") -> str:
    """A bulleted list as HTML for ``st.html``; ``items`` are HTML already (escaped text, ``data_text`` values).

    Why not Markdown: Markdown that allows HTML (for the data values' marks) makes the browser fetch and run its
    HTML parser, and each line would be an element of its own."""
    classes = " ".join(["atlas-list", css_class]).strip()
    return f'<ul class="{classes}">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def warning_html(body: str) -> str:
    """A warning (``st.warning``'s look, its text darker: 5.9:1 on its yellow) as HTML for ``st.html``; ``body``
    is HTML already.  Why not ``st.warning``: see ``components.figures``."""
    return ('<div class="atlas-warning" role="note"><span class="atlas-icon" aria-hidden="true" translate="no">'
            f'warning</span><span>{body}</span></div>')


def caption_html(body: str, *, icon: str = "") -> str:
    """A caption (``st.caption``'s look) as HTML for ``st.html``; ``body`` is HTML already (escaped text,
    ``data_text`` values), ``icon`` a Material Symbols name.  Why not ``st.caption``: see ``html_list``."""
    mark = f'<span class="atlas-icon" aria-hidden="true" translate="no">{html.escape(icon)}</span> ' if icon else ""
    return f'<div class="atlas-caption">{mark}{body}</div>'


def restricted_notice(name: str) -> None:
    """``name``: the layer's title in the session's language."""
    st.info(t("The {layer} layer is restricted and is not loaded in this public view.").format(layer=name))
