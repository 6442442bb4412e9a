"""DTM datasets -> displacement: the published workbook, HDX/HXL files, periods, speed."""

from __future__ import annotations

import datetime as dt
import time

import openpyxl
import pandas as pd
import pytest

from geo import ingest
from geo.importers import dtm, prepare
from geo.settings import SHIPPED

from .builders import DTM_HEADER, dtm_rows, write_csv, write_dtm_xlsx, write_xlsx

REFERENCE_DTM = "dtm_libya_r54_migrants_public.xlsx"


def test_reference_round_54_is_added_beside_the_default_rounds(store, reference):
    path = reference / REFERENCE_DTM
    start = time.perf_counter()
    version, plan = ingest.import_file(store, path)
    print(f"\nreference DTM round 54 import: {time.perf_counter() - start:.2f} s")

    rows = store.read("displacement")
    assert sorted(set(rows["round"])) == [24, 25, 26, 27, 28, 54]
    r54 = rows[rows["round"] == 54]
    assert len(r54) == 100 and r54["baladiya_pcode"].is_unique
    assert int(r54["migrants"].sum()) == 787_326
    assert set(r54["round_start"]) == {dt.date(2024, 8, 1)} and set(r54["round_end"]) == {dt.date(2024, 9, 30)}
    assert not r54["illustrative"].any()
    assert set(r54["source"]) == {f"IOM DTM Libya round 54 ({REFERENCE_DTM})"}
    assert r54["idps"].isna().all() and r54["returnees"].isna().all()
    assert version.note == "DTM round 54 (2024-08-01–2024-09-30): 100 baladiyas, 787,326 migrants"
    assert plan.diff.added == 100 and plan.diff.removed == 0

    # Seats come with the data: compare with the file's own Lat/Long for one baladiya.
    sheet = next(ws for ws in openpyxl.load_workbook(path, read_only=True).worksheets if "baladiya" in ws.title.lower())
    first = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[6])
    row = r54.set_index("baladiya_pcode").loc[first[6]]
    assert (row["lat"], row["lon"]) == pytest.approx((first[7], first[8]))
    geom = rows[(rows["round"] == 54) & (rows["baladiya_pcode"] == first[6])].geometry.iloc[0]
    assert (geom.y, geom.x) == pytest.approx((first[7], first[8]))


def test_synthetic_workbook_found_by_content(tmp_path):
    rows = dtm_rows(54)
    prepared = prepare(write_dtm_xlsx(tmp_path / "any name.xlsx", rows))
    assert prepared.dataset == "displacement"
    assert len(prepared.frame) == 100
    assert int(prepared.frame["migrants"].sum()) == sum(r[-1] for r in rows)
    assert list(prepared.frame.columns) == dtm.LAYER.columns
    assert prepared.geometries is None and prepared.source_name == "any name.xlsx"


def test_header_row_and_sheet_found_anywhere(tmp_path):
    """Sheet called "Data", header on row 5 under a title and notes, Summary sheet last."""
    rows = dtm_rows(54, n=10)
    path = write_xlsx(tmp_path / "dtm.xlsx", {
        "Notes": [["Read me"], ["Anything"]],
        "Data": [["IOM DTM Libya"], [], ["Published 2024"], [], DTM_HEADER, *rows],
        "SUMMARY ": [["Reporting period", "Aug - Sep 2024"]],
    })
    prepared = prepare(path)
    assert len(prepared.frame) == 10
    assert set(prepared.frame["round_start"]) == {dt.date(2024, 8, 1)}


def test_problem_rows_count_title_and_header_rows(tmp_path):
    rows = dtm_rows(54, n=10)
    rows[0][10] = -1
    path = write_xlsx(tmp_path / "dtm.xlsx", {"Data": [["IOM DTM Libya"], [], DTM_HEADER, *rows],
                                              "Summary": [["Period", "August-September 2024"]]})
    with pytest.raises(Exception, match=r"row 4, column 'Migrants \(IND\)'"):
        prepare(path)


HDX_HEADER = ["Admin 1", "Admin 2", "Admin 2 code", "Admin 3", "P-code", "Y coord", "X coord", "Round #",
              "Collected", "Displaced", "Came back"]
HDX_TAGS = ["#adm1+name", "#adm2+name", "#adm2+code", "#adm3+name", "#adm3+code", "#geo+lat", "#geo+lon",
            "#date+round", "#date+reported", "#affected+idps+ind", "#affected+returnees+ind"]


def hdx_rows(round_no: int = 50, date: str = "2024-03-31") -> list[list[object]]:
    out = []
    for i, r in enumerate(dtm_rows(round_no, n=20)):
        out.append([r[0], r[2], None, r[4], r[6], r[7], r[8], round_no, date, 100 + i, 50 + i])
    return out


def test_hdx_csv_with_hxl_idps_and_returnees(store, tmp_path):
    """Headers no rule knows; the HXL row maps them.  Migrants stay empty, not zero."""
    from geo import admin

    rows = hdx_rows()
    for r in rows:
        r[2] = admin.baladiyas()[r[4]].parent
    path = write_csv(tmp_path / "libya_idps_returnees_r50.csv", [HDX_HEADER, HDX_TAGS, *rows])
    version, _ = ingest.import_file(store, path)
    stored = store.read("displacement")
    r50 = stored[stored["round"] == 50]
    assert len(r50) == 20 and sorted(set(stored["round"])) == [24, 25, 26, 27, 28, 50]
    assert r50["migrants"].isna().all()
    assert int(r50["idps"].sum()) == sum(r[9] for r in rows)
    assert int(r50["returnees"].sum()) == sum(r[10] for r in rows)
    assert set(r50["round_end"]) == {dt.date(2024, 3, 31)}
    assert "IDPs" in version.note and "returnees" in version.note and "migrants" not in version.note
    assert set(r50["source"]) == {"IOM DTM Libya round 50 (libya_idps_returnees_r50.csv)"}


def test_hxl_in_xlsx_and_mantika_code_checked(tmp_path):
    rows = hdx_rows()
    rows[3][2] = "LY0211"  # a mantika pcode that is not the baladiya's
    path = write_xlsx(tmp_path / "hdx.xlsx", {"Sheet1": [HDX_HEADER, HDX_TAGS, *rows]})
    with pytest.raises(Exception) as caught:
        prepare(path)
    assert "row 6, column 'Admin 2 code'" in str(caught.value)
    assert "set mantika_pcode to" in str(caught.value)


def test_hxl_only_header(tmp_path):
    rows = [[r[3], r[4], r[7], r[8], r[9], r[10]] for r in hdx_rows()]
    tags = ["#adm3+name", "#adm3+code", "#date+round", "#date+reported", "#affected+idps+ind",
            "#affected+returnees+ind"]
    prepared = prepare(write_csv(tmp_path / "tags_only.csv", [tags, *rows]))
    assert len(prepared.frame) == 20 and set(prepared.frame["round"]) == {50}


def test_several_rounds_with_dates_per_round(tmp_path):
    rows = hdx_rows(50, "2024-03-31") + hdx_rows(51, "15/06/2024")
    rows[0][8] = "2024-03-01"
    prepared = prepare(write_csv(tmp_path / "rounds.csv", [HDX_HEADER, HDX_TAGS, *rows], delimiter=";"))
    frame = prepared.frame
    r50, r51 = frame[frame["round"] == 50], frame[frame["round"] == 51]
    assert set(r50["round_start"]) == {dt.date(2024, 3, 1)} and set(r50["round_end"]) == {dt.date(2024, 3, 31)}
    assert set(r51["round_start"]) == {dt.date(2024, 6, 15)}
    assert prepared.summary.startswith("DTM rounds 50–51 (2024-03-01–2024-06-15): 20 baladiyas")


def test_round_from_title_when_no_round_column(tmp_path):
    rows = [r[:9] + r[10:] for r in dtm_rows(54, n=5)]
    header = DTM_HEADER[:9] + DTM_HEADER[10:]
    prepared = prepare(write_dtm_xlsx(tmp_path / "dtm.xlsx", rows, header=header, round_no=53))
    assert set(prepared.frame["round"]) == {53}


def test_atlas_export_keeps_its_provenance():
    """The atlas's own displacement table is not a DTM publication: illustrative flags survive."""
    prepared = prepare(SHIPPED / "layers" / "displacement.csv")
    assert prepared.dataset == "displacement"
    assert prepared.frame["illustrative"].all()
    assert prepared.frame["source"].str.startswith("Illustrative").all()


def test_reimporting_a_round_replaces_it(store, tmp_path):
    path = write_dtm_xlsx(tmp_path / "dtm.xlsx", dtm_rows(54, seed=1))
    ingest.import_file(store, path)
    again = write_dtm_xlsx(tmp_path / "dtm_fixed.xlsx", dtm_rows(54, seed=2))
    _, plan = ingest.import_file(store, again)
    stored = store.read("displacement")
    assert (stored["round"] == 54).sum() == 100
    assert plan.diff.added == 0 and plan.diff.removed == 0


def test_five_thousand_rows(store, tmp_path):
    """50 rounds x 100 baladiyas in one HXL CSV (timing printed, not asserted)."""
    rows = []
    for round_no in range(100, 150):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=30 * (round_no - 100))
        for r in dtm_rows(round_no, seed=round_no):
            rows.append([r[4], r[6], r[7], r[8], round_no, day.isoformat(), r[10], r[10] // 2, r[10] // 3])
    header = ["Baladiya", "Pcode", "Lat", "Lon", "Round", "Date", "Migrants", "IDPs", "Returnees"]
    tags = ["#adm3+name", "#adm3+code", "#geo+lat", "#geo+lon", "#indicator+round", "#date+reported",
            "#affected+migrants+ind", "#affected+idps+ind", "#affected+returnees+ind"]
    path = write_csv(tmp_path / "dtm_5000.csv", [header, tags, *rows])
    start = time.perf_counter()
    ingest.import_file(store, path)
    print(f"\n5,000-row DTM import: {time.perf_counter() - start:.2f} s")
    stored = store.read("displacement")
    assert len(stored) == 5000 + 500
    assert int(stored.loc[stored["round"] >= 100, "migrants"].sum()) == sum(r[6] for r in rows)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("August-September 2024", "2024-08-01", "2024-09-30"),
    ("Aug - Sep 2024", "2024-08-01", "2024-09-30"),
    ("August – September 2024", "2024-08-01", "2024-09-30"),
    ("December 2023 - January 2024", "2023-12-01", "2024-01-31"),
    ("Dec-Jan 2024", "2023-12-01", "2024-01-31"),
    ("February 2024", "2024-02-01", "2024-02-29"),
    ("Sept 2023", "2023-09-01", "2023-09-30"),
    ("2024-03", "2024-03-01", "2024-03-31"),
    ("2024-08-01 - 2024-09-30", "2024-08-01", "2024-09-30"),
    ("01/08/2024 to 30/09/2024", "2024-08-01", "2024-09-30"),
    ("1 August - 30 September 2024", "2024-08-01", "2024-09-30"),
    ("2024-03-31", "2024-03-31", "2024-03-31"),
    (dt.datetime(2024, 5, 2), "2024-05-02", "2024-05-02"),
], ids=lambda v: str(v))
def test_period_parsing(text, start, end):
    assert dtm.parse_period(text) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize("text", ["Augst 2024", "August-September", "", "2024-13", "September-August 2024 x",
                                  "31 February 2024", "Q3 2024", "Oct 2024 - Sep 2024"])
def test_period_parsing_refuses(text):
    with pytest.raises(ValueError):
        dtm.parse_period(text)


@pytest.mark.parametrize(("header", "role"), [
    ("ADM 1 Geodivision (EN)", "adm1_name"), ("ADM 2 Mantika-Region (AR)", "adm2_name_ar"),
    ("ADM 3 Baladiya-Area (EN)", "adm3_name"), ("Baladiya PCode", "adm3_pcode"), ("ADM3_PCODE", "adm3_pcode"),
    ("Muhalla P Code", "adm4_pcode"), ("Lat", "lat"), ("Long", "lon"), ("AssessmentRound", "round"),
    ("Migrants (IND)", "migrants"), ("IDPs (IND)", "idps"), ("Returnees (IND)", "returnees"),
    ("Total number of IDPs", "idps"), ("IDP HH", None), ("Migrants arrived last month", None),
    ("Reporting date", "date"),
])
def test_header_roles(header, role):
    assert dtm.role_of_header(header) == role


def test_counts_keep_none_not_zero_for_missing_kinds(tmp_path):
    prepared = prepare(write_dtm_xlsx(tmp_path / "dtm.xlsx", dtm_rows(54, n=3)))
    assert prepared.frame["idps"].tolist() == [None] * 3
    assert pd.api.types.is_object_dtype(prepared.frame["idps"])


def test_formulas_in_columns_the_atlas_ignores_do_not_block(tmp_path):
    rows = dtm_rows(54, n=4)
    for i, r in enumerate(rows, start=3):
        r.append(f"=K{i}/1000")
    path = write_dtm_xlsx(tmp_path / "dtm.xlsx", rows, header=[*DTM_HEADER, "Share (%)"])
    assert len(prepare(path).frame) == 4
