"""The 2019 report's figures, each with the section it comes from.

Why: a headline number on screen must say where it comes from.  Pages show a
fact's value next to its citation; the illustrative generator calibrates to the
same table, so a figure and the data under it cannot drift apart.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

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
