"""The Health page's first headline counts the facilities in the chosen area, as the two beside it count its people.

Seen (2026-12-07, a helper's probe): with Aljufra chosen, "Active facilities on 31 Dec 2019" read 17, all of
Libya's, beside "Migrants within reach · Aljufra", while the page's Download held no row.  Expected values are
counted here from the shipped ``data/layers/health_facilities.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runs import released

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2019, 12, 31)  # the page's default date


def _active_in(mantika: str) -> int:
    with (ROOT / "data" / "layers" / "health_facilities.csv").open(encoding="utf-8") as f:
        return sum(1 for r in csv.DictReader(f)
                   if r["baladiya_pcode"].startswith(mantika) and dt.date.fromisoformat(r["active_from"]) <= DAY
                   and (not r["active_to"] or dt.date.fromisoformat(r["active_to"]) >= DAY))


def _headline(query: dict[str, str]) -> dict[str, str]:
    at = AppTest.from_file(str(ROOT / "pages" / "health.py"), default_timeout=120)
    at.query_params.update(query)
    at.run()
    released(at)
    assert not at.exception and not at.error
    body = " ".join(e.proto.body for e in at.get("html"))
    return dict(re.findall(r'atlas-figure-label">([^<]*)</div><div class="atlas-figure-value">([^<]*)<', body))


@pytest.mark.parametrize(("mantika", "name"), [("LY0215", "Zwara"), ("LY0317", "Aljufra")])
def test_active_facilities_are_counted_in_the_chosen_area(store, monkeypatch, local_mode, mantika, name):
    monkeypatch.syspath_prepend(str(ROOT))
    figures = _headline({"region": mantika[:4], "mantika": mantika})
    assert figures[f"Active facilities on 31 Dec 2019 · {name}"] == str(_active_in(mantika))
    assert f"Migrants within reach · {name}" in figures


def test_all_of_libya_counts_every_active_facility(store, monkeypatch, local_mode):
    monkeypatch.syspath_prepend(str(ROOT))
    assert _headline({})["Active facilities on 31 Dec 2019 · Libya"] == str(_active_in("LY"))
