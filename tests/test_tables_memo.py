"""``components.tables.show(..., memo=…)``: a table a slider step redraws is put in the reader's language
once per view, and never handed to a reader of the other language or digit style."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import pandas as pd

    from components import tables

    frame = pd.DataFrame({"baladiya_name": ["Sebha"], "value": [12345]})
    tables.show(frame, {"baladiya_name": ("Baladiya", "text"), "value": ("Migrants", "count")}, key="top",
                memo=("view-1",))


def _columns_in_english(page) -> dict:
    """``page``'s first table drawn in English: its column configs by label."""
    at = AppTest.from_function(page, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return {v.get("label"): v for v in json.loads(at.dataframe[0].proto.columns).values()}


def _table(at: AppTest):
    assert not at.exception, [e.value for e in at.exception]
    return at.dataframe[0].value


def test_memo_follows_the_language_and_digits():
    at = AppTest.from_function(_page, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    english = _table(at)
    assert list(english.columns) == ["Baladiya", "Migrants"]
    assert english.iloc[0].tolist() == ["Sebha", 12345]

    at.session_state["lang"] = "ar"
    at.session_state["digits"] = "arab"
    at.run()
    arabic = _table(at)
    assert "Baladiya" not in arabic.columns and "Migrants" not in arabic.columns
    assert list(arabic.iloc[0]) == ["١٢٬٣٤٥", "Sebha"]  # right to left; the count written in Arabic-Indic digits

    at.session_state["lang"] = "en"
    at.session_state["digits"] = "latn"
    at.run()
    assert _table(at).equals(english)


def _undeclared() -> None:
    import pandas as pd

    from components import tables

    frame = pd.DataFrame({"baladiya_name": ["Alkhums"], "people": [62609], "nearest_km": [83.6],
                          "illustrative": [True]})
    tables.show(frame, key="gap")  # no column kinds declared (the Health page now declares "tenths" for km)


def test_numbers_without_a_declared_kind_still_get_separators():
    by_label = _columns_in_english(_undeclared)
    people, km = by_label["People"], by_label["Nearest facility (km)"]
    assert people["type_config"]["format"] == "localized" and km["type_config"]["format"] == "localized"
    assert not by_label.get("Baladiya", {}).get("type_config", {}).get("format")


def _measures() -> None:
    import pandas as pd

    from components import tables

    frame = pd.DataFrame({"baladiya_name": ["Alkhums", "Tobruk"], "nearest_km": [83.6, 366.0]})
    tables.show(frame, key="gap")


def test_a_measure_keeps_its_decimals_in_arabic():
    """As English's grid writes it (Intl.NumberFormat: 83.6 and 366), not rounded to 84."""
    at = AppTest.from_function(_measures, default_timeout=60)
    at.session_state["lang"] = "ar"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _table(at).iloc[:, 0].tolist() == ["83,6", "366"]  # ar_LY: decimal comma; right to left, so first


def _changes() -> None:
    import pandas as pd

    from components import tables

    frame = pd.DataFrame({"name_en": ["Sebha"], "change": [9592], "change_pct": [8.3122]})
    tables.show(frame, {"name_en": ("Baladiya", "text"), "change": ("Change", "change"),
                        "change_pct": ("Change %", "change_pct")}, key="changes")


def test_a_change_is_shown_with_its_sign_in_both_languages():
    """As the public view writes it (components.public_figures: "+9,592", "+8.3%")."""
    by_label = _columns_in_english(_changes)
    assert by_label["Change"]["type_config"]["format"] == "%+,d"  # Streamlit's sprintf: "+9,592"
    assert by_label["Change %"]["type_config"]["format"] == "%+.1f%%"  # "+8.3%"

    at = AppTest.from_function(_changes, default_timeout=60)
    at.session_state["lang"] = "ar"
    at.run()
    assert list(_table(at).iloc[0]) == ["+8,3%", "+9.592", "Sebha"]  # ar_LY separators, right to left
    at.session_state["digits"] = "arab"
    at.run()
    assert list(_table(at).iloc[0]) == ["+٨٫٣٪", "+٩٬٥٩٢", "Sebha"]


def _public_changes() -> None:
    import pandas as pd

    from components import tables

    # As components.public_figures hands them over: written, a small count withheld.
    frame = pd.DataFrame({"name_en": ["Sebha", "Ghat"], "value_b": ["35,564", "<5"], "change": ["+2,242", "x"]})
    tables.show(frame, {"name_en": ("Baladiya", "text"), "value_b": ("R28", "count"), "change": ("Change", "change")},
                key="public")


def test_public_figures_written_as_text_stand_right_aligned_like_numbers():
    by_label = _columns_in_english(_public_changes)
    assert by_label["R28"]["alignment"] == "right" and by_label["Change"]["alignment"] == "right"
    assert by_label["Baladiya"].get("alignment") is None


def _tenths() -> None:
    import pandas as pd

    from components import tables

    frame = pd.DataFrame({"baladiya_name": ["Alkhums", "Tobruk", "Nowhere"], "nearest_km": [83.6, 366.0, float("inf")]})
    tables.show(frame, {"baladiya_name": ("Baladiya", "text"), "nearest_km": ("Nearest facility (km)", "tenths")},
                key="gap")


def test_a_distance_is_written_to_one_decimal_in_every_row():
    # The Health page's underserved table read "83.6" above "366": a distance to one decimal in every row.
    by_label = _columns_in_english(_tenths)
    assert by_label["Nearest facility (km)"]["type_config"]["format"] == "%,.1f"
    at = AppTest.from_function(_tenths, default_timeout=60)
    at.session_state["lang"] = "ar"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _table(at).iloc[:, 0].tolist() == ["83,6", "366,0", "لا توجد بيانات"]  # no facility at all: no figure
