"""The Flash page's picture: event points (symbol by type, shade by recency),
the affected areas as a lighter fill, the event cards, and the link between
a card and its point in both directions.

Why here and not in the generic layers module: an event is drawn as a point
*and* its areas, its shade depends on this browser's last visit, and cards and
points select each other in the browser.  Event text (titles, summaries,
places, sources) is user-entered: it is escaped and marked as data in the
cards' HTML (never parsed as Markdown or HTML) and escaped in tooltips; the
Arabic page shows an event's Arabic words where its row has them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from components import citations, layers, layout, locale, page, public_figures
from components.i18n import N_, lang, pick, t, term
from components.map import MapLayer
from components.safe_text import md_text
from geo import admin, displacement, flash_events, sensitivity
from geo.registry import DISPLACEMENT, FLASH_UPDATES

MAP_KEY = "flash-map"
LAYER_NAME = "events"
# Okabe–Ito colours (colour-blind safe) and a glyph per type: the symbol.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "armed clashes": ("#D55E00", "✕"),
    "airstrike": ("#CC79A7", "✦"),
    "flood": ("#0072B2", "≈"),
    "displacement": ("#E69F00", "➔"),
    "access": ("#009E73", "⊘"),
    "other": ("#555555", "•"),
}
# Shade by recency: how opaque an event's symbol is.
RECENCY = (  # labels translated where shown
    (N_("new since your last visit"), 1.0),
    (N_("last 7 days"), 0.9),
    (N_("last 30 days"), 0.7),
    (N_("last 12 months"), 0.5),
    (N_("older"), 0.3),
)
AREA_FILL = "#fdd0a2"
AREA_FILL_SELECTED = "#fd8d3c"


def _js_json(obj: object) -> str:
    """JSON safe inside a ``<script>`` that Streamlit's sanitiser keeps (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def card_id(event_id: object) -> str:
    """The event id as it appears in element keys / CSS classes (same rule in the JS)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(event_id))


def recency(reported: dt.datetime, new: bool, today: dt.date) -> tuple[str, float]:
    """(class label, fill opacity) of an event."""
    if new:
        return RECENCY[0]
    age = (today - reported.date()).days
    for (label, opacity), limit in zip(RECENCY[1:4], (7, 30, 365), strict=True):
        if age <= limit:
            return label, opacity
    return RECENCY[4]


_POINTS: dict[tuple, MapLayer] = {}


def events_layer(located: pd.DataFrame, key: tuple) -> MapLayer:
    """One point per event (every event of this version, filters apply through
    the payload).  Events on the very same spot (several at one baladiya seat)
    are fanned out a little so each can be pointed at; their tooltip says the
    place is approximate."""
    key = (*key, lang())  # its title in the layer control is in the reader's language
    if key not in _POINTS:
        seen: dict[tuple[float, float], int] = {}
        features = []
        for r in located.to_dict("records"):
            if r["point_lat"] is None or pd.isna(r["point_lat"]):
                continue
            spot = (round(float(r["point_lat"]), 4), round(float(r["point_lon"]), 4))
            k = seen.get(spot, 0)
            seen[spot] = k + 1
            lat, lon = spot
            if k:
                angle = k * 2.399963
                step = 0.045 * math.sqrt(k)
                lat, lon = lat + step * math.sin(angle), lon + step * math.cos(angle)
            features.append({"type": "Feature", "properties": {"id": str(r["event_id"])},
                             "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]}})
        if len(_POINTS) > 16:
            _POINTS.clear()
        _POINTS[key] = MapLayer(LAYER_NAME, t("Events"), {"type": "FeatureCollection", "features": features},
                                "point")
    return _POINTS[key]


def payload(located: pd.DataFrame, shown_ids: set[str], new_ids: set[str], selected: str,
            today: dt.date) -> dict:
    """Map styles: event symbols by type and recency, affected mantika as a light fill; crowded events
    counted in clusters, except the selected one."""
    at = flash_events.reported(located)
    points: dict[str, dict] = {}
    affected: dict[str, list[str]] = {}
    chosen_areas: set[str] = set()
    for (_, e), moment in zip(located.iterrows(), at, strict=True):
        eid = str(e["event_id"])
        if eid not in shown_ids:
            points[eid] = {"hidden": True}
            continue
        colour, glyph = TYPE_STYLE.get(str(e["event_type"]), TYPE_STYLE["other"])
        label, opacity = recency(moment, eid in new_ids, today)
        is_selected = eid == selected
        points[eid] = {
            "hidden": False, "fillColor": colour, "fillOpacity": opacity,
            "radius": 13 if is_selected else (10 if eid in new_ids else 8),
            "color": "#000000" if is_selected or not e["point_approximate"] else "#ffffff",
            "weight": 4 if is_selected else 2,
            "pinned": is_selected,  # the event picked on a card is never hidden in a cluster
            "tooltip": layers.tooltip(f"{locale.date(e['date'], short=True)} — {words(e, 'title')}", "", [
                (t("Type"), f"{glyph} {term(str(e['event_type']))}"), (t("Recency"), t(label))],
                where_text(e, marked=False) + (" · " + t("illustrative") if e["illustrative"] else "")),
        }
        for p in str(e["mantika_pcodes"] or "").split(";"):
            if p:
                affected.setdefault(p, []).append(f"{locale.date(e['date'], short=True)}: {words(e, 'title')}")
                if is_selected:
                    chosen_areas.add(p)
    areas = {}
    for pcode, unit in admin.mantikas().items():
        hit = affected.get(pcode)
        areas[pcode] = {
            "fillColor": (AREA_FILL_SELECTED if pcode in chosen_areas else AREA_FILL) if hit else "#f4f4f4",
            "fillOpacity": 0.45 if hit else 0.15, "color": "#e6550d" if hit else "#bbbbbb",
            "weight": 1.5 if pcode in chosen_areas else 0.8,
            "tooltip": layers.tooltip(unit.name_en, unit.name_ar, [(t("Events shown"), len(hit or []))],
                                      "; ".join((hit or [])[:3])),
        }
    # Events crowd at one place (Tripoli's, at national zoom): counted circles that zoom in when clicked.
    return {"layers": {"mantika": areas, LAYER_NAME: points}, "legend": legend(), "cluster": [LAYER_NAME]}


def legend() -> str:
    esc = html.escape
    rows = "".join(
        f'<div><span style="display:inline-block;width:16px;height:16px;border-radius:8px;background:{c};'
        f'color:#fff;text-align:center;font-size:11px;line-height:16px;margin-inline-end:4px">{esc(g)}</span>'
        f"{esc(term(k))}</div>" for k, (c, g) in TYPE_STYLE.items())
    shades = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;border-radius:6px;background:#333;'
        f'opacity:{o};margin-inline-end:4px"></span>{esc(locale.shape(t(label)))}</div>' for label, o in RECENCY)
    rings = t("black ring: exact place · white ring: baladiya seat (approximate)")
    return (f'<div class="atlas-legend-block"><div class="atlas-legend-title">{esc(t("Event type"))}</div>{rows}</div>'
            f'<div class="atlas-legend-block"><div class="atlas-legend-title">{esc(t("Recency (shade)"))}</div>'
            f"{shades}<div>{esc(rings)}</div>"
            f'<div><span style="display:inline-block;width:12px;height:12px;background:{AREA_FILL};'
            f'margin-inline-end:4px"></span>{esc(t("affected mantika"))}</div></div>')


def link_script(selected: str, types: dict[str, str]) -> str:
    """Browser glue, no rerun needed for it to work: a click on a card or on
    its map point presses the card's "Show on map" button (a normal Streamlit
    rerun that highlights both) and goes no further (it would also fill the add
    form's place: a click on empty map fills the form's latitude/longitude); type
    glyphs are drawn on the points."""
    glyphs = {k: g for k, (_, g) in TYPE_STYLE.items()}
    script = ("(function(){var W=window.parent||window,D=W.document,K=%(key)s,SEL=%(sel)s,G=%(glyphs)s;"
              "W.__fuTypes=%(types)s;"
              "function cid(s){return String(s).replace(/[^A-Za-z0-9_-]/g,'_');}"
              "function pick(id){var b=D.querySelector('.st-key-fu-pick-'+cid(id)+' button');if(b)b.click();}"
              "W.__fuPick=pick;"
              "if(!W.__fuCards){W.__fuCards=1;D.addEventListener('click',function(ev){var el=ev.target;"
              "if(!el||!el.closest||el.closest('button,a,input,textarea,select,[role=button],[role=option]'))return;"
              "var c=el.closest('[class*=\"st-key-fu-card-\"]');if(!c)return;"
              "var m=/st-key-fu-card-([A-Za-z0-9_-]+)/.exec(c.className);if(m)pick(m[1]);},true);}"
              "function setIn(sel,v){var el=D.querySelector(sel);if(!el)return false;"
              "var s=Object.getOwnPropertyDescriptor(W.HTMLInputElement.prototype,'value').set;s.call(el,v);"
              "el.dispatchEvent(new W.Event('input',{bubbles:true}));return true;}"
              "function bind(){var fs=D.getElementsByTagName('iframe');"
              "for(var i=0;fs.length>i;i++){var src=fs[i].getAttribute('src')||'';"
              "if(src.indexOf('streamlit_folium')===-1)continue;var w;try{w=fs[i].contentWindow;}catch(e){continue;}"
              "var a=w&&w.__atlasMaps&&w.__atlasMaps[K];if(!a)continue;"
              "if(!a.__fu){a.__fu={glyph:{}};var st=w.document.createElement('style');"
              "st.textContent='.fu-glyph{color:#fff;font:bold 12px/16px sans-serif;text-align:center;"
              "pointer-events:none;text-shadow:0 0 2px #000}';w.document.head.appendChild(st);"
              "a.map.on('click',function(e){if(setIn('.st-key-fu-form-lat input',e.latlng.lat.toFixed(5)))"
              "setIn('.st-key-fu-form-lon input',e.latlng.lng.toFixed(5));});}"
              "var f=a.__fu,vis={};a.map.eachLayer(function(l){if(!l.feature||!l.getLatLng||l.getLayers)return;"
              "var id=l.feature.properties&&l.feature.properties.id;if(id===undefined)return;vis[id]=1;"
              "if(!l.__fuBound){l.__fuBound=1;l.on('click',function(e){w.L.DomEvent.stopPropagation(e);pick(id);});}"
              "var g=f.glyph[id];if(!g){var ty=(W.__fuTypes||{})[id];if(!ty||!G[ty])return;"
              "g=f.glyph[id]=w.L.marker(l.getLatLng(),{interactive:false,keyboard:false,"
              "icon:w.L.divIcon({className:'fu-glyph',html:G[ty],iconSize:[16,16]})});}});"
              "for(var gid in f.glyph){var gl=f.glyph[gid],on=!!vis[gid];"
              "if(on&&!a.map.hasLayer(gl))gl.addTo(a.map);if(!on&&a.map.hasLayer(gl))a.map.removeLayer(gl);}}"
              "if(SEL&&W.__fuScrolled!==SEL){var c=D.querySelector('.st-key-fu-card-'+cid(SEL));"
              "if(c){W.__fuScrolled=SEL;c.scrollIntoView({block:'nearest'});}}}"
              "bind();if(W.__fuTimer)W.clearInterval(W.__fuTimer);W.__fuTimer=W.setInterval(bind,800);})();")
    return script % {"key": _js_json(MAP_KEY), "sel": _js_json(selected), "glyphs": _js_json(glyphs),
                     "types": _js_json(types)}


def render_script(selected: str, types: dict[str, str]) -> None:
    """The link script and the card styles (selected card outlined)."""
    script = link_script(selected, types)
    if "<" in script:  # DOMPurify drops any script with '<' + letter
        raise AssertionError("flash link script must not contain '<'")
    css = ('[class*="st-key-fu-card-"]{cursor:pointer}'
           '.fu-text p{margin:0 0 1rem;line-height:1.6}.fu-text p:last-child{margin:0}'
           '.fu-text .fu-title{font-weight:600;font-size:1.05rem}'
           # The form's Arabic title and text are typed right to left on the English page too.
           '.st-key-fu-form-title-ar input,.st-key-fu-form-text-ar textarea{direction:rtl;text-align:right}'
           # Beside the map the cards scroll in a box of the map's height; on a phone, where the columns stack,
           # a box inside the scrolling page showed one card and a half: the page scrolls them instead. Streamlit
           # sets the box's height on its wrapper too, which would keep the map's height and let the cards run
           # over what follows (the notes under the page).
           '@media (max-width: 640px){.st-key-fu-list,[data-testid="stLayoutWrapper"]:has(>.st-key-fu-list)'
           '{height:auto!important;max-height:none!important;overflow:visible!important}}')
    if selected:
        css += f".st-key-fu-card-{card_id(selected)}{{box-shadow:0 0 0 3px #000;border-radius:.5rem}}"
    layout.script(script, css=css)


def cards(events: pd.DataFrame, new_ids: set[str], selected: str, on_pick: Callable[[str], None],
          disp: pd.DataFrame, rounds: list, role: str) -> None:
    """One bordered card per event, newest first; new ones badged, the selected one outlined."""
    for _, e in events.iterrows():
        eid = str(e["event_id"])
        cid = card_id(eid)
        _, glyph = TYPE_STYLE.get(str(e["event_type"]), TYPE_STYLE["other"])
        with st.container(border=True, key=f"fu-card-{cid}"):
            head = st.container(horizontal=True, gap="small")
            if eid in new_ids:
                head.badge(t("New"), color="orange")
            if eid == selected:
                head.badge(t("Selected"), color="gray")
            head.badge(f"{glyph} {term(str(e['event_type']))}", color="blue")
            if e["illustrative"]:
                head.badge(t("illustrative"), color="yellow")
            st.html(_card_text(e, role))
            _displacement_links(e, disp, rounds, role)
            st.button(t("Show on map"), key=f"fu-pick-{cid}", on_click=on_pick, args=(eid,),
                      type="primary" if eid == selected else "secondary")


def period_list(events: pd.DataFrame) -> None:
    """The events of a period as one bulleted list, oldest first: date, title (the feed's own words, marked as
    data) and type (the Overview's "Flash updates in this period")."""
    st.html(page.html_list(f"{html.escape(locale.date(e['date']))} — <b>{page.data_text(words(e, 'title'))}</b> "
                           f"({html.escape(term(e['event_type']))})"
                           for _, e in events.sort_values("date").iterrows()))


def _card_text(e: pd.Series, role: str) -> str:
    """A card's lines as one block of HTML. Titles, summaries, places and sources are the feed's own text
    (data), shown as written: escaped and marked as data (``page.data_text``), never read as Markdown or HTML.
    Plain HTML rather than Markdown that allows HTML: the browser fetches the parser for the latter (0.19 MB
    of JavaScript) on first use, and on this page the cards come with the map."""
    lines = [(f"{html.escape(locale.date(e['date']))} — {page.data_text(words(e, 'title'))}", "fu-title"),
             (page.data_text(words(e, "summary")), "")]
    figures = [f"{label}: {public_figures.number(e[c], FLASH_UPDATES, c, role)}"
               for c, label in (("people_affected", t("People affected")),
                                ("people_displaced", t("People displaced")))
               if not pd.isna(e[c])]
    if figures:
        lines.append((html.escape(locale.separator().join(figures)), ""))
    where = t("Where (approximate)") if e["point_approximate"] else t("Where")
    lines.append((f"{html.escape(where)}: {where_text(e)}", ""))
    source = str(e["source"]) if role != "public" else sensitivity.public_text(e["source"])
    lines.append((f"{html.escape(t('Source'))}: {page.data_text(citations.source(source))}", ""))
    return '<div class="fu-text">' + "".join(f'<p class="{cls}">{text}</p>' for text, cls in lines) + "</div>"


def _displacement_links(e: pd.Series, disp: pd.DataFrame, rounds: list, role: str) -> None:
    """Each affected mantika's IDPs and migrants in the round after the event (as ``role`` may see them: a
    mantika of fewer than 5 is "<5" for the public), linked to that view of Displacement."""
    if not rounds:
        return
    after = [r for r in rounds if r.end >= e["date"]]
    rnd = (after[0] if after else rounds[-1]).number
    links = []
    for p in str(e["mantika_pcodes"] or "").split(";"):
        if p in admin.mantikas():
            tot = displacement.totals(disp[disp["mantika_pcode"] == p], rnd)
            unit = admin.mantikas()[p]
            text = t("{place}: {idps} IDPs, {migrants} migrants in {round}").format(
                place=pick(unit.name_en, unit.name_ar),
                idps=public_figures.number(tot["idps"] or 0, DISPLACEMENT, "idps", role),
                migrants=public_figures.number(tot["migrants"] or 0, DISPLACEMENT, "migrants", role),
                round=locale.round_name(rnd))
            links.append(f"[{md_text(text)}](/displacement?mantika={p}&region={p[:4]}&round={rnd}&metric=idps"
                         f"&lang={lang()}&digits={locale.digits()})")
    if links:  # names from the admin table and numbers only: no event text in this Markdown
        st.markdown(t("Displacement figures") + ": " + " · ".join(links))


def words(e: pd.Series, field: str) -> str:
    """An event's own words (``title``, ``summary``, ``place``) in the reader's language: on the Arabic page its
    Arabic form (``title_ar``, ``summary_ar``, ``place_ar``) where the row has one, else as written ("" if blank).
    The shipped events carry both; an update typed in one language is shown in it on both pages."""
    def text(name: str) -> str:
        value = e.get(name)
        return value.strip() if isinstance(value, str) else ""
    return pick(text(field), text(f"{field}_ar"))


def where_text(e: pd.Series, marked: bool = True) -> str:
    """Where an event's point stands, in the reader's language (``geo.flash_events.locate``'s
    ``point_basis``/``point_area``); the place as the feed wrote it is data. ``marked``: HTML for a card, the
    place marked as data and everything else escaped; otherwise plain text (a tooltip escapes it itself)."""
    place = words(e, "place")
    shown = (page.data_text(place) if marked else place) if place else ""
    plain = html.escape if marked else str
    basis = e.get("point_basis", "none")
    if basis == "own":
        text = shown or plain(t("reported coordinates"))
        return text + (plain(" " + t("(approximate)")) if e["point_approximate"] else "")
    lead = f"{shown}: " if shown else ""
    if basis == "seat" and (unit := admin.baladiyas().get(e["point_area"])) is not None:
        return lead + plain(t("shown at the seat of {name} baladiya (exact location not known)").format(
            name=pick(unit.name_en, unit.name_ar)))
    if basis == "mantika" and (unit := admin.mantikas().get(e["point_area"])) is not None:
        return lead + plain(t("shown inside {name} mantika (exact location not known)").format(
            name=pick(unit.name_en, unit.name_ar)))
    return plain(t("no location"))


def types_json(located: pd.DataFrame) -> dict[str, str]:
    return {str(r["event_id"]): str(r["event_type"]) for r in located.to_dict("records")}


__all__ = ["MAP_KEY", "cards", "events_layer", "payload", "render_script", "types_json"]
