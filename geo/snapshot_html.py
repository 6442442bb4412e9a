"""A snapshot's ``index.html``: one self-contained page that opens from disk.

Why its own module: the page must work with no server and no network (e-mail
attachment, USB stick, a static web server years later), so everything is
inlined: Leaflet's script and stylesheet (from the XStatic-Leaflet package
the app already vendors, see ``components/assets.py``), the styles, the
geometry and the published figures.  A Content-Security-Policy forbids any
request at all, so a mistake here fails closed instead of leaking a request.

Text that comes from data (titles, place names, sources) is escaped with
``html.escape`` when written into the HTML, and reaches the script only as
JSON inside ``<script type="application/json">`` (with ``<``, ``>``, ``&``
escaped) that the script puts on the page with ``textContent``, never as HTML.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
from pathlib import Path

import xstatic.pkg.leaflet as _xs_leaflet

from geo import disclosure, displacement
from geo.snapshots import (
    CLASS_COLOURS,
    NO_DATA_COLOUR,
    SYMBOL_COLOUR,
    WITHHELD_COLOUR,
    Content,
    map_style,
)
from geo.translations import Words

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


def _leaflet_js() -> str:
    text = (Path(_xs_leaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    text = re.sub(r"^\s*//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    return text.replace("</script", "<\\/script")


def _leaflet_css() -> str:
    base = Path(_xs_leaflet.BASE_DIR)

    def inline(match: re.Match[str]) -> str:
        path = base / match.group(1).strip("'\"")
        if not path.is_file():
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    text = (base / "leaflet.css").read_text(encoding="utf-8")
    return re.sub(r"url\(([^)]+\.png)\)", inline, text).replace("</style", "<\\/style")


def _json(obj: object) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def cell_text(cell, k: int, words: Words, missing: str) -> str:
    """A published figure as the snapshot's language writes it ("636,426" / "636.426"), "<5" or "x" where
    withheld, ``missing`` where there is no count."""
    if cell.status == disclosure.SHOWN and cell.value is not None:
        return words.number(cell.value)
    return cell.text(k) or missing


def legend_rows(content: Content, words: Words) -> list[tuple[str, str, str]]:
    """(kind, colour, label) rows of the legend, shared with map.png."""
    style = map_style(content)
    k = content.threshold
    rows = []
    b = style.breaks
    for i in range(len(b) - 1):
        low, high = words.number(b[i]), words.number(b[i + 1])
        rows.append(("swatch", CLASS_COLOURS[i], low if b[i] == b[i + 1] else f"{low} – {high}"))
    rows.append(("swatch", WITHHELD_COLOUR, words.t("withheld (<{k} or x, disclosure control)").format(k=k)))
    rows.append(("swatch", NO_DATA_COLOUR, words.t("no data / not in the published area")))
    for sites in content.sites:
        rows.append(("circle", sites.colour, words.t("{layer} (sites)").format(layer=sites.title)))
    if style.symbol_cells:
        rows.append(("circle", SYMBOL_COLOUR, words.t("baladiya: circle area ∝ people\n(largest {n})").format(
            n=words.number(style.symbol_max))))
    return rows


def _data(content: Content, words: Words) -> dict:
    style = map_style(content)
    k = content.threshold
    no_count, no_data = words.t("no count"), words.t("no data")

    def name(cell) -> str:
        return words.pick(cell.name_en, cell.name_ar)

    headline: dict[str, dict[str, str]] = {}
    details: dict[str, list[list[str]]] = {}
    for c in content.cells:
        if c.level == "area":
            headline.setdefault(str(c.round), {})[c.metric] = cell_text(c, k, words, no_count)
    detail_level = "mantika" if content.view.selection().level in ("national", "region") else "baladiya"
    for c in content.cells:
        if c.level == detail_level and c.metric == content.view.metric:
            details.setdefault(str(c.round), []).append([name(c), cell_text(c, k, words, no_data)])
    polygons = {str(r): {p: {"fill": style.fills[r][p], "text": cell_text(c, k, words, no_data), "name": name(c)}
                         for p, c in cells.items()}
                for r, cells in style.polygon_cells.items()}
    symbols = {str(r): {p: {"r": style.radius(c), "text": cell_text(c, k, words, no_data), "name": name(c),
                            "withheld": c.status in (disclosure.PRIMARY, disclosure.SECONDARY)}
                        for p, c in cells.items() if p in content.seats}
               for r, cells in style.symbol_cells.items()}
    return {
        "rounds": [{"n": r.number, "label": words.round_label(r)} for r in content.rounds],
        "start": [r.number for r in content.rounds].index(content.view.current),
        "metric": content.view.metric, "metrics": list(displacement.METRICS), "labels": metric_labels(words),
        "headline": headline, "details": details, "polygons": polygons, "symbols": symbols,
        "seats": {p: content.seats[p] for cells in style.symbol_cells.values() for p in cells if p in content.seats},
        "geo": content.mantika_geojson, "countries": content.countries_geojson,
        "bounds": list(content.bounds), "highlight": content.highlight,
        "sites": [{"title": x.title, "colour": x.colour, "points": x.points,
                   "active": {str(r): ids for r, ids in x.active.items()}} for x in content.sites],
        "noData": NO_DATA_COLOUR, "symbolColour": SYMBOL_COLOUR, "withheld": WITHHELD_COLOUR,
        "words": {"notPublished": words.t("not published"), "notCounted": words.t("not counted in this round"),
                  "noCount": no_count, "zoomIn": words.t("Zoom in"), "zoomOut": words.t("Zoom out")},
    }


def metric_labels(words: Words) -> dict[str, str]:
    """The metrics' names in the snapshot's language (``geo.displacement``), for its page and its images."""
    return displacement.METRIC_LABELS_AR if words.rtl else displacement.METRIC_LABELS


_CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",Arial,sans-serif;
  color:#222;background:#fff}
header{padding:12px 18px 6px;border-bottom:3px solid #0033a0}
header h1{margin:0 0 4px;font-size:22px}
.meta{color:#555;font-size:13px}
.notice{margin:8px 18px 0;padding:8px 12px;background:#fff3cd;border:1px solid #e0c36a;border-radius:4px}
main{display:grid;grid-template-columns:minmax(0,2fr) minmax(260px,1fr);gap:14px;padding:12px 18px}
#map{height:560px;border:1px solid #ccc;background:#dfeaf2}
.controls{display:flex;align-items:center;gap:10px;margin:8px 0}
.controls input{flex:1}
.round-label{font-weight:600;white-space:nowrap}
.figures{display:grid;grid-template-columns:1fr;gap:6px;margin:0 0 12px}
.figure{border:1px solid #ddd;border-radius:4px;padding:6px 10px}
.figure .label{font-size:12px;color:#555}
.figure .value{font-size:24px;font-weight:600}
.legend h3,.details h3,.sources h3{font-size:14px;margin:10px 0 4px}
.legend div{display:flex;align-items:center;gap:6px;font-size:12px;margin:2px 0}
.swatch{display:inline-block;width:14px;height:14px;border:1px solid #999;flex:none}
.circle{display:inline-block;width:14px;height:14px;border-radius:50%;border:1px solid #222;flex:none}
.details table{border-collapse:collapse;width:100%;font-size:12px}
.details td{border-bottom:1px solid #eee;padding:2px 4px}
.details td.num{text-align:end;font-variant-numeric:tabular-nums}
.sources{padding:0 18px 14px;font-size:12px;color:#444}
.sources li{margin:2px 0}
.print-only{display:none}
.leaflet-tooltip{font-size:12px}
@media (max-width:640px){main{grid-template-columns:1fr;padding:12px}#map{height:420px}
  .controls{flex-wrap:wrap}.controls label{flex-basis:100%}}  /* a phone: the slider's name above it */
@page{size:A4 landscape;margin:9mm}
@media print{
  body{font-size:9pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  header{padding:0 0 3mm}
  header h1{font-size:15pt}
  .notice{margin:2mm 0 0;padding:1.5mm 3mm}
  main{grid-template-columns:180mm 1fr;gap:5mm;padding:3mm 0}
  #map{height:105mm;width:180mm}
  .controls,.details,.leaflet-control-zoom{display:none}
  .print-only{display:inline}
  .figure{padding:1mm 3mm;break-inside:avoid}
  .figure .value{font-size:14pt}
  .sources{padding:0;font-size:7pt;line-height:1.25}
  .sources h3{font-size:8pt;margin:1mm 0}
  .sources ul{margin:0;padding-inline-start:4mm}
  .sources li{margin:0}
  .legend h3{margin:2mm 0 1mm}
  .legend div{margin:0;font-size:8pt}
  .figures{gap:1.5mm;margin:0 0 2mm}
  main,header,.sources{break-inside:avoid}
}
"""

_JS = r"""
(function(){
var D=JSON.parse(document.getElementById('snapshot-data').textContent);
function el(tag,text,cls){var e=document.createElement(tag);
  if(text!=null)e.textContent=text;if(cls)e.className=cls;return e;}
var map=L.map('map',{zoomSnap:0.25,attributionControl:false,zoomControl:false});
L.control.zoom({zoomInTitle:D.words.zoomIn,zoomOutTitle:D.words.zoomOut}).addTo(map);
var b=D.bounds;function fit(){map.invalidateSize();map.fitBounds([[b[1],b[0]],[b[3],b[2]]]);}
fit();  // a view first: Leaflet cannot add vector layers to a map without one
L.geoJSON(D.countries,{style:{color:'#bbb',weight:1,fillColor:'#f2f2f2',fillOpacity:1},interactive:false}).addTo(map);
var hi={};D.highlight.forEach(function(p){hi[p]=true;});
var cur=D.start;
function rkey(){return String(D.rounds[cur].n);}
var polys=L.geoJSON(D.geo,{style:function(){return {color:'#666',weight:1,fillColor:D.noData,fillOpacity:0.85};}})
  .addTo(map);
polys.eachLayer(function(l){l.bindTooltip(function(){
  var id=l.feature.properties.id,c=(D.polygons[rkey()]||{})[id],d=el('div');
  d.appendChild(el('b',c?c.name:l.feature.properties.name_en));
  d.appendChild(el('div',D.labels[D.metric]+': '+(c?c.text:D.words.notPublished)));
  d.appendChild(el('div',D.rounds[cur].label));return d;},{sticky:true});});
var circles={};
Object.keys(D.seats).forEach(function(p){var s=D.seats[p];
  var m=L.circleMarker([s[1],s[0]],{radius:4,color:'#222',weight:1,fillColor:D.symbolColour,fillOpacity:0.8})
    .addTo(map);
  m.bindTooltip(function(){var c=(D.symbols[rkey()]||{})[p],d=el('div');
    if(!c){d.textContent=D.words.notCounted;return d;}
    d.appendChild(el('b',c.name));d.appendChild(el('div',D.labels[D.metric]+': '+c.text));
    d.appendChild(el('div',D.rounds[cur].label));return d;});
  circles[p]=m;});
var sites=D.sites.map(function(x){var ms={};Object.keys(x.points).forEach(function(id){var q=x.points[id];
  var m=L.circleMarker([q[1],q[0]],{radius:5,color:'#222',weight:1,fillColor:x.colour,fillOpacity:0.9}).addTo(map);
  m.bindTooltip(function(){var d=el('div');d.appendChild(el('b',q[2]));d.appendChild(el('div',x.title));return d;});
  ms[id]=m;});return {x:x,ms:ms};});
function paint(){
  var k=rkey(),pf=D.polygons[k]||{},sf=D.symbols[k]||{};
  polys.eachLayer(function(l){var id=l.feature.properties.id,c=pf[id];
    l.setStyle({fillColor:c?c.fill:D.noData,fillOpacity:hi[id]?0.85:0.3,color:hi[id]?'#333':'#999'});});
  Object.keys(circles).forEach(function(p){var c=sf[p],m=circles[p];
    if(!c){m.setStyle({opacity:0,fillOpacity:0});return;}
    m.setRadius(c.r);m.setStyle({opacity:1,fillOpacity:c.withheld?0:0.8,fillColor:c.withheld?D.withheld:D.symbolColour,
      dashArray:c.withheld?'2 2':null});});
  sites.forEach(function(s){var on={};(s.x.active[k]||[]).forEach(function(id){on[id]=true;});
    Object.keys(s.ms).forEach(function(id){var m=s.ms[id];
      if(on[id]){if(!map.hasLayer(m))m.addTo(map);}else if(map.hasLayer(m)){m.remove();}});});
  var h=D.headline[k]||{};
  D.metrics.forEach(function(m){var v=document.getElementById('fig-'+m);if(v)v.textContent=h[m]||D.words.noCount;});
  document.querySelectorAll('.round-text').forEach(function(e){e.textContent=D.rounds[cur].label;});
  var tb=document.getElementById('details-body');
  if(tb){tb.textContent='';(D.details[k]||[]).forEach(function(r){var tr=el('tr');tr.appendChild(el('td',r[0]));
    tr.appendChild(el('td',r[1],'num'));tb.appendChild(tr);});}
  document.body.setAttribute('data-round',k);
}
var slider=document.getElementById('round');
slider.max=String(D.rounds.length-1);slider.value=String(cur);
slider.addEventListener('input',function(){cur=+slider.value;paint();});
paint();
window.addEventListener('beforeprint',fit);window.addEventListener('afterprint',fit);
document.body.setAttribute('data-painted','1');
})();
"""


def render(content: Content) -> str:
    """The complete ``index.html``, in the language of the page it was published from (``View.lang``)."""
    esc = html.escape
    view = content.view
    words = Words(view.lang)
    labels = metric_labels(words)
    metric = labels[view.metric]
    published = words.t("Published {date}").format(date=words.moment(dt.datetime.fromisoformat(content.created)))
    first, last = words.round_label(content.rounds[0]), words.round_label(content.rounds[-1])
    span = first if first == last else f"{first} – {last}"  # one round is not a range ("R27 – R27")
    figures = "".join(
        f'<div class="figure"><div class="label">{esc(labels[m])} · {esc(content.area_label)} · '
        f'<span class="round-text"></span></div><div class="value" id="fig-{m}"></div></div>'
        for m in displacement.METRICS)
    legend = "".join(
        f'<div><i class="{kind}" style="background:{esc(colour)}"></i>{esc(label)}</div>'
        for kind, colour, label in legend_rows(content, words))
    notice = ""
    if content.illustrative_share > 0:
        notice = (f'<div class="notice" role="note"><b>{esc(words.t("Illustrative data."))}</b> '
                  + esc(words.t("{share} of the rows behind these figures were generated and calibrated to the "
                                "published totals of the IOM Libya Annual Report 2019; they are not real counts.")
                        .format(share=words.percent(content.illustrative_share))) + "</div>")
    boundary = ""
    if "Approximate" in content.boundary_label:
        boundary = f"<li>{esc(words.t('Boundaries are approximate (not official) and for display only.'))}</li>"
    k = content.threshold
    sources = "".join(f"<li>{esc(s)}</li>" for s in content.sources)
    detail_title = words.t("Per mantika") if view.selection().level in ("national", "region") \
        else words.t("Per baladiya")
    disclosure_note = words.t("Disclosure control: counts from 1 to {last} are shown as “<{k}” and left out of every "
                              "total; “x” marks a value withheld: several small counts together, or a value that "
                              "would let a small count be worked out from the totals shown beside it. "
                              "All figures are also in figures.csv.").format(last=k - 1, k=k)
    fixed = words.t("{published}; this page is a fixed copy and is never changed after publication.")
    meta = " · ".join([metric, content.area_label, span, published, words.t("Libya Operations Atlas (IOM Libya)"),
                       words.t("snapshot")])
    return f"""<!DOCTYPE html>
<html lang="{esc(words.lang)}" dir="{'rtl' if words.rtl else 'ltr'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Libya Operations Atlas snapshot">
<title>{esc(content.title)}</title>
<style>{_leaflet_css()}</style>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{esc(content.title)}</h1>
<div class="meta">{esc(meta)}
<span class="print-only">· {esc(words.t("shown:"))} <span class="round-text"></span></span></div>
</header>
{notice}
<main>
<section>
<div class="controls"><label for="round">{esc(words.t("DTM round"))}</label>
<input type="range" id="round" min="0" max="0" step="1" value="0" aria-label="{esc(words.t("DTM round"))}">
<span class="round-label round-text"></span></div>
<div id="map" role="img" aria-label="{esc(words.t("{metric} per area, {area}").format(
        metric=metric, area=content.area_label))}"></div>
</section>
<aside>
<div class="figures">{figures}</div>
<div class="legend"><h3>{esc(words.t("{metric} (people)").format(metric=metric))}</h3>{legend}</div>
<div class="details"><h3>{esc(detail_title)} · <span class="round-text"></span></h3>
<table><tbody id="details-body"></tbody></table></div>
</aside>
</main>
<footer class="sources"><h3>{esc(words.t("Sources and notes"))}</h3><ul>{sources}{boundary}
<li>{esc(disclosure_note)}</li>
<li>{esc(fixed.format(published=published))}</li></ul>
</footer>
<script type="application/json" id="snapshot-data">{_json(_data(content, words))}</script>
<script>{_leaflet_js()}</script>
<script>{_JS}</script>
</body>
</html>
"""
