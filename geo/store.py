"""The versioned data store: GeoPackage (SQLite) by default, PostGIS when configured.

Why versions: coordinators load a new DTM round or site list by hand, and a bad
load must never destroy the previous one.  Every import writes a complete new
version of its dataset in ONE transaction (it lands whole or not at all), the
earlier versions stay, any of them can be made current again, and an audit
log records imports, rollbacks and publishes.

Layout (identical in both backends):
- ``atlas_records(dataset, version, row, props, geom)``: the rows of every
  version; ``props`` is JSON, ``geom`` a GeoPackage geometry blob (SQLite) or a
  PostGIS geometry.  Registered in ``gpkg_contents`` so GIS tools can open it.
- ``atlas_versions``: who, when, source file name and SHA-256, row count; the
  publisher and licence the importer named, and ``based_on``: the version whose
  rows this one keeps (a merge), so a version credits every source of its rows.
- ``atlas_current``: which version of each dataset is current.
- ``atlas_audit``: append-only log.

Writers are serialised per store (SQLite ``BEGIN IMMEDIATE``; PostgreSQL an
advisory lock), so concurrent imports of one dataset queue instead of
interleaving, and each gets its own version number.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo import limits, registry, settings
from geo.shared_cache import shared_cache
from geo.validation import EMAIL

BOUNDARIES = "boundaries_mantika"
BOUNDARIES_BALADIYA = "boundaries_baladiya"  # official admin 3 polygons; replace the derived municipality areas
DATASETS = (*registry.LAYERS, BOUNDARIES, BOUNDARIES_BALADIYA)
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300
WGS84_WKT = ('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
             'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]')
ATLAS_TABLES = ("atlas_records", "atlas_versions", "atlas_current", "atlas_audit")


@dataclass(frozen=True)
class Version:
    dataset: str
    version: int
    created_at: str
    created_by: str
    source_name: str
    source_sha256: str
    row_count: int
    note: str
    publisher: str = ""  # who published the imported file, as the importer named it ("" not recorded)
    licence: str = ""  # under which licence, as the importer named it ("" not recorded)
    based_on: int | None = None  # the version whose rows this one keeps (a merge); None: all rows are the file's
    current: bool = False


class StoreError(RuntimeError):
    """A store operation that cannot be done (unknown dataset or version...)."""


# How long a version's publisher or licence may be (the Data page's fields hold as much).
CREDIT_MAX_CHARS = 200


def credit_text(text: str | None, what: str, *, cut: bool = False) -> str:
    """A publisher's or licence's name as stored: one line, spaces collapsed.  Longer than ``CREDIT_MAX_CHARS``:
    refused (``StoreError``; ``what`` names it), or with ``cut`` shortened to fit, ending in "…" (a flash update's
    source, credited as its version's publisher, may be longer)."""
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in (text or "")).split())
    if (address := EMAIL.search(cleaned)) is not None:  # shown to the public as the rows' source or licence
        raise StoreError(f"the {what} contains an e-mail address ({address.group(0)}); name the organisation instead")
    if len(cleaned) <= CREDIT_MAX_CHARS:
        return cleaned
    if cut:
        return cleaned[:CREDIT_MAX_CHARS - 1] + "…"
    raise StoreError(f"the {what} is {len(cleaned)} characters long; at most {CREDIT_MAX_CHARS} are kept")


# --- geometry encoding --------------------------------------------------------

def gpkg_blob(geom: BaseGeometry | None) -> bytes | None:
    """A GeoPackage binary geometry (header + WKB), SRS 4326, no envelope."""
    if geom is None:
        return None
    # magic "GP", version 0, flags: little-endian (bit 0), no envelope, not empty.
    return b"GP" + struct.pack("<BBi", 0, 0b00000001, 4326) + shapely.to_wkb(geom, byte_order=1)


def from_gpkg_blob(blob: bytes | None) -> BaseGeometry | None:
    if blob is None:
        return None
    flags = blob[3]
    envelope = (flags >> 1) & 0b111
    size = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[envelope]
    return shapely.from_wkb(bytes(blob[8 + size:]))


def _json_default(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__}")


def _clean(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value


# --- backends -----------------------------------------------------------------

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS atlas_versions (
        dataset TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL,
        created_by TEXT NOT NULL, source_name TEXT NOT NULL, source_sha256 TEXT NOT NULL,
        row_count INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '',
        publisher TEXT NOT NULL DEFAULT '', licence TEXT NOT NULL DEFAULT '', based_on INTEGER,
        PRIMARY KEY (dataset, version))""",
    """CREATE TABLE IF NOT EXISTS atlas_current (
        dataset TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
]
# Columns added to ``atlas_versions`` after stores were in use: a store made before them gets them when it is
# next opened (its earlier versions then say "not recorded" and keep no other version's rows).
ADDED_VERSION_COLUMNS = (("publisher", "TEXT NOT NULL DEFAULT ''"), ("licence", "TEXT NOT NULL DEFAULT ''"),
                         ("based_on", "INTEGER"))
VERSION_COLUMNS = ("dataset, version, created_at, created_by, source_name, source_sha256, row_count, note, "
                   "publisher, licence, based_on")


def _write_ahead_log(con: sqlite3.Connection, wait: float = 60.0) -> None:
    """Switch a store file to its write-ahead log, waiting for other processes doing the same.

    Why a loop: several processes opening one new store at the same moment (server workers, imports)
    all try to switch it; SQLite can answer "database is locked" at once here instead of waiting
    out the busy timeout (seen in CI: one of four processes failed)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            con.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class _SQLite:
    """GeoPackage file backend."""

    placeholder = "?"

    def __init__(self, path: Path):
        self.path = path
        self.url = f"gpkg:{path}"

    def connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 60000")
        # Write-ahead log: an import's pages go to the -wal file beside the store as the
        # transaction runs, so its memory stays within SQLite's page cache (a 400,000-row
        # import held about 180 MB of dirty pages until COMMIT in the rollback journal,
        # which could not spill them without locking every reader, the dashboard, out).
        # Readers keep reading the last committed version meanwhile.  The mode is stored in
        # the file; setting it is skipped when it is already on (it needs a moment's lock).
        if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            _write_ahead_log(con)
        con.execute("PRAGMA journal_size_limit = 67108864")  # the -wal file shrinks back to 64 MB after a big import
        return con

    def create(self, con: sqlite3.Connection) -> None:
        # Opening an existing store must not queue behind a running import
        # (BEGIN IMMEDIATE would), so check read-only first.
        tables = {name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'atlas_%'")}
        if tables >= set(ATLAS_TABLES):
            self._add_columns(con)
            return
        con.execute("BEGIN IMMEDIATE")
        con.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
        con.execute("""CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""")
        con.execute("""INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
            ('WGS 84', 4326, 'EPSG', 4326, '""" + WGS84_WKT + """', NULL),
            ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
            ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL)""")
        con.execute("""CREATE TABLE IF NOT EXISTS gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
            description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)""")
        con.execute("""CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name))""")
        con.execute("""CREATE TABLE IF NOT EXISTS atlas_records (
            fid INTEGER PRIMARY KEY AUTOINCREMENT, dataset TEXT NOT NULL, version INTEGER NOT NULL,
            row INTEGER NOT NULL, props TEXT NOT NULL, geom BLOB, UNIQUE (dataset, version, row))""")
        con.execute("""INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description,
            min_x, min_y, max_x, max_y, srs_id) VALUES ('atlas_records', 'features', 'atlas_records',
            'All versions of all atlas datasets', 9.3, 19.5, 25.2, 33.2, 4326)""")
        con.execute("""INSERT OR IGNORE INTO gpkg_geometry_columns VALUES
            ('atlas_records', 'geom', 'GEOMETRY', 4326, 0, 0)""")
        for statement in SCHEMA:
            con.execute(statement)
        con.execute("""CREATE TABLE IF NOT EXISTS atlas_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
            action TEXT NOT NULL, dataset TEXT NOT NULL, version INTEGER, detail TEXT NOT NULL)""")
        con.execute("COMMIT")

    def _add_columns(self, con: sqlite3.Connection) -> None:
        """Give a store made before ``ADDED_VERSION_COLUMNS`` those columns (checked read-only first)."""
        def missing() -> list[tuple[str, str]]:
            have = {row[1] for row in con.execute("PRAGMA table_info(atlas_versions)")}
            return [(name, kind) for name, kind in ADDED_VERSION_COLUMNS if name not in have]

        if not missing():
            return
        con.execute("BEGIN IMMEDIATE")
        for name, kind in missing():  # asked again under the lock: another process may have added them
            con.execute(f"ALTER TABLE atlas_versions ADD COLUMN {name} {kind}")
        con.execute("COMMIT")

    @contextmanager
    def write(self, con: sqlite3.Connection, dataset: str) -> Iterator[None]:
        con.execute("BEGIN IMMEDIATE")  # one writer at a time, waits for the others
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def encode(self, geom: BaseGeometry | None) -> object:
        return gpkg_blob(geom)

    def geom_select(self) -> str:
        return "geom"

    def decode(self, value: object) -> BaseGeometry | None:
        return from_gpkg_blob(value)


class _Postgres:
    """PostgreSQL + PostGIS backend for multi-user deployments."""

    placeholder = "%s"

    def __init__(self, url: str):
        self.url = url

    def connect(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def create(self, con) -> None:
        # Read-only check first, so that opening the store needs no privilege
        # to create anything and never waits for a lock.
        found = con.execute("SELECT " + ", ".join(f"to_regclass('{t}') IS NOT NULL" for t in ATLAS_TABLES)).fetchone()
        if all(found):
            self._add_columns(con)
            return
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(727)")
            con.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            con.execute("""CREATE TABLE IF NOT EXISTS atlas_records (
                fid BIGSERIAL PRIMARY KEY, dataset TEXT NOT NULL, version INTEGER NOT NULL,
                row INTEGER NOT NULL, props JSONB NOT NULL, geom geometry(Geometry, 4326),
                UNIQUE (dataset, version, row))""")
            for statement in SCHEMA:
                con.execute(statement)
            con.execute("""CREATE TABLE IF NOT EXISTS atlas_audit (
                id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                dataset TEXT NOT NULL, version INTEGER, detail TEXT NOT NULL)""")

    def _add_columns(self, con) -> None:
        """Give a store made before ``ADDED_VERSION_COLUMNS`` those columns (checked read-only first)."""
        have = {name for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'atlas_versions' "
            "AND table_schema = current_schema()")}
        if all(name in have for name, _ in ADDED_VERSION_COLUMNS):
            return
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(727)")
            for name, kind in ADDED_VERSION_COLUMNS:
                con.execute(f"ALTER TABLE atlas_versions ADD COLUMN IF NOT EXISTS {name} {kind}")

    @contextmanager
    def write(self, con, dataset: str) -> Iterator[None]:
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(728)")
            yield

    def encode(self, geom: BaseGeometry | None) -> object:
        return None if geom is None else shapely.to_wkb(geom, hex=True, include_srid=False)

    def geom_select(self) -> str:
        return "ST_AsBinary(geom)"

    def decode(self, value: object) -> BaseGeometry | None:
        return None if value is None else shapely.from_wkb(bytes(value))


# --- the store ----------------------------------------------------------------

class Store:
    """One atlas store.  Open it with ``open_store()``."""

    def __init__(self, backend: _SQLite | _Postgres):
        self.backend = backend
        self._lock = threading.Lock()
        self._reader_lock = threading.Lock()
        self._reader = None  # PostgreSQL: the kept connection ``datasets`` asks
        self._asked: tuple[float, dict[str, int]] | None = None  # (when, answer) of the last ``datasets``
        # How long ``datasets`` may reuse its last answer (seconds).  0: ask every time (scripts, the command
        # line, tests); the app's pages set it (``geo.catalog.store``).
        self.versions_fresh_for = 0.0
        con = backend.connect()
        try:
            backend.create(con)
        finally:
            con.close()

    @property
    def url(self) -> str:
        return self.backend.url

    @contextmanager
    def _con(self):
        con = self.backend.connect()
        try:
            yield con
        finally:
            con.close()

    def _sql(self, text: str) -> str:
        return text.replace("?", self.backend.placeholder)

    def _rows(self, con, sql: str, params: tuple = ()) -> list[tuple]:
        return list(con.execute(self._sql(sql), params).fetchall())

    # reads

    def datasets(self) -> dict[str, int]:
        """Dataset name -> current version: the store's data version.

        Why it is asked afresh (at most ``versions_fresh_for`` seconds old):
        several servers (or the command line) may write to one store, and
        every cache is keyed by these versions, so an import anywhere shows at
        every server's next rerun.  One tiny query; on PostgreSQL over a kept
        connection (opening one costs milliseconds), on SQLite a local file
        open, about 1 ms.  A page run asks it a dozen times (each layer, the
        seats, the boundaries), a slider step five times: for the app's pages
        the answer is kept for a fraction of a second, and dropped at once
        when this process writes (``write_version``, ``rollback``)."""
        asked = self._asked
        if asked is not None and time.monotonic() - asked[0] < self.versions_fresh_for:
            return dict(asked[1])
        when = time.monotonic()
        answer = self._ask_datasets()
        self._asked = (when, answer)
        return dict(answer)

    def _ask_datasets(self) -> dict[str, int]:
        sql = "SELECT dataset, version FROM atlas_current ORDER BY dataset"
        if not isinstance(self.backend, _Postgres):
            with self._con() as con:
                return dict(self._rows(con, sql))
        with self._reader_lock:
            for attempt in (1, 2):  # a kept connection may have died (server restart): reconnect once
                try:
                    if self._reader is None or self._reader.closed:
                        self._reader = self.backend.connect()
                    return dict(self._reader.execute(sql).fetchall())
                except Exception:
                    if self._reader is not None:
                        self._reader.close()
                    self._reader = None
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def current_version(self, dataset: str) -> int | None:
        return self.datasets().get(dataset)

    def versions(self, dataset: str) -> list[Version]:
        current = self.current_version(dataset)
        with self._con() as con:
            rows = self._rows(con, f"SELECT {VERSION_COLUMNS} FROM atlas_versions WHERE dataset = ? ORDER BY version",
                              (dataset,))
        return [Version(*r, current=(r[1] == current)) for r in rows]

    def audit(self, limit: int = 100) -> list[dict]:
        with self._con() as con:
            rows = self._rows(con, """SELECT id, at, actor, action, dataset, version, detail
                FROM atlas_audit ORDER BY id DESC LIMIT ?""", (limit,))
        keys = ("id", "at", "actor", "action", "dataset", "version", "detail")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def read(self, dataset: str, version: int | None = None) -> gpd.GeoDataFrame:
        """The rows of ``dataset`` at ``version`` (default: current), typed by the registry."""
        version = version or self.current_version(dataset)
        if version is None:
            raise StoreError(f"dataset {dataset!r} has no data yet")
        # A copy: the cached frame is shared by every caller in the process, and
        # one caller adding a column must not change what the next one reads.
        return _read_cached(self, dataset, version).copy()

    def _read_uncached(self, dataset: str, version: int) -> gpd.GeoDataFrame:
        with self._con() as con:
            rows = self._rows(con, f"""SELECT props, {self.backend.geom_select()} FROM atlas_records
                WHERE dataset = ? AND version = ? ORDER BY row""", (dataset, version))
        if not rows and not any(v.version == version for v in self.versions(dataset)):
            raise StoreError(f"dataset {dataset!r} has no version {version}")
        props = [p if isinstance(p, dict) else json.loads(p) for p, _ in rows]
        frame = pd.DataFrame(props)
        geoms = [self.backend.decode(g) for _, g in rows]
        frame = _retype(frame, dataset)
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=4326), crs=4326)

    # writes

    def write_version(self, dataset: str, frame: pd.DataFrame, *, source_name: str, source_bytes: bytes = b"",
                      source_sha256: str | None = None, actor: str | None = None, note: str = "",
                      publisher: str = "", licence: str = "", based_on: int | None = None,
                      geometries: list[BaseGeometry | None] | None = None,
                      base_version: int | None = None, if_absent: bool = False,
                      progress: Callable[[int, int], None] | None = None) -> Version:
        """Store ``frame`` (already validated) as the new current version, atomically.

        The source file is recorded by name and SHA-256 (``source_sha256``, or
        computed from ``source_bytes``), with the ``publisher`` and ``licence``
        its importer named; ``based_on``: the version whose rows ``frame``
        keeps (a merge), so that the new version credits their sources too.

        ``base_version``: the current version the rows were computed from (a
        merge).  When given and another import has become current meanwhile,
        nothing is stored and StoreError says so: storing would silently drop
        that other import's rows.  Plan again and retry.

        ``if_absent``: store only if the dataset has no version yet, decided
        inside the write transaction (the first run's seeding: several
        processes may start on a fresh store at once; one seeds, the others
        get the version it stored).

        Rows are serialised and inserted in batches of
        ``limits.WRITE_CHUNK_ROWS`` (still one transaction), so a big import
        never holds every row's JSON at once; ``progress(written, total)`` is
        called after each batch, inside the still-open transaction (the Data
        page's progress bar; tests/test_store_crash.py pauses there to kill an
        import half-way).
        """
        if dataset not in DATASETS:
            raise StoreError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
        actor = actor or _actor()
        publisher, licence = credit_text(publisher, "publisher"), credit_text(licence, "licence")
        sha = source_sha256 or hashlib.sha256(source_bytes).hexdigest()
        table = frame.drop(columns=["geometry"], errors="ignore")
        total = len(table)
        if geometries is None:
            geometries = list(frame.geometry) if "geometry" in frame else [None] * total
        if len(geometries) != total:
            raise StoreError(f"{total} rows but {len(geometries)} geometries")

        def batches(version: int) -> Iterator[list[tuple]]:
            for start in range(0, total, limits.WRITE_CHUNK_ROWS):
                records = table.iloc[start:start + limits.WRITE_CHUNK_ROWS].to_dict(orient="records")
                yield [(dataset, version, start + i,
                        json.dumps({k: _clean(v) for k, v in rec.items()}, default=_json_default,
                                   ensure_ascii=False),
                        self.backend.encode(geometries[start + i]))
                       for i, rec in enumerate(records)]

        now = _now()
        with self._lock, self._con() as con, self.backend.write(con, dataset):
            rows = self._rows(con, "SELECT COALESCE(MAX(version), 0) FROM atlas_versions WHERE dataset = ?",
                              (dataset,))
            if if_absent and rows[0][0]:
                return self._version_in(con, dataset)
            version = rows[0][0] + 1
            if base_version is not None:
                now_current = self._rows(con, "SELECT version FROM atlas_current WHERE dataset = ?", (dataset,))
                if (now_current[0][0] if now_current else None) != base_version:
                    raise StoreError(f"{dataset} changed while this import was prepared (it was based on version "
                                     f"{base_version}, current is now {now_current[0][0] if now_current else None}); "
                                     "import the file again")
            geom_param = "ST_GeomFromWKB(decode(?, 'hex'), 4326)" if isinstance(self.backend, _Postgres) else "?"
            sql = self._sql(f"""INSERT INTO atlas_records (dataset, version, row, props, geom)
                VALUES (?, ?, ?, ?, {geom_param})""")
            cur = con.cursor()
            written = 0
            for params in batches(version):
                cur.executemany(sql, params)
                written += len(params)
                if progress is not None:
                    progress(written, total)
            con.execute(self._sql(f"INSERT INTO atlas_versions ({VERSION_COLUMNS}) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        (dataset, version, now, actor, source_name, sha, total, note, publisher, licence, based_on))
            self._set_current(con, dataset, version)
            self._log(con, actor, "import", dataset, version,
                      f"{source_name} sha256={sha[:12]} rows={total} {note}".strip())
        self._asked = None  # committed: the next ``datasets`` asks the store
        return Version(dataset, version, now, actor, source_name, sha, total, note, publisher, licence, based_on,
                       current=True)

    def recredit(self, dataset: str, version: int, *, publisher: str, licence: str, source_name: str,
                 source_sha256: str, actor: str | None = None) -> Version:
        """Store the rows of ``version``, the current one, again as a new current version crediting its own
        file to ``publisher`` under ``licence`` (the rows it keeps from ``based_on`` stay credited as they were).

        Why a new version and not an edit: versions never change once stored (every server caches them by number,
        a snapshot or rollback refers to them), and the Versions table keeps who was credited before.  The rows
        are copied inside the store, not read and written again.  ``source_name``/``source_sha256``: the file
        that repeated the rows.  Refused if ``version`` is no longer current (another import landed)."""
        actor = actor or _actor()
        publisher, licence = credit_text(publisher, "publisher"), credit_text(licence, "licence")
        with self._lock, self._con() as con, self.backend.write(con, dataset):
            now_current = self._rows(con, "SELECT version FROM atlas_current WHERE dataset = ?", (dataset,))
            if (now_current[0][0] if now_current else None) != version:
                raise StoreError(f"{dataset} changed while this import was prepared (it was based on version "
                                 f"{version}, current is now {now_current[0][0] if now_current else None}); "
                                 "import the file again")
            old = self._version_in(con, dataset)
            new = self._rows(con, "SELECT MAX(version) FROM atlas_versions WHERE dataset = ?", (dataset,))[0][0] + 1
            con.execute(self._sql("""INSERT INTO atlas_records (dataset, version, row, props, geom)
                SELECT dataset, ?, row, props, geom FROM atlas_records WHERE dataset = ? AND version = ?"""),
                        (new, dataset, version))
            note = f"same rows as version {version}; publisher and licence recorded"
            now = _now()
            con.execute(self._sql(f"INSERT INTO atlas_versions ({VERSION_COLUMNS}) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        (dataset, new, now, actor, source_name, source_sha256, old.row_count, note, publisher,
                         licence, old.based_on))
            self._set_current(con, dataset, new)
            self._log(con, actor, "credit", dataset, new,
                      f"{source_name} sha256={source_sha256[:12]} rows={old.row_count} {note}")
        self._asked = None  # committed: the next ``datasets`` asks the store
        return Version(dataset, new, now, actor, source_name, source_sha256, old.row_count, note, publisher, licence,
                       old.based_on, current=True)

    def rollback(self, dataset: str, version: int, actor: str | None = None) -> Version:
        """Make an earlier (or later) version current again; nothing is deleted."""
        actor = actor or _actor()
        with self._lock, self._con() as con, self.backend.write(con, dataset):
            known = self._rows(con, "SELECT version FROM atlas_versions WHERE dataset = ? AND version = ?",
                               (dataset, version))
            if not known:
                have = [v for (v,) in self._rows(con, "SELECT version FROM atlas_versions WHERE dataset = ?",
                                                 (dataset,))]
                raise StoreError(f"dataset {dataset!r} has no version {version}"
                                 + (f"; versions: {', '.join(map(str, have))}" if have else ""))
            self._set_current(con, dataset, version)
            self._log(con, actor, "rollback", dataset, version, f"made version {version} current")
        self._asked = None  # committed: the next ``datasets`` asks the store
        return next(v for v in self.versions(dataset) if v.version == version)

    def log(self, action: str, dataset: str, detail: str, version: int | None = None,
            actor: str | None = None) -> None:
        """Record an event that is not an import or rollback (e.g. a publish)."""
        with self._lock, self._con() as con, self.backend.write(con, dataset):
            self._log(con, actor or _actor(), action, dataset, version, detail)

    def _version_in(self, con, dataset: str) -> Version:
        """The current version of ``dataset``, read on the open connection ``con``."""
        columns = ", ".join(f"v.{c}" for c in VERSION_COLUMNS.split(", "))
        rows = self._rows(con, f"""SELECT {columns} FROM atlas_versions v JOIN atlas_current c
            ON c.dataset = v.dataset AND c.version = v.version WHERE v.dataset = ?""", (dataset,))
        return Version(*rows[0], current=True)

    def _set_current(self, con, dataset: str, version: int) -> None:
        con.execute(self._sql("DELETE FROM atlas_current WHERE dataset = ?"), (dataset,))
        con.execute(self._sql("INSERT INTO atlas_current (dataset, version) VALUES (?, ?)"), (dataset, version))

    def _log(self, con, actor: str, action: str, dataset: str, version: int | None, detail: str) -> None:
        con.execute(self._sql("""INSERT INTO atlas_audit (at, actor, action, dataset, version, detail)
            VALUES (?, ?, ?, ?, ?, ?)"""), (_now(), actor, action, dataset, version, detail))


@shared_cache(maxsize=64)
def _read_cached(store: Store, dataset: str, version: int) -> gpd.GeoDataFrame:
    # Versions are immutable, so (store, dataset, version) is a perfect cache key.
    return store._read_uncached(dataset, version)


def _retype(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    layer = registry.LAYERS.get(dataset)
    if layer is None:
        return frame
    for f in layer.fields:
        if f.name not in frame:
            frame[f.name] = None
        if f.dtype == "date":
            # datetime.date or None, as validation produces them: ``.dt.date``
            # leaves NaT for blanks and a datetime64 column when all are blank.
            dates = pd.to_datetime(frame[f.name], errors="coerce")
            frame[f.name] = pd.Series([None if pd.isna(d) else d.date() for d in dates],
                                      index=frame.index, dtype=object)
        elif f.dtype == "int":
            frame[f.name] = pd.array(frame[f.name], dtype="Int64")
        elif f.dtype == "float":
            frame[f.name] = pd.to_numeric(frame[f.name], errors="coerce")
        elif f.dtype == "bool":
            frame[f.name] = frame[f.name].fillna(False).astype(bool)
        else:
            frame[f.name] = frame[f.name].where(frame[f.name].notna(), None)
    return frame[layer.columns]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


_STORES: dict[str, Store] = {}
_DEFAULT_URLS: dict[tuple[str | None, str | None], str] = {}  # (DATABASE_URL, ATLAS_DATA_DIR) -> store url
_OPEN_LOCK = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store for ``url`` (default: ``DATABASE_URL`` or the GeoPackage in
    ``ATLAS_DATA_DIR``), seeded with the shipped default data on first open.

    An open default store is found from those two settings without touching
    the disk: pages ask for it many times a run (a slider step, five)."""
    if url is None:
        key = settings.store_settings()
        known = _DEFAULT_URLS.get(key)
        found = _STORES.get(known) if known is not None else None
        if found is not None:
            return found
        url = _DEFAULT_URLS[key] = settings.database_url() or f"gpkg:{settings.data_dir() / 'atlas.gpkg'}"
    with _OPEN_LOCK:  # two threads opening a fresh store must not both seed it
        return _open(url)


def _open(url: str) -> Store:
    if url not in _STORES:
        backend = _SQLite(Path(url[5:])) if url.startswith("gpkg:") else _Postgres(url)
        store = Store(backend)
        from geo import defaults

        defaults.seed(store)
        _STORES[url] = store
    return _STORES[url]
