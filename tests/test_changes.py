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


def test_a_file_without_arabic_names_keeps_them_while_the_english_name_stands():
    """A new month's centres file with no Arabic names keeps each centre's, except where the
    centre was renamed (the old translation would be wrong) or is new."""
    centres = registry.get("detention_centres")
    current = pd.DataFrame({"centre_id": ["DC-1", "DC-1", "DC-2", "DC-3"],
                            "month": ["2019-10", "2019-11", "2019-11", "2019-11"],
                            "name": ["Tajoura", "Tajoura", "Zliten", "Souq Alkhamis"],
                            "name_ar": ["تاجوراء القديم", "تاجوراء", "زليتن", "سوق الخميس"],
                            "people_held": [1, 2, 3, 4]})
    incoming = pd.DataFrame({"centre_id": ["DC-1", "DC-2", "DC-4"], "month": ["2019-12"] * 3,
                             "name": ["Tajoura", "Zliten Alwahda", "Gharyan"], "name_ar": [None, "", None],
                             "people_held": [5, 6, 7]})
    merged = changes.merge(current, incoming, centres)
    december = merged[merged["month"] == "2019-12"].set_index("centre_id")
    assert december.loc["DC-1", "name_ar"] == "تاجوراء"  # the latest, not October's
    assert december["name_ar"].isna().to_dict() == {"DC-1": False, "DC-2": True, "DC-4": True}
    november = merged[merged["month"] == "2019-11"].set_index("centre_id")
    assert november.loc["DC-3", "name_ar"] == "سوق الخميس"


def test_a_facility_re_imported_without_its_arabic_name_shows_no_change():
    current = pd.DataFrame({"facility_id": ["HF-7"], "name": ["Abusliem clinic"], "name_ar": ["عيادة أبو سليم"],
                            "consultations": [5]})
    incoming = pd.DataFrame({"facility_id": ["HF-7"], "name": ["Abusliem clinic"], "name_ar": [None],
                             "consultations": [5]})
    merged = changes.merge(current, incoming, HEALTH)
    assert merged.loc[0, "name_ar"] == "عيادة أبو سليم"
    d = changes.diff(current, merged, HEALTH)
    assert (d.changed, d.unchanged, d.examples) == (0, 1, [])


def test_an_events_arabic_words_stay_with_the_english_they_translate():
    """A feed re-imported without its Arabic columns keeps each event's Arabic title, text and place, except the
    text whose English was corrected (its old translation would say something else)."""
    flash = registry.get("flash_updates")
    current = pd.DataFrame({"event_id": ["FU-1"], "title": ["Floods in Derna"], "title_ar": ["فيضانات في درنة"],
                            "summary": ["The wadi flooded."], "summary_ar": ["فاض الوادي."],
                            "place": ["Derna"], "place_ar": ["درنة"]})
    incoming = pd.DataFrame({"event_id": ["FU-1"], "title": ["Floods in Derna"], "title_ar": [None],
                             "summary": ["The wadi flooded twice."], "summary_ar": [None],
                             "place": ["Derna"], "place_ar": [""]})
    row = changes.merge(current, incoming, flash).iloc[0]
    assert (row["title_ar"], row["place_ar"]) == ("فيضانات في درنة", "درنة")
    assert pd.isna(row["summary_ar"])
