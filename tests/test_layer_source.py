"""Whose data a view shows (``geo.catalog.LayerData.source`` and ``.licence``).

The registry's source and licence describe the shipped rows. Seen: a 2024 import of two disembarkation points had its
chart credited to "IOM Libya Annual Report 2019, Search and Rescue", under the licence "Report figures: IOM; monthly
rows: project-generated (illustrative)". Expected texts are literals (the registry's words, as data/README.md gives
them, and the import's)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from geo import catalog, ingest, registry
from geo.store import StoreError

ROOT = Path(__file__).resolve().parents[1]

LAYER = registry.LAYERS["disembarkation_points"]
ROWS = [["point_id", "name", "lat", "lon", "month", "disembarked", "assisted", "screenings"],
        ["DP-T1", "Test point", 32.90, 13.19, "2024-02-01", 40, 38, 20]]


def _data(store, version: int) -> catalog.LayerData:
    """The layer as a page loads it (``version`` is current)."""
    data = catalog.load(LAYER.name, "coordinator")
    assert data.version.version == version
    return data


def test_the_shipped_data_is_the_reports_and_an_import_is_a_coordinators(store, tmp_path):
    shipped = _data(store, 1)
    assert shipped.source == "IOM Libya Annual Report 2019, Search and Rescue"
    assert shipped.licence == "Report figures: IOM; monthly rows: project-generated (illustrative)"

    path = tmp_path / "points.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(ROWS)
    version, _ = ingest.import_file(store, path, LAYER.name, actor="coordinator@example.org", replace=True)
    imported = _data(store, version.version)
    assert imported.source == "a coordinator's import (publisher not recorded)"
    assert imported.licence == "not recorded at import"
    assert "Search and Rescue" not in imported.provenance and "points.csv" in imported.provenance

    store.rollback(LAYER.name, 1)  # the shipped rows again: the report's words again
    assert _data(store, 1).source == "IOM Libya Annual Report 2019, Search and Rescue"


# --- an import credited to the publisher its importer names ---------------------------------------------------

MONTH_2024 = ROWS  # a month the shipped data (2019) does not have: merged, the shipped months stay
REPORT = "IOM Libya Annual Report 2019, Search and Rescue"
REPORT_LICENCE = "Report figures: IOM; monthly rows: project-generated (illustrative)"


def _import(store, tmp_path, rows, **kwargs):
    path = tmp_path / "points.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    version, _ = ingest.import_file(store, path, LAYER.name, actor="coordinator@example.org", **kwargs)
    return version


def test_an_import_is_credited_to_the_publisher_and_licence_its_importer_names(store, tmp_path):
    version = _import(store, tmp_path, ROWS, replace=True, publisher="  UNHCR   Libya ", licence="CC BY 4.0")
    data = _data(store, version.version)
    assert data.source == "UNHCR Libya"  # one line, spaces collapsed
    assert data.licence == "CC BY 4.0"
    assert version.based_on is None  # replaced: no shipped row is left


def test_a_merge_credits_the_rows_it_keeps_and_the_file_it_adds(store, tmp_path):
    merged = _import(store, tmp_path, MONTH_2024, publisher="UNHCR Libya", licence="CC BY 4.0")
    assert merged.based_on == 1
    data = _data(store, merged.version)
    with open(ROOT / "data/layers/disembarkation_points.csv", encoding="utf-8") as f:
        shipped_rows = sum(1 for _ in csv.DictReader(f))
    assert len(data.frame) == shipped_rows + 1  # the shipped months stay beside the new one
    assert data.source == f"{REPORT} + UNHCR Libya"
    assert data.licence == f"{REPORT_LICENCE} + CC BY 4.0"
    # What a download's provenance sidecar and metadata say (components.downloads reads these two).
    assert f"source: {REPORT} + UNHCR Libya; licence: {REPORT_LICENCE} + CC BY 4.0;" in data.provenance

    # A second month from a file whose publisher nobody named: three sources, oldest first.
    later = _import(store, tmp_path, [ROWS[0], ["DP-T1", "Test point", 32.90, 13.19, "2024-03-01", 10, 9, 5]])
    assert later.based_on == merged.version
    assert _data(store, later.version).source == \
        f"{REPORT} + UNHCR Libya + a coordinator's import (publisher not recorded)"

    store.rollback(LAYER.name, merged.version)  # the version's own credits, not the later one's
    assert _data(store, merged.version).source == f"{REPORT} + UNHCR Libya"


def test_the_same_publisher_twice_is_credited_once(store, tmp_path):
    first = _import(store, tmp_path, ROWS, replace=True, publisher="UNHCR Libya", licence="CC BY 4.0")
    second = _import(store, tmp_path, [ROWS[0], ["DP-T1", "Test point", 32.90, 13.19, "2024-03-01", 10, 9, 5]],
                     publisher="UNHCR Libya", licence="CC BY 4.0")
    assert second.based_on == first.version
    data = _data(store, second.version)
    assert (data.source, data.licence) == ("UNHCR Libya", "CC BY 4.0")


def test_a_publisher_too_long_to_keep_is_refused_and_nothing_is_stored(store, tmp_path):
    before = [v.version for v in store.versions(LAYER.name)]
    with pytest.raises(StoreError, match="the publisher is 201 characters long; at most 200 are kept"):
        _import(store, tmp_path, ROWS, publisher="x" * 201)
    assert [v.version for v in store.versions(LAYER.name)] == before


def test_each_credit_is_read_in_arabic_and_a_named_publisher_as_written(store, tmp_path, arabic):
    from components.i18n import t

    merged = _import(store, tmp_path, MONTH_2024, publisher="UNHCR Libya", licence="CC BY 4.0")
    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = {m.id: m.string for m in read_po(f) if m.id}
    assert _data(store, merged.version).source_in(t) == f"{catalogue[REPORT]} + UNHCR Libya"


def _versions_table(lang: str, column: str) -> list[dict]:
    """The Data page's Versions table (of the first dataset: displacement; the table with ``column``), as the page
    shows it in ``lang``."""
    from streamlit.testing.v1 import AppTest

    from tests.app_runs import released

    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    released(at)
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    return table.to_dict(orient="records")


def test_the_versions_table_says_who_published_each_version(store, tmp_path, monkeypatch, local_mode):
    # Seen: the shipped version's Publisher and Licence cells were empty, as if nobody had published it.
    monkeypatch.syspath_prepend(str(ROOT))
    shipped = "IOM DTM Libya (mobility tracking rounds)"  # the registry's words (data/README.md)
    shipped_licence = "IOM DTM public datasets; illustrative rows: project-generated"
    with open(ROOT / "data/layers/displacement.csv", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f)]
    at_round = rows[0].index("round")
    r28 = [rows[0], *(r for r in rows[1:] if r[at_round] == "28")]
    at_migrants = rows[0].index("migrants")
    r28[1][at_migrants] = str(int(r28[1][at_migrants]) + 1)  # a revised round 28: stored as a new version
    path = tmp_path / "r28.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(r28)
    ingest.import_file(store, path, "displacement", actor="a@example.org", publisher="DTM Libya R28 (HDX)",
                       licence="CC BY-IGO 3.0")
    r28[1][at_migrants] = str(int(r28[1][at_migrants]) + 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(r28)
    ingest.import_file(store, path, "displacement", actor="a@example.org")  # nobody named the publisher
    english = _versions_table("en", "Keeps the rows of version")
    assert [(r["Publisher"], r["Licence"], r["Keeps the rows of version"]) for r in english] == [
        (shipped, shipped_licence, ""), ("DTM Libya R28 (HDX)", "CC BY-IGO 3.0", "1"),
        ("not recorded", "not recorded", "2")]
    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        ar = {m.id: m.string for m in read_po(f) if m.id}
    arabic = _versions_table("ar", ar["Keeps the rows of version"])
    cells = [(r[ar["Publisher"]], r[ar["Licence"]]) for r in arabic]
    assert (ar[shipped], ar[shipped_licence]) in cells and ("DTM Libya R28 (HDX)", "CC BY-IGO 3.0") in cells
    assert (ar["not recorded"], ar["not recorded"]) in cells


# --- a file imported without its publisher, credited afterwards -----------------------------------------------

def test_a_file_imported_again_with_its_publisher_is_credited_as_a_new_version_of_the_same_rows(store, tmp_path):
    """Seen: a coordinator who left "Publisher of the file" blank uploaded the file again to name it, and read
    "nothing to store" with no way to credit it."""
    first = _import(store, tmp_path, MONTH_2024)
    assert (first.version, first.based_on) == (2, 1)
    assert _data(store, 2).source == f"{REPORT} + a coordinator's import (publisher not recorded)"

    credited = _import(store, tmp_path, MONTH_2024, publisher="UNHCR Libya")
    assert (credited.version, credited.based_on, credited.publisher, credited.licence) == (3, 1, "UNHCR Libya", "")
    data = _data(store, 3)
    assert data.source == f"{REPORT} + UNHCR Libya"
    assert data.licence == f"{REPORT_LICENCE} + not recorded at import"
    pd.testing.assert_frame_equal(_data_at(store, 3), _data_at(store, 2))

    # A blank field keeps what is recorded: naming the licence alone keeps the publisher.
    licensed = _import(store, tmp_path, MONTH_2024, licence="CC BY 4.0")
    assert (licensed.version, licensed.publisher, licensed.licence) == (4, "UNHCR Libya", "CC BY 4.0")
    assert _data(store, 4).licence == f"{REPORT_LICENCE} + CC BY 4.0"

    # The same credit again, or none: nothing new to record, nothing stored.
    assert _import(store, tmp_path, MONTH_2024, publisher="UNHCR Libya").version == 4
    assert _import(store, tmp_path, MONTH_2024).version == 4
    assert [v.version for v in store.versions(LAYER.name)] == [1, 2, 3, 4]


def _data_at(store, version: int) -> pd.DataFrame:
    """The stored rows of ``version`` (geometry as text, to compare)."""
    frame = pd.DataFrame(store.read(LAYER.name, version))
    return frame.assign(geometry=frame["geometry"].map(lambda g: None if g is None else g.wkt))


def test_the_shipped_data_is_not_credited_by_an_import_that_repeats_it(store, tmp_path):
    path = tmp_path / "shipped.csv"
    path.write_bytes((ROOT / "data/layers/disembarkation_points.csv").read_bytes())
    plan = ingest.plan(store, path, LAYER.name)
    assert plan.unchanged and plan.base_version == 1
    before = (store.versions(LAYER.name), store.audit(5))
    with pytest.raises(StoreError, match="version 1 of disembarkation_points is the shipped data"):
        ingest.commit(store, plan, publisher="UNHCR Libya")
    assert (store.versions(LAYER.name), store.audit(5)) == before
    assert ingest.commit(store, plan).version == 1  # naming nothing: nothing to store, as before


def test_a_credit_recorded_afterwards_is_read_in_arabic_in_the_versions_table_and_audit_log(
        store, tmp_path, monkeypatch, local_mode):
    monkeypatch.syspath_prepend(str(ROOT))
    with open(ROOT / "data/layers/displacement.csv", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f)]
    at_round, at_migrants = rows[0].index("round"), rows[0].index("migrants")
    r28 = [rows[0], *(r for r in rows[1:] if r[at_round] == "28")]
    r28[1][at_migrants] = str(int(r28[1][at_migrants]) + 1)  # a revised round 28: stored as version 2
    path = tmp_path / "r28.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(r28)
    ingest.import_file(store, path, "displacement", actor="a@example.org")
    ingest.import_file(store, path, "displacement", actor="a@example.org", publisher="DTM Libya R28 (HDX)")
    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        ar = {m.id: m.string for m in read_po(f) if m.id}
    note = ar["same rows as version {n}; publisher and licence recorded"].format(n="2")
    versions = _versions_table("ar", ar["Keeps the rows of version"])
    assert [(r[ar["Publisher"]], r[ar["Note"]]) for r in versions][-1] == ("DTM Libya R28 (HDX)", note)
    (entry, *_) = _versions_table("ar", ar["Action"])
    assert entry[ar["Action"]] == ar["credit"]
    assert entry[ar["Detail"]].endswith(" — " + note)


def test_a_publisher_given_as_an_e_mail_address_is_refused_and_nothing_is_stored(store, tmp_path, arabic):
    # Every page, download and feed shows the publisher as the rows' source.
    from components import problems

    before = store.versions(LAYER.name)
    with pytest.raises(StoreError) as caught:
        _import(store, tmp_path, ROWS, publisher="Ahmed <ahmed.salem@iom.int>")
    assert str(caught.value) == ("the publisher contains an e-mail address (ahmed.salem@iom.int); name the "
                                 "organisation instead")
    assert store.versions(LAYER.name) == before
    assert problems.translate(str(caught.value)) == ("يحتوي اسم الناشر على عنوان بريد إلكتروني (ahmed.salem@iom.int)؛ "
                                                     "اذكر اسم المنظمة بدلًا منه")


def test_a_downloads_provenance_names_the_publishers_in_arabic_and_keeps_the_public_out_of_the_store(store, tmp_path):
    """What a download's provenance says in an Arabic view (``provenance_in``; the sidecar and the metadata): each
    credit in Arabic, a named publisher as written; for the public no stored file name, no importer's address."""
    from geo.translations import Words

    _import(store, tmp_path, MONTH_2024, publisher="UNHCR Libya", licence="CC BY 4.0")
    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = {m.id: m.string for m in read_po(f) if m.id}
    coordinator = catalog.load(LAYER.name, "coordinator").provenance_in(Words("ar"))
    public = catalog.load(LAYER.name, "public").provenance_in(Words("ar"))
    for text in (coordinator, public):
        assert f"{catalogue[REPORT]} + UNHCR Libya" in text and f"{catalogue[REPORT_LICENCE]} + CC BY 4.0" in text
        assert LAYER.title_ar in text and "source:" not in text and "licence:" not in text, text
    assert "points.csv" in coordinator and "coordinator@example.org" in coordinator
    assert "points.csv" not in public and "coordinator@example.org" not in public
