"""Importers: turn an uploaded file into validated rows for one dataset, or say why not.

Why one entry point: the command line, the Data page and the tests all call
``prepare(path, dataset=None)``; it reads the file safely (``files``), finds
its tables (``tables``), decides what dataset it holds when not told, and
hands it to the importer for that kind of file:

- ``dtm``: DTM datasets as IOM and HDX publish them -> ``displacement``;
- ``points``: tables in the registry's own columns (point layers, flash
  updates, atlas exports of any layer);
- ``boundaries``: GeoJSON / GeoPackage / zipped shapefile polygons -> mantika (admin 2) or
  baladiya (admin 3) boundaries;
- ``seats``: COD admin 3 points (the same vector formats, or a table with lat/lon) ->
  ``baladiya_seats``.

When the dataset is not named, ``Prepared.detection`` says which one was chosen
and why; two that fit about equally well raise ``AmbiguousDataset`` with both.

``prepare`` never touches the store; every problem is a
``geo.validation.ValidationError`` naming the file (and sheet), the row as the
user sees it, the column, and a fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import shapely

from geo import limits, registry
from geo.importers import boundaries, dtm, points
from geo.importers import seats as seat_points
from geo.importers.files import Upload, fail, read_upload
from geo.importers.tables import Book, Sheet, above, best_header, cell_text, norm, table_at
from geo.store import BOUNDARIES, BOUNDARIES_BALADIYA, DATASETS
from geo.validation import Problem, ValidationError

VECTOR_KINDS = ("geojson", "zip", "gpkg")
MIN_SCORE = 0.5  # share of a layer's required columns a table must have to be taken for that layer
# Two datasets whose scores (share of required columns, share of the file's columns
# explained) are both this close are too close to choose between without asking.
CLOSE = 0.1
SEATS = seat_points.LAYER.name
POLYGON_DATASETS = (BOUNDARIES, BOUNDARIES_BALADIYA)
# The atlas's own displacement columns: a table with these is an export, not a DTM publication.
ATLAS_DISPLACEMENT = {"round_start", "round_end", "admin1_pcode", "mantika_pcode", "baladiya_pcode"}


@dataclass
class Prepared:
    """A validated file, ready for ``geo.ingest`` to merge and store."""

    dataset: str  # a registry layer name, or geo.store.BOUNDARIES
    frame: pd.DataFrame  # layers: exactly the registry columns; boundaries: see boundaries.COLUMNS
    geometries: list | None  # WGS84 shapely geometries for boundaries; None for layers
    source_name: str  # the file name as uploaded
    source_sha256: str  # of the raw file, which the store records (the bytes themselves are not kept)
    summary: str  # one line for previews and the audit log
    detection: str = ""  # which dataset auto-detect chose and why ("" when the dataset was named)


class AmbiguousDataset(ValidationError):
    """Auto-detect found two or more datasets that fit a file about equally well.

    ``candidates`` lists them best first: the Data page asks which one is meant,
    the command line fails naming them."""

    def __init__(self, source: str, candidates: list[str], reason: str):
        self.candidates = candidates
        super().__init__([Problem(f"the file fits several datasets about equally well: {reason}", None, None,
                                  _dataset_flag_fix())], source=source)


def _dataset_flag_fix() -> str:
    return f"name the dataset explicitly (--dataset NAME), one of: {', '.join(DATASETS)}"


def prepare(path: Path, dataset: str | None = None, *, today: dt.date | None = None,
            seats: dict[str, tuple[float, float]] | None = None, mantikas=None,
            official_boundaries: bool = False) -> Prepared:
    """Read and validate ``path`` as ``dataset`` (detected when None); never touches the store.

    ``seats`` (pcode -> (lat, lon)) places sites given only a pcode; ``mantikas``
    (polygons with a ``pcode`` column, default the shipped approximate ones) is
    what imported seats must lie inside, ``official_boundaries`` saying which
    tolerance applies.  ``geo.ingest`` passes the store's current ones."""
    path = Path(path)
    if dataset is not None and dataset not in DATASETS:
        raise ValidationError([Problem(f"unknown dataset {dataset!r}", fix=f"use one of: {', '.join(DATASETS)}")],
                              source=path.name)
    upload = read_upload(path)
    too_big = limits.check_upload(upload.kind, upload.data, dataset)  # streamed count, before parsing
    if too_big is not None:
        raise fail(upload.name, too_big.message(), too_big.fix())
    if mantikas is None:
        from geo.boundaries import approximate_mantikas

        mantikas = approximate_mantikas()
    checks = (mantikas, official_boundaries)
    if upload.kind in VECTOR_KINDS:
        if dataset not in (None, SEATS, *POLYGON_DATASETS):
            raise fail(upload.name, f"this is a boundary file ({upload.kind}); the {dataset!r} dataset is read "
                                    "from CSV or XLSX tables", "upload the table as .csv or .xlsx")
        features = boundaries.read_features(upload)
        if boundaries.is_point_file(features):
            if dataset in POLYGON_DATASETS:
                raise fail(upload.name, boundaries.POINT_HINT, "choose the dataset baladiya_seats")
            table = seat_points.table_from_points(features, upload.name)
            why = "" if dataset else (f"detected {SEATS}: every feature is a point (COD admin 3 points are the "
                                      "baladiya seats)")
            return _seats(table, upload, today, checks, why)
        if dataset == SEATS:
            kinds = sorted({g.geom_type for g in features.geometry if g is not None})
            raise fail(upload.name, f"baladiya seats are points, but this file holds {', '.join(kinds)} features",
                       "import the COD admin 3 points file, or choose a boundaries dataset for polygons")
        name, frame, geoms, summary = boundaries.prepare(upload, features, dataset)
        too_big = limits.check_vertices(int(sum(shapely.get_num_coordinates(g) for g in geoms if g is not None)))
        if too_big is not None:
            raise fail(upload.name, too_big.message(), too_big.fix())
        why = "" if dataset else f"detected {name}: polygons with admin level {2 if name == BOUNDARIES else 3} pcodes"
        return Prepared(name, frame, geoms, upload.name, upload.sha256(), summary, why)
    if dataset in POLYGON_DATASETS:
        raise fail(upload.name, f"boundaries must be a GeoJSON, GeoPackage or zipped shapefile, not a {upload.kind} "
                                "table", "upload the boundary file itself")
    book = Book(upload)
    try:
        return _prepare_table(book, upload, dataset, today, seats, checks)
    finally:
        book.close()


def _seats(table, upload: Upload, today: dt.date | None, checks: tuple, why: str) -> Prepared:
    """A table of seats: registry columns and checks, then the seat-only checks."""
    mantikas, official = checks
    frame, _ = points.prepare(table, seat_points.LAYER, upload.name, today=today)
    frame = seat_points.complete(frame)
    from geo.validation import validate

    # The filled-in parents are checked against the pcode table like any given ones.
    _, found = validate(frame, seat_points.LAYER, row_numbers=table.row_numbers, today=today)
    inside, near = seat_points.check_inside(frame, table.row_numbers, mantikas, official)
    from geo.importers.tables import raise_if

    raise_if([*found, *inside], table.source)
    return Prepared(SEATS, frame[seat_points.LAYER.columns], None, upload.name, upload.sha256(),
                    seat_points.summary(frame, near, official), why)


def _prepare_table(book: Book, upload: Upload, dataset: str | None, today: dt.date | None,
                   seats: dict[str, tuple[float, float]] | None = None, checks: tuple = (None, False)) -> Prepared:
    if dataset in (None, dtm.LAYER.name):
        found = _dtm_table(book)
        if found is not None:
            preview, row, hxl = found
            sheet = book.load(preview)
            table = table_at(sheet, row, hxl, used=dtm.used_columns)
            _check_rows(table, dtm.LAYER.name)
            frame, summary = dtm.prepare(table, [above(sheet, row), *book.others(preview)], upload.name,
                                         today=today)
            why = "" if dataset else ("detected displacement: a DTM baladiya table (a baladiya pcode column with "
                                      "counts or a round)")
            return Prepared(dtm.LAYER.name, frame, None, upload.name, upload.sha256(), summary, why)
    layer, preview, row, hxl, why = _layer_table(book, upload, dataset)
    table = table_at(book.load(preview), row, hxl,
                     used=lambda headers, tags: set(points.match_columns(layer, headers, tags).values()))
    _check_rows(table, layer.name)
    if layer.name == SEATS:
        return _seats(table, upload, today, checks, why)
    frame, summary = points.prepare(table, layer, upload.name, today=today, seats=seats)
    return Prepared(layer.name, frame, None, upload.name, upload.sha256(), summary, why)


def _check_rows(table, dataset: str) -> None:
    """The detected dataset's own row limit, before any row is validated."""
    too_big = limits.check_rows(dataset, len(table.frame))
    if too_big is not None:
        raise fail(table.source, too_big.message(), too_big.fix())


def _prefer_baladiya(sheet: Sheet) -> bool:
    return "baladiya" in norm(sheet.title)


def _dtm_table(book: Book) -> tuple[Sheet, int, list[str] | None] | None:
    """The sheet and header row of a DTM baladiya table, if the upload has one."""
    _, sheet, row, headers, hxl = best_header(book, dtm.header_score, _prefer_baladiya)
    if sheet is None:
        return None
    if {norm(h).replace(" ", "_") for h in headers} >= ATLAS_DISPLACEMENT:
        return None  # the atlas's own columns: imported as they are, provenance included
    return sheet, row, hxl


def _layer_table(book: Book, upload: Upload, dataset: str | None
                 ) -> tuple[registry.Layer, Sheet, int, list[str] | None, str]:
    """The layer a table holds (``dataset`` when given), where its header is, and why it was chosen."""
    layers = [registry.get(dataset)] if dataset else list(registry.LAYERS.values())
    ranked = []
    for layer in layers:
        def score(headers: list[str], hxl: list[str] | None, layer: registry.Layer = layer) -> float:
            share, matched = points.score(layer, headers, hxl)
            return share + matched / 1000  # more matched fields break ties between header rows
        s, sheet, row, headers, hxl = best_header(book, score)
        ranked.append((s, layer, sheet, row, hxl, headers))
    ranked.sort(key=lambda r: -r[0])
    best = ranked[0]
    if best[2] is None:
        first = _first_filled_row(book)
        if first is None:
            raise fail(upload.name, "the file has no table: every row is empty",
                       "put the column names in the first row and the data below them")
        sheet, cells = first
        columns = ", ".join(repr(c) for c in cells)
        if dataset:
            raise fail(sheet.source, f"none of the columns ({columns}) is a column of the {dataset!r} dataset",
                       f"name the columns as in data/layers/{dataset}.csv")
        raise fail(sheet.source, f"cannot tell which dataset this table holds (columns: {columns})",
                   _dataset_flag_fix())
    if dataset:
        return best[1], best[2], best[3], best[4], ""
    if best[0] < MIN_SCORE:
        headers = ", ".join(repr(h) for h in best[5] if h)
        raise fail(_source(best[2]), f"cannot tell which dataset this table holds (columns: {headers})",
                   _dataset_flag_fix())
    if len(ranked) > 1 and abs(ranked[1][0] - best[0]) < 1e-9:
        tied = [r[1].name for r in ranked if abs(r[0] - best[0]) < 1e-9]
        raise fail(_source(best[2]), f"the table's columns fit several datasets equally well: {', '.join(tied)}",
                   _dataset_flag_fix())
    explained = [_explains(r[1], r[5], r[4]) for r in ranked]
    close = [r for r, e in zip(ranked[1:], explained[1:], strict=True)
             if r[2] is not None and best[0] - r[0] < CLOSE and abs(explained[0] - e) < CLOSE and r[0] >= MIN_SCORE]
    if close:
        names = [best[1].name, *(r[1].name for r in close)]
        raise AmbiguousDataset(_source(best[2]), names,
                               "; ".join(f"{r[1].name} has {_reason(r[1], r[5], r[4])}" for r in [best, *close]))
    runner = next((r for r in ranked[1:] if r[2] is not None), None)
    why = f"detected {best[1].name}: the table has {_reason(best[1], best[5], best[4])}"
    if runner is not None:
        why += f" (next best: {runner[1].name}, {_reason(runner[1], runner[5], runner[4], short=True)})"
    return best[1], best[2], best[3], best[4], why


def _explains(layer: registry.Layer, headers: list[str], hxl: list[str] | None) -> float:
    """Share of the table's named columns that are columns of ``layer``."""
    named = [h for h in headers if h]
    return len(points.match_columns(layer, headers, hxl)) / max(len(named), 1)


def _reason(layer: registry.Layer, headers: list[str], hxl: list[str] | None, short: bool = False) -> str:
    cols = points.match_columns(layer, headers, hxl)
    required = [f for f in layer.required if f not in points.PROVENANCE]
    have = [f for f in required if f in cols]
    text = f"{len(have)} of its {len(required)} required columns"
    if short:
        return text
    matched = ", ".join(f"{h!r} → {f}" if norm(h) != norm(f) else repr(h) for f, h in cols.items())
    return f"{text} ({matched})"


def _first_filled_row(book: Book) -> tuple[Sheet, list[str]] | None:
    for sheet in book.previews:
        for row in sheet.rows:
            cells = [c for c in (cell_text(v) for v in row) if c]
            if cells:
                return sheet, cells
    return None


def _source(sheet: Sheet | None) -> str:
    return sheet.source if sheet is not None else "input"


__all__ = ["Prepared", "prepare"]
