"""Place search: find a region, mantika or baladiya by part of its English or Arabic name.

Why: a coordinator types "Taj" or "تاجوراء" and expects Tajoura, without first
choosing its region and mantika.  Names are spelled many ways (Sabha, Sabhā;
أجدابيا, اجدابيا), so both the query and the names are folded the same way
before a substring match: Latin accents and case removed; Arabic hamza forms
of alif (أ إ آ ٱ) -> ا, ة -> ه, ى -> ي, diacritics (tashkeel) and tatweel
removed; spaces, hyphens and apostrophes ignored.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from geo import admin
from geo.settings import SHIPPED

_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_IGNORED = re.compile(r"[\s\-'`’ʼ_.,]+")
LEVELS = ("region", "mantika", "baladiya")


def fold(text: str) -> str:
    """``text`` folded for matching (see the module docstring)."""
    text = _TASHKEEL.sub("", text).translate(_ARABIC)
    # NFKD splits Latin letters from their accents; Arabic letters built with a
    # hamza (أ) split too, which the translation above has already folded.
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _IGNORED.sub("", text.casefold())


@dataclass(frozen=True)
class Place:
    pcode: str
    level: str  # "region" | "mantika" | "baladiya"
    name_en: str
    name_ar: str
    parents: tuple[str, ...]  # pcodes of the units it lies in, nearest first: (mantika, region) for a baladiya


@cache
def _other_names() -> dict[str, list[str]]:
    """Mantika pcode -> other spellings (Natural Earth names of the same unit: Sabha, Ajdabiya)."""
    out: dict[str, list[str]] = {}
    with open(SHIPPED / "admin" / "ne_crosswalk.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["note"] == "same unit" or row["match"] == "match":
                out.setdefault(row["mantika_pcode"], []).append(row["ne_name"])
    return out


@cache
def _index() -> list[tuple[Place, tuple[str, ...]]]:
    regions = admin.regions()
    mantikas = admin.mantikas()
    out: list[tuple[Place, tuple[str, ...]]] = []
    for pcode, (en, ar) in regions.items():
        out.append((Place(pcode, "region", en, ar, ()), (fold(en), fold(ar))))
    for unit in mantikas.values():
        others = tuple(fold(n) for n in _other_names().get(unit.pcode, []))
        out.append((Place(unit.pcode, "mantika", unit.name_en, unit.name_ar, (unit.parent,)),
                    (fold(unit.name_en), fold(unit.name_ar), *others)))
    for unit in admin.baladiyas().values():
        out.append((Place(unit.pcode, "baladiya", unit.name_en, unit.name_ar,
                          (unit.parent, mantikas[unit.parent].parent)),
                    (fold(unit.name_en), fold(unit.name_ar))))
    return out


def search(query: str, limit: int = 8) -> list[Place]:
    """Places whose English or Arabic name contains ``query`` (folded), best first.

    Best = whole-name match, then name starting with the query, then any
    substring; within each, regions before mantika before baladiya, then by name.
    """
    wanted = fold(query)
    if not wanted:
        return []
    scored = []
    for place, names in _index():
        hits = [n for n in names if wanted in n]
        if not hits:
            continue
        rank = min(0 if n == wanted else 1 if n.startswith(wanted) else 2 for n in hits)
        scored.append(((rank, LEVELS.index(place.level), place.name_en), place))
    scored.sort(key=lambda item: item[0])
    return [place for _, place in scored[:limit]]
