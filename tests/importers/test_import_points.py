"""Point layers and flash updates from CSV/XLSX: detection, aliases, seats, encodings."""

from __future__ import annotations

import pytest

from geo import gazetteer, ingest
from geo.importers import prepare

from .builders import dtm_rows, write_csv, write_xlsx

VALID = {
    "detention_centres": [
        ["centre_id", "name", "lat", "lon", "baladiya_pcode", "month", "status", "people_held"],
        ["DC-T1", "Test centre", 32.88, 13.35, "LY021102", "2024-01-01", "open", 120],
    ],
    "disembarkation_points": [
        ["point_id", "name", "lat", "lon", "month", "disembarked", "assisted", "screenings"],
        ["DP-T1", "Test point", 32.90, 13.19, "2024-02-01", 40, 38, 20],
    ],
    "health_facilities": [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km"],
        ["HF-T1", "Test clinic", "Mobile clinic stop", 32.93, 12.08, "2024-01-15", 25],
    ],
    "stabilization_projects": [
        ["project_id", "title", "sector", "lat", "lon", "status", "start_date", "beneficiaries"],
        ["CIP-T1", "Test well", "WASH", 27.03, 14.43, "in progress", "2024-03-01", "1,200"],
    ],
    "flash_updates": [
        ["event_id", "date", "title", "event_type", "mantika_pcodes", "summary", "people_displaced"],
        ["FU-T1", "2024-05-02", "Test flood", "flood", "LY0101; ly0102", "Test event.", 300],
    ],
}


@pytest.mark.parametrize("layer", list(VALID))
def test_each_layer_is_detected_and_stored(layer, store, tmp_path):
    path = write_csv(tmp_path / f"{layer}.csv", VALID[layer])
    before = store.datasets()[layer]
    version, plan = ingest.import_file(store, path)
    assert plan.prepared.dataset == layer
    assert version.version == before + 1
    stored = store.read(layer)
    key = VALID[layer][1][0]
    row = stored[stored.iloc[:, 0] == key]
    assert len(row) == 1
    assert not row["illustrative"].iloc[0]
    assert row["source"].iloc[0] == f"{layer}.csv"


def test_values_are_normalised(tmp_path):
    flash = prepare(write_csv(tmp_path / "f.csv", VALID["flash_updates"])).frame
    assert flash["mantika_pcodes"].iloc[0] == "LY0101;LY0102"
    health = prepare(write_csv(tmp_path / "h.csv", VALID["health_facilities"])).frame
    assert health["type"].iloc[0] == "mobile clinic stop"
    projects = prepare(write_csv(tmp_path / "p.csv", VALID["stabilization_projects"])).frame
    assert projects["beneficiaries"].iloc[0] == 1200


def test_header_aliases_and_title_rows_in_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "sites.xlsx", {"Sites": [
        ["Detention centres, January 2024"],
        [],
        ["Centre ID", "Name", "Latitude", "LNG", "Baladiya PCode", "MONTH", "Status", "People held", "Notes"],
        ["DC-A", "Centre A", 32.88, 13.35, "ly021102", "2024-01-01", "Open", 50, "anything"],
        ["DC-B", "Centre B", 32.75, 12.72, None, "2024-01-01", "closed", None, None],
    ]})
    prepared = prepare(path)
    assert prepared.dataset == "detention_centres"
    frame = prepared.frame
    assert frame["baladiya_pcode"].tolist()[0] == "LY021102"
    assert frame["status"].tolist() == ["open", "closed"]
    assert frame["lon"].tolist() == [13.35, 12.72]


def test_rows_with_only_a_baladiya_are_placed_at_its_seat(store, tmp_path):
    path = write_csv(tmp_path / "centres.csv", [
        ["centre_id", "name", "baladiya_pcode", "month", "status"],
        ["DC-S1", "Sebha centre", "LY031901", "2024-01-01", "open"],
        ["DC-S2", "Somewhere exact", "LY031901", "2024-01-01", "open"],
    ])
    version, _ = ingest.import_file(store, path)
    seat = gazetteer.seats()["LY031901"]
    stored = store.read("detention_centres").set_index("centre_id")
    assert (stored.loc["DC-S1", "lat"], stored.loc["DC-S1", "lon"]) == (seat.lat, seat.lon)
    assert stored.loc["DC-S1", "geometry"].x == seat.lon
    assert "2 placed at their baladiya's seat" in version.note


def test_dataset_given_explicitly(tmp_path):
    rows = [["name", "lat", "lon", "month", "disembarked", "assisted", "screenings", "point_id"],
            ["P", 32.9, 13.2, "2024-01-01", 1, 1, 1, "DP-X"]]
    assert prepare(write_csv(tmp_path / "p.csv", rows), "disembarkation_points").dataset == "disembarkation_points"


ARABIC = "مركز احتجاز طريق السكة"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256"])
def test_arabic_names_round_trip_in_every_accepted_encoding(encoding, store, tmp_path):
    rows = [list(VALID["detention_centres"][0]), list(VALID["detention_centres"][1])]
    rows[1][1] = ARABIC
    path = write_csv(tmp_path / "centres.csv", rows, encoding=encoding)
    ingest.import_file(store, path)
    stored = store.read("detention_centres")
    assert stored.loc[stored["centre_id"] == "DC-T1", "name"].iloc[0] == ARABIC


def test_windows_1256_dtm_csv_with_arabic_columns(tmp_path):
    header = ["ADM 2 Mantika-Region (AR)", "ADM 3 Baladiya-Area (EN)", "ADM 3 Baladiya-Area (AR)", "Baladiya PCode",
              "AssessmentRound", "Reporting date", "Migrants (IND)"]
    rows = [[r[3], r[4], r[5], r[6], 54, "2024-09-30", r[10]] for r in dtm_rows(54, n=15)]
    prepared = prepare(write_csv(tmp_path / "dtm_1256.csv", [header, *rows], encoding="cp1256"))
    assert len(prepared.frame) == 15
    assert prepared.frame["baladiya_name"].tolist() == [r[1] for r in rows]
