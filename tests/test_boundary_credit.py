"""Official boundaries credited to whom their importer named, wherever they are named.

Seen: a public snapshot's sources read "Boundaries: Official boundaries imported from cod_ab_lby_adm2_mantika.geojson
(v1)": the store's file name, given to donors, and OCHA's licence, which asks to be credited, nowhere (the Data page
asked for the publisher and licence, and the boundaries' captions, Sources, downloads and snapshots ignored them).
Expected texts are literals: the publisher and licence typed here, the registry's words for a blank."""

from __future__ import annotations

import html
import json

import pytest

from geo import catalog, ingest, municipalities, snapshots
from tests.importers.builders import admin3_polygons, squares

PUBLISHER, LICENCE = "OCHA Libya (HDX)", "CC BY-IGO 3.0"


def _import_mantikas(store, tmp_path, **credit):
    path = tmp_path / "lby_adm2_internal_copy.geojson"
    squares().to_file(path, driver="GeoJSON", engine="pyogrio")
    version, _ = ingest.import_file(store, path, actor="ali@example.org", **credit)
    assert version.dataset == "boundaries_mantika"
    return version


def test_official_boundaries_are_credited_and_the_public_is_not_given_the_file_name(store, tmp_path, monkeypatch):
    version = _import_mantikas(store, tmp_path, publisher=PUBLISHER, licence=LICENCE)
    day = version.created_at[:10]
    public = (f"Official mantika boundaries — source: {PUBLISHER}; licence: {LICENCE}; version 1 of {day}")
    assert catalog.boundary_label() == public  # the mantika polygons' own label (legends, snapshot content)
    assert catalog.boundary_text(version, public=False) == (
        f"Official mantika boundaries — source: {PUBLISHER}; licence: {LICENCE}; store version 1 of {day} from "
        "lby_adm2_internal_copy.geojson")

    from components import geography

    monkeypatch.setenv("ATLAS_ROLE", "public")  # the map values' download says what the areas are
    assert geography.area_label("mantika") == public


def test_a_public_snapshot_credits_the_boundaries_and_holds_no_file_name(store, tmp_path):
    _import_mantikas(store, tmp_path, publisher=PUBLISHER, licence=LICENCE)
    snap = snapshots.publish(snapshots.View(rounds=(27, 28), current=28), "Boundaries", publisher_role="coordinator",
                             root=tmp_path / "snaps")
    page = html.unescape((snap.path / "index.html").read_text(encoding="utf-8"))
    assert f"Boundaries: Official mantika boundaries — source: {PUBLISHER}; licence: {LICENCE}; version 1 of" in page
    for path in snap.path.rglob("*"):
        if path.is_file():
            assert b"lby_adm2_internal_copy" not in path.read_bytes(), path.name


def test_boundaries_imported_without_a_publisher_say_it_was_not_recorded(store, tmp_path):
    _import_mantikas(store, tmp_path)
    assert catalog.boundary_label().startswith(
        "Official mantika boundaries — source: a coordinator's import (publisher not recorded); licence: not "
        "recorded at import; version 1 of ")


def test_official_baladiya_areas_are_credited_too(store, tmp_path):
    path = admin3_polygons(municipalities.areas(store), tmp_path / "lby_admbnda_adm3_internal.geojson")
    version, _ = ingest.import_file(store, path, publisher=PUBLISHER, licence=LICENCE)
    assert version.dataset == "boundaries_baladiya"
    assert municipalities.label(store) == (f"Official baladiya boundaries — source: {PUBLISHER}; licence: {LICENCE}; "
                                           f"version 1 of {version.created_at[:10]}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_arabic_words_are_the_catalogues(store, tmp_path, lang, arabic, local_mode):
    from babel.messages.pofile import read_po

    from components import locale, page
    from tests.test_layer_source import ROOT

    arabic["lang"] = lang
    version = _import_mantikas(store, tmp_path, licence=LICENCE)
    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        ar = {m.id: m.string for m in read_po(f) if m.id}
    words = (lambda s: ar[s]) if lang == "ar" else (lambda s: s)
    text = html.unescape(page.official_boundaries_html())
    expected = words("Official mantika boundaries — source: {source}; licence: {licence}; store version {version} of "
                     "{date} from {file}").format(
        source=f'<bdi class="atlas-data">{words("a coordinator" + chr(39) + "s import (publisher not recorded)")}'
               '</bdi>',
        licence=f'<bdi class="atlas-data">{LICENCE}</bdi>', version=locale.number(1),
        date=f'<bdi class="atlas-data">{version.created_at[:10]}</bdi>',
        file='<bdi class="atlas-data">lby_adm2_internal_copy.geojson</bdi>')
    assert text == html.unescape(expected)
    assert json.dumps(text)  # one line of HTML, no traceback
