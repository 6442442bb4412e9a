"""Importers: turn an uploaded file into validated rows for one dataset, or say why not.

Why one entry point: the command line, the Data page and the tests all call
``prepare(path, dataset=None)``; it reads the file safely (``files``), finds
its tables (``tables``), decides what dataset it holds when not told, and
hands it to the importer for that kind of file:

- ``dtm``: DTM datasets as IOM and HDX publish them -> ``displacement``;
- ``points``: tables in the registry's own columns (point layers, flash
  updates, atlas exports of any layer);
- ``boundaries``: GeoJSON / GeoPackage / zipped shapefile -> mantika polygons.

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
from geo.importers.files import Upload, fail, read_upload
from geo.importers.tables import Book, Sheet, above, best_header, cell_text, norm, table_at
from geo.store import BOUNDARIES, DATASETS
from geo.validation import Problem, ValidationError

VECTOR_KINDS = ("geojson", "zip", "gpkg")
MIN_SCORE = 0.5  # share of a layer's required columns a table must have to be taken for that layer
# The atlas's own displacement columns: a table with these is an export, not a DTM publication.
ATLAS_DISPLACEMENT = {"round_start", "round_end", "admin1_pcode", "mantika_pcode", "baladiya_pcode"}


@dataclass
class Prepared:
    """A validated file, ready for ``geo.ingest`` to merge and store."""

    dataset: str  # a registry layer name, or geo.store.BOUNDARIES
    frame: pd.DataFrame  # layers: exactly the registry columns; boundaries: see boundaries.COLUMNS
    geometries: list | None  # WGS84 shapely geometries for boundaries; None for layers
    source_name: str  # the file name as uploaded
    source_bytes: bytes  # the raw file (the store records its SHA-256)
    summary: str  # one line for previews and the audit log


def _dataset_flag_fix() -> str:
    return f"name the dataset explicitly (--dataset NAME), one of: {', '.join(DATASETS)}"


def prepare(path: Path, dataset: str | None = None, *, today: dt.date | None = None) -> Prepared:
    """Read and validate ``path`` as ``dataset`` (detected when None); never touches the store."""
    path = Path(path)
    if dataset is not None and dataset not in DATASETS:
        raise ValidationError([Problem(f"unknown dataset {dataset!r}", fix=f"use one of: {', '.join(DATASETS)}")],
                              source=path.name)
    upload = read_upload(path)
    too_big = limits.check_upload(upload.kind, upload.data, dataset)  # streamed count, before parsing
    if too_big is not None:
        raise fail(upload.name, too_big.message(), too_big.fix())
    if upload.kind in VECTOR_KINDS:
        if dataset not in (None, BOUNDARIES):
            raise fail(upload.name, f"this is a boundary file ({upload.kind}); the {dataset!r} dataset is read "
                                    "from CSV or XLSX tables", "upload the table as .csv or .xlsx")
        frame, geoms, summary = boundaries.prepare(upload)
        too_big = limits.check_vertices(int(sum(shapely.get_num_coordinates(g) for g in geoms if g is not None)))
        if too_big is not None:
            raise fail(upload.name, too_big.message(), too_big.fix())
        return Prepared(BOUNDARIES, frame, geoms, upload.name, upload.data, summary)
    if dataset == BOUNDARIES:
        raise fail(upload.name, f"boundaries must be a GeoJSON, GeoPackage or zipped shapefile, not a {upload.kind} "
                                "table", "upload the boundary file itself")
    book = Book(upload)
    try:
        return _prepare_table(book, upload, dataset, today)
    finally:
        book.close()


def _prepare_table(book: Book, upload: Upload, dataset: str | None, today: dt.date | None) -> Prepared:
    if dataset in (None, dtm.LAYER.name):
        found = _dtm_table(book)
        if found is not None:
            preview, row, hxl = found
            sheet = book.load(preview)
            table = table_at(sheet, row, hxl)
            _check_rows(table, dtm.LAYER.name)
            frame, summary = dtm.prepare(table, [above(sheet, row), *book.others(preview)], upload.name,
                                         today=today)
            return Prepared(dtm.LAYER.name, frame, None, upload.name, upload.data, summary)
    layer, preview, row, hxl = _layer_table(book, upload, dataset)
    table = table_at(book.load(preview), row, hxl)
    _check_rows(table, layer.name)
    frame, summary = points.prepare(table, layer, upload.name, today=today)
    return Prepared(layer.name, frame, None, upload.name, upload.data, summary)


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
                 ) -> tuple[registry.Layer, Sheet, int, list[str] | None]:
    """The layer a table holds (``dataset`` when given) and where its header is."""
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
        return best[1], best[2], best[3], best[4]
    if best[0] < MIN_SCORE:
        headers = ", ".join(repr(h) for h in best[5] if h)
        raise fail(_source(best[2]), f"cannot tell which dataset this table holds (columns: {headers})",
                   _dataset_flag_fix())
    if len(ranked) > 1 and abs(ranked[1][0] - best[0]) < 1e-9:
        tied = [r[1].name for r in ranked if abs(r[0] - best[0]) < 1e-9]
        raise fail(_source(best[2]), f"the table's columns fit several datasets equally well: {', '.join(tied)}",
                   _dataset_flag_fix())
    return best[1], best[2], best[3], best[4]


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
