"""The atlas store from the command line: ``python -m geo``.

Why a command line: coordinators load DTM rounds and site lists in bulk, and
scripts (cron jobs, CI, other tools) need the same imports, exports and
rollbacks as the Data page, with an exit status to act on.  Every command goes
through the same modules as the app (``geo.ingest``, ``geo.store``,
``geo.exports``), so a file accepted here is accepted there, byte for byte.

Usage::

    python -m geo import PATH [--dataset NAME] [--replace] [--actor WHO] [--dry-run]
    python -m geo datasets
    python -m geo versions NAME
    python -m geo rollback NAME VERSION [--actor WHO]
    python -m geo export NAME --format csv|geojson [--version N] [--provenance]
    python -m geo audit [--limit N]
    python -m geo flash add --title T --date D --type TYPE (--place NAME | --lat Y --lon X) ... (geo.flash_cli)
    python -m geo snapshot publish [--page P] [--round R ...] [--area PCODE] [--lang en|ar] --title T [--out DIR]
    python -m geo snapshot list
    python -m geo snapshot withdraw ID

``import`` validates PATH (CSV, XLSX, GeoJSON, GeoPackage or zip), merges it
into the current version (``--replace``: the file becomes the whole dataset)
and stores the result as a new version; it prints one summary line, e.g.
``displacement v2: DTM round 54 (...): 100 baladiyas, 787,326 migrants; 100
added, 0 removed, 0 changed, 500 unchanged; migrants 3,159,855 → 3,947,181``.
``--dry-run`` prints the same line without storing anything.  The dataset is
recognised from the file's columns unless ``--dataset`` names it.

``export`` writes the current version (or ``--version N``) to stdout.  CSV is
pure CSV (registry columns, then ``approximate`` for layers placed at baladiya
seats; ISO dates, ``true``/``false``) so other tools can
parse it; ``--provenance`` adds ``# `` header lines saying where it comes
from.  GeoJSON is a FeatureCollection whose properties are the registry
columns, with a top-level ``metadata`` object (dataset, version, source,
licence, illustrative flag).

The store is the GeoPackage ``atlas.gpkg`` in ``ATLAS_DATA_DIR`` (default
``var/``), created and seeded with the shipped data on first use, or the
PostGIS database at ``DATABASE_URL`` when that is set.

Exit status: 0 on success; 1 when the command failed (the reason on stderr,
every problem of a rejected file with its row and column; nothing was
changed); 2 for a malformed command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from geo import registry, roles, sensitivity
from geo.store import BOUNDARIES, BOUNDARIES_BALADIYA, DATASETS, Store, StoreError, Version, credit_text, open_store
from geo.validation import ValidationError

NAME_LIST = ", ".join(DATASETS)


class CliError(Exception):
    """An expected failure with a message for the user (exit status 1)."""


# --- helpers ------------------------------------------------------------------

def dataset_name(name: str) -> str:
    """``name`` if it is a dataset the store knows, else a CliError listing them."""
    if name not in DATASETS:
        raise CliError(f"unknown dataset {name!r}; known datasets: {NAME_LIST}")
    if roles.deployment_role() == "public" and not sensitivity.public_layer(name):
        raise CliError(f"{name} is a restricted layer and this is a public-only deployment (ATLAS_ROLE=public): "
                       "restricted data is not available here")
    return name


def _visible(name: str) -> bool:
    """Whether the deployment's role may see dataset ``name`` (lists skip the others)."""
    return roles.deployment_role() != "public" or sensitivity.public_layer(name)


def version_info(store: Store, name: str, version: int | None = None) -> Version:
    """The stored version ``version`` of ``name`` (default: the current one)."""
    versions = store.versions(name)
    if not versions:
        raise CliError(f"dataset {name!r} has no versions yet (import a file first)")
    if version is None:
        return next(v for v in versions if v.current)
    for v in versions:
        if v.version == version:
            return v
    raise CliError(f"dataset {name!r} has no version {version}; versions: "
                   + ", ".join(str(v.version) for v in versions))


def illustrative_share(frame: pd.DataFrame) -> float | None:
    if "illustrative" not in frame or frame.empty:
        return None
    return float(frame["illustrative"].astype(bool).mean())


def table(headers: Sequence[str] | None, rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned columns, two spaces apart: readable and easy to ``awk``."""
    cells = [["" if c is None else str(c) for c in r] for r in rows]
    if headers is not None:
        cells.insert(0, [str(h) for h in headers])
    if not cells:
        return ""
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)


def import_line(dataset: str, version: int, plan) -> str:
    """The one-line summary of an import (also used for ``--dry-run``)."""
    if plan.unchanged and version != plan.base_version:  # stored only to record who published the rows
        return (f"{dataset} v{version}: unchanged rows of v{plan.base_version}, stored again with the publisher "
                "and licence named")
    if plan.unchanged:
        return (f"{dataset} v{plan.base_version}: unchanged — the file repeats the current version; "
                "no new version stored")
    what = (plan.prepared.summary or "").strip()
    if plan.located:
        what += f"; {plan.located} site{'s' if plan.located != 1 else ''} given a baladiya by location"
    return f"{dataset} v{version}: " + (f"{what}; " if what else "") + plan.diff.summary()


# --- exports (also used by the tests) ----------------------------------------

def export_bytes(store: Store, name: str, fmt: str, *, version: int | None = None,
                 provenance: bool = False) -> bytes:
    """The bytes ``export`` writes: CSV or GeoJSON of one version of ``name``."""
    from geo import exports

    if name == BOUNDARIES_BALADIYA and version is None and store.current_version(name) is None:
        return _export_derived_areas(store, fmt, provenance)
    info = version_info(store, dataset_name(name), version)
    frame = store.read(name, info.version)
    layer = registry.LAYERS.get(name)
    if layer is None:  # the boundaries: no registry entry, export every column
        return _export_boundaries(frame, info, fmt, provenance)
    frame = sensitivity.for_role(layer, frame, roles.deployment_role())
    from geo import seats

    frame = seats.placed(frame, store)  # rows at a seat: today's seat, and whether it is approximate
    share = illustrative_share(frame)
    from geo import catalog, disclosure

    if catalog.current_role() == "public":  # public output: counts below the threshold withheld
        # as the public's pages read the rows: a small count in no total (rule 0), then "<5"
        frame = disclosure.protect_rows(disclosure.public_counts(layer, _whole_numbers(frame, layer)), layer)
    data = catalog.LayerData(layer, frame, info, catalog.credits(layer, info, store.versions(name)))
    if fmt == "csv":
        header = None
        if provenance:
            header = exports.provenance_lines(layer, data.provenance,
                                              f"none (all {len(frame):,} rows of version {info.version})",
                                              data.licence)
            header.append(f"Illustrative rows: {share or 0:.0%}")
        return exports.to_csv(_whole_numbers(frame, layer), layer, header)
    metadata = {
        "dataset": name, "title": layer.title, "version": info.version, "current": info.current,
        "source": data.source, "licence": data.licence,
        "illustrative": bool(share), "illustrative_share": round(share or 0.0, 4), "rows": len(frame),
        "source_file": info.source_name, "source_sha256": info.source_sha256,
        "imported_at": info.created_at, "imported_by": info.created_by,
        "exported_at": _now(),
    }
    return _named_geojson(exports.to_geojson(frame, layer, metadata), name)


def _whole_numbers(frame: pd.DataFrame, layer: registry.Layer) -> pd.DataFrame:
    # Counts with a blank cell would reach the CSV as "29787.0" (pandas turns a
    # column of ints and None into floats); written as text they stay "29787".
    out = frame.copy()
    for f in layer.fields:
        if f.dtype == "int" and f.name in out:
            out[f.name] = pd.Series([None if pd.isna(v) else v if isinstance(v, str) else str(int(v))
                                     for v in out[f.name]],
                                    index=out.index, dtype=object)
    return out


def _named_geojson(data: bytes, name: str) -> bytes:
    # GDAL and QGIS take the layer name from a top-level "name" member; without
    # it the layer would be named after whatever file stdout was saved to.
    doc = json.loads(data)
    doc = {"type": doc.pop("type"), "name": name, **doc}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _export_boundaries(frame, info: Version, fmt: str, provenance: bool) -> bytes:
    from geo import catalog

    credit = catalog.named_credit(info)  # who published them, as their importer named them
    props = pd.DataFrame(frame.drop(columns="geometry"))
    if fmt == "csv":
        from geo.csv_writer import write_csv

        header = [f"{info.dataset} version {info.version} from {info.source_name} (sha256 {info.source_sha256[:12]}), "
                  f"imported {info.created_at} by {info.created_by}; source: {credit.source}; licence: "
                  f"{credit.licence}"] if provenance else None
        out = props.assign(geometry_wkt=[None if g is None else g.wkt for g in frame.geometry])
        return write_csv(out, header)
    doc = json.loads(frame.to_json(drop_id=True, na="null"))
    doc = {"type": "FeatureCollection", "name": info.dataset,
           "metadata": {"dataset": info.dataset, "version": info.version, "source": credit.source,
                        "licence": credit.licence, "illustrative": False, "source_file": info.source_name,
                        "source_sha256": info.source_sha256, "exported_at": _now()},
           "features": doc["features"]}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _export_derived_areas(store: Store, fmt: str, provenance: bool) -> bytes:
    """The municipality areas derived from the seats (no official admin 3 polygons imported)."""
    from geo import municipalities

    frame = municipalities.areas(store)
    label = municipalities.label(store)
    if fmt == "csv":
        from geo.csv_writer import write_csv

        header = [f"{BOUNDARIES_BALADIYA}: {label}; computed {_now()}"] if provenance else None
        props = pd.DataFrame(frame.drop(columns="geometry"))
        return write_csv(props.assign(geometry_wkt=[g.wkt for g in frame.geometry]), header)
    doc = json.loads(frame.to_json(drop_id=True, na="null"))
    doc = {"type": "FeatureCollection", "name": BOUNDARIES_BALADIYA,
           "metadata": {"dataset": BOUNDARIES_BALADIYA, "version": None, "approximate": True, "source": label,
                        "seats_version": store.current_version("baladiya_seats"),
                        "mantika_boundaries_version": store.current_version(BOUNDARIES),
                        "licence": "derived by the atlas from the seats and mantika boundaries",
                        "exported_at": _now()},
           "features": doc["features"]}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- commands -----------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.exists():
        raise CliError(f"{path}: no such file")
    if not path.is_file():
        raise CliError(f"{path}: not a file")
    if args.dataset:
        dataset_name(args.dataset)
    from geo import ingest  # the importers are only needed here

    publisher, licence = credit_text(args.publisher, "publisher"), credit_text(args.licence, "licence")
    store = open_store()
    if args.dry_run:
        plan = ingest.plan(store, path, args.dataset, replace=args.replace)
        _detection(plan)
        name = plan.prepared.dataset
        following = max((v.version for v in store.versions(name)), default=0) + 1
        if plan.unchanged and ingest.new_credit(store, plan, publisher, licence) is None:
            following = plan.base_version  # nothing would be stored
        print(import_line(name, following, plan) + " (dry run: nothing stored)")
        return 0
    version, plan = ingest.import_file(store, path, args.dataset, actor=args.actor, replace=args.replace,
                                       publisher=publisher, licence=licence)
    _detection(plan)
    print(import_line(version.dataset, version.version, plan))
    return 0


def _detection(plan) -> None:
    # Why this dataset was chosen, on stderr: stdout stays the one summary line scripts read.
    if plan.prepared.detection:
        print(plan.prepared.detection, file=sys.stderr)


def cmd_datasets(args: argparse.Namespace) -> int:
    from geo import catalog

    store = open_store()
    current = store.datasets()
    rows = []
    for name in DATASETS:
        if name not in current or not _visible(name):
            continue
        info = version_info(store, name)
        share = illustrative_share(store.read(name, info.version))
        layer = registry.LAYERS.get(name)
        source = catalog.joined([c.source for c in catalog.credits(layer, info, store.versions(name))]) \
            if layer else catalog.named_credit(info).source  # the boundaries: as their importer named them
        rows.append((name, f"v{info.version}", f"{info.row_count:,} row{'' if info.row_count == 1 else 's'}",
                     "-" if share is None else f"{share:.0%} illustrative", f"{source} [{info.source_name}]"))
    # No header line: one line per dataset, so scripts can read it line by line.
    print(table(None, rows) if rows else "no datasets")
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    store = open_store()
    versions = store.versions(dataset_name(args.name))
    if not versions:
        print(f"{args.name}: no versions yet")
        return 0
    # publisher and licence as the importer named them ("-": not recorded); keeps: the version whose rows it kept
    rows = [("*" if v.current else "", v.version, v.created_at, v.created_by, v.source_name, v.source_sha256[:12],
             f"{v.row_count:,}", v.publisher or "-", v.licence or "-", f"v{v.based_on}" if v.based_on else "-", v.note)
            for v in versions]
    print(table(("", "version", "created_at", "created_by", "source_name", "sha256", "rows", "publisher", "licence",
                 "keeps", "note"), rows))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    store = open_store()
    name = dataset_name(args.name)
    before = store.current_version(name)
    v = store.rollback(name, args.version, actor=args.actor)
    print(f"{name}: version {v.version} is current (was {before}): {v.source_name}, {v.row_count:,} rows, "
          f"imported {v.created_at} by {v.created_by}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    data = export_bytes(open_store(), args.name, args.format, version=args.version, provenance=args.provenance)
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stdout (some embedding): decode, same characters
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        out.write(data)
        out.flush()
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    entries = [e for e in open_store().audit(args.limit) if _visible(e["dataset"])]
    rows = [(e["at"], e["actor"], e["action"], e["dataset"], "" if e["version"] is None else f"v{e['version']}",
             e["detail"]) for e in entries]
    print(table(("at", "actor", "action", "dataset", "version", "detail"), rows))
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Publish, list or withdraw donor snapshots (geo.snapshots)."""
    from geo import catalog, snapshots

    role = catalog.current_role()
    root = Path(args.out) if getattr(args, "out", None) else None
    try:
        if args.action == "publish":
            if role == "public":
                raise CliError("a public deployment cannot publish snapshots")
            view = snapshots.View(page=args.page, metric=args.metric, rounds=tuple(args.round or ()),
                                  current=(args.round or [None])[-1], area=args.area or "", lang=args.lang)
            snap = snapshots.publish(view, args.title, publisher_role=role, actor=args.actor, root=root)
            print(snap.path)
        elif args.action == "list":
            rows = [(s.id, s.created, s.area_label, ",".join(map(str, s.rounds)), s.title)
                    for s in snapshots.list_published(root)]
            print(table(("id", "created", "area", "rounds", "title"), rows) if rows else "no snapshots")
        else:
            # Whoever runs the command line on the server administers its store.
            if role == "public":
                raise CliError("a public deployment cannot withdraw snapshots")
            snap = snapshots.withdraw(args.id, role="admin", actor=args.actor, root=root)
            print(f"withdrew snapshot {snap.id} “{snap.title}” of {snap.created}")
    except snapshots.SnapshotError as exc:
        raise CliError(str(exc)) from None
    return 0


# --- parsing and errors ---------------------------------------------------------

def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo", description="Libya Operations Atlas store: import, list, roll back, export, audit.",
        epilog="Store: ATLAS_DATA_DIR/atlas.gpkg, or PostGIS when DATABASE_URL is set. "
               "Exit status 0 ok, 1 failed (reason on stderr, nothing changed), 2 bad command line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="validate a file and store it as a new version")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--dataset", metavar="NAME", help=f"the dataset (default: recognised from the columns): {NAME_LIST}")
    p.add_argument("--replace", action="store_true",
                   help="the file becomes the whole dataset (default: merged into the current version)")
    p.add_argument("--actor", metavar="WHO", help="who is importing, for the audit log (default: login name)")
    p.add_argument("--publisher", metavar="WHO", default="",
                   help="who published the file (shown as its source; default: not recorded). A file the "
                        "current version already holds is stored again only to record this and --licence")
    p.add_argument("--licence", metavar="TERMS", default="",
                   help="the licence it is published under (default: not recorded)")
    p.add_argument("--dry-run", action="store_true", help="validate and summarise, store nothing")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("datasets", help="one line per dataset: current version, rows, illustrative share, source")
    p.set_defaults(func=cmd_datasets)

    p = sub.add_parser("versions", help="the versions of a dataset (* = current)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("rollback", help="make an earlier (or later) version current again")
    p.add_argument("name", metavar="NAME")
    p.add_argument("version", metavar="VERSION", type=_positive)
    p.add_argument("--actor", metavar="WHO", help="who is rolling back, for the audit log")
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser("export", help="write the current version to stdout as CSV or GeoJSON")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--format", required=True, choices=("csv", "geojson"))
    p.add_argument("--version", type=_positive, metavar="N", help="an earlier version instead of the current one")
    p.add_argument("--provenance", action="store_true", help="CSV: add '# ' lines saying where the data comes from")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("audit", help="the audit log, newest first")
    p.add_argument("--limit", type=_positive, default=50, metavar="N", help="entries to show (default 50)")
    p.set_defaults(func=cmd_audit)

    from geo import flash_cli

    flash_cli.add_parser(sub)
    p = sub.add_parser("snapshot", help="publish, list or withdraw donor snapshots")
    snap = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = snap.add_parser("publish", help="write a snapshot folder (HTML, PNG, CSV, manifest); prints its path")
    q.add_argument("--page", default="displacement", choices=("displacement", "overview"))
    q.add_argument("--metric", default="migrants", choices=("migrants", "idps", "returnees"))
    q.add_argument("--round", type=_positive, action="append", metavar="R",
                   help="a DTM round on the snapshot's slider (repeat; default: every round; the last is shown first)")
    q.add_argument("--area", metavar="PCODE", help="region, mantika or baladiya pcode (default: Libya)")
    q.add_argument("--lang", default="en", choices=("en", "ar"))
    q.add_argument("--title", required=True, metavar="T")
    q.add_argument("--out", metavar="DIR", help="snapshot directory (default: ATLAS_SNAPSHOT_DIR or "
                                                 "ATLAS_DATA_DIR/snapshots); the snapshot is DIR/<id>/")
    q.add_argument("--actor", metavar="WHO", help="who publishes, for the audit log")
    q = snap.add_parser("list", help="published snapshots, newest first")
    q.add_argument("--out", metavar="DIR", help="snapshot directory (default as for publish)")
    q = snap.add_parser("withdraw", help="remove a published snapshot (audited)")
    q.add_argument("id", metavar="ID")
    q.add_argument("--out", metavar="DIR", help="snapshot directory (default as for publish)")
    q.add_argument("--actor", metavar="WHO", help="who withdraws, for the audit log")
    p.set_defaults(func=cmd_snapshot)
    return parser


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [sqlite3.Error]
    try:
        import psycopg
    except ImportError:  # GeoPackage-only installs
        pass
    else:
        errors.append(psycopg.Error)
    return tuple(errors)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (expected failures never raise)."""
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except BrokenPipeError:
        # ``python -m geo export ... | head``: the reader left; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except ValidationError as exc:
        # Every problem, not the first 20 str(exc) shows: the user fixes them all in one go.
        lines = [f"{exc.source}: {len(exc.problems)} problem(s); nothing was stored"]
        lines += [f"  - {p}" for p in exc.problems]
        return _fail("\n".join(lines))
    except (CliError, StoreError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}")
    except _database_errors() as exc:
        return _fail(f"store {type(exc).__name__}: {str(exc).strip()}")

