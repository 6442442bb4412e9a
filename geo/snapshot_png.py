"""A snapshot's images, drawn with matplotlib (no browser): ``map.png`` and charts.

Why without a browser: publishing must work from the command line and cron
on a server with no Chromium; matplotlib's Agg backend draws the same map
(the same classes and colours as ``index.html``, from published values only)
with its legend, title, source and publication date, at A4-landscape
proportions so it prints and pastes into reports as it is.

Arabic text is not shaped by matplotlib, so images always use English names.
"""

from __future__ import annotations

import datetime as dt
import io

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import FuncFormatter

from geo import disclosure, displacement
from geo.snapshot_html import legend_rows
from geo.snapshots import NO_DATA_COLOUR, Content, map_style

WIDTH_IN, HEIGHT_IN, DPI = 11.69, 8.27, 120  # A4 landscape
MAP_AXES = (0.02, 0.1, 0.66, 0.78)  # left, bottom, width, height (figure fraction)
LEGEND_AXES = (0.70, 0.1, 0.28, 0.78)


def _plain(text: str) -> str:
    """Text drawn as typed: matplotlib would read ``$...$`` as mathematics."""
    return text.replace("$", r"\$")


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _footer(fig, content: Content) -> None:
    created = dt.datetime.fromisoformat(content.created)
    note = (f"Source: {_plain(content.sources[0])}. Published {created:%d %b %Y %H:%M} UTC. "
            "Libya Operations Atlas snapshot.")
    if content.illustrative_share > 0:
        note += (f" Illustrative data: {content.illustrative_share:.0%} of rows generated, calibrated to the "
                 "2019 report's totals; not real counts.")
    fig.text(0.02, 0.02, note, fontsize=7.5, wrap=True, va="bottom", color="#333")


def _png(fig) -> bytes:
    buf = io.BytesIO()
    # A bare Figure (no pyplot): no global state, safe in the app's threads.
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", metadata={"Software": "Libya Operations Atlas"})
    return buf.getvalue()


def map_png(content: Content) -> bytes:
    """The map at the snapshot's current round, with legend, title, source and date."""
    style = map_style(content)
    rnd = content.view.current
    label = next(r.label for r in content.rounds if r.number == rnd)
    metric = displacement.METRIC_LABELS[content.view.metric]
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    fig.text(0.02, 0.955, _plain(content.title), fontsize=15, weight="bold", va="top")
    area = _plain(content.cells[0].name_en if content.cells else "")
    fig.text(0.02, 0.915, f"{metric} · {area} · {label}", fontsize=10.5, va="top", color="#444")
    ax = fig.add_axes(MAP_AXES)
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
    legend_ax = fig.add_axes(LEGEND_AXES)
    legend_ax.axis("off")
    handles = []
    for kind, colour, text in legend_rows(content):
        if kind == "circle":
            handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=colour, markeredgecolor="#222",
                                  markersize=10, label=text))
        else:
            handles.append(Patch(facecolor=colour, edgecolor="#999999", label=text))
    legend_ax.legend(handles=handles, loc="upper left", title=f"{metric} (people)", fontsize=9, title_fontsize=10,
                     frameon=False, alignment="left")
    headline = [c for c in content.cells if c.level == "area" and c.round == rnd]
    lines = [f"{displacement.METRIC_LABELS[c.metric]}: {c.text(content.threshold, thousands=True) or 'no count'}"
             for c in headline]
    legend_ax.text(0.0, 0.2, f"{area}, {label}\n" + "\n".join(lines), fontsize=10, va="top",
                   transform=legend_ax.transAxes)
    _footer(fig, content)
    return _png(fig)


def trend_png(content: Content) -> bytes:
    """Area total of the metric per published round (axis from zero; withheld rounds marked)."""
    metric = content.view.metric
    label = displacement.METRIC_LABELS[metric]
    cells = {c.round: c for c in content.cells if c.level == "area" and c.metric == metric}
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
    fig.text(0.02, 0.955, _plain(content.title), fontsize=13, weight="bold", va="top")
    area = _plain(content.cells[0].name_en if content.cells else "")
    fig.text(0.02, 0.9, f"{label} · {area} · per DTM round", fontsize=10, va="top", color="#444")
    ax.plot(xs, ys, marker="o", color="#0072B2")
    for i in gaps:
        ax.annotate(f"withheld (<{content.threshold} or x)", (i, 0), ha="center", fontsize=8, color="#555")
    ax.set_xticks(range(len(content.rounds)), [f"R{r.number}" for r in content.rounds])
    ax.set_ylim(bottom=0, top=max(ys, default=1) * 1.1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(f"{label} (people)")
    ax.grid(axis="y", color="#e5e5e5")
    _footer(fig, content)
    return _png(fig)


def areas_png(content: Content) -> bytes:
    """The metric per mantika (or per baladiya of a mantika) at the current round,
    largest first; a withheld value gets no bar, only its mark."""
    rnd = content.view.current
    label = next(r.label for r in content.rounds if r.number == rnd)
    metric = displacement.METRIC_LABELS[content.view.metric]
    level = "mantika" if content.view.selection().level in ("national", "region") else "baladiya"
    cells = [c for c in content.cells if c.round == rnd and c.metric == content.view.metric and c.level == level]
    cells.sort(key=lambda c: (c.status != disclosure.SHOWN, -(c.value or 0) if c.status == disclosure.SHOWN else 0))
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    fig.text(0.02, 0.965, _plain(content.title), fontsize=13, weight="bold", va="top")
    area = _plain(content.cells[0].name_en if content.cells else "")
    fig.text(0.02, 0.93, f"{metric} per {level} · {area} · {label}", fontsize=10, va="top", color="#444")
    ax = fig.add_axes((0.2, 0.12, 0.74, 0.78))
    names = [_plain(c.name_en) for c in cells]
    widths = [c.value if c.status == disclosure.SHOWN and c.value is not None else 0 for c in cells]
    ax.barh(range(len(cells)), widths, color="#0072B2")
    for i, c in enumerate(cells):
        if c.status != disclosure.SHOWN:
            ax.text(0, i, "  " + (c.text(content.threshold) or "no data"), va="center", fontsize=8, color="#555")
    ax.set_yticks(range(len(cells)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(left=0, right=max(widths, default=1) * 1.05 or 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(f"{metric} (people)")
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    _footer(fig, content)
    return _png(fig)
