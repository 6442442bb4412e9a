"""Import honesty, from trying real files: unchanged re-imports, explained detection, plain messages."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geo import catalog, defaults, ingest
from geo.importers import AmbiguousDataset, prepare
from geo.store import StoreError
from geo.validation import ValidationError
from tests.importers.builders import (
    assert_rejected,
    cod_points,
    squares,
    write_cod_points,
    write_csv,
    write_dtm_xlsx,
)


def _facilities(tmp_path):
    return write_csv(tmp_path / "facilities.csv", [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km"],
        ["HF-X1", "Clinic X", "mobile clinic stop", 32.1, 20.1, "2019-05-01", 20]])


def _boundaries(tmp_path):
    path = tmp_path / "adm2.geojson"
    squares().to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


FILES = {
    "dtm-xlsx": lambda tmp: write_dtm_xlsx(tmp / "dtm_r54.xlsx"),
    "points-csv": _facilities,
    "mantika-boundaries": _boundaries,
    "seats-shapefile": lambda tmp: write_cod_points(tmp / "adm3.zip", cod_points("shapefile")),
    "shipped-table": lambda tmp: defaults.shipped_path("flash_updates"),
}


@pytest.mark.parametrize("kind", list(FILES))
def test_importing_a_file_twice_leaves_one_version(store, tmp_path, kind):
    path = FILES[kind](tmp_path)
    first, plan = ingest.import_file(store, path)
    name = first.dataset
    count = len(store.versions(name))
    again, plan = ingest.import_file(store, path)
    assert plan.unchanged
    assert again.version == store.current_version(name)
    assert len(store.versions(name)) == count
    if kind == "shipped-table":
        assert count == 1  # the shipped data itself, re-imported: still version 1


def test_cli_says_unchanged(store, tmp_path):
    path = _facilities(tmp_path)
    env = {**os.environ}
    run = [sys.executable, "-m", "geo", "import", str(path)]
    subprocess.run(run, check=True, capture_output=True, env=env)
    out = subprocess.run(run, check=True, capture_output=True, text=True, env=env)
    assert "unchanged" in out.stdout and "no new version stored" in out.stdout
    assert "detected health_facilities" in out.stderr
    assert len(store.versions("health_facilities")) == 2


def test_the_same_plan_cannot_be_stored_twice(store, tmp_path):
    # The Data page keeps the plan of an upload: pressing Confirm again (or a stale tab) must not store it twice.
    path = _facilities(tmp_path)
    p = ingest.plan(store, path)
    ingest.commit(store, p)
    with pytest.raises(StoreError, match="changed while this import was prepared"):
        ingest.commit(store, p)
    again = ingest.plan(store, path)  # what the page computes on its next run
    assert again.unchanged
    assert ingest.commit(store, again).version == 2
    assert len(store.versions("health_facilities")) == 2


def test_detection_explains_its_choice(tmp_path):
    p = prepare(_facilities(tmp_path))
    assert p.detection.startswith("detected health_facilities: the table has 7 of its 7 required columns")
    assert "next best:" in p.detection


def test_close_candidates_are_named(store, tmp_path):
    path = write_csv(tmp_path / "sites.csv", [
        ["facility_id", "project_id", "name", "title", "lat", "lon", "radius_km", "sector", "consultations",
         "notes", "remarks", "comment"],
        ["X-1", "P-1", "A", "B", 32.9, 13.2, 10, "WASH", 5, "", "", ""]])
    with pytest.raises(AmbiguousDataset) as caught:
        prepare(path)
    assert caught.value.candidates[:2] == ["health_facilities", "stabilization_projects"]
    out = subprocess.run([sys.executable, "-m", "geo", "import", str(path)], capture_output=True, text=True)
    assert out.returncode == 1
    assert "health_facilities" in out.stderr and "stabilization_projects" in out.stderr
    assert "--dataset" in out.stderr


@pytest.mark.parametrize(("content", "expected"), [
    (b'{"rows": [1, 2, 3]}', "the file is JSON but not GeoJSON: it is an object with the keys 'rows'"),
    (b"[1, 2, 3]", "the file is JSON but not GeoJSON: it is a JSON list"),
    (b'{"type": "FeatureCollection", "features": [', "the file is not valid JSON (line 1"),
])
def test_json_that_is_not_geojson_gets_a_plain_message(store, tmp_path, content, expected):
    path = tmp_path / "export.json"
    path.write_bytes(content)
    text = assert_rejected(store, path, [expected])
    for jargon in ("/tmp", "atlas-boundaries", "GDAL", "OGR", "DataSourceError", "pyogrio"):
        assert jargon not in text


@pytest.mark.parametrize("dataset", ["boundaries_mantika", "boundaries_baladiya"])
def test_point_file_offered_as_boundaries(store, tmp_path, dataset):
    path = write_cod_points(tmp_path / "lby_admbndp_adm3.geojson", cod_points("shapefile"))
    text = assert_rejected(store, path, ["this is a point file; did you mean baladiya seats?"], dataset)
    assert "dissolve the parts" not in text and "not a polygon" not in text


def test_field_called_pcode_with_bad_values_is_described(store, tmp_path):
    frame = squares().rename(columns={"ADM2_PCODE": "pcode"}).drop(columns=["ADM1_PCODE", "ADM0_PCODE"])
    frame["pcode"] = ["M" + str(i) for i in range(len(frame))]
    path = tmp_path / "adm2.geojson"
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    text = assert_rejected(store, path, ["the field 'pcode'", "22 of 22 are not Libyan pcodes", "'M0'"])
    assert "no pcode field found" not in text


def test_ocha_column_names_in_a_site_list(store, tmp_path):
    # A site list that names its place by OCHA's COD columns only: placed at the seat.
    path = write_csv(tmp_path / "sites.csv", [
        ["facility_id", "name", "type", "ADM3_PCODE", "ADM3_EN", "active_from", "radius_km"],
        ["HF-X2", "Clinic Y", "mobile clinic stop", "LY031901", "Sebha", "2019-05-01", 20]])
    ingest.import_file(store, path)
    row = store.read("health_facilities").set_index("facility_id").loc["HF-X2"]
    seat = catalog.seats().set_index("pcode").loc["LY031901"]
    assert (row["lat"], row["lon"]) == (seat["lat"], seat["lon"])


def test_ocha_column_names_in_a_displacement_table(store, tmp_path):
    frame = defaults.shipped_table("displacement")
    rows = frame[frame["round"] == 28].head(3)
    header = ["round", "round_start", "round_end", "admin1Pcod", "admin2Pcod", "pcode", "featureNam", "migrants"]
    data = [[r["round"], r["round_start"].isoformat(), r["round_end"].isoformat(), r["admin1_pcode"],
             r["mantika_pcode"], r["baladiya_pcode"], r["baladiya_name"], 1234] for _, r in rows.iterrows()]
    p = prepare(write_csv(tmp_path / "dtm.csv", [header, *data]), "displacement")
    assert list(p.frame["migrants"]) == [1234] * 3
    assert list(p.frame["baladiya_pcode"]) == list(rows["baladiya_pcode"])


def test_no_temp_path_in_a_damaged_geopackage_message(store, tmp_path):
    path = tmp_path / "adm2.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + bytes(200))
    with pytest.raises(ValidationError) as caught:
        ingest.import_file(store, path)
    assert "/tmp" not in str(caught.value).replace(str(tmp_path), "")


def test_ocha_column_names_in_a_dtm_workbook(tmp_path):
    header = ["admin1Name", "ADM1_AR", "admin2Name", "admin2Na_1", "featureNam", "featureN_1", "pcode", "Lat",
              "Long", "AssessmentRound", "Migrants (IND)"]
    p = prepare(write_dtm_xlsx(tmp_path / "dtm_cod_names.xlsx", header=header))
    assert p.dataset == "displacement" and len(p.frame) == 100
    assert set(p.frame["round"]) == {54}
