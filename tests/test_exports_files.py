"""Downloads that open cleanly (issue 11, point 7): plain CSV, coordinates filled, provenance beside."""

from __future__ import annotations

import io
import tempfile

import pandas as pd
import pytest

from geo import exports, store
from geo.registry import LAYERS
from geo.translations import Words


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


def test_a_downloads_provenance_is_in_the_language_of_its_view():
    """Seen: an Arabic view's downloads said "Provenance: …", "Licence: …", "Filters: …" and "Interface language:
    ar" in English. The labels are in the view's language (the filters come in it: components.view_filters), the
    column named stays as the file has it (literals: the registry's Arabic title and the Arabic catalogue's words)."""
    layer = LAYERS["displacement"]
    arabic = exports.provenance_lines(layer, "مصدر ما", "النطاق الجغرافي: سبها", "CC BY 4.0", Words("ar"))
    assert arabic[:5] == ["النزوح (جولات مصفوفة تتبع النزوح) (displacement)", "مصدر البيانات: مصدر ما",
                          "عوامل التصفية: النطاق الجغرافي: سبها", "الترخيص: CC BY 4.0",
                          "الصفوف التي فيها illustrative=true مولَّدة وغير منشورة."]
    assert arabic[5].startswith("وقت التصدير: 20")
    english = exports.provenance_lines(layer, "a source", "area=Sebha", "CC BY 4.0")  # the command line's
    assert english[:4] == ["Displacement (DTM rounds) (displacement)", "Provenance: a source", "Filters: area=Sebha",
                           "Licence: CC BY 4.0"]
    assert english[5].startswith("Exported: 20")
