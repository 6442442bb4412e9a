"""``python -m geo`` as other tools run it: subprocesses, exit status, stdout, stderr.

Each test gets its own store (``ATLAS_DATA_DIR`` in a temp dir, seeded on
first use); ``test_cli_on_both_backends`` repeats the main cycle on PostGIS.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import defaults, registry
from geo.store import DATASETS

ROOT = Path(__file__).resolve().parents[1]

HEADER = ("event_id,date,title,event_type,mantika_pcodes,baladiya_pcodes,people_affected,people_displaced,"
          "summary,illustrative,source")
FLASH_OK = "\n".join([
    HEADER,
    "FU-2020-101,2020-01-15,Clashes south of Tripoli,armed clashes,LY0211;LY0212,LY021104,1200,,Event one.,true,test",
    "FU-2020-102,2020-02-03,Flood in Ghat,flood,LY0322,LY032204,,45,Event two.,false,test",
]) + "\n"
FLASH_BAD = "\n".join([
    HEADER,
    "FU-2020-101,2020-13-45,Clashes south of Tripoli,armed clashes,LY0211,LY021104,12x00,,Bad date and count.,true,t",
    "FU-2020-102,2020-02-03,Flood in Ghat,volcano,LY0322,LY032204,,-5,Bad type and count.,false,t",
]) + "\n"


def geo(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """A GeoPackage store of its own in ``tmp_path/store``."""
    out = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",) and not k.startswith("ATLAS_TEST")}
    out["ATLAS_DATA_DIR"] = str(tmp_path / "store")
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return out


@pytest.fixture
def flash_file(tmp_path) -> Path:
    path = tmp_path / "flash_updates_2020.csv"
    path.write_text(FLASH_OK, encoding="utf-8")
    return path


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    return done.stdout


def failed(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("error: ")
    return done.stderr


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def current_version(env, name: str) -> int:
    marked = [line for line in ok(geo("versions", name, env=env)).splitlines() if line.startswith("*")]
    assert len(marked) == 1
    return int(marked[0].split()[1])


# --- reading ----------------------------------------------------------------------

def test_datasets_one_line_per_dataset(env):
    lines = ok(geo("datasets", env=env)).splitlines()
    assert [line.split()[0] for line in lines] == list(registry.LAYERS)
    for line, layer in zip(lines, registry.LAYERS.values(), strict=True):
        fields = line.split()
        assert fields[1] == "v1"
        assert f"{len(defaults.shipped_table(layer.name)):,} rows" in line
        assert layer.source in line and f"data/layers/{layer.name}.csv" in line
    assert "100% illustrative" in lines[0]
    assert "33% illustrative" in lines[-1]  # flash updates: 2 of 6 events are illustrative


def test_versions_table(env):
    lines = ok(geo("versions", "displacement", env=env)).splitlines()
    assert lines[0].split() == ["version", "created_at", "created_by", "source_name", "sha256", "rows", "publisher",
                                "licence", "keeps", "note"]
    assert len(lines) == 2
    sha = hashlib.sha256(defaults.shipped_path("displacement").read_bytes()).hexdigest()[:12]
    row = lines[1]
    assert row.startswith("*  1 ")
    for text in ("system (shipped default data)", "data/layers/displacement.csv", sha, " 500 ", "shipped default data"):
        assert text in row


def test_export_csv_is_pure_csv_with_report_totals(env):
    text = ok(geo("export", "displacement", "--format", "csv", env=env))
    assert not [line for line in text.splitlines() if line.startswith("#")]
    rows = csv_rows(text)
    # the registry columns, then whether the row's position (its baladiya's seat) is approximate
    assert list(rows[0]) == [*registry.get("displacement").columns, "approximate"]
    assert {r["approximate"] for r in rows} == {"true"}  # the shipped seats are all approximate
    assert len(rows) == 500
    last = [r for r in rows if r["round"] == "28"]
    assert {k: sum(int(r[k]) for r in last) for k in ("migrants", "idps", "returnees")} == \
        {"migrants": 636_426, "idps": 343_180, "returnees": 447_388}
    assert {r["illustrative"] for r in rows} == {"true"}
    assert {r["round_start"][:4] for r in rows} == {"2019"} and all(len(r["round_end"]) == 10 for r in rows)

    flash = csv_rows(ok(geo("export", "flash_updates", "--format", "csv", env=env)))
    assert {r["illustrative"] for r in flash} == {"true", "false"}
    affected = [r["people_affected"] for r in flash]
    assert "29787" in affected and all(a == "" or a.isdigit() for a in affected)  # whole numbers, blanks empty


def test_export_csv_provenance_lines_only_on_request(env):
    text = ok(geo("export", "health_facilities", "--format", "csv", "--provenance", env=env))
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("# ")]
    assert lines[: len(header)] == header and len(header) >= 3
    layer = registry.get("health_facilities")
    assert any(layer.licence in line for line in header)
    assert any("data/layers/health_facilities.csv" in line for line in header)
    rows = csv_rows("\n".join(lines[len(header):]))
    assert len(rows) == 17 and list(rows[0]) == [*layer.columns, "approximate"]
    assert {r["approximate"] for r in rows} == {"false"}  # every facility has its own coordinates


def test_export_geojson_feature_collection_with_metadata(env, tmp_path):
    text = ok(geo("export", "displacement", "--format", "geojson", env=env))
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and doc["name"] == "displacement"
    layer = registry.get("displacement")
    meta = doc["metadata"]
    assert (meta["dataset"], meta["version"], meta["source"], meta["licence"], meta["illustrative"]) == \
        ("displacement", 1, layer.source, layer.licence, True)
    assert len(doc["features"]) == 500
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert list(feature["properties"]) == [*layer.columns, "approximate"]
        assert feature["properties"]["approximate"] is True  # drawn at a shipped (approximate) seat
        assert feature["geometry"]["type"] == "Point"
    first = doc["features"][0]["properties"]
    assert isinstance(first["migrants"], int) and first["illustrative"] is True and first["lat"] is None
    assert len(first["round_start"]) == 10

    import pyogrio  # GDAL reads it, under the registry's layer name

    path = tmp_path / "export.geojson"
    path.write_text(text, encoding="utf-8")
    assert [name for name, _ in pyogrio.list_layers(path)] == ["displacement"]
    assert len(pyogrio.read_dataframe(path)) == 500


def test_export_into_a_closed_pipe_is_quiet(env):
    proc = subprocess.Popen([sys.executable, "-m", "geo", "export", "displacement", "--format", "csv"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"round,")
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert proc.returncode == 0 and "Traceback" not in stderr, stderr


def test_audit_limit(env):
    lines = ok(geo("audit", "--limit", "3", env=env)).splitlines()
    assert lines[0].split()[:5] == ["at", "actor", "action", "dataset", "version"]
    assert len(lines) == 4 and all(" import " in line for line in lines[1:])


# --- writing ----------------------------------------------------------------------

def test_import_then_rollback(env, flash_file):
    out = ok(geo("import", str(flash_file), "--actor", "cli tester", env=env))
    assert len(out.splitlines()) == 1
    assert out.startswith("flash_updates v2: ")
    assert "2 added, 0 removed, " in out and "people_affected 37,305 → 38,505" in out
    assert current_version(env, "flash_updates") == 2

    rows = {r["event_id"]: r for r in csv_rows(ok(geo("export", "flash_updates", "--format", "csv", env=env)))}
    assert len(rows) == 8
    assert (rows["FU-2020-101"]["people_affected"], rows["FU-2020-101"]["people_displaced"]) == ("1200", "")
    assert rows["FU-2020-102"]["illustrative"] == "false" and rows["FU-2020-102"]["date"] == "2020-02-03"
    assert rows["FU-2020-101"]["mantika_pcodes"] == "LY0211;LY0212"

    out = ok(geo("rollback", "flash_updates", "1", "--actor", "cli tester", env=env))
    assert out.startswith("flash_updates: version 1 is current (was 2)")
    assert current_version(env, "flash_updates") == 1
    assert len(csv_rows(ok(geo("export", "flash_updates", "--format", "csv", env=env)))) == 6
    assert len(csv_rows(ok(geo("export", "flash_updates", "--format", "csv", "--version", "2", env=env)))) == 8
    audit = ok(geo("audit", "--limit", "2", env=env)).splitlines()[1:]
    assert [line.split("  ")[1:3] for line in audit] == [["cli tester", "rollback"], ["cli tester", "import"]]


def test_import_summary_counts_untouched_rows_as_unchanged(env, flash_file):
    out = ok(geo("import", str(flash_file), env=env))
    assert "2 added, 0 removed, 0 changed, 6 unchanged" in out


def test_import_dry_run_stores_nothing(env, flash_file):
    before = ok(geo("versions", "flash_updates", env=env))
    out = ok(geo("import", str(flash_file), "--dry-run", env=env))
    assert out.startswith("flash_updates v2: ") and "nothing stored" in out
    assert ok(geo("versions", "flash_updates", env=env)) == before


def test_bad_file_is_rejected_with_every_problem_and_store_unchanged(env, tmp_path):
    ok(geo("datasets", env=env))  # seed first, so "unchanged" is meaningful
    before = (ok(geo("versions", "flash_updates", env=env)), ok(geo("audit", "--limit", "100", env=env)))
    bad = tmp_path / "bad_flash.csv"
    bad.write_text(FLASH_BAD, encoding="utf-8")
    done = geo("import", str(bad), "--dataset", "flash_updates", env=env)
    err = failed(done)
    assert done.stdout == ""
    assert "bad_flash.csv" in err and "nothing was stored" in err
    for where in ("row 2, column 'date'", "row 2, column 'people_affected'", "row 3, column 'event_type'",
                  "row 3, column 'people_displaced'"):
        assert where in err, err
    assert after_equals(env, before)


def after_equals(env, before) -> bool:
    return (ok(geo("versions", "flash_updates", env=env)), ok(geo("audit", "--limit", "100", env=env))) == before


def test_missing_file(env, tmp_path):
    err = failed(geo("import", str(tmp_path / "nowhere.csv"), env=env))
    assert "nowhere.csv: no such file" in err


def test_unknown_dataset_lists_the_known_ones(env, flash_file):
    for args in (("versions", "refugees"), ("export", "refugees", "--format", "csv"), ("rollback", "refugees", "1"),
                 ("import", str(flash_file), "--dataset", "refugees")):
        err = failed(geo(*args, env=env))
        assert "unknown dataset 'refugees'" in err
        assert all(name in err for name in DATASETS), err


def test_unknown_version(env):
    err = failed(geo("rollback", "displacement", "9", env=env))
    assert "no version 9; versions: 1" in err
    err = failed(geo("export", "displacement", "--format", "csv", "--version", "9", env=env))
    assert "no version 9; versions: 1" in err
    assert current_version(env, "displacement") == 1


def test_bad_command_line_is_a_usage_error(env):
    for args in (("export", "displacement"), ("export", "displacement", "--format", "xls"), ("rollback", "x", "v2"),
                 ("frobnicate",)):
        done = geo(*args, env=env)
        assert done.returncode == 2 and "usage:" in done.stderr, args


# --- both backends ---------------------------------------------------------------

def test_cli_on_both_backends(any_store, flash_file):
    # any_store points ATLAS_DATA_DIR / DATABASE_URL at its store: the CLI must find the same one.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_TEST")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    assert len(ok(geo("datasets", env=env)).splitlines()) == len(registry.LAYERS)
    rows = csv_rows(ok(geo("export", "displacement", "--format", "csv", env=env)))
    assert sum(int(r["migrants"]) for r in rows if r["round"] == "28") == 636_426
    assert ok(geo("import", str(flash_file), env=env)).startswith("flash_updates v2: ")
    assert any_store.current_version("flash_updates") == 2  # the fixture's store, not another one
    ok(geo("rollback", "flash_updates", "1", env=env))
    assert any_store.current_version("flash_updates") == 1
    assert [e["action"] for e in any_store.audit(2)] == ["rollback", "import"]


def test_an_import_credited_to_its_publisher_says_so_in_every_listing_and_export(env, flash_file, tmp_path):
    shipped = "IOM Libya Annual Report 2019; DTM Flash Updates"  # the registry's words (data/README.md)
    ok(geo("import", str(flash_file), "--publisher", "OCHA Libya", "--licence", "CC BY 4.0", env=env))
    line = next(x for x in ok(geo("datasets", env=env)).splitlines() if x.startswith("flash_updates "))
    assert f"{shipped} + OCHA Libya [" in line  # the shipped events stay beside the file's: both credited
    row = ok(geo("versions", "flash_updates", env=env)).splitlines()[-1]
    assert row.startswith("*  2 ") and " OCHA Libya " in row and " CC BY 4.0 " in row and " v1 " in row
    header = [x for x in ok(geo("export", "flash_updates", "--format", "csv", "--provenance", env=env)).splitlines()
              if x.startswith("# ")]
    assert "# Licence: Report facts: IOM; figures marked illustrative are project-generated + CC BY 4.0" in header
    metadata = json.loads(ok(geo("export", "flash_updates", "--format", "geojson", env=env)))["metadata"]
    assert (metadata["source"], metadata["licence"]) == (
        f"{shipped} + OCHA Libya", "Report facts: IOM; figures marked illustrative are project-generated + CC BY 4.0")


def test_a_file_imported_again_with_its_publisher_stores_its_rows_again_credited(env, flash_file):
    assert ok(geo("import", str(flash_file), env=env)).startswith("flash_updates v2: ")
    dry = ok(geo("import", str(flash_file), "--publisher", "OCHA Libya", "--dry-run", env=env)).strip()
    assert dry == ("flash_updates v3: unchanged rows of v2, stored again with the publisher and licence named "
                   "(dry run: nothing stored)")
    assert ok(geo("import", str(flash_file), "--dry-run", env=env)).strip() == (
        "flash_updates v2: unchanged — the file repeats the current version; no new version stored "
        "(dry run: nothing stored)")
    assert ok(geo("import", str(flash_file), "--publisher", "OCHA Libya", env=env)).strip() == (
        "flash_updates v3: unchanged rows of v2, stored again with the publisher and licence named")
    rows = ok(geo("versions", "flash_updates", env=env)).splitlines()
    assert len(rows) == 4 and rows[-1].startswith("*  3 ") and " OCHA Libya " in rows[-1] and " v1 " in rows[-1]
    assert "same rows as version 2; publisher and licence recorded" in rows[-1]
    assert ok(geo("import", str(flash_file), "--publisher", "OCHA Libya", env=env)).startswith(
        "flash_updates v3: unchanged — ")  # recorded already: nothing stored


def test_a_publisher_too_long_to_keep_is_refused_before_anything_is_read(env, flash_file):
    before = ok(geo("versions", "flash_updates", env=env))
    err = failed(geo("import", str(flash_file), "--publisher", "x" * 201, env=env))
    assert "the publisher is 201 characters long; at most 200 are kept" in err
    assert ok(geo("versions", "flash_updates", env=env)) == before


def test_official_boundaries_are_listed_and_exported_with_their_publisher_and_licence(env, tmp_path):
    from tests.importers.builders import squares

    path = tmp_path / "lby_adm2.geojson"
    squares().to_file(path, driver="GeoJSON", engine="pyogrio")
    ok(geo("import", str(path), "--publisher", "OCHA Libya (HDX)", "--licence", "CC BY-IGO 3.0", env=env))
    line = next(x for x in ok(geo("datasets", env=env)).splitlines() if x.startswith("boundaries_mantika "))
    assert "OCHA Libya (HDX) [lby_adm2.geojson]" in line
    metadata = json.loads(ok(geo("export", "boundaries_mantika", "--format", "geojson", env=env)))["metadata"]
    assert (metadata["source"], metadata["licence"], metadata["source_file"]) == (
        "OCHA Libya (HDX)", "CC BY-IGO 3.0", "lby_adm2.geojson")
    header = ok(geo("export", "boundaries_mantika", "--format", "csv", "--provenance", env=env)).splitlines()[0]
    assert header.endswith("; source: OCHA Libya (HDX); licence: CC BY-IGO 3.0")
