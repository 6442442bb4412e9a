"""A snapshot's images, drawn with matplotlib (no browser): ``map.png`` and charts.

Why without a browser: publishing must work from the command line and cron
on a server with no Chromium; matplotlib's Agg backend draws the same map
(the same classes and colours as ``index.html``, from published values only)
with its legend, title, source and publication date, at A4-landscape
proportions so it prints and pastes into reports as it is.

Images are in the snapshot's language, like its page: matplotlib (3.11, built with libraqm) shapes Arabic and
orders mixed text itself, and its bundled DejaVu Sans has the Arabic letters, so no font is needed from the
server.  In Arabic, titles and legends are set from the right and the bars grow leftwards from their names.
"""

from __future__ import annotations

import datetime as dt
import io

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import FuncFormatter

from geo import disclosure
from geo.snapshot_html import cell_text, legend_rows, metric_labels
from geo.snapshots import NO_DATA_COLOUR, Content, map_style
from geo.translations import Words

WIDTH_IN, HEIGHT_IN, DPI = 11.69, 8.27, 120  # A4 landscape
MAP_AXES = (0.02, 0.1, 0.66, 0.78)  # left, bottom, width, height (figure fraction)
LEGEND_AXES = (0.70, 0.1, 0.28, 0.78)
MAP_AXES_RTL = (0.32, 0.1, 0.66, 0.78)  # Arabic: the legend on the left, the map read first
LEGEND_AXES_RTL = (0.02, 0.1, 0.28, 0.78)


def _plain(text: str) -> str:
    """Text drawn as typed: matplotlib would read ``$...$`` as mathematics."""
    return text.replace("$", r"\$")


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _line(fig, words: Words, y: float, text: str, **kw) -> None:
    """A line of the figure from its reading edge: the left in English, the right in Arabic."""
    fig.text(0.98 if words.rtl else 0.02, y, text, ha="right" if words.rtl else "left", **kw)


def _footer(fig, content: Content, words: Words) -> None:
    created = dt.datetime.fromisoformat(content.created)
    note = words.t("Source: {source}. Published {date}. Libya Operations Atlas snapshot.").format(
        source=_plain(content.sources[0]), date=words.moment(created))
    if content.illustrative_share > 0:
        note += " " + words.t("Illustrative data: {share} of rows generated, calibrated to the 2019 report's "
                              "totals; not real counts.").format(share=words.percent(content.illustrative_share))
    _line(fig, words, 0.02, note, fontsize=7.5, wrap=True, va="bottom", color="#333")


def _heading(fig, content: Content, words: Words, top: float, gap: float, subtitle: str, size: float) -> None:
    """The snapshot's title and, ``gap`` (figure fraction) under it, what the image shows."""
    _line(fig, words, top, _plain(content.title), fontsize=size, weight="bold", va="top")
    _line(fig, words, top - gap, _plain(subtitle), fontsize=10.5 if size > 14 else 10, va="top", color="#444")


def _round_label(content: Content, words: Words) -> str:
    return words.round_label(next(r for r in content.rounds if r.number == content.view.current))


def _metric(content: Content, words: Words) -> str:
    return metric_labels(words)[content.view.metric]


def _png(fig) -> bytes:
    buf = io.BytesIO()
    # A bare Figure (no pyplot): no global state, safe in the app's threads.
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", metadata={"Software": "Libya Operations Atlas"})
    return buf.getvalue()


def map_png(content: Content) -> bytes:
    """The map at the snapshot's current round, with legend, title, source and date (legend on the reading side's
    far end: right of the map in English, left of it in Arabic)."""
    words = Words(content.view.lang)
    style = map_style(content)
    rnd = content.view.current
    label, metric, area = _round_label(content, words), _metric(content, words), _plain(content.area_label)
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    _heading(fig, content, words, 0.955, 0.04, f"{metric} · {area} · {label}", 15)
    ax = fig.add_axes(MAP_AXES_RTL if words.rtl else MAP_AXES)
    for feat in content.countries_geojson["features"]:
        for ring in _rings(feat["geometry"]):
            ax.add_patch(Polygon(ring, closed=True, facecolor="#f2f2f2", edgecolor="#bbbbbb", linewidth=0.5))
    fills = style.fills.get(rnd, {})
    highlight = set(content.highlight)
    for feat in content.mantika_geojson["features"]:
        pcode = feat["properties"]["id"]
        inside = pcode in highlight
        for ring in _rings(feat["geometry"]):
            ax.add_patch(Polygon(ring, closed=True, facecolor=fills.get(pcode, NO_DATA_COLOUR),
                                 edgecolor="#333333" if inside else "#999999", linewidth=0.6,
                                 alpha=0.9 if inside else 0.35))
    for pcode, cell in style.symbol_cells.get(rnd, {}).items():
        if pcode not in content.seats:
            continue
        lon, lat = content.seats[pcode]
        r = style.radius(cell)
        withheld = cell.status in (disclosure.PRIMARY, disclosure.SECONDARY)
        ax.scatter([lon], [lat], s=(r * 0.75) ** 2 * 3.14, facecolors="none" if withheld else "#E69F00",
                   edgecolors="#222222", linewidths=0.5, linestyle="--" if withheld else "-", zorder=3)
    for sites in content.sites:
        active = [sites.points[i] for i in sites.active.get(rnd, [])]
        if active:
            ax.scatter([q[0] for q in active], [q[1] for q in active], s=22, c=sites.colour, edgecolors="#222222",
                       linewidths=0.4, zorder=4)
    west, south, east, north = content.bounds
    ax.set_xlim(west - 0.3, east + 0.3)
    ax.set_ylim(south - 0.3, north + 0.6)
    ax.set_aspect(1.15)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#dfeaf2")
    legend_ax = fig.add_axes(LEGEND_AXES_RTL if words.rtl else LEGEND_AXES)
    legend_ax.axis("off")
    handles = []
    for kind, colour, text in legend_rows(content, words):
        if kind == "circle":
            handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=colour, markeredgecolor="#222",
                                  markersize=10, label=text))
        else:
            handles.append(Patch(facecolor=colour, edgecolor="#999999", label=text))
    side = "right" if words.rtl else "left"
    legend_ax.legend(handles=handles, loc=f"upper {side}", title=words.t("{metric} (people)").format(metric=metric),
                     fontsize=9, title_fontsize=10, frameon=False, alignment=side, markerfirst=not words.rtl)
    labels = metric_labels(words)
    no_count = words.t("no count")
    lines = [f"{labels[c.metric]}: {cell_text(c, content.threshold, words, no_count)}"
             for c in content.cells if c.level == "area" and c.round == rnd]
    legend_ax.text(1.0 if words.rtl else 0.0, 0.2, f"{area}{words.t(', ')}{label}\n" + "\n".join(lines),
                   fontsize=10, va="top", ha=side, transform=legend_ax.transAxes)
    _footer(fig, content, words)
    return _png(fig)


def trend_png(content: Content) -> bytes:
    """Area total of the metric per published round (axis from zero; withheld rounds marked).  Time runs from
    left to right in both languages, as the app's charts draw it."""
    words = Words(content.view.lang)
    metric = _metric(content, words)
    cells = {c.round: c for c in content.cells if c.level == "area" and c.metric == content.view.metric}
    xs, ys, gaps = [], [], []
    for i, r in enumerate(content.rounds):
        c = cells.get(r.number)
        if c is not None and c.status == disclosure.SHOWN and c.value is not None:
            xs.append(i)
            ys.append(c.value)
        else:
            gaps.append(i)
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN * 0.6))
    ax = fig.add_axes((0.08, 0.2, 0.88, 0.62))
    _heading(fig, content, words, 0.955, 0.055, words.t("{metric} · {area} · per DTM round").format(
        metric=metric, area=content.area_label), 13)
    ax.plot(xs, ys, marker="o", color="#0072B2")
    for i in gaps:
        ax.annotate(words.t("withheld (<{k} or x)").format(k=content.threshold), (i, 0), ha="center", fontsize=8,
                    color="#555")
    ax.set_xticks(range(len(content.rounds)), [words.round_name(r.number) for r in content.rounds])
    ax.set_ylim(bottom=0, top=max(ys, default=1) * 1.1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: words.number(v)))
    ax.set_ylabel(words.t("{metric} (people)").format(metric=metric))
    ax.grid(axis="y", color="#e5e5e5")
    _footer(fig, content, words)
    return _png(fig)


def areas_png(content: Content) -> bytes:
    """The metric per mantika (or per baladiya of a mantika) at the current round,
    largest first; a withheld value gets no bar, only its mark."""
    words = Words(content.view.lang)
    rnd = content.view.current
    label, metric, area = _round_label(content, words), _metric(content, words), content.area_label
    per_mantika = content.view.selection().level in ("national", "region")
    level = "mantika" if per_mantika else "baladiya"
    cells = [c for c in content.cells if c.round == rnd and c.metric == content.view.metric and c.level == level]
    cells.sort(key=lambda c: (c.status != disclosure.SHOWN, -(c.value or 0) if c.status == disclosure.SHOWN else 0))
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    subtitle = (words.t("{metric} per mantika · {area} · {round}") if per_mantika
                else words.t("{metric} per baladiya · {area} · {round}")).format(metric=metric, area=area, round=label)
    _heading(fig, content, words, 0.965, 0.035, subtitle, 13)
    ax = fig.add_axes((0.06, 0.12, 0.74, 0.78) if words.rtl else (0.2, 0.12, 0.74, 0.78))
    names = [_plain(words.pick(c.name_en, c.name_ar)) for c in cells]
    widths = [c.value if c.status == disclosure.SHOWN and c.value is not None else 0 for c in cells]
    ax.barh(range(len(cells)), widths, color="#0072B2")
    for i, c in enumerate(cells):
        if c.status != disclosure.SHOWN:
            mark = c.text(content.threshold) or words.t("no data")
            ax.text(0, i, f"{mark}  " if words.rtl else f"  {mark}", va="center", ha="right" if words.rtl else "left",
                    fontsize=8, color="#555")
    ax.set_yticks(range(len(cells)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(left=0, right=max(widths, default=1) * 1.05 or 1)
    if words.rtl:  # bars grow leftwards from their names, on the right
        ax.invert_xaxis()
        ax.yaxis.tick_right()
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: words.number(v)))
    ax.set_xlabel(words.t("{metric} (people)").format(metric=metric))
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    _footer(fig, content, words)
    return _png(fig)
