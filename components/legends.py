"""Colour scales, palettes and legends: how a value becomes a colour, and the legend that says so.

Why one module: the map's class colouring (``sequential_colours``), the
categorical and diverging palettes and every legend block the payload carries
were spread over ``components.map``, ``components.layers`` and pages, so two
views of the same figure could drift apart.  Pages and ``components.layers``
take colours and legends from here; ``components.map`` only draws them.

Legend blocks are HTML inserted into the map: every piece of text is escaped
here, so this is the only safe way to put data-derived text into
``payload["legend"]``.
"""

from __future__ import annotations

import html
import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from components import locale
from components.i18n import t

#: Fill for features without a value (caller's choice to use it).
NO_DATA_COLOUR = "#f4f4f4"

# ColorBrewer YlGnBu (9 classes), minus the near-white first step so the
# lowest class still stands out from the grey basemap. Sequential,
# colour-blind safe and print friendly.
_RAMP_ANCHORS = (
    "#edf8b1",
    "#c7e9b4",
    "#7fcdbb",
    "#41b6c4",
    "#1d91c0",
    "#225ea8",
    "#253494",
    "#081d58",
)

# Okabe–Ito: a categorical palette readable by colour-blind users.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

# Diverging, colour-blind safe (ColorBrewer PuOr): purple = decrease, orange = increase.
DIVERGING = ["#542788", "#998ec3", "#d8daeb", "#f7f7f7", "#fee0b6", "#f1a340", "#b35806"]


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def colour_ramp(n: int) -> list[str]:
    """``n`` colours evenly spaced along the colour-blind-safe YlGnBu ramp,
    light (low) to dark (high)."""
    if n <= 0:
        return []
    if n == 1:
        return [_RAMP_ANCHORS[len(_RAMP_ANCHORS) // 2]]
    out = []
    last = len(_RAMP_ANCHORS) - 1
    for i in range(n):
        pos = i * last / (n - 1)
        lo = min(int(pos), last - 1)
        t = pos - lo
        a, b = _hex_to_rgb(_RAMP_ANCHORS[lo]), _hex_to_rgb(_RAMP_ANCHORS[lo + 1])
        rgb = (round(a[k] + (b[k] - a[k]) * t) for k in range(3))
        out.append("#{:02x}{:02x}{:02x}".format(*rgb))
    return out


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    pos = q * (len(sorted_values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def sequential_colours(
    values: Sequence[float | None],
    n_classes: int = 5,
    *,
    breaks: Sequence[float] | None = None,
) -> tuple[list[str | None], list[float]]:
    """Classify ``values`` into quantile classes and colour them.

    Returns ``(colours_by_index, class_breaks)``: one colour per input value
    (``None`` for missing/NaN values, so the caller decides how to show "no
    data"), and the ``k + 1`` ascending class boundaries. Class ``i`` is
    ``(breaks[i], breaks[i+1]]``; the first class also includes
    ``breaks[0]``. Quantiles, because humanitarian counts are heavily skewed:
    equal intervals would paint almost everything in the lowest class.
    Ties can merge classes, so ``k`` may be smaller than ``n_classes``; the
    class colours are ``colour_ramp(len(class_breaks) - 1)``.

    Pass ``breaks`` (e.g. computed once over all rounds) to keep colours
    comparable across a time slider instead of re-classifying every step.
    Values outside ``breaks`` fall into the first/last class.
    """
    if n_classes < 1:
        raise ValueError("n_classes must be >= 1")
    finite = sorted(float(v) for v in values if _finite(v))
    if breaks is not None:
        cuts = [float(b) for b in breaks]
        if len(cuts) < 2 or any(cuts[i] >= cuts[i + 1] for i in range(len(cuts) - 1)):
            raise ValueError("breaks must be >= 2 strictly increasing numbers")
    elif not finite:
        return [None] * len(values), []
    else:
        raw = [_quantile(finite, i / n_classes) for i in range(n_classes + 1)]
        if all(float(v).is_integer() for v in finite):
            raw = [float(round(b)) for b in raw]
        cuts = []
        for b in raw:
            if not cuts or b > cuts[-1]:
                cuts.append(b)
        if len(cuts) == 1:  # all values equal: one class
            cuts = [cuts[0], cuts[0]]
    k = len(cuts) - 1
    ramp = colour_ramp(k)
    colours: list[str | None] = []
    for v in values:
        if not _finite(v):
            colours.append(None)
            continue
        idx = bisect_left(cuts, float(v)) - 1
        colours.append(ramp[min(max(idx, 0), k - 1)])
    return colours, cuts


def _fmt_number(value: float, integral: bool) -> str:
    """A class break in the reader's locale and digits, as the values in the map's tooltips (seen: "0 – 7,538" in a
    legend beside Arabic-Indic tooltips and headlines)."""
    if integral or value == 0:
        return locale.number(value)
    return locale.number(value, decimals=max(0, 2 - math.floor(math.log10(abs(value)))))


def legend_html(
    title: str,
    unit: str,
    breaks: Sequence[float],
    colours: Sequence[str] | None = None,
    *,
    no_data_colour: str | None = None,
    note: str = "",
    no_data_label: str = "No data",
) -> str:
    """Legend block (HTML) for a class-based choropleth, for the payload.

    ``note`` (escaped) says how the classes were made, e.g. fixed over all rounds.

    ``colours`` defaults to ``colour_ramp(len(breaks) - 1)``, i.e. what
    ``sequential_colours`` used. Title and unit are escaped here; the result
    is inserted as HTML into the map, so it is the only safe way to put
    data-derived text into ``payload["legend"]``. Concatenate several
    legends for several layers.
    """
    k = max(len(breaks) - 1, 0)
    cols = list(colours) if colours is not None else colour_ramp(k)
    if len(cols) < k:
        raise ValueError(f"need {k} colours for {len(breaks)} breaks, got {len(cols)}")
    integral = all(float(b).is_integer() for b in breaks)
    unit_html = f' <span class="atlas-legend-unit">({html.escape(unit)})</span>' if unit else ""
    parts = [
        '<div class="atlas-legend-block">',
        f'<div class="atlas-legend-title">{html.escape(title)}{unit_html}</div>',
    ]
    for i in range(k):
        lo, hi = _fmt_number(breaks[i], integral), _fmt_number(breaks[i + 1], integral)
        label = lo if lo == hi else f"{lo} \u2013 {hi}"
        parts.append(
            '<div class="atlas-legend-row">'
            f'<i class="atlas-legend-swatch" style="background:{html.escape(cols[i])}"></i>'
            f"{label}</div>"
        )
    if no_data_colour:
        parts.append(
            '<div class="atlas-legend-row">'
            f'<i class="atlas-legend-swatch" style="background:{html.escape(no_data_colour)}"></i>'
            f"{html.escape(no_data_label)}</div>"
        )
    if note:
        parts.append(f'<div class="atlas-legend-note">{html.escape(note)}</div>')
    parts.append("</div>")
    return "".join(parts)


def size_legend(title: str, unit: str, max_value: float, colour: str, shown_max: float | None = None,
                scope: str = "", zoomed: bool = False) -> str:
    """A legend for proportional symbols that states the real maximum.

    ``max_value`` is the value drawn at full size (the scale, often fixed over
    all periods so sizes compare); ``shown_max`` the largest value actually on
    the map now, stated as such when it differs, and NaN when no circle on the
    map has a value (none in the area, or all withheld from the public): then
    the legend says so (seen: "largest shown = 1", the scale's safe divisor,
    beside an area with no point).  ``zoomed``: the view is of an area while
    the map's circles are all of Libya's: the largest is said to be Libya's
    (seen: "largest shown = 137,549" beside an area of 2,347 in all).
    """
    esc = html.escape
    largest = t("largest in all of Libya") if zoomed else t("largest shown")
    if shown_max is not None and pd.isna(shown_max):
        text = t("circle area ∝ value; no value shown in this view")
    elif shown_max is None or float(shown_max) == float(max_value):
        text = t("circle area ∝ value; {largest} = {n}").format(largest=largest, n=locale.value(max_value))
    else:
        text = t("circle area ∝ value; {largest} = {shown}; full-size circle = {n}").format(
            largest=largest, shown=locale.value(shown_max), n=locale.value(max_value)) \
            + (f" ({t(scope)})" if scope else "")
    return (f'<div class="atlas-legend-block"><div class="atlas-legend-title">{esc(title)} ({esc(unit)})</div>'
            f'<div><span style="display:inline-block;width:14px;height:14px;border-radius:7px;'
            f'background:{colour}"></span> {esc(text)}</div></div>')


def category_legend(title: str, colours: dict[str, str]) -> str:
    esc = html.escape
    rows = "".join(f'<div><span style="display:inline-block;width:12px;height:12px;background:{c};'
                   f'margin-inline-end:4px"></span>{esc(t(k))}</div>' for k, c in colours.items())
    return f'<div class="atlas-legend-block"><div class="atlas-legend-title">{esc(title)}</div>{rows}</div>'


def category_colours(values: Iterable[str]) -> dict[str, str]:
    return {v: CATEGORICAL[i % len(CATEGORICAL)] for i, v in enumerate(values)}


def diverging_edges(top: float) -> list[float]:
    """The eight class edges of a change map whose largest absolute change is ``top``:
    finer near zero, symmetric, one class per ``DIVERGING`` colour."""
    return [-top, -top / 2, -top / 8, -top / 64, top / 64, top / 8, top / 2, top]


def diverging_colour(value: float, edges: Sequence[float]) -> str:
    """The ``DIVERGING`` colour of one change (``NO_DATA_COLOUR`` for NaN)."""
    if value != value:
        return NO_DATA_COLOUR
    return DIVERGING[next((i for i in range(7) if value <= edges[i + 1]), 6)]


def diverging_legend(title: str, unit: str, edges: Sequence[float]) -> str:
    """Legend block of a change map: one signed range per ``DIVERGING`` class."""
    rows = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;background:{c};margin-inline-end:4px">'
        f'</span><bdi>{locale.number(lo, signed=True)}</bdi> … <bdi>{locale.number(hi, signed=True)}</bdi></div>'
        for c, lo, hi in zip(DIVERGING, edges[:-1], edges[1:], strict=True))
    return (f'<div class="atlas-legend-block"><div class="atlas-legend-title">{html.escape(title)} '
            f'({html.escape(unit)})</div>{rows}</div>')


def fixed_classes_note(frame: pd.DataFrame, level: str) -> str:
    """The legend's sentence for ``geo.classes`` breaks, in the reader's language."""
    rounds = sorted(int(r) for r in frame["round"].dropna().unique())
    span = ""
    if rounds:
        first, last = locale.round_name(rounds[0]), locale.round_name(rounds[-1])
        span = first if first == last else f"{first}–{last}"
    return t("Classes: quintiles of all {level} values {span}, fixed across rounds and pages.").format(
        level=t("mantika") if level == "mantika" else t("baladiya"), span=span)
