"""The 2019 report's figures, each with the section it comes from.

Why: a headline number on screen must say where it comes from.  Pages show a
fact's value next to its citation; the illustrative generator calibrates to the
same table, so a figure and the data under it cannot drift apart.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

import pandas as pd

from geo.settings import SHIPPED

REPORT = "IOM Libya Annual Report 2019"


@dataclass(frozen=True)
class Fact:
    fact_id: str
    section: str
    statement: str
    value: int
    unit: str
    period: str
    place: str
    pcodes: tuple[str, ...]
    layer: str
    metric: str
    # The statement in Arabic: a translation by this project, with the same figures (the report is in English).
    statement_ar: str = ""

    @property
    def citation(self) -> str:
        return f"{REPORT}, section “{self.section}”"


@cache
def facts() -> dict[str, Fact]:
    """All facts by id (``data/report/facts_2019.csv``)."""
    with open(SHIPPED / "report" / "facts_2019.csv", encoding="utf-8", newline="") as f:
        return {
            r["fact_id"]: Fact(r["fact_id"], r["section"], r["statement"], int(r["value"]), r["unit"],
                               r["period"], r["place"], tuple(p for p in r["pcode"].split(";") if p),
                               r["layer"], r["metric"], r.get("statement_ar") or "")
            for r in csv.DictReader(f)
        }


def fact(fact_id: str) -> Fact:
    return facts()[fact_id]


def for_layer(layer: str) -> list[Fact]:
    """Facts about one layer, for the page that shows it."""
    return [f for f in facts().values() if f.layer == layer]


def agrees(fact: Fact, frame: pd.DataFrame, time_field: str) -> bool:
    """Whether the data's own total of the fact's metric over the fact's period (``"2019"``, ``"2019-12"`` or
    ``"2019-04/2019-12"``) equals the report's figure.

    Why: a page that says its totals equal the report's must check it each time; data imported over the
    shipped layer (other years, other counts) does not (seen: the claim beside a 2024 import of 193 assisted).
    """
    if not fact.metric or fact.metric not in frame.columns or time_field not in frame.columns or frame.empty:
        return False
    first, _, last = fact.period.partition("/")
    last = last or first
    stamps = frame[time_field].map(lambda d: "" if d is None or pd.isna(d) else str(d)).astype(str)
    inside = frame[(stamps.str[:len(first)] >= first) & (stamps.str[:len(last)] <= last) & (stamps != "")]
    if inside.empty:
        return False
    return int(pd.to_numeric(inside[fact.metric], errors="coerce").fillna(0).sum()) == fact.value
