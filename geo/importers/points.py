"""Site lists and event tables -> point layers (and any layer in the registry's own columns).

Why a module of its own: detention centres, disembarkation points, health
facilities, stabilization projects and flash updates arrive as hand-made
sheets whose headers are the registry's field names *more or less*:
"Latitude", "LNG", "Centre ID", "Baladiya PCode".  This module matches headers
to registry fields case-insensitively through each field's name, its label and
a few common aliases (and HXL hashtags such as ``#geo+lat``), places rows that
give only a baladiya pcode at the baladiya's seat (``geo.gazetteer.seats``),
and leaves every check to ``geo.validation`` so that all layers obey one
schema.  A file exported from the atlas itself (any layer, including
displacement) comes back in through here unchanged, illustrative flags and
sources included.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import gazetteer, registry
from geo.importers.tables import Table, cell_text, norm, parse_hxl, relabel, unique_cells
from geo.validation import Problem, ValidationError, validate

PROVENANCE = ("illustrative", "source")
# Extra spellings seen in field sheets, by registry field name (compared after ``norm``).
ALIASES: dict[str, set[str]] = {
    "lat": {"latitude", "y", "lat dd", "latitude dd", "lat y", "geo lat"},
    "lon": {"long", "longitude", "lng", "x", "lon dd", "long dd", "longitude dd", "lon x", "geo lon"},
    # OCHA COD names: ADM3_PCODE / ADM3_EN / ADM3_AR, and the 10-character shapefile forms
    # (pcode, featureNam, featureN_1, admin2Pcod, admin1Pcod, validOn) of the admin 3 points.
    "baladiya_pcode": {"baladiya pcode", "baladiya code", "adm3 pcode", "adm3pcode", "admin3pcode", "admin3 pcode",
                       "adm3 code", "municipality pcode", "municipality code", "pcode", "admin3pcod", "adm3 pcod"},
    "baladiya_name": {"featurenam", "feature name", "adm3 en", "adm3 name", "admin3name", "admin3name en",
                      "baladiya name", "municipality", "municipality name", "adm3 name en"},
    "name_ar": {"name ar", "arabic name", "site name ar", "name arabic"},
    "title_ar": {"title ar", "arabic title", "project title ar", "project ar"},
    "mantika_pcode": {"mantika pcode", "mantika code", "adm2 pcode", "adm2pcode", "admin2pcode", "admin2 pcode",
                      "admin2pcod", "adm2 pcod"},
    "admin1_pcode": {"region pcode", "adm1 pcode", "adm1pcode", "admin1pcode", "admin1 pcode", "admin1pcod",
                     "adm1 pcod"},
    "valid_on": {"validon", "valid on", "valid from"},
    "mantika_pcodes": {"mantika", "mantikas", "mantika pcode", "adm2 pcodes", "admin2pcodes"},
    "baladiya_pcodes": {"baladiya", "baladiyas", "baladiya pcode", "adm3 pcodes", "admin3pcodes"},
    "name": {"site name", "site", "centre name", "center name", "facility name", "point name", "location name",
             "location"},
    "centre_id": {"center id", "dc id", "detention centre id", "detention center id"},
    "point_id": {"disembarkation point id", "dp id"},
    "facility_id": {"health facility id", "hf id"},
    "project_id": {"cip id", "project code"},
    "event_id": {"flash update id", "fu id"},
    "month": {"reporting month"},
    "date": {"event date"},
    "type": {"facility type"},
    "sector": {"project sector"},
    "illustrative": {"is illustrative"},
    "source": {"citation"},
}
# The baladiya's Arabic name (OCHA COD admin 3 forms): ``name_ar`` only where the rows are baladiyas (seats); in a
# site list it is the site's own Arabic name, and a column of its baladiya's must not become the site's.
ADMIN3_AR = {"featuren 1", "adm3 ar", "admin3na 1", "adm3 name ar", "baladiya name ar"}
HXL: dict[tuple[str, str], str] = {
    ("#geo", "lat"): "lat", ("#geo", "lon"): "lon",
    ("#adm3", "name"): "baladiya_name",
    ("#adm3", "code"): "baladiya_pcode", ("#adm2", "code"): "mantika_pcode", ("#adm1", "code"): "admin1_pcode",
}
NEEDS_COORDS_FIX = "give lat and lon, or a baladiya_pcode to place the site at the baladiya's seat"


def _of_baladiyas(layer: registry.Layer) -> bool:
    """Layers whose rows are baladiyas (their ``name_ar`` is the baladiya's Arabic name)."""
    return layer.id_field == "baladiya_pcode"


def _names(field: registry.Field, layer: registry.Layer) -> set[str]:
    admin3 = ADMIN3_AR if field.name == "name_ar" and _of_baladiyas(layer) else set()
    return {norm(field.name), norm(field.label), *ALIASES.get(field.name, set()), *admin3}


def _hxl_field(layer: registry.Layer, base: str, attrs: set[str]) -> str | None:
    if base == "#adm3" and "i_ar" in attrs:  # a baladiya's Arabic name: a seat's own, never a site's
        return "name_ar" if _of_baladiyas(layer) else None
    return next((f for (b, attr), f in HXL.items() if b == base and attr in attrs), None)


def match_columns(layer: registry.Layer, headers: list[str], hxl: list[str] | None = None) -> dict[str, str]:
    """Registry field -> file header, for the headers that name a field of ``layer``.

    An exact field name wins over a label or alias, so ``name`` and ``site``
    in one sheet do not fight over the same field.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for i, header in enumerate(headers):
        parsed = parse_hxl(hxl[i]) if hxl and i < len(hxl) and hxl[i] else None
        if parsed:
            field = _hxl_field(layer, parsed[0], set(parsed[1]))
            if field and layer.has_field(field) and field not in out:
                out[field] = header
                taken.add(header)
    for exact in (True, False):
        for header in headers:
            if header in taken:
                continue
            h = norm(header)
            for f in layer.fields:
                if f.name in out:
                    continue
                if (h == norm(f.name)) if exact else (h in _names(f, layer)):
                    out[f.name] = header
                    taken.add(header)
                    break
    return out


def _placeable(layer: registry.Layer) -> bool:
    """Layers whose rows must have coordinates (so a baladiya pcode alone places them at its seat)."""
    # Seats themselves are never placed at a seat: a seats file must give coordinates.
    return layer.has_field("lat") and layer.field("lat").required and not layer.has_field("approximate")


def score(layer: registry.Layer, headers: list[str], hxl: list[str] | None = None) -> tuple[float, int]:
    """(share of the layer's required fields the headers give, number of fields matched).

    Provenance columns are optional in uploads, and lat/lon count as given
    when a baladiya pcode can place the rows.
    """
    cols = match_columns(layer, headers, hxl)
    required = [f for f in layer.required if f not in PROVENANCE]
    have = set(cols)
    if _placeable(layer) and "baladiya_pcode" in have:
        have |= {"lat", "lon"}
    return sum(f in have for f in required) / max(len(required), 1), len(cols)


def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


def prepare(table: Table, layer: registry.Layer, file_name: str, *, today: dt.date | None = None,
            seats: dict[str, tuple[float, float]] | None = None) -> tuple[pd.DataFrame, str]:
    """Map, place and validate ``table`` as ``layer``; return typed rows and a summary line.

    ``seats`` (pcode -> (lat, lon)): where rows given only a baladiya pcode are
    placed; default the shipped gazetteer's seats (the store's current seats when
    called through ``geo.ingest``)."""
    today = today or dt.date.today()
    cols = match_columns(layer, table.headers, table.hxl)
    frame = table.frame
    rows = table.row_numbers
    problems: list[Problem] = table.formula_problems(set(cols.values()))
    if frame.empty:
        raise ValidationError([*problems, Problem("the table has a header but no data rows", table.header_row, None,
                                                  "add at least one row under the header")], source=table.source)
    out = pd.DataFrame({f: frame[h].tolist() for f, h in cols.items()})
    for f in layer.fields:
        if (f.pcode_level or f.name.endswith("_pcodes")) and f.name in out:
            out[f.name] = [_upper(cell_text(v)) if cell_text(v) else None for v in out[f.name]]
    if "illustrative" not in out:
        out["illustrative"] = False  # uploaded data is published data unless it says otherwise
    if "source" not in out:
        out["source"] = None
    out["source"] = [cell_text(v) or file_name for v in out["source"]]

    placed = 0
    unplaced: set[int] = set()
    if _placeable(layer):
        if "lat" not in cols and "lon" not in cols and "baladiya_pcode" not in cols:
            problems.append(Problem("the file has no coordinates: no lat/lon columns and no baladiya_pcode column",
                                    None, "lat", "add 'lat' and 'lon' columns, or a 'baladiya_pcode' column"))
            raise ValidationError(problems, source=table.source)
        for c in ("lat", "lon", "baladiya_pcode"):
            if c not in out:
                out[c] = None
        if seats is None:
            seats = {p: (st.lat, st.lon) for p, st in gazetteer.seats().items()}
        lat, lon = out["lat"].tolist(), out["lon"].tolist()
        for i, (y, x, b) in enumerate(zip(lat, lon, out["baladiya_pcode"], strict=True)):
            if cell_text(y) or cell_text(x):
                continue
            if b in seats:
                lat[i], lon[i] = seats[b]
                placed += 1
            elif not cell_text(b):
                problems.append(Problem("has no coordinates and no baladiya pcode", rows[i], cols.get("lat", "lat"),
                                        NEEDS_COORDS_FIX))
                unplaced.add(rows[i])
        out["lat"], out["lon"] = lat, lon

    typed, found = validate(out, layer, row_numbers=rows, today=today)
    found = [p for p in found if not (p.row in unplaced and p.column in ("lat", "lon"))]
    problems = unique_cells([*problems, *relabel(found, cols)])
    if problems:
        raise ValidationError(sorted(problems, key=lambda p: p.row or 0), source=table.source)
    summary = f"{layer.title}: {len(typed)} row{'' if len(typed) == 1 else 's'}"
    if placed:
        summary += f" ({placed} placed at their baladiya's seat)"
    totals = [f"{int(pd.to_numeric(typed[v]).fillna(0).sum()):,} {layer.field(v).label.lower()}"
              for v in layer.value_fields if v in cols]
    return typed[layer.columns], summary + (": " + ", ".join(totals) if totals else "")
