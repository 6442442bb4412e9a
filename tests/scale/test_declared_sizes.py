"""Imports at the declared sizes (geo.limits) succeed, each in a fresh process whose peak memory is
measured (``bench.peak_memory``: the child's own, not the test runner's it started from) and kept within
``limits.IMPORT_MEMORY_MB``.

Slow by nature (a 50 MB, 200,000-row file is validated row by row): no timing is asserted.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import big_data
from geo import limits

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bench import big_data, peak_memory
from geo import ingest, store
big_data.extend_geography(int(sys.argv[4]))
s = store.open_store(sys.argv[3])
version, plan = ingest.import_file(s, Path(sys.argv[2]))
print(json.dumps({"dataset": version.dataset, "version": version.version, "rows": version.row_count,
                  "peak_mb": peak_memory.peak_rss_mb()}))
"""


def _stored(tmp_path: Path, dataset: str, version: int) -> int:
    """Rows of that version, counted in the GeoPackage file itself (not through the atlas)."""
    with sqlite3.connect(tmp_path / "atlas.gpkg") as con:
        return con.execute("SELECT COUNT(*) FROM atlas_records WHERE dataset = ? AND version = ?",
                           (dataset, version)).fetchone()[0]


def _import(path: Path, tmp_path: Path, baladiyas: int = limits.BALADIYAS) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(path), f"gpkg:{tmp_path / 'atlas.gpkg'}",
                           str(baladiyas)], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["stored"] = _stored(tmp_path, result["dataset"], result["version"])
    return result


def test_displacement_of_100_rounds_by_2000_baladiyas_in_a_50_mb_file(tmp_path):
    path = big_data.displacement_csv(tmp_path / "dtm.csv", pad_to_bytes=50 * 2**20 - 200_000)
    size = path.stat().st_size
    assert 45 * 2**20 < size <= 50 * 2**20  # under the upload limit, as big as it allows
    result = _import(path, tmp_path)
    shipped = 500  # the shipped displacement rows (5 rounds x 100 baladiyas) stay beside the new rounds
    assert result["dataset"] == "displacement"
    assert result["rows"] == result["stored"] == 100 * 2_000 + shipped
    print(f"\n50 MB displacement import: peak RSS {result['peak_mb']:.0f} MB")
    assert result["peak_mb"] <= limits.IMPORT_MEMORY_MB  # the declared budget (issue 13 asks 500 MB)


def test_a_displacement_file_at_its_row_limit_imports_within_the_memory_budget(tmp_path):
    """Issue 13's big file was a 49 MB DTM CSV of 409,543 rows.  The file limit is imported here:
    100 rounds of 4,100 baladiyas, padded to 49 MB as a wide DTM export is."""
    rows = 410_000  # limits.DISPLACEMENT_FILE_ROWS, written out: the test proves the declared figure
    assert rows == limits.DISPLACEMENT_FILE_ROWS
    path = big_data.displacement_csv(tmp_path / "dtm.csv", baladiyas=rows // 100, pad_to_bytes=49 * 2**20)
    assert 45 * 2**20 < path.stat().st_size <= 50 * 2**20
    result = _import(path, tmp_path, baladiyas=rows // 100)
    assert result["dataset"] == "displacement"
    assert result["rows"] == result["stored"] == rows + 500  # beside the shipped 500 rows
    print(f"\n{rows:,}-row displacement import: peak RSS {result['peak_mb']:.0f} MB")
    assert result["peak_mb"] <= limits.IMPORT_MEMORY_MB


@pytest.mark.parametrize("kind", ["points", "boundaries"])
def test_points_and_boundaries_at_their_declared_size(tmp_path, kind):
    if kind == "points":
        path = big_data.points_csv(tmp_path / "facilities.csv", rows=50_000)
    else:
        path = big_data.boundaries_geojson(tmp_path / "mantika.geojson", vertices=200_000)
        assert 199_000 < limits.count_vertices(path.read_bytes()) <= 200_000
    result = _import(path, tmp_path)
    if kind == "points":
        with open(ROOT / "data" / "layers" / "health_facilities.csv", newline="", encoding="utf-8") as f:
            shipped = sum(1 for _ in csv.DictReader(f))  # the shipped sites stay beside the new ones (other ids)
        assert result["dataset"] == "health_facilities" and result["stored"] == 50_000 + shipped
    else:
        assert result["dataset"] == "boundaries_mantika" and result["stored"] == 22
    print(f"\n{kind} import at the declared size: peak RSS {result['peak_mb']:.0f} MB")
    assert result["peak_mb"] <= limits.IMPORT_MEMORY_MB
