"""Plotly charts with the atlas's conventions: colour-blind-safe colours,
a caption with the source, and PNG download from the chart's own toolbar
(rendered in the browser: works offline).

Figures are built once per distinct input (``st.cache_resource``, keyed by
the hashed inputs): building a
plotly-express figure costs tens of milliseconds, and most charts do not change
when the time slider moves, so the slider's rerun path skips them.  An
identical figure also reaches the browser as a cached reference, not as bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import locale, map_first, stand_in
from components.i18n import rtl, t, tn
from components.legends import CATEGORICAL
from components.safe_text import md_text, plotly_frame, plotly_text
from components.vocabulary import CATEGORY_COLUMNS

CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2},
          "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _config() -> dict:
    """Plotly's settings for a chart; in Arabic with the words of its toolbar and of its notices (Plotly writes
    them in English: "Download plot as a PNG", "Double-click to zoom back out"), given as a locale of its own."""
    if not rtl():
        return CONFIG
    words = {
        "Download plot as a PNG": t("Download plot as a PNG"), "Download plot": t("Download plot"),
        "Zoom": t("Zoom"), "Pan": t("Pan"), "Zoom in": t("Zoom in"), "Zoom out": t("Zoom out"),
        "Autoscale": t("Autoscale"), "Reset axes": t("Reset axes"),
        "Double-click to zoom back out": t("Double-click to zoom back out"),
        "Double-click on legend to isolate one trace": t("Double-click on legend to isolate one trace"),
        "Preparing image - this may take a few seconds": t("Preparing image - this may take a few seconds"),
        "Image download succeeded": t("Image download succeeded"),
        "Sorry, there was a problem downloading your image!": t("Sorry, there was a problem downloading your image!"),
    }
    return {**CONFIG, "locale": "ar", "locales": {"ar": {"dictionary": words}}}
HEIGHT = 330
TITLE_WIDTH = 40  # characters per line of a chart's title: one line fits a phone's chart (390 px screen)
TITLE_LINE = 24  # pixels per line of a chart's title, above the plot
LEGEND = 40  # pixels for a legend at the chart's foot
_WRITTEN = "_written"  # a column of the drawn values as the reader's locale writes them (Arabic only)


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(kind: str, frame: pd.DataFrame, x: str, y: str, color: str | None, title: str,
            labels: dict | None, horizontal: bool, grouped: bool = False, right_to_left: bool = False,
            separators: str = ".,", ticks: tuple[tuple[float, str], ...] | None = None,
            timeline: tuple[str, ...] | None = None) -> go.Figure:
    written = [_WRITTEN] if _WRITTEN in frame.columns else None  # values written by locale, for the hover
    if kind == "line":
        fig = px.line(frame, x=x, y=y, color=color, markers=True, title=title, labels=labels or {},
                      custom_data=written)
    else:
        fig = px.bar(frame, x=y if horizontal else x, y=x if horizontal else y, color=color, title=title,
                     labels=labels or {}, orientation="h" if horizontal else "v",
                     barmode="group" if grouped else "relative", custom_data=written)
    if written:
        name = (labels or {}).get
        where = "y" if horizontal else "x"  # the category axis
        series = f"{name(color, color)}: %{{fullData.name}}<br>" if color else ""
        fig.update_traces(hovertemplate=f"{series}{name(x, x)}: %{{{where}}}<br>"
                                        f"{name(y, y)}: %{{customdata[0]}}<extra></extra>")
    labelled = kind == "bar" and horizontal and color is None
    if labelled:
        # Each bar says its value at its end: a bar of 0 is otherwise no bar at all, and reads as a gap.
        # (In Arabic the value is written by locale, as for the hover.)
        whole = bool((pd.to_numeric(frame[y], errors="coerce").dropna() % 1 == 0).all())
        fig.update_traces(texttemplate="%{customdata[0]}" if written else "%{x:,.0f}" if whole else "%{x:,.1f}",
                          textposition="outside", cliponaxis=False)
    # The title stands on its own lines (_title_lines) between Plotly's toolbar (top right, always shown on a phone)
    # and the plot, not behind the toolbar. The legend stands at the figure's foot, below the category axis's
    # title (at a fixed place under the plot it was drawn over it: "Mantika" beside "DTM round" on a phone).
    start = {"x": 1 if right_to_left else 0, "xanchor": "right" if right_to_left else "left"}
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40 + TITLE_LINE * (title.count("<br>") + 1), "b": 10},
                      title={**start, "y": 1, "yref": "paper", "yanchor": "bottom", "pad": {"b": 10}},
                      legend={**start, "orientation": "h", "y": 0, "yref": "container", "yanchor": "bottom"},
                      height=_height(frame, x, horizontal, title.count("<br>"), color is not None),
                      colorway=CATEGORICAL, separators=separators)
    fig.update_xaxes(automargin=True)
    # Honest axes: counts start at zero (bars always do; lines too, so a change is not exaggerated).
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    value_axis(rangemode="tozero", tickformat=",")
    if labelled and not right_to_left:  # room right of the longest bar for its value
        fig.update_layout(margin={"r": 44})
    if ticks:  # the value axis's numbers written by locale (Plotly's own are always 0-9)
        value_axis(tickmode="array", tickvals=[v for v, _ in ticks], ticktext=[text for _, text in ticks])
    if horizontal:
        fig.update_yaxes(tickmode="linear", automargin=True)
    if right_to_left:
        # Right-to-left readers read a category axis from the right: mirror it
        # (for horizontal bars, the bars grow leftwards from an axis on the right).
        # The months are text here (components.locale writes them), which a phone slants: the axis makes room
        # for them and its title (automargin).
        fig.update_xaxes(autorange="reversed")
        fig.update_yaxes(side="right")
        if labelled:  # the bars' values stand left of their ends: room for the longest's
            fig.update_layout(margin={"l": 44})
        if timeline and not horizontal:  # months or days written as text, each in its place (_time_places)
            fig.update_xaxes(categoryorder="array", categoryarray=list(timeline), **_time_ticks(list(timeline)))
    return fig  # shared between sessions: never modified after this point


def _chart(kind: str, frame: pd.DataFrame, x: str, y: str, *, title: str, key: str, source: str,
           color: str | None, illustrative: bool, labels: dict | None, horizontal: bool = False,
           grouped: bool = False, withheld: int = 0) -> None:
    """``source``: already in the reader's words (``LayerData.source_in(citations.source_name)`` names each of a
    layer's sources). ``withheld``: how many of ``frame``'s values were emptied for the public
    (``public_figures.chart_values``); the caption says so, and a chart with nothing left to draw is not drawn."""
    if frame.empty:
        st.info(t("No data for this chart."))
        return
    if withheld and pd.to_numeric(frame[y], errors="coerce").isna().all():
        st.info(t("{title}: every value is withheld (disclosure control).").format(title=title))
        return
    if not map_first.in_sight():  # below the map, not yet scrolled to: a box of its size (components.stand_in)
        stand_in.below(title, _height(frame, x, horizontal, _title_lines(title).count("<br>"), color is not None))
    else:
        _draw(kind, frame, x, y, title=title, key=key, color=color, labels=labels, horizontal=horizontal,
              grouped=grouped)
    note = " " + tn("{n} value is withheld (disclosure control) and not drawn.",
                    "{n} values are withheld (disclosure control) and not drawn.", withheld).format(
        n=locale.number(withheld)) if withheld else ""
    st.caption(t("Source: {source}").format(source=md_text(source))
               + (t(" — illustrative figures") if illustrative else "") + t(". PNG: camera icon on the chart.")
               + note)


def _title_lines(title: str) -> str:
    """``title`` as Plotly text in lines of at most ``TITLE_WIDTH`` characters, broken between words: Plotly does
    not wrap a title, and on a phone one line of 50 characters ran past the chart's right edge."""
    lines = textwrap.wrap(title, TITLE_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]
    return "<br>".join(plotly_text(line) for line in lines)


def _height(frame: pd.DataFrame, x: str, horizontal: bool, breaks: int = 0, legend: bool = False) -> int:
    """A chart's height: one readable label per bar for horizontal bars (they grow with the number of bars), and
    room for a title's further lines (``breaks``) and a legend, which otherwise squeeze the plot."""
    plot = max(HEIGHT, 22 * frame[x].nunique() + 90) if horizontal else HEIGHT
    return plot + TITLE_LINE * breaks + (LEGEND if legend else 0)


def _draw(kind: str, frame: pd.DataFrame, x: str, y: str, *, title: str, key: str, color: str | None,
          labels: dict | None, horizontal: bool, grouped: bool) -> None:
    columns = list(dict.fromkeys(c for c in (x, y, color) if c))
    plain = pd.DataFrame({c: frame[c].to_numpy() for c in columns})  # only what is drawn: cheap to hash
    timeline = _time_places(plain[x]) if rtl() and _all_dates(plain[x]) else None
    # One date alone is written as text too: Plotly's date axis marks its hours ("00:00:00 Jan 1, 2024", seen
    # under a month's import on Disembarkation).
    if rtl() or (_all_dates(plain[x]) and plain[x].nunique() == 1):
        plain[x] = _dates_as_labels(plain[x])
        if color and color in CATEGORY_COLUMNS:
            plain[color] = plain[color].map(lambda v: t(v) if isinstance(v, str) else v)
    category = horizontal or not (pd.api.types.is_numeric_dtype(plain[x])
                                  or pd.api.types.is_datetime64_any_dtype(plain[x])
                                  or isinstance(plain[x].iloc[0], dt.date))
    # Data text (names, categories, titles) is shown as text, never read as Plotly's HTML subset.
    plain = plotly_frame(plain, columns)
    safe_labels = {k: plotly_text(v) for k, v in (labels or {}).items()} or None
    # Plotly writes numbers with the locale's separators (decimal, group); its digits stay 0-9, so in
    # Arabic the value axis gets its tick labels from ``components.locale``.
    separators = ",." if locale.code() == "ar_LY" else ".,"
    ticks = None
    if rtl():  # the value axis and the hover's value (its category is already text written by locale)
        values = pd.to_numeric(plain[y], errors="coerce")
        whole = bool((values.dropna() % 1 == 0).all())
        ticks = _value_ticks(values, plain[x], color is not None and not (grouped or kind == "line"), whole,
                             bars=kind == "bar")
        plain[_WRITTEN] = values.map(lambda v: locale.number(v, decimals=0 if whole else 1))
    st.plotly_chart(_figure(kind, plain, x, y, color, _title_lines(title), safe_labels, horizontal, grouped,
                            rtl() and category, separators, ticks, timeline),
                    key=key, config=_config(), width="stretch")


def _value_ticks(values: pd.Series, categories: pd.Series, stacked: bool, whole: bool, bars: bool = False
                 ) -> tuple[tuple[float, str], ...] | None:
    """Ticks for the value axis, from zero to the top of the axis, at a round step (1, 2 or 5 × a power of ten,
    about five ticks; at least 1 for ``whole`` counts), each written in the reader's locale and digits.

    The top is the tallest bar (or stack, ``stacked``) or highest point; for ``bars`` Plotly's axis goes 5 % above
    it (top ÷ 0.95), as the English chart shows: 24 projects get a tick at 25 above them, not a last one at 20."""
    tallest = values.groupby(categories.to_numpy()).sum() if stacked else values
    top = float(tallest.max()) if tallest.notna().any() else 0.0
    if not math.isfinite(top) or top <= 0 or float(values.min()) < 0:
        return None  # nothing to mark, or negative values (a change): leave the axis to Plotly
    rough = top / 5
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    if whole:  # counts: no tick between two whole numbers
        step = max(step, 1.0)
    count = math.floor((top / 0.95 if bars else top) / step + 1e-9) + 1
    decimals = max(0, -math.floor(math.log10(step)))
    return tuple((round(i * step, decimals), locale.number(i * step, decimals=decimals)) for i in range(count))


MAX_TIME_TICKS = 6


def _time_ticks(labels: list[str]) -> dict:
    """A time axis written as text (right to left): at most ``MAX_TIME_TICKS`` labels, the latest always among
    them, each on two lines (the year under its month or day) and upright.  Plotly shows every category: twelve months,
    slanted, took half of a phone's chart."""
    step = math.ceil(len(labels) / MAX_TIME_TICKS)
    shown = labels[::-1][::step][::-1]
    two_lines = ["<br>".join(v.rpartition(" ")[::2]) if " " in v else v for v in shown]
    return {"tickmode": "array", "tickvals": shown, "ticktext": two_lines, "tickangle": 0}


# A time axis written as text keeps time's spacing: every month (or day) from the first to the last has its place,
# drawn or not (seen in Arabic: 2019's twelve months and an imported February 2024 stood side by side, where the
# English chart's date axis leaves four years between them).  Up to this many places; a longer axis has only the
# periods drawn.
MAX_TIME_PLACES = 2000


def _time_places(values: pd.Series) -> tuple[str, ...]:
    """The places of a time axis written as text, in order: every month (when each date is a month's first) or
    day from the first of ``values`` to the last, written as ``_dates_as_labels`` writes them."""
    dates = sorted({dt.date(v.year, v.month, v.day) for v in values})
    first, last = dates[0], dates[-1]
    monthly = all(d.day == 1 for d in dates)
    count = (last.year - first.year) * 12 + last.month - first.month + 1 if monthly else (last - first).days + 1
    if count <= MAX_TIME_PLACES:
        dates = [dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) if monthly
                 else first + dt.timedelta(days=i) for i in range(count)]
    return tuple(_written_date(d, monthly) for d in dates)


def _all_dates(values: pd.Series) -> bool:
    """A time axis: every value a date (``_dates_as_labels`` writes them as text)."""
    return not values.empty and all(isinstance(v, dt.date) for v in values)


def _dates_as_labels(values: pd.Series) -> pd.Series:
    """Dates written by locale (Plotly's own date axis speaks English only): the
    axis becomes an ordered category axis, which right-to-left charts mirror."""
    if not _all_dates(values):
        return values
    monthly = all(v.day == 1 for v in values)
    return values.map(lambda v: _written_date(v, monthly))


def _written_date(value: dt.date, monthly: bool) -> str:
    """A date on a time axis written as text: its month ("Feb 2024") when every date is a month's first, else
    the day."""
    return locale.month(value, short=True) if monthly else locale.date(value, short=True)


def line(frame: pd.DataFrame, x: str, y: str, *, title: str, key: str, source: str, color: str | None = None,
         illustrative: bool = False, labels: dict | None = None, withheld: int = 0) -> None:
    _chart("line", frame, x, y, title=title, key=key, source=source, color=color, illustrative=illustrative,
           labels=labels, withheld=withheld)


def bar(frame: pd.DataFrame, x: str, y: str, *, title: str, key: str, source: str, color: str | None = None,
        illustrative: bool = False, labels: dict | None = None, horizontal: bool = False,
        grouped: bool = False, withheld: int = 0) -> None:
    """Bars from zero; ``color`` stacks them (parts of a whole) unless ``grouped`` (measures that overlap)."""
    _chart("bar", frame, x, y, title=title, key=key, source=source, color=color, illustrative=illustrative,
           labels=labels, horizontal=horizontal, grouped=grouped, withheld=withheld)
