"""Files at the atlas's declared sizes (geo.limits), generated, for the scale tests and the bench.

Why generated: the sizes the atlas promises (100 DTM rounds x 2,000 baladiyas,
50,000-row point layers, 200,000-vertex boundaries) must be proven with files
of exactly that size, and no real file of that size may be copied into the
project.  Libya has about 100 baladiyas in the shipped tables, so
``extend_geography`` adds synthetic ones (pcode ``<mantika>9xxx``, placed
inside their mantika like any baladiya without a GeoNames match) to a
process's tables: a process that imports or shows the big displacement set
calls it first (writing the files needs no change to the tables).
Everything here is made-up and deterministic; nothing here is shown as data.
"""

from __future__ import annotations

import csv
import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo import admin, limits  # noqa: E402

HEADER = ["Baladiya", "Pcode", "Lat", "Lon", "Round", "Date", "Migrants", "IDPs", "Returnees"]
TAGS = ["#adm3+name", "#adm3+code", "#geo+lat", "#geo+lon", "#indicator+round", "#date+reported",
        "#affected+migrants+ind", "#affected+idps+ind", "#affected+returnees+ind"]


def _synthetic(total: int) -> list[admin.Unit]:
    """The synthetic baladiyas that bring the shipped table to ``total`` (deterministic)."""
    real = [u for u in admin.baladiyas().values() if not u.name_en.startswith("Synthetic ")]
    mantikas = sorted(admin.mantikas())
    out = []
    for n in range(max(0, total - len(real))):
        m = mantikas[n % len(mantikas)]
        code = f"{m}9{n:03d}"
        out.append(admin.Unit(code, f"Synthetic {code}", f"اصطناعي {code}", m, "baladiya"))
    return out


def codes(total: int = limits.BALADIYAS) -> list[str]:
    """The pcodes of ``total`` baladiyas: the shipped ones, then synthetic ones (tables untouched)."""
    real = [p for p, u in admin.baladiyas().items() if not u.name_en.startswith("Synthetic ")]
    return (real + [u.pcode for u in _synthetic(total)])[:total]


def extend_geography(total: int = limits.BALADIYAS) -> list[str]:
    """Add the synthetic baladiyas to THIS PROCESS's admin table (for a process that imports or shows the
    big set; run it in a child process, never in a test process that goes on to other tests)."""
    table = admin.baladiyas()
    for unit in _synthetic(total):
        table.setdefault(unit.pcode, unit)
    return codes(total)


def displacement_csv(path: Path, rounds: int = limits.ROUNDS, baladiyas: int = limits.BALADIYAS,
                     pad_to_bytes: int | None = None, first_round: int = 101, rows: int | None = None) -> Path:
    """``rounds`` x ``baladiyas`` DTM rows (HXL CSV), or only the first ``rows`` of them.  ``pad_to_bytes``:
    add a notes column (as wide DTM files carry many columns the atlas ignores) until the file is about
    that size."""
    pcodes = codes(baladiyas)
    rng = random.Random(13)
    rows = min(rows or rounds * len(pcodes), rounds * len(pcodes))
    written = 0
    pad = 0
    if pad_to_bytes:
        pad = max(0, pad_to_bytes // rows - 75)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([*HEADER, "Notes"] if pad else HEADER)
        w.writerow([*TAGS, ""] if pad else TAGS)
        for i in range(rounds):
            rnd = first_round + i
            year, month = 2010 + i // 12, 1 + i % 12
            day = f"{year}-{month:02d}-15"
            for code in pcodes:
                if written == rows:
                    return path
                written += 1
                lat = round(20 + rng.random() * 12, 4)
                lon = round(10 + rng.random() * 14, 4)
                m = rng.randint(0, 40000)
                row = [f"B {code}", code, lat, lon, rnd, day, m, m // 2, m // 3]
                if pad:
                    row.append("x" * pad)
                w.writerow(row)
    return path


TYPES = ["mobile clinic stop", "supported public facility", "referral hospital"]


def points_csv(path: Path, rows: int = limits.POINT_ROWS) -> Path:
    """A health-facility list of ``rows`` sites with coordinates."""
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["facility_id", "name", "type", "lat", "lon", "active_from", "consultations", "radius_km",
                    "illustrative", "source"])
        for i in range(rows):
            w.writerow([f"HF{i:06d}", f"Facility {i}", rng.choice(TYPES),
                        round(20 + rng.random() * 12, 5), round(10 + rng.random() * 14, 5), "2019-01-01",
                        rng.randint(0, 5000), 10.0, "true", "generated for the scale test"])
    return path


def boundaries_geojson(path: Path, vertices: int = limits.BOUNDARY_VERTICES) -> Path:
    """The 22 mantika as polygons (circles around their seats, non-overlapping) of ``vertices`` in all."""
    units = sorted(admin.mantikas().values(), key=lambda u: u.pcode)
    per = vertices // len(units)
    features = []
    for i, unit in enumerate(units):
        cx, cy = 10.5 + (i % 6) * 2.4, 21 + (i // 6) * 3.0
        step = 2 * math.pi / (per - 1)
        ring = [[round(cx + math.cos(step * k), 6), round(cy + math.sin(step * k), 6)] for k in range(per - 1)]
        ring.append(ring[0])
        features.append({"type": "Feature", "properties": {"ADM2_PCODE": unit.pcode, "ADM2_EN": unit.name_en,
                                                           "ADM2_AR": unit.name_ar, "ADM1_PCODE": unit.parent},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path
