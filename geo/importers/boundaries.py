"""Official mantika polygons from GeoJSON, GeoPackage or a zipped shapefile.

Why a module of its own: the atlas ships approximate mantika shapes until the
OCHA COD-AB polygons are imported, and those arrive in whichever format the
coordinator downloaded, with COD field conventions (``ADM2_PCODE``,
``ADM2_EN``, ``ADM2_AR``; in shapefiles truncated to ``admin2Pcod``,
``admin2Name``, ``admin2Na_1``).  This module finds the admin level and the
pcode/name fields by pattern, refuses levels the store cannot hold yet,
repairs what can be repaired (``make_valid``, keeping polygonal parts),
rejects empty or unrepairable features by feature number and pcode,
reprojects to WGS84, and insists on the complete set of known mantika so that
an import never leaves the map half official, half approximate.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo import admin
from geo.importers.files import Upload, extract_zip, fail
from geo.importers.tables import cell_text, norm, raise_if
from geo.validation import LAT_RANGE, LON_RANGE, Problem, ValidationError

COLUMNS = ["pcode", "name_en", "name_ar", "region_pcode", "admin_level", "boundary_source"]
LEVEL_NAMES = {0: "country", 1: "region", 2: "mantika", 3: "baladiya", 4: "muhalla"}
STORABLE_LEVEL = 2
# Admin level -> store dataset: official mantika polygons, and baladiya (admin 3) polygons
# that replace the municipality areas derived from the seats.
DATASET_OF_LEVEL = {2: "boundaries_mantika", 3: "boundaries_baladiya"}
POINT_HINT = ("this is a point file; did you mean baladiya seats? (import it as the 'baladiya_seats' "
              "dataset; boundaries must be polygons)")
PCODE_FIELD = re.compile(r"^adm(?:in)?\s?([0-4])\s?(?:p\s?cod(?:e)?|code)$")
NAME_AR_FIELD = re.compile(r"^adm(?:in)?\s?([0-4])\s?(?:ar|name\s?ar|na\s?1|name\s?1)$")
NAME_EN_FIELD = re.compile(r"^adm(?:in)?\s?([0-4])\s?(?:en|name|name\s?en)$")
CODE_LEVEL = {4: 1, 6: 2, 8: 3, 10: 4}  # pcode length -> admin level (LY01, LY0101, LY010101, ...)
MARGIN = 1.0  # degrees around Libya's box a polygon's inner point may fall in
CRS_FIX = "save the file in WGS84 (EPSG:4326), or include its .prj file in the zip"


def _is_arabic(text: str) -> bool:
    return bool(re.search(r"[\u0600-\u06ff]", text))


def fields(frame: pd.DataFrame) -> tuple[int | None, dict[str, str]]:
    """(admin level, {"pcode": field, "name_en": field, "name_ar": field}) from the attribute names.

    The level is the deepest one with a pcode field: an admin 2 COD file also
    carries its admin 1 and admin 0 fields.
    """
    by_level: dict[int, dict[str, str]] = {}
    for col in frame.columns:
        if col == "geometry":
            continue
        h = norm(col)
        for key, pattern in (("pcode", PCODE_FIELD), ("name_ar", NAME_AR_FIELD), ("name_en", NAME_EN_FIELD)):
            m = pattern.match(h)
            if m:
                by_level.setdefault(int(m.group(1)), {}).setdefault(key, col)
                break
    levels = [lvl for lvl, found in by_level.items() if "pcode" in found]
    if levels:
        level = max(levels)
        return level, by_level[level]
    # The atlas's own export, or a plain "pcode" field: the codes' length tells the level.
    for col in frame.columns:
        if col == "geometry":
            continue
        values = [cell_text(v).upper() for v in frame[col] if cell_text(v)]
        if values and all(re.fullmatch(r"LY\d{2,8}", v) for v in values):
            level = CODE_LEVEL.get(max(len(v) for v in values))
            named = {"pcode": col}
            for c in frame.columns:
                if norm(c) in ("name en", "name", "name english"):
                    named.setdefault("name_en", c)
                elif norm(c) in ("name ar", "name arabic"):
                    named.setdefault("name_ar", c)
            return level, named
    return None, {}


def _choose_shapefile(name: str, paths: list[Path]) -> Path:
    shps = [p for p in paths if p.suffix.lower() == ".shp" and "__MACOSX" not in p.parts]
    others = [p for p in paths if p.suffix.lower() in (".geojson", ".json", ".gpkg") and "__MACOSX" not in p.parts]
    if not shps:
        if len(others) == 1:
            return others[0]
        raise fail(name, "the zip archive holds no shapefile (.shp)",
                   "zip the boundary shapefile (.shp, .shx, .dbf, .prj) or upload a GeoJSON/GeoPackage")
    if len(shps) > 1:
        adm2 = [p for p in shps if re.search(r"adm(in)?_?2", p.name, re.IGNORECASE)]
        if len(adm2) != 1:
            listed = ", ".join(sorted(p.name for p in shps))
            raise fail(name, f"the zip archive holds several shapefiles ({listed})",
                       "zip only the admin 2 (mantika) shapefile with its .shx, .dbf and .prj")
        shps = adm2
    shp = shps[0]
    siblings = {p.name.lower() for p in paths if p.parent == shp.parent}
    missing = [ext for ext in (".shx", ".dbf") if f"{shp.stem.lower()}{ext}" not in siblings]
    if missing:
        raise fail(name, f"the shapefile {shp.name} comes without its {' and '.join(missing)} file",
                   "zip the .shp together with its .shx, .dbf and .prj files")
    return shp


def _polygon_layer(name: str, path: Path) -> str | None:
    layers = pyogrio.list_layers(path)
    if len(layers) <= 1:
        return None
    polygonal = [str(n) for n, kind in layers if kind and "polygon" in str(kind).lower()]
    if len(polygonal) == 1:
        return polygonal[0]
    adm2 = [n for n in polygonal if re.search(r"adm(in)?_?2", n, re.IGNORECASE)]
    if len(adm2) == 1:
        return adm2[0]
    raise fail(name, f"the GeoPackage holds {len(polygonal) or 'no'} polygon layers "
                     f"({', '.join(str(n) for n, _ in layers)})",
               "keep only the admin 2 (mantika) layer in the file")


def read(upload: Upload, tmp: Path) -> gpd.GeoDataFrame:
    """The upload's features (any CRS), read from a private temporary directory."""
    name = upload.name
    if upload.kind == "zip":
        path = _choose_shapefile(name, extract_zip(name, upload.data, tmp / "unzipped"))
    else:
        if upload.kind == "geojson":
            check_geojson(name, upload.data)
        path = tmp / ("upload.gpkg" if upload.kind == "gpkg" else "upload.geojson")
        path.write_bytes(upload.data)
    try:
        layer = _polygon_layer(name, path) if path.suffix.lower() == ".gpkg" else None
        return gpd.read_file(path, layer=layer, engine="pyogrio")
    except ValidationError:
        raise
    except Exception:  # GDAL reports damaged files with several exception types
        # A GeoJSON whose polygons GDAL cannot build: each such feature named (seen: a ring of two points, or not
        # closed, reported as a damaged file).
        if upload.kind == "geojson" and (rings := _broken_rings(upload.data)):
            raise ValidationError(rings, source=name) from None
        # Never show the private temporary path or the GDAL driver's jargon to the user.
        raise fail(name, f"the file cannot be read as {KIND_NAMES.get(upload.kind, upload.kind)}: it is damaged, "
                         f"incomplete, or another kind of file",
                   "export it again as GeoJSON, GeoPackage or a zipped shapefile") from None


def _broken_rings(data: bytes, limit: int = 50) -> list[Problem]:
    """The features of a GeoJSON (``check_geojson`` passed) with a polygon ring of fewer than 4 positions or not
    closed (its last position not its first): GDAL cannot build them and reports only that reading failed."""
    import json

    problems = []
    features = json.loads(data.decode("utf-8-sig")).get("features") or []
    for n, feature in enumerate(features, start=1):
        geometry = (feature or {}).get("geometry") or {}
        polygons = {"Polygon": [geometry.get("coordinates")],
                    "MultiPolygon": geometry.get("coordinates")}.get(geometry.get("type"), [])
        rings = [ring for polygon in polygons or [] if isinstance(polygon, list) for ring in polygon
                 if isinstance(ring, list)]
        if any(len(ring) < 4 or ring[0] != ring[-1] for ring in rings):
            props = (feature or {}).get("properties") or {}
            code = next((str(v) for k, v in props.items() if str(k).lower().endswith("pcode") and v), "no pcode")
            problems.append(Problem(f"feature {n} ({code}): a ring of the polygon has fewer than 4 points or does not "
                                    "end where it starts", n, "geometry",
                                    "draw the polygon again (its last point the same as its first), or remove the "
                                    "feature"))
            if len(problems) == limit:
                break
    return problems


KIND_NAMES = {"geojson": "GeoJSON", "gpkg": "a GeoPackage", "zip": "a zipped shapefile"}
GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                 "MultiPolygon", "GeometryCollection"}


def check_geojson(name: str, data: bytes) -> None:
    """Refuse a ``.json`` that is not GeoJSON in plain words (before GDAL sees it)."""
    import json

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(name, "the GeoJSON file is not UTF-8 text (GeoJSON must be UTF-8)",
                   "export the GeoJSON again with UTF-8 encoding") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(name, f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                   "export the file again; it may have been cut off or edited by hand") from None
    if not isinstance(doc, dict) or doc.get("type") not in GEOJSON_TYPES:
        what = (f"an object with the keys {', '.join(repr(k) for k in list(doc)[:6])}" if isinstance(doc, dict)
                else f"a JSON {type(doc).__name__.replace('dict', 'object')}")
        raise fail(name, f"the file is JSON but not GeoJSON: it is {what}, not a FeatureCollection",
                   "upload boundaries or seats as GeoJSON (\"type\": \"FeatureCollection\"), a GeoPackage or a "
                   "zipped shapefile; tables as CSV or XLSX")


def is_point_file(frame: gpd.GeoDataFrame) -> bool:
    """True when every non-empty geometry is a point (COD admin 3 seats), none a polygon."""
    kinds = {g.geom_type for g in frame.geometry if g is not None and not g.is_empty}
    return bool(kinds) and kinds <= {"Point", "MultiPoint"}


def _bad_pcode_values(frame: pd.DataFrame) -> str | None:
    """What is wrong with a field called ``pcode`` whose values are not Libyan pcodes, if there is one."""
    col = next((c for c in frame.columns if c != "geometry" and norm(c) == "pcode"), None)
    if col is None:
        return None
    values = [cell_text(v) for v in frame[col]]
    blank = sum(1 for v in values if not v)
    bad = [v for v in values if v and not re.fullmatch(r"LY\d{2,8}", v.upper())]
    parts = []
    if blank:
        parts.append(f"{blank} of {len(values)} are empty")
    if bad:
        shown = ", ".join(repr(v) for v in bad[:3])
        parts.append(f"{len(bad)} of {len(values)} are not Libyan pcodes like LY0101 or LY010101 (e.g. {shown})")
    lengths = {len(v) for v in values if v and v not in bad}
    if not parts and len(lengths) > 1:
        parts.append("the codes mix admin levels (lengths " + ", ".join(str(n) for n in sorted(lengths)) + ")")
    return f"the field {col!r} does not hold one admin level's pcodes: " + "; ".join(parts or ["values unusable"])


def _to_wgs84(frame: gpd.GeoDataFrame, name: str) -> tuple[gpd.GeoDataFrame, str | None]:
    """``frame`` in EPSG:4326 and the CRS it came from (None if it was already WGS84)."""
    if frame.crs is None:
        xmin, ymin, xmax, ymax = frame.total_bounds if len(frame) else (0, 0, 0, 0)
        if -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90:
            return frame.set_crs(4326), None  # unlabelled, but plainly longitude/latitude
        raise fail(name, f"the file has no coordinate reference system and its coordinates "
                         f"(x {xmin:,.0f}..{xmax:,.0f}, y {ymin:,.0f}..{ymax:,.0f}) are not longitude/latitude",
                   CRS_FIX)
    if frame.crs.to_epsg() == 4326:
        return frame, None
    try:
        return frame.to_crs(4326), frame.crs.to_string()
    except Exception as exc:  # pyproj: unknown or unusable CRS
        raise fail(name, f"the coordinates cannot be converted to WGS84 ({exc})", CRS_FIX) from None


def _polygonal(geom: BaseGeometry) -> BaseGeometry | None:
    """The polygonal part of ``geom`` (Polygon/MultiPolygon), or None if it has none."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    polys = [p for g in parts for p in (g.geoms if isinstance(g, MultiPolygon) else [g])]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _inside_libya(geom: BaseGeometry) -> bool:
    pt = geom.representative_point()
    return (LON_RANGE[0] - MARGIN <= pt.x <= LON_RANGE[1] + MARGIN
            and LAT_RANGE[0] - MARGIN <= pt.y <= LAT_RANGE[1] + MARGIN)


def _check_geometry(geom: BaseGeometry | None, label: str, n: int
                    ) -> tuple[BaseGeometry | None, bool, Problem | None]:
    """(repaired geometry, whether it was repaired, problem)."""
    if geom is None or geom.is_empty:
        return None, False, Problem(f"{label}: the geometry is empty", n, "geometry",
                                    "draw the polygon, or remove the feature")
    geom = shapely.force_2d(geom)
    repaired = False
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        fixed = _polygonal(shapely.make_valid(geom))
        if fixed is None or fixed.is_empty or not fixed.is_valid:
            return None, False, Problem(f"{label}: the geometry is invalid ({reason}) and cannot be repaired",
                                        n, "geometry", "fix the polygon in a GIS (e.g. QGIS 'Fix geometries')")
        geom, repaired = fixed, True
    polygon = _polygonal(geom)
    if polygon is None or polygon.is_empty:
        return None, False, Problem(f"{label}: the geometry is a {geom.geom_type}, not a polygon", n, "geometry",
                                    "import the polygon (area) layer of the boundaries")
    if not _inside_libya(polygon):
        pt = polygon.representative_point()
        return None, False, Problem(f"{label}: the polygon lies outside Libya (around {pt.y:.2f}, {pt.x:.2f})",
                                    n, "geometry", CRS_FIX)
    return polygon, repaired, None


def read_features(upload: Upload) -> gpd.GeoDataFrame:
    """The upload's features, read from a private temporary directory that is removed at once."""
    with tempfile.TemporaryDirectory(prefix="atlas-boundaries-") as tmp:
        frame = read(upload, Path(tmp))
    if frame.empty:
        raise fail(upload.name, "the file has no features", "export the layer with its features")
    return frame


def prepare(upload: Upload, frame: gpd.GeoDataFrame | None = None, dataset: str | None = None
            ) -> tuple[str, pd.DataFrame, list[BaseGeometry], str]:
    """Read, check and repair an admin 2 (mantika) or admin 3 (baladiya) boundary file:
    (dataset, rows, WGS84 geometries, summary).

    Raises ``ValidationError`` naming the feature (1-based, as GIS attribute
    tables count) and its pcode.
    """
    name = upload.name
    if frame is None:
        frame = read_features(upload)
    if is_point_file(frame):
        raise fail(name, POINT_HINT, "import it with --dataset baladiya_seats (or choose that dataset)")
    level, found = fields(frame)
    if level is None:
        bad = _bad_pcode_values(frame)
        if bad:
            raise fail(name, bad, "fill the field with the OCHA COD pcodes (LY0101… for mantika, LY010101… for "
                                  "baladiya)")
        listed = ", ".join(c for c in frame.columns if c != "geometry")
        raise fail(name, f"no pcode field found (fields: {listed})",
                   "use the OCHA COD-AB fields (ADM2_PCODE, ADM2_EN, ADM2_AR) or a 'pcode' field")
    wanted = {v: k for k, v in DATASET_OF_LEVEL.items()}.get(dataset or "")
    if level not in DATASET_OF_LEVEL or (wanted is not None and level != wanted):
        allowed = ("admin level 2 (mantika) or admin level 3 (baladiya)" if wanted is None
                   else f"admin level {wanted} ({LEVEL_NAMES[wanted]})")
        raise fail(name, f"this is an admin level {level} ({LEVEL_NAMES.get(level, '?')}) boundary file "
                         f"(field {found['pcode']!r}); only {allowed} boundaries can be stored"
                         + ("" if wanted is None else f" as {dataset}"),
                   "import the COD-AB admin 2 (mantika) boundaries, e.g. lby_admbnda_adm2, or the admin 3 "
                   "(baladiya) polygons")
    frame, reprojected = _to_wgs84(frame, name)
    unit_name = LEVEL_NAMES[level]
    table = admin.units(unit_name)
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    rows, geoms, repaired = [], [], 0
    pcode_field = found["pcode"]
    for n, (record, geom) in enumerate(zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry,
                                           strict=True), start=1):
        code = cell_text(record[pcode_field]).upper()
        name_en = cell_text(record.get(found.get("name_en"))) if "name_en" in found else ""
        name_ar = cell_text(record.get(found.get("name_ar"))) if "name_ar" in found else ""
        label = f"feature {n} ({code or 'no pcode'})"
        if not code:
            problems.append(Problem(f"{label}: the pcode is empty", n, pcode_field, f"fill in the {unit_name} pcode"))
            continue
        if code not in table:
            problems.append(Problem(f"{label}: " + admin.unknown_code_hint(code, unit_name, name_en or None), n,
                                    pcode_field, f"use the {unit_name} pcodes of the OCHA COD-AB Libya"))
            continue
        if code in first_seen:
            problems.append(Problem(f"{label}: duplicate pcode {code} (first at feature {first_seen[code]})", n,
                                    pcode_field, f"keep one feature per {unit_name} (dissolve the parts in a GIS)"))
            continue
        first_seen[code] = n
        polygon, fixed, problem = _check_geometry(geom, label, n)
        if problem:
            problems.append(problem)
            continue
        repaired += fixed
        unit = table[code]
        rows.append({"pcode": code, "name_en": name_en or unit.name_en,
                     "name_ar": name_ar if _is_arabic(name_ar) else unit.name_ar,
                     "region_pcode": unit.parent if level == 2 else admin.mantikas()[unit.parent].parent,
                     "admin_level": level,
                     "boundary_source": f"Imported official boundaries ({name})"})
        geoms.append(polygon)
    missing = [p for p in table if p not in first_seen]
    if missing and not problems:
        problems.append(Problem(f"the file covers {len(first_seen)} of {len(table)} {unit_name}; missing: "
                                + ", ".join(f"{p} ({table[p].name_en})" for p in missing), None, pcode_field,
                                f"import the complete admin {level} file, so no {unit_name} is left without a "
                                "boundary"))
    raise_if(problems, name)
    order = sorted(range(len(rows)), key=lambda i: rows[i]["pcode"])
    out = pd.DataFrame([rows[i] for i in order], columns=COLUMNS)
    geoms = [geoms[i] for i in order]
    summary = (f"{unit_name.capitalize()} boundaries: {len(out)} {unit_name} "
               f"({out['pcode'].iloc[0]}–{out['pcode'].iloc[-1]})")
    if repaired:
        summary += f", {repaired} geometr{'y' if repaired == 1 else 'ies'} repaired"
    if reprojected:
        summary += f", reprojected from {reprojected}"
    return DATASET_OF_LEVEL[level], out, geoms, summary
