"""Whether the data agree with one of the report's figures (``geo.facts.agrees``).

The Disembarkation page says "2019 totals equal the report" only when they do; it said so above a 2024 import of
193 people assisted. Frames here are literals; the figures are the report's (9,225 assisted, section "Search and
Rescue and Technical Cooperation"; 4,596 held in December 2019, "Overview of political and security context")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import facts


def _months(year: int, values: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"month": [dt.date(year, m, 1) for m in range(1, len(values) + 1)], "assisted": values})


def test_a_years_sum_equal_to_the_report_agrees():
    assert facts.agrees(facts.fact("dp_assisted"), _months(2019, [9000, 225]), "month")


def test_another_sum_or_another_year_does_not():
    assert not facts.agrees(facts.fact("dp_assisted"), _months(2019, [9000, 224]), "month")
    assert not facts.agrees(facts.fact("dp_assisted"), _months(2024, [9000, 225]), "month")
    # months of other years beside 2019's do not count in its sum
    both = pd.concat([_months(2019, [9000, 225]), _months(2020, [50])])
    assert facts.agrees(facts.fact("dp_assisted"), both, "month")


def test_a_months_figure_reads_that_month_only():
    held = pd.DataFrame({"month": [dt.date(2019, 11, 1), dt.date(2019, 12, 1), dt.date(2019, 12, 1)],
                         "people_held": [9999, 4000, 596]})
    assert facts.agrees(facts.fact("dc_held"), held, "month")
    assert not facts.agrees(facts.fact("dc_held"), held[held["month"] == dt.date(2019, 11, 1)], "month")


def test_no_rows_or_no_column_never_agree():
    assert not facts.agrees(facts.fact("dp_assisted"), _months(2019, [])[:0], "month")
    assert not facts.agrees(facts.fact("dp_assisted"), _months(2019, [9225]).rename(columns={"assisted": "x"}),
                            "month")
