"""A site's name in the reader's language.

Seen on the Arabic Detention centres page: every centre in the table, the trend chooser, the charts' titles and the
map's tooltips was named in English ("Trig Alsikka detention centre", "Detention centre, Abusliem (unnamed,
illustrative)"), as were the disembarkation points, health facilities and projects. The point layers now carry an
optional Arabic name (``name_ar``; a project's ``title_ar``, ``Layer.label_ar_field``) that the Arabic pages show,
the English one where a row has none. Expected names are read from the shipped files here, not from the pages.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from geo.importers import points
from geo.registry import LAYERS

ROOT = Path(__file__).resolve().parents[1]
ARABIC = re.compile("[\u0600-\u06ff]")
LABELS = {"detention_centres": ("centre_id", "name", "name_ar"),
          "disembarkation_points": ("point_id", "name", "name_ar"),
          "health_facilities": ("facility_id", "name", "name_ar"),
          "stabilization_projects": ("project_id", "title", "title_ar")}


def _rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "data" / "layers" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", list(LABELS))
def test_every_shipped_site_has_one_arabic_name(name):
    key, _, label_ar = LABELS[name]
    rows = _rows(name)
    assert all(ARABIC.search(r[label_ar]) and not re.search("[A-Za-z]", r[label_ar]) for r in rows), name
    assert not any("لـال" in r[label_ar] for r in rows)  # "for the": ل + ال is written لل (للشركة)
    by_site = {}
    for r in rows:
        by_site.setdefault(r[key], set()).add(r[label_ar])
    assert all(len(names) == 1 for names in by_site.values())  # a site keeps its name from month to month
    assert len({next(iter(n)) for n in by_site.values()}) == len(by_site)  # and no two sites share one


def test_an_unnamed_centre_is_named_by_its_baladiyas_arabic_name_and_says_so():
    with open(ROOT / "data" / "admin" / "baladiya.csv", encoding="utf-8", newline="") as f:
        arabic = {r["pcode"]: r["name_ar"] for r in csv.DictReader(f)}
    unnamed = [r for r in _rows("detention_centres") if "(unnamed, illustrative)" in r["name"]]
    assert len({r["centre_id"] for r in unnamed}) == 12  # 17 centres in the report, 5 of them named
    for r in unnamed:
        assert r["name_ar"] == f"مركز احتجاز، {arabic[r['baladiya_pcode']]} (بلا اسم، توضيحي)"


@pytest.mark.parametrize(("name", "english", "in_arabic"), [
    ("detention_centres", "Trig Alsikka detention centre", "مركز احتجاز طريق السكة"),
    ("disembarkation_points", "Tripoli disembarkation point 1", "نقطة الإنزال 1 في طرابلس"),
    ("health_facilities", "Clinic, Sebha detention centre", "عيادة مركز احتجاز سبها"),
    ("stabilization_projects", "Air conditioners for six schools", "مكيفات هواء لست مدارس"),
])
def test_a_sites_label_is_in_the_readers_language(arabic, name, english, in_arabic):
    from components import layers

    frame = pd.DataFrame(_rows(name))
    label = LABELS[name][1]
    assert layers.labelled(frame, LAYERS[name])[label].eq(in_arabic).any()
    assert not layers.labelled(frame, LAYERS[name])[label].eq(english).any()
    arabic["lang"] = "en"
    assert layers.labelled(frame, LAYERS[name])[label].eq(english).any()


def test_a_sites_tooltip_names_it_in_arabic_first_and_in_english_beside(arabic):
    from components import layers

    row = next(r for r in _rows("detention_centres") if r["centre_id"] == "DC-SEB")
    tip = layers.site_tooltip(LAYERS["detention_centres"], pd.Series(row))
    assert "<b>مركز احتجاز سبها</b> <bdi>Sebha detention centre</bdi>" in tip  # as an area's tooltip names it


def test_a_site_without_an_arabic_name_keeps_its_own(arabic):
    """Sites from a file with no Arabic names (most field sheets), or a blank cell: the names as written."""
    from components import layers

    centres = LAYERS["detention_centres"]
    frame = pd.DataFrame({"centre_id": ["A", "B"], "name": ["Centre A", "Centre B"]})
    assert layers.labelled(frame, centres)["name"].tolist() == ["Centre A", "Centre B"]
    frame["name_ar"] = ["مركز أ", " "]
    assert layers.labelled(frame, centres)["name"].tolist() == ["مركز أ", "Centre B"]
    tip = layers.site_tooltip(centres, frame.iloc[1])
    assert tip.startswith('<div dir="rtl" style="text-align:right"><b>Centre B</b>') and "<bdi>" not in tip


def test_a_sites_column_of_its_baladiyas_arabic_name_is_not_taken_for_the_sites_own():
    """OCHA's ADM3_AR (or HXL #adm3+name+i_ar) in a site list names the site's baladiya: it fills a seat's Arabic
    name, never a detention centre's."""
    centres, seats = LAYERS["detention_centres"], LAYERS["baladiya_seats"]
    headers = ["centre_id", "name", "lat", "lon", "month", "status", "ADM3_AR"]
    assert "name_ar" not in points.match_columns(centres, headers)
    assert points.match_columns(seats, ["ADM3_PCODE", "ADM3_EN", "ADM3_AR", "lat", "lon"])["name_ar"] == "ADM3_AR"
    hxl = ["", "", "#geo+lat", "#geo+lon", "", "", "#adm3+name+i_ar"]
    assert "name_ar" not in points.match_columns(centres, headers, hxl)
    assert points.match_columns(centres, [*headers[:-1], "Arabic name"])["name_ar"] == "Arabic name"


def test_a_months_centres_file_without_arabic_names_keeps_the_stored_ones(store, tmp_path):
    """Seen on the Data page: a field sheet of next month's centres (no ``name_ar`` column) previewed every
    Arabic name as "→ ∅". The stored names now stay with each centre whose English name is unchanged."""
    from geo import ingest

    shipped = {r["centre_id"]: r["name_ar"] for r in _rows("detention_centres")}
    sheet = tmp_path / "centres-2020-01.csv"
    sheet.write_text("centre_id,name,baladiya_pcode,month,status,people_held\n"
                     "DC-TRS,Trig Alsikka detention centre,LY021104,2020-01-01,open,310\n"
                     "DC-TAJ,Tajoura (renamed),LY021102,2020-01-01,closed,0\n", encoding="utf-8")
    ingest.import_file(store, sheet, "detention_centres")
    rows = store.read("detention_centres")
    january = rows[rows["month"].astype(str).str.startswith("2020-01")].set_index("centre_id")
    assert january.loc["DC-TRS", "name_ar"] == shipped["DC-TRS"]
    assert pd.isna(january.loc["DC-TAJ", "name_ar"]) or january.loc["DC-TAJ", "name_ar"] == ""
