"""What a public viewer must never receive: the names and ids of restricted
records, read from the shipped CSV files (independent of the code under test).

One deliberate exception, narrow and explicit: IOM's own published text.  The
2019 annual report's statements (data/report/facts_2019.csv, and the project's Arabic of them) and the published
(not illustrative) flash update on the July 2019 airstrike name the Tajoura
detention centre (title, summary and place, in English and in the project's Arabic); they are shown as cited
facts and as an event on the public feed.  ``published_texts`` returns exactly those texts, and probes remove them
from what they search before looking for the needles.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
LAYERS = DATA / "layers"


def _rows(name: str) -> list[dict[str, str]]:
    with open(LAYERS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def centres() -> dict[str, str]:
    """centre_id -> name for every shipped detention centre."""
    return {r["centre_id"]: r["name"] for r in _rows("detention_centres")}


def clinics() -> dict[str, str]:
    """facility_id -> name for every shipped detention-centre clinic."""
    return {r["facility_id"]: r["name"] for r in _rows("health_facilities") if r["type"] == "detention-centre clinic"}


def arabic_names() -> list[str]:
    """The restricted records' Arabic names (``name_ar``): shown on Arabic pages, so as restricted as the English."""
    return sorted({r["name_ar"] for r in _rows("detention_centres") if r.get("name_ar")}
                  | {r["name_ar"] for r in _rows("health_facilities")
                     if r["type"] == "detention-centre clinic" and r.get("name_ar")})


def needles() -> list[str]:
    """Every restricted name and id, in both languages."""
    return [*centres(), *centres().values(), *clinics(), *clinics().values(), *arabic_names()]


def published_texts() -> list[str]:
    """The report's statements and the published (not illustrative) flash-update
    titles, summaries and places (in both languages), longest first."""
    texts = [r[k] for r in _rows("flash_updates") if r["illustrative"] == "false"
             for k in ("title", "summary", "place", "title_ar", "summary_ar", "place_ar") if r.get(k)]
    with open(DATA / "report" / "facts_2019.csv", encoding="utf-8", newline="") as f:
        texts += [r[k] for r in csv.DictReader(f) for k in ("statement", "statement_ar") if r.get(k)]
    return sorted(set(texts), key=len, reverse=True)


def without_published(text: str) -> str:
    """``text`` with the published flash-update texts removed."""
    for published in published_texts():
        text = text.replace(published, "")
    return text


def found(text: str) -> list[str]:
    """The restricted needles present in ``text`` once published texts are removed."""
    text = without_published(text)
    return [n for n in needles() if n in text]
