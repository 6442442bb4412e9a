"""What an import changes (geo.changes): merge by period or key, blanks kept from the current
version, and the diff's counts and examples.  Expected values are written out from the rows below."""

from __future__ import annotations

import pandas as pd

from geo import changes, registry

DTM = registry.get("displacement")
HEALTH = registry.get("health_facilities")


def _dtm(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["round", "baladiya_pcode", "migrants", "idps"])


def test_a_file_of_idps_keeps_the_rounds_migrants():
    current = _dtm([(50, "LY010101", 100, 10), (50, "LY010102", 200, 20), (49, "LY010101", 90, 9)])
    incoming = _dtm([(50, "LY010101", None, 11), (50, "LY010102", "", 22)])
    merged = changes.merge(current, incoming, DTM)
    r50 = merged[merged["round"] == 50].set_index("baladiya_pcode")
    assert r50.loc["LY010101", "migrants"] == 100 and r50.loc["LY010102", "migrants"] == 200
    assert r50.loc["LY010101", "idps"] == 11 and r50.loc["LY010102", "idps"] == 22
    assert len(merged) == 3  # round 49 kept, round 50 replaced


def test_a_layer_without_periods_replaces_rows_by_key():
    current = pd.DataFrame({"facility_id": ["HF-7", "HF-8"], "consultations": [5, 6]})
    incoming = pd.DataFrame({"facility_id": ["HF-7", "HF-9"], "consultations": [50, 90]})
    merged = changes.merge(current, incoming, HEALTH)
    assert dict(zip(merged["facility_id"], merged["consultations"], strict=True)) == {"HF-7": 50, "HF-8": 6,
                                                                                       "HF-9": 90}


def test_a_count_read_as_text_is_the_same_key():
    """29787 and '29787' name the same round: a re-import spelt differently changes nothing."""
    before = _dtm([(50, "LY010101", 100, 10)])
    after = _dtm([("50", "LY010101", 100, 10)])
    d = changes.diff(before, after, DTM)
    assert (d.added, d.removed, d.changed, d.unchanged) == (0, 0, 0, 1)


def test_the_diff_counts_and_names_a_change():
    before = _dtm([(50, "LY010101", 100, 10), (50, "LY010102", 200, 20)])
    after = _dtm([(50, "LY010101", 150, 10), (50, "LY010102", 200, 20), (51, "LY010101", 1, 1)])
    d = changes.diff(before, after, DTM)
    assert (d.added, d.removed, d.changed, d.unchanged) == (1, 0, 1, 1)
    assert d.examples == ["50 / LY010101: migrants 100 → 150"]
    assert d.totals_before["migrants"] == 300 and d.totals_after["migrants"] == 351
