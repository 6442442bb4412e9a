"""What a view was filtered by, as its downloads say it.

A download carries the view's filters twice: for machines (``area=Sebha; rounds=26,27``, in the files' metadata,
the URL's keys and ISO dates), and for its reader ("Area: Sebha; Rounds: R26, R27" in the sidecar, in the view's
language: an Arabic view's said "Filters: area=Sebha; rounds=[26]", a Python list in English).  Pages build the
filters from their values with the functions below, so neither form is parsed back out of the other, and the
files' names take their area and period from the same values.  What the files say is in the view's language with
the files' Western digits (``geo.translations.Words``), as the rest of their text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from components.i18n import N_, lang
from geo.selection import Selection
from geo.translations import Words


@dataclass(frozen=True)
class Filter:
    """One filter of a view: ``key``/``value`` for machines, ``label`` (a catalogue message) and ``shown``
    (already in the reader's language) for people."""

    key: str
    label: str
    value: str
    shown: str


def _words() -> Words:
    return Words(lang())


def area(selection: Selection) -> Filter:
    """The area filtered to (its English name is the machine value, as the files' names use it)."""
    return Filter("area", N_("Area"), selection.label(), selection.label(lang()))


def rounds(numbers: Sequence[int]) -> Filter:
    """The DTM rounds shown."""
    return Filter("rounds", N_("Rounds"), ",".join(str(n) for n in numbers),
                  _words().t(", ").join(_words().round_name(n) for n in numbers))


def month(day: dt.date) -> Filter:
    """The month shown (``day`` is any day of it)."""
    return Filter("month", N_("Month"), f"{day:%Y-%m}", _words().month(day))


def months(first: dt.date, last: dt.date) -> Filter:
    """The months shown, first to last."""
    words = _words()
    shown = words.month(first) if first == last else f"{words.month(first)} – {words.month(last)}"
    return Filter("months", N_("Months"), f"{first:%Y-%m}..{last:%Y-%m}", shown)


def between(start: dt.date, end: dt.date) -> Filter:
    """Records active at some time between two days."""
    return Filter("active_between", N_("Active between"), f"{start.isoformat()}..{end.isoformat()}",
                  f"{_words().date(start)} – {_words().date(end)}")


def active_on(day: dt.date) -> Filter:
    """Records active on one day."""
    return Filter("active_on", N_("Facilities active on"), day.isoformat(), _words().date(day))


def choices(key: str, label: str, chosen: Iterable[str]) -> Filter:
    """Categories chosen (facility types, sectors, …), each named as the page's pills name it."""
    chosen = list(chosen)
    return Filter(key, label, ",".join(chosen), _words().t(", ").join(_words().t(c) for c in chosen) or "—")


def radius(km: int | None) -> Filter:
    """A service radius in km, or None for each facility's own."""
    words = _words()
    shown = words.t("{km} km").format(km=words.number(km)) if km else words.t("each facility's own")
    return Filter("radius", N_("Service radius"), str(km) if km else "own", shown)


def since(choice: str, moment: dt.datetime) -> Filter:
    """Only records new since a moment: ``choice`` as the URL holds it (``7d``, a date, "" for the reader's last
    visit), ``moment`` what it came to."""
    words = _words()
    moment = moment.astimezone(dt.UTC)
    midnight = moment.hour == moment.minute == moment.second == 0  # a day set by hand is named as the day
    return Filter("since", N_("New since"), choice or moment.isoformat(timespec="seconds"),
                  words.date(moment.date()) if midnight else words.moment(moment))


def machine(filters: Sequence[Filter]) -> str:
    """``area=Sebha; rounds=26,27``: the files' metadata."""
    return "; ".join(f"{f.key}={f.value}" for f in filters)


def reader(filters: Sequence[Filter]) -> str:
    """"Area: Sebha; Rounds: R26, R27" in the reader's language: the sidecar's line."""
    words = _words()
    return words.t("; ").join(words.t("{label}: {value}").format(label=words.t(f.label), value=f.shown)
                              for f in filters)


def area_name(filters: Sequence[Filter]) -> str:
    """The area's machine name, for the files' names ("" when the view has no area filter)."""
    return next((f.value for f in filters if f.key == "area"), "")


def period_name(filters: Sequence[Filter]) -> str:
    """The period's part of the files' names: ``R26-R27``, ``2019-12``, ``active-on-2019-12-31``, …"""
    for f in filters:
        if f.key == "rounds":
            return "-".join(f"R{n}" for n in f.value.split(","))
        if f.key == "active_on":
            return f"active-on-{f.value}"
        if f.key in ("month", "months", "active_between", "since"):
            return f.value
    return ""
