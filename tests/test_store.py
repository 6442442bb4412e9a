"""The versioned store, on both backends (GeoPackage and PostGIS, see ``any_store``).

What is proved here: the shipped data seeds every layer schema-valid; values
come back with the types they went in with; imports add versions and never
change old ones; rollbacks are audited and refuse unknown versions without
side effects; concurrent imports (threads and processes) each land whole as
their own version; the GeoPackage is a GeoPackage GDAL can open.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from geo import cli, defaults, registry, validation
from geo import store as store_module
from geo.store import BOUNDARIES, StoreError

ROOT = Path(__file__).resolve().parents[1]


# --- helpers ------------------------------------------------------------------

def rounds_file(store, rounds, bump: int = 0) -> pd.DataFrame:
    """A displacement "file": the shipped round-28 rows re-labelled as ``rounds``
    (distinct counts per file via ``bump``), as an importer would hand it over."""
    base = store.read("displacement", 1)
    base = base[base["round"] == 28]
    parts = []
    for r in rounds:
        part = base.copy()
        part["round"] = pd.array([r] * len(part), dtype="Int64")
        part["migrants"] = part["migrants"] + r + bump
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def assert_same_rows(read, expected) -> None:
    """``read`` holds exactly the rows of ``expected``, in order, geometry included."""
    got = pd.DataFrame(read.drop(columns="geometry")).reset_index(drop=True)
    want = pd.DataFrame(expected.drop(columns="geometry")).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert [None if g is None else g.wkb for g in read.geometry] == \
        [None if g is None else g.wkb for g in expected.geometry]


def raw_rows(store, dataset: str, version: int) -> int:
    """Rows of a version in the records table, read with plain SQL (no cache, no typing)."""
    with store._con() as con:
        return store._rows(con, "SELECT COUNT(*) FROM atlas_records WHERE dataset = ? AND version = ?",
                           (dataset, version))[0][0]


def plain(value):
    """A cell as a plain Python value, every kind of missing as None."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


# --- seeding ------------------------------------------------------------------

def test_seed_gives_all_six_layers_schema_valid(any_store):
    assert any_store.datasets() == dict.fromkeys(sorted(registry.LAYERS), 1)
    for name, layer in registry.LAYERS.items():
        frame = any_store.read(name)
        assert list(frame.columns) == [*layer.columns, "geometry"], name
        assert frame.crs.to_epsg() == 4326
        assert len(frame) == len(defaults.shipped_table(name)) > 0
        values = pd.DataFrame(frame.drop(columns="geometry")).astype(object)
        values = values.where(values.notna(), None)
        _, problems = validation.validate(values, layer)
        assert problems == [], (name, [str(p) for p in problems[:5]])
        (v,) = any_store.versions(name)
        assert (v.version, v.current, v.created_by, v.note) == (1, True, defaults.SYSTEM, "shipped default data")
        assert v.row_count == len(frame)
        assert v.source_sha256 == hashlib.sha256(defaults.shipped_path(name).read_bytes()).hexdigest()
        if layer.geometry == "point":
            assert frame.geometry.notna().all(), name
    seeded = [e for e in any_store.audit(100) if e["action"] == "import"]
    assert sorted(e["dataset"] for e in seeded) == sorted(registry.LAYERS)


def test_reopening_does_not_seed_again(any_store):
    again = store_module.Store(any_store.backend)
    defaults.seed(again)
    assert again.datasets() == dict.fromkeys(sorted(registry.LAYERS), 1)


# --- types ----------------------------------------------------------------------

def test_read_round_trips_types(any_store):
    layer = registry.get("stabilization_projects")
    raw = pd.DataFrame({
        "project_id": ["T-1", "T-2", "T-3"],
        "title": ["Water pump", "School roof", "ترميم مدرسة"],
        "sector": ["WASH", "education", "health"],
        "lat": ["32.8974", "31.2", "26.5"],
        "lon": ["13.1873", "16.5", "15.1"],
        "baladiya_pcode": ["LY021104", "LY021102", "LY021104"],
        "status": ["completed", "in progress", "completed"],
        "start_date": ["2019-03-01", "2019-07-15", "2018-12-31"],
        "end_date": ["2019-09-30", "", "2019-01-31"],
        "beneficiaries": ["1,200", "", "0"],
        "partner": ["GWWC", "", "Municipality"],
        "illustrative": ["false", "true", "no"],
        "source": ["test", "test", "test"],
    })
    typed = validation.require_valid(raw, layer, source="types.csv")
    polygon = Polygon([(13, 32), (14, 32), (14, 33), (13, 32)], [[(13.4, 32.2), (13.6, 32.2), (13.6, 32.4)]])
    geoms = [Point(13.1873, 32.8974), polygon, None]
    v = any_store.write_version("stabilization_projects", typed, source_name="types.csv", source_bytes=b"x",
                                geometries=geoms)
    frame = any_store.read("stabilization_projects", v.version)

    assert [plain(x) for x in frame["start_date"]] == [dt.date(2019, 3, 1), dt.date(2019, 7, 15),
                                                        dt.date(2018, 12, 31)]
    assert [plain(x) for x in frame["end_date"]] == [dt.date(2019, 9, 30), None, dt.date(2019, 1, 31)]
    assert all(type(x) is dt.date for x in frame["start_date"])
    assert str(frame["beneficiaries"].dtype) == "Int64"
    assert [plain(x) for x in frame["beneficiaries"]] == [1200, None, 0]
    assert frame["illustrative"].dtype == bool
    assert frame["illustrative"].tolist() == [False, True, False]
    assert [plain(x) for x in frame["partner"]] == ["GWWC", None, "Municipality"]
    assert frame["title"].tolist()[2] == "ترميم مدرسة"
    assert frame["lat"].tolist() == [32.8974, 31.2, 26.5]
    assert shapely.equals_exact(frame.geometry[0], geoms[0], 0)
    assert shapely.equals_exact(frame.geometry[1], polygon, 0)
    assert frame.geometry[2] is None

    # ';' lists and an all-blank optional count column.
    flash = validation.require_valid(pd.DataFrame({
        "event_id": ["E-1", "E-2"], "date": ["2019-04-04", "2019-08-04"], "title": ["a", "b"],
        "event_type": ["armed clashes", "flood"], "mantika_pcodes": ["LY0211; LY0212", "LY0322"],
        "baladiya_pcodes": ["LY021104|LY021102", "LY032204"], "people_affected": ["10", "20"],
        "people_displaced": ["", ""], "summary": ["s", "t"], "illustrative": ["true", "false"],
        "source": ["x", "y"]}), registry.get("flash_updates"), source="flash.csv")
    v = any_store.write_version("flash_updates", flash, source_name="flash.csv", source_bytes=b"y",
                                geometries=[None, None])
    frame = any_store.read("flash_updates", v.version)
    assert frame["mantika_pcodes"].tolist() == ["LY0211;LY0212", "LY0322"]
    assert frame["baladiya_pcodes"].tolist() == ["LY021104;LY021102", "LY032204"]
    assert str(frame["people_displaced"].dtype) == "Int64" and frame["people_displaced"].isna().all()
    assert frame.geometry.isna().all()


def test_read_returns_a_copy(any_store):
    first = any_store.read("displacement")
    first["migrants"] = 0
    first["scratch"] = 1
    again = any_store.read("displacement")
    assert "scratch" not in again and again["migrants"].sum() > 0


def test_boundary_polygons_round_trip(any_store):
    shape = MultiPolygon([Polygon([(10, 30), (11, 30), (11, 31), (10, 30)]),
                          Polygon([(12, 30), (13, 30), (13, 31), (12, 30)])])
    frame = pd.DataFrame({"pcode": ["LY0101"], "name_en": ["Butnan"], "name_ar": ["البطنان"]})
    v = any_store.write_version(BOUNDARIES, frame, source_name="b.geojson", source_bytes=b"b", geometries=[shape])
    back = any_store.read(BOUNDARIES, v.version)
    assert back[["pcode", "name_en", "name_ar"]].values.tolist() == [["LY0101", "Butnan", "البطنان"]]
    assert shapely.equals_exact(back.geometry[0], shape, 0)


# --- versions and rollback ----------------------------------------------------

def test_write_version_creates_v2_and_keeps_v1(any_store):
    v1 = any_store.read("displacement")
    new = rounds_file(any_store, [29, 30])
    v = any_store.write_version("displacement", new, source_name="dtm_r29_30.csv", source_bytes=b"file bytes",
                                actor="tester", note="rounds 29-30")
    assert (v.dataset, v.version, v.current, v.row_count) == ("displacement", 2, True, 200)
    assert v.source_sha256 == hashlib.sha256(b"file bytes").hexdigest()
    assert any_store.current_version("displacement") == 2
    assert_same_rows(any_store.read("displacement"), new)
    assert_same_rows(any_store.read("displacement", 1), v1)
    versions = any_store.versions("displacement")
    assert [(x.version, x.current, x.created_by, x.source_name, x.row_count, x.note) for x in versions] == [
        (1, False, defaults.SYSTEM, "data/layers/displacement.csv", 500, "shipped default data"),
        (2, True, "tester", "dtm_r29_30.csv", 200, "rounds 29-30"),
    ]
    assert any_store.datasets()["displacement"] == 2
    assert any_store.datasets()["detention_centres"] == 1  # other datasets untouched


def test_rollback_makes_old_version_current_and_is_audited(any_store):
    v1 = any_store.read("displacement")
    new = rounds_file(any_store, [29])
    any_store.write_version("displacement", new, source_name="r29.csv", source_bytes=b"r29")
    back = any_store.rollback("displacement", 1, actor="coordinator A")
    assert (back.version, back.current, back.source_name) == (1, True, "data/layers/displacement.csv")
    assert any_store.current_version("displacement") == 1
    assert_same_rows(any_store.read("displacement"), v1)
    assert [v.version for v in any_store.versions("displacement") if v.current] == [1]
    last = any_store.audit(1)[0]
    assert (last["action"], last["dataset"], last["version"], last["actor"]) == \
        ("rollback", "displacement", 1, "coordinator A")
    # Forward again: nothing was deleted.
    any_store.rollback("displacement", 2)
    assert_same_rows(any_store.read("displacement"), new)


def test_rollback_to_unknown_version_raises_and_changes_nothing(any_store):
    any_store.write_version("displacement", rounds_file(any_store, [29]), source_name="r29.csv", source_bytes=b"1")
    before = (any_store.datasets(), any_store.versions("displacement"), any_store.audit(1000))
    with pytest.raises(StoreError, match=r"no version 7; versions: 1, 2"):
        any_store.rollback("displacement", 7)
    with pytest.raises(StoreError, match="no version 1"):
        any_store.rollback("no_such_dataset", 1)
    assert (any_store.datasets(), any_store.versions("displacement"), any_store.audit(1000)) == before


def test_write_refuses_unknown_dataset(any_store):
    with pytest.raises(StoreError, match="unknown dataset 'nope'"):
        any_store.write_version("nope", rounds_file(any_store, [29]), source_name="x", source_bytes=b"x")
    assert "nope" not in any_store.datasets()


def test_base_version_guard_refuses_a_stale_merge(any_store):
    """An import merged from version 1 must not silently drop an import that became current meanwhile."""
    stale = rounds_file(any_store, [29])
    any_store.write_version("displacement", rounds_file(any_store, [30]), source_name="r30.csv", source_bytes=b"a")
    before = any_store.versions("displacement")
    with pytest.raises(StoreError, match="changed while this import was prepared"):
        any_store.write_version("displacement", stale, source_name="r29.csv", source_bytes=b"b", base_version=1)
    assert any_store.versions("displacement") == before
    v = any_store.write_version("displacement", stale, source_name="r29.csv", source_bytes=b"b", base_version=2)
    assert v.version == 3


def test_audit_log_records_import_rollback_publish(any_store):
    any_store.write_version("displacement", rounds_file(any_store, [29]), source_name="r29.csv",
                            source_bytes=b"r29", actor="importer")
    any_store.rollback("displacement", 1, actor="reviewer")
    any_store.log("publish", "displacement", "snapshot 2019-annual published", version=1, actor="publisher")
    entries = any_store.audit(3)
    assert [(e["action"], e["dataset"], e["version"], e["actor"]) for e in entries] == [
        ("publish", "displacement", 1, "publisher"),
        ("rollback", "displacement", 1, "reviewer"),
        ("import", "displacement", 2, "importer"),
    ]
    assert "r29.csv" in entries[2]["detail"] and "rows=100" in entries[2]["detail"]
    assert entries[0]["detail"] == "snapshot 2019-annual published"
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids, reverse=True)
    for e in entries:
        assert dt.datetime.fromisoformat(e["at"]).tzinfo is not None
    assert len(any_store.audit(1000)) == len(registry.LAYERS) + 3  # the seeded imports, then these


# --- exports ------------------------------------------------------------------

def test_export_csv_of_shipped_displacement_matches_report_round_28(any_store):
    text = cli.export_bytes(any_store, "displacement", "csv").decode("utf-8")
    assert not any(line.startswith("#") for line in text.splitlines())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [*registry.get("displacement").columns, "approximate"]
    rounds_2019 = {int(r["round"]) for r in rows if r["round_end"].startswith("2019")}
    assert max(rounds_2019) == 28
    last = [r for r in rows if r["round"] == "28"]
    assert len(last) == 100
    totals = {k: sum(int(r[k]) for r in last) for k in ("migrants", "idps", "returnees")}
    assert totals == {"migrants": 636_426, "idps": 343_180, "returnees": 447_388}
    assert {r["illustrative"] for r in rows} <= {"true", "false"}
    assert all(dt.date.fromisoformat(r["round_start"]) for r in rows)


# --- concurrency --------------------------------------------------------------

def test_concurrent_imports_from_threads_land_as_distinct_versions(any_store):
    # Two threads share the process's store (as Streamlit sessions do); two more
    # use their own Store object, so only the database serialises them.
    other = store_module.Store(any_store.backend)
    files = {f"thread{i}.csv": rounds_file(any_store, range(100 + 10 * i, 105 + 10 * i), bump=i) for i in range(4)}
    barrier = threading.Barrier(len(files))
    results, errors = {}, []

    def run(name: str, frame: pd.DataFrame, target) -> None:
        try:
            barrier.wait(timeout=30)
            results[name] = target.write_version("displacement", frame, source_name=name,
                                                 source_bytes=name.encode())
        except Exception as exc:  # reported below, with the thread's name
            errors.append((name, exc))

    threads = [threading.Thread(target=run, args=(name, frame, any_store if i % 2 else other))
               for i, (name, frame) in enumerate(files.items())]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(v.version for v in results.values()) == [2, 3, 4, 5]
    for name, frame in files.items():
        v = results[name]
        assert_same_rows(any_store.read("displacement", v.version), frame)
        assert raw_rows(any_store, "displacement", v.version) == len(frame) == 500
    assert [v.source_name for v in any_store.versions("displacement")][1:] == \
        [name for name, _ in sorted(results.items(), key=lambda kv: kv[1].version)]


CHILD = """
import pickle, sys, time
from pathlib import Path
from geo import store
url, frame_path, ready, go = sys.argv[1:5]
s = store.open_store(url)
frame = pickle.loads(Path(frame_path).read_bytes())
Path(ready).touch()
deadline = time.time() + 60
while not Path(go).exists():
    if time.time() > deadline:
        sys.exit("no go signal")
    time.sleep(0.005)
data = Path(frame_path).read_bytes()
v = s.write_version("displacement", frame, source_name=Path(frame_path).name, source_bytes=data)
print(v.version)
"""


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def test_concurrent_imports_from_processes_land_as_distinct_versions(any_store, tmp_path):
    import pickle

    script = tmp_path / "child.py"
    script.write_text(CHILD)
    go = tmp_path / "go"
    files, procs = {}, []
    for i in range(2):
        frame = rounds_file(any_store, range(300 + 20 * i, 320 + 20 * i), bump=i)  # 2,000 rows each
        path = tmp_path / f"process{i}.pkl"
        path.write_bytes(pickle.dumps(frame))
        files[path.name] = frame
        ready = tmp_path / f"ready{i}"
        procs.append((ready, subprocess.Popen([sys.executable, str(script), any_store.url, str(path), str(ready),
                                               str(go)], env=child_env(), cwd=ROOT, stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE, text=True)))
    try:
        deadline = dt.datetime.now() + dt.timedelta(seconds=120)
        while not all(ready.exists() for ready, _ in procs):
            assert all(p.poll() is None for _, p in procs), [p.communicate() for _, p in procs]
            assert dt.datetime.now() < deadline, "children did not start"
            threading.Event().wait(0.01)
        go.touch()  # both write at once
        outputs = [p.communicate(timeout=120) for _, p in procs]
    finally:
        for _, p in procs:
            if p.poll() is None:
                p.kill()
    assert [p.returncode for _, p in procs] == [0, 0], outputs
    assert sorted(int(out) for out, _ in outputs) == [2, 3]
    by_name = {v.source_name: v for v in any_store.versions("displacement")}
    for name, frame in files.items():
        v = by_name[name]
        assert v.row_count == len(frame) == 2000
        assert_same_rows(any_store.read("displacement", v.version), frame)
        assert raw_rows(any_store, "displacement", v.version) == len(frame)


# --- GeoPackage ------------------------------------------------------------------

def test_geopackage_opens_in_gdal_with_atlas_records_as_features(store):
    import pyogrio

    path = Path(store.url.removeprefix("gpkg:"))
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert "atlas_records" in layers and layers["atlas_records"] is not None  # has a geometry column
    info = pyogrio.read_info(path, layer="atlas_records")
    assert info["crs"] == "EPSG:4326"
    assert info["features"] == sum(len(store.read(name)) for name in registry.LAYERS)
    frame = pyogrio.read_dataframe(path, layer="atlas_records", where="dataset = 'detention_centres'")
    assert len(frame) == 204 and frame.geometry.notna().all()
    assert json.loads(frame["props"].iloc[0])["centre_id"]
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == store_module.GPKG_APPLICATION_ID
        assert con.execute("SELECT data_type, srs_id FROM gpkg_contents WHERE table_name = 'atlas_records'"
                           ).fetchone() == ("features", 4326)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_reimporting_an_export_changes_nothing(any_store, tmp_path):
    """A round trip through export and import is a no-op in the preview."""
    from geo import exports, ingest, registry

    layer = registry.get("displacement")
    path = tmp_path / "displacement.csv"
    path.write_bytes(exports.to_csv(any_store.read("displacement"), layer))
    plan = ingest.plan(any_store, path, "displacement")
    assert (plan.diff.added, plan.diff.removed, plan.diff.changed) == (0, 0, 0)
    assert plan.diff.unchanged == len(any_store.read("displacement"))


def test_an_idp_file_completes_a_round_instead_of_erasing_its_migrants(any_store, tmp_path):
    from geo import ingest

    current = any_store.read("displacement")
    r28 = current[current["round"] == 28]
    path = tmp_path / "idps.csv"
    rows = r28[["round", "round_start", "round_end", "admin1_pcode", "mantika_pcode", "baladiya_pcode",
                "baladiya_name", "idps", "illustrative", "source"]].assign(idps=r28["idps"] + 1)
    rows.to_csv(path, index=False)
    ingest.import_file(any_store, path, "displacement")
    after = any_store.read("displacement")
    new28 = after[after["round"] == 28]
    assert int(new28["migrants"].sum()) == int(r28["migrants"].sum())  # kept
    assert int(new28["idps"].sum()) == int(r28["idps"].sum()) + len(r28)  # updated


# --- credits: who published a version's file, and which version's rows it keeps --------------------------------

def test_a_version_keeps_the_publisher_licence_and_base_it_was_stored_with(any_store):
    frame = any_store.read("displacement", 1)
    stored = any_store.write_version("displacement", frame, source_name="round.csv", publisher="IOM DTM Libya",
                                     licence="CC BY-IGO 3.0", based_on=1)
    shipped, read = any_store.versions("displacement")
    assert (read.publisher, read.licence, read.based_on) == ("IOM DTM Libya", "CC BY-IGO 3.0", 1)
    assert read == stored
    assert (shipped.publisher, shipped.licence, shipped.based_on) == ("", "", None)


def test_a_store_made_before_credits_were_recorded_gets_them_when_opened(any_store):
    # A store of the earlier schema: atlas_versions without the three columns (dropped here).
    with any_store._con() as con:
        for column in ("publisher", "licence", "based_on"):
            con.execute(f"ALTER TABLE atlas_versions DROP COLUMN {column}")
    with any_store._con() as con:
        assert "publisher" not in _version_columns(any_store, con)
    reopened = store_module.Store(any_store.backend)
    with reopened._con() as con:
        assert {"publisher", "licence", "based_on"} <= _version_columns(reopened, con)
    (shipped,) = reopened.versions("displacement")
    assert (shipped.version, shipped.publisher, shipped.licence, shipped.based_on) == (1, "", "", None)
    assert len(reopened.read("displacement", 1)) == len(any_store.read("displacement", 1))
    v = reopened.write_version("displacement", reopened.read("displacement", 1), source_name="round.csv",
                               publisher="IOM DTM Libya")
    assert reopened.versions("displacement")[-1].publisher == "IOM DTM Libya" and v.version == 2


def _version_columns(store, con) -> set[str]:
    if isinstance(store.backend, store_module._Postgres):
        return {c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                          "WHERE table_name = 'atlas_versions' AND table_schema = current_schema()")}
    return {row[1] for row in con.execute("PRAGMA table_info(atlas_versions)")}


def test_stored_again_with_a_credit_the_rows_are_the_same_and_only_the_credit_is_new(any_store):
    """``Store.recredit``: a file imported without its publisher is credited by storing its rows again (versions
    never change once stored).  Rows and geometries are copied in the store, not re-encoded."""
    frame = any_store.read("detention_centres", 1)
    merged = any_store.write_version("detention_centres", frame, source_name="centres.csv", based_on=1,
                                     note="a coordinator's summary")
    again = any_store.recredit("detention_centres", merged.version, publisher=" IOM  Libya ", licence="CC BY 4.0",
                               source_name="centres (1).csv", source_sha256="ab" * 32, actor="ali@example.org")
    assert again.version == merged.version + 1 and again.current
    assert (again.publisher, again.licence, again.based_on) == ("IOM Libya", "CC BY 4.0", 1)  # keeps v1's rows too
    assert (again.source_name, again.created_by, again.row_count) == ("centres (1).csv", "ali@example.org", len(frame))
    assert any_store.versions("detention_centres")[-1] == again
    assert any_store.current_version("detention_centres") == again.version
    copied, original = any_store.read("detention_centres", again.version), any_store.read("detention_centres", 2)
    pd.testing.assert_frame_equal(pd.DataFrame(copied.drop(columns="geometry")),
                                  pd.DataFrame(original.drop(columns="geometry")))
    assert all(a.equals_exact(b, 0) for a, b in zip(copied.geometry, frame.geometry, strict=True))
    entry = any_store.audit(1)[0]
    assert (entry["action"], entry["version"], entry["actor"]) == ("credit", again.version, "ali@example.org")
    assert entry["detail"] == (f"centres (1).csv sha256={'ab' * 6} rows={len(frame)} same rows as version 2; "
                               "publisher and licence recorded")


def test_a_credit_for_a_version_no_longer_current_is_refused_and_nothing_is_stored(any_store):
    frame = any_store.read("detention_centres", 1)
    any_store.write_version("detention_centres", frame, source_name="centres.csv")
    before = (any_store.versions("detention_centres"), any_store.audit(5))
    with pytest.raises(store_module.StoreError, match="changed while this import was prepared"):
        any_store.recredit("detention_centres", 1, publisher="IOM Libya", licence="", source_name="centres.csv",
                           source_sha256="0" * 64)
    assert (any_store.versions("detention_centres"), any_store.audit(5)) == before
