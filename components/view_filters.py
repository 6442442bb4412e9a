"""What a view was filtered by, as its downloads say it.

A download carries the view's filters twice: for machines (``area=LY0319; rounds=26,27``: codes, numbers and ISO
dates, in the files' metadata), and for its reader ("Area: Sebha; Rounds: R26, R27" in the sidecar, in the view's
language).  Pages build the filters from the values they filtered with, through the functions below, so neither
form is parsed out of the other, and the files' names take their area and period from the same values.  What the
files say is in the view's language with the files' Western digits (``geo.translations.Words``), as the rest of
their text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from components.i18n import N_, lang
from geo import flash_events
from geo.selection import Selection
from geo.translations import Words


@dataclass(frozen=True)
class Filter:
    """One filter of a view: ``key``/``value`` for machines, ``label`` (a catalogue message) and ``shown``
    (already in the reader's language) for people, ``name`` what the files' names take from it ("" for
    ``value``)."""

    key: str
    label: str
    value: str
    shown: str
    name: str = ""


def _words() -> Words:
    return Words(lang())


def area(selection: Selection) -> Filter:
    """The area filtered to: its code (``LY`` for the country), its name for the reader, its English name in the
    files' names."""
    code = selection.baladiya or selection.mantika or selection.region or "LY"
    return Filter("area", N_("Area"), code, selection.label(lang()), name=selection.label())


def rounds(numbers: Iterable[int]) -> Filter:
    """The DTM rounds shown (each once: "compare" may name one round twice)."""
    numbers = list(dict.fromkeys(numbers))
    words = _words()
    return Filter("rounds", N_("Rounds"), ",".join(str(n) for n in numbers),
                  words.t(", ").join(words.round_name(n) for n in numbers),
                  name="-".join(f"R{n}" for n in numbers))


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
    words = _words()
    return Filter("active_between", N_("Active between"), f"{start.isoformat()}..{end.isoformat()}",
                  f"{words.date(start)} – {words.date(end)}")


def active_on(day: dt.date) -> Filter:
    """Records active on one day."""
    return Filter("active_on", N_("Facilities active on"), day.isoformat(), _words().date(day),
                  name=f"active-on-{day.isoformat()}")


def choices(key: str, label: str, chosen: Iterable[str]) -> Filter:
    """Categories chosen (facility types, sectors, …), each named as the page's pills name it."""
    chosen = list(chosen)
    words = _words()
    return Filter(key, label, ",".join(chosen), words.t(", ").join(words.t(c) for c in chosen) or "—")


def radius(km: int | None) -> Filter:
    """A service radius in km, or None for each facility's own."""
    words = _words()
    shown = words.t("{km} km").format(km=words.number(km)) if km else words.t("each facility's own")
    return Filter("radius", N_("Service radius"), str(km) if km else "own", shown)


def since(choice: str, moment: dt.datetime) -> Filter:
    """Only records new since ``moment``, which ``choice`` (as the URL holds it: ``7d``, a day ``2019-04-01``,
    "" for the reader's last visit) came to.  A day set by hand is named as that day; anything else as the moment
    it meant when the file was made (``7d`` would mean another moment tomorrow)."""
    words = _words()
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    if flash_events.is_day(choice):
        return Filter("since", N_("New since"), moment.date().isoformat(), words.date(moment.date()))
    return Filter("since", N_("New since"), moment.isoformat(timespec="seconds"), words.moment(moment),
                  name=moment.date().isoformat())


def machine(filters: Sequence[Filter]) -> str:
    """``area=LY0319; rounds=26,27``: the files' metadata."""
    return "; ".join(f"{f.key}={f.value}" for f in filters)


def reader(filters: Sequence[Filter]) -> str:
    """"Area: Sebha; Rounds: R26, R27" in the reader's language: the sidecar's line."""
    words = _words()
    return words.t("; ").join(words.t("{label}: {value}").format(label=words.t(f.label), value=f.shown)
                              for f in filters)


def area_name(filters: Sequence[Filter]) -> str:
    """The area's English name, for the files' names ("" when the view has no area filter)."""
    return next((f.name for f in filters if f.key == "area"), "")


_PERIODS = ("rounds", "month", "months", "active_between", "active_on", "since")


def period_name(filters: Sequence[Filter]) -> str:
    """The period's part of the files' names: ``R26-R27``, ``2019-12``, ``active-on-2019-12-31``, …"""
    return next((f.name or f.value for f in filters if f.key in _PERIODS), "")
