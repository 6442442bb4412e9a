"""Time for every layer, read from the registry: the options a slider offers and
the rows that are "on" at a given time.

Why: each layer has its own time grain (a DTM round, a month, a day, an active
date range).  Pages ask one question — what is true at this time or in this
window — and this module answers it from the layer's declared ``time_kind``,
so a new layer needs no new time code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from geo.registry import Layer


@dataclass(frozen=True)
class Round:
    number: int
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.start.year == self.end.year:
            span = f"{self.start:%b}–{self.end:%b %Y}"
        else:
            span = f"{self.start:%b %Y}–{self.end:%b %Y}"
        return f"R{self.number} · {span}"


def rounds(frame: pd.DataFrame) -> list[Round]:
    """The DTM rounds present in a displacement table, oldest first."""
    if frame.empty:
        return []
    starts = frame.groupby("round")["round_start"].min()
    ends = frame.groupby("round")["round_end"].max()
    return [Round(int(n), starts[n], ends[n]) for n in sorted(starts.index)]


def months(frame: pd.DataFrame, layer: Layer) -> list[dt.date]:
    """The months present in a monthly layer, oldest first."""
    return sorted({d for d in frame[layer.time_field] if d is not None})


def span(frame: pd.DataFrame, layer: Layer) -> tuple[dt.date, dt.date] | None:
    """Earliest and latest date a layer's rows cover (for date-range controls)."""
    starts = [d for d in frame[layer.time_field] if d is not None and not pd.isna(d)]
    if not starts:
        return None
    ends = starts
    if layer.time_end_field and layer.time_end_field in frame:
        ends = starts + [d for d in frame[layer.time_end_field] if d is not None and not pd.isna(d)]
    return min(starts), max(ends)


def in_window(frame: pd.DataFrame, layer: Layer, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows that fall in (or, for ranges, overlap) ``start``..``end`` inclusive."""
    when = frame[layer.time_field]
    if layer.time_kind == "range":
        until = frame[layer.time_end_field].where(frame[layer.time_end_field].notna(), dt.date.max)
        mask = (when <= end) & (until >= start)
    else:
        mask = (when >= start) & (when <= end)
    return frame[mask.fillna(False).astype(bool)]


def at(frame: pd.DataFrame, layer: Layer, when: object) -> pd.DataFrame:
    """Rows that hold at ``when``: a round number, a month, or a date."""
    if layer.time_kind == "round":
        return frame[frame[layer.time_field] == int(when)]
    if layer.time_kind == "month":
        month = when.replace(day=1)
        return frame[frame[layer.time_field] == month]
    return in_window(frame, layer, when, when)


def latest_before(frame: pd.DataFrame, layer: Layer, when: dt.date) -> pd.DataFrame:
    """For each feature of a monthly layer, its last row on or before ``when``:
    e.g. a detention centre's status as last reported."""
    rows = frame[frame[layer.time_field] <= when]
    if rows.empty:
        return rows
    return rows.sort_values(layer.time_field).groupby(layer.id_field, as_index=False).tail(1)
