"""Downloads that open cleanly (issue 11, point 7): plain CSV, coordinates filled, provenance beside."""

from __future__ import annotations

import io
import tempfile

import pandas as pd
import pytest

from geo import exports, store
from geo.registry import LAYERS


@pytest.fixture(scope="module")
def frame():
    with tempfile.TemporaryDirectory() as tmp:
        yield store.open_store(f"gpkg:{tmp}/atlas.gpkg").read("displacement")


def test_csv_reads_with_plain_pandas_and_has_coordinates(frame):
    rows = frame[frame["round"] == 26]
    back = pd.read_csv(io.BytesIO(exports.to_csv(rows, LAYERS["displacement"], coordinates=True)))
    assert len(back) == len(rows)
    assert back["lat"].notna().all() and back["lon"].notna().all()
    assert back["migrants"].sum() == rows["migrants"].sum()


def test_xlsx_has_data_and_metadata_sheets(frame):
    rows = frame[frame["round"] == 26]
    book = exports.to_xlsx(rows, LAYERS["displacement"], {"dataset": "displacement", "licence": "x"})
    sheets = pd.read_excel(io.BytesIO(book), sheet_name=None)
    assert set(sheets) == {"data", "metadata"}
    assert len(sheets["data"]) == len(rows) and sheets["data"]["migrants"].sum() == rows["migrants"].sum()
    assert dict(zip(sheets["metadata"]["field"], sheets["metadata"]["value"], strict=True))["dataset"] == "displacement"


def test_file_stem_names_dataset_area_and_period():
    assert exports.file_stem("displacement", "Sebha", "R26") == "displacement_sebha_r26"
    assert exports.file_stem("flash_updates", "Libya", "2019-04-04") == "flash_updates_libya_2019-04-04"
    assert exports.file_stem("displacement", "Ṭarābulus", "") == "displacement_tarabulus"
