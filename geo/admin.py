"""Libya's administrative units as tables: regions, 22 mantika, ~100 baladiya.

Why a module of its own: every importer and every filter needs to turn a pcode
into names (English and Arabic) and a parent, and every error message about an
unknown code should suggest the closest known one.  The tables are public
identifiers (OCHA COD-AB Libya pcode scheme), hand-maintained in
``data/admin/``; tests check them against the official files.
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache

from geo.settings import SHIPPED


@dataclass(frozen=True)
class Unit:
    """One administrative unit."""

    pcode: str
    name_en: str
    name_ar: str
    parent: str  # region pcode for a mantika, mantika pcode for a baladiya
    level: str  # "mantika" or "baladiya"


def _read(name: str) -> list[dict[str, str]]:
    with open(SHIPPED / "admin" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def regions() -> dict[str, tuple[str, str]]:
    """Region pcode -> (English, Arabic) name."""
    return {r["region_pcode"]: (r["region_en"], r["region_ar"]) for r in _read("mantika.csv")}


@cache
def mantikas() -> dict[str, Unit]:
    """The 22 mantika by pcode."""
    return {
        r["pcode"]: Unit(r["pcode"], r["name_en"], r["name_ar"], r["region_pcode"], "mantika")
        for r in _read("mantika.csv")
    }


@cache
def baladiyas() -> dict[str, Unit]:
    """The baladiya by pcode."""
    return {
        r["pcode"]: Unit(r["pcode"], r["name_en"], r["name_ar"], r["mantika_pcode"], "baladiya")
        for r in _read("baladiya.csv")
    }


def name(pcode: str, lang: str = "en") -> str | None:
    """The name of a region, mantika or baladiya in ``lang`` ("en" or "ar"; English where it has no Arabic);
    None for a pcode that is none of them."""
    unit = baladiyas().get(pcode) or mantikas().get(pcode)
    if unit is not None:
        return unit.name_ar if lang == "ar" and unit.name_ar else unit.name_en
    if pcode in regions():
        en, ar = regions()[pcode]
        return ar if lang == "ar" and ar else en
    return None


def units(level: str) -> dict[str, Unit]:
    """All units of ``level`` ("mantika" or "baladiya")."""
    return mantikas() if level == "mantika" else baladiyas()


def normalise(name: str) -> str:
    """A name folded for matching: no accents, case, spaces, hyphens or 'al'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for ch in "-'`’ʼ_.":
        text = text.replace(ch, " ")
    words = [w for w in text.split() if w not in {"al", "el", "ad", "as", "az", "ash", "at", "an", "ar"}]
    joined = "".join(words)
    for prefix in ("al", "el"):
        if joined.startswith(prefix) and len(joined) > 5:
            joined = joined[len(prefix):]
    # Arabic: drop the article and unify alef/ya/ta marbuta forms.
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه")):
        joined = joined.replace(a, b)
    if joined.startswith("ال") and len(joined) > 3:
        joined = joined[2:]
    return joined


def closest(code_or_name: str, level: str) -> Unit | None:
    """The known unit whose pcode or name is nearest ``code_or_name``: for hints."""
    table = units(level)
    if code_or_name in table:
        return table[code_or_name]
    keys = {u.pcode: u for u in table.values()}
    keys.update({normalise(u.name_en): u for u in table.values()})
    keys.update({normalise(u.name_ar): u for u in table.values()})
    probe = code_or_name if code_or_name.upper().startswith("LY") else normalise(code_or_name)
    match = difflib.get_close_matches(probe.upper() if probe.upper().startswith("LY") else probe,
                                      list(keys), n=1, cutoff=0.5)
    return keys[match[0]] if match else None


def unknown_code_hint(code: str, level: str, name: str | None = None) -> str:
    """A sentence that names the unknown pcode and suggests the nearest known unit."""
    guess = closest(name, level) if name else None
    guess = guess or closest(code, level)
    hint = f" Did you mean {guess.pcode} ({guess.name_en})?" if guess else ""
    return f"unknown {level} pcode {code!r}.{hint}"


def by_name(name: str, level: str) -> Unit | None:
    """The unit whose English or Arabic name matches ``name`` after normalising."""
    wanted = normalise(name)
    for unit in units(level).values():
        if wanted in (normalise(unit.name_en), normalise(unit.name_ar)):
            return unit
    return None
