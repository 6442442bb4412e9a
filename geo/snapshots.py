"""Published snapshots: a view of the atlas frozen into a folder donors can keep.

Why: a donor who wants to keep or forward what they saw needs a file that
says what it shows, where the numbers come from and when they were
published, and that still opens in five years without a server.  A snapshot
is a folder::

    <id>/index.html    one self-contained page (map, legend, headline figures,
                       round slider, sources, notices; Leaflet inlined)
    <id>/map.png       the map with legend, title, source and date
    <id>/chart-*.png   the charts (trend of the area total; values per area)
    <id>/figures.csv   every published figure, after disclosure control
    <id>/manifest.json id, title, created, publisher role, data versions,
                       file hashes, disclosure threshold

Rules:
- **Public only.**  Restricted layers are never read; every count goes
  through ``geo.disclosure`` (the totals, mantika and baladiya values of a
  round are one nested table, so a withheld value cannot be recovered from
  the sums published beside it).  Map colours and symbol sizes are computed
  from the published values only (a withheld value is drawn grey), so the
  picture cannot give a withheld number away either.
- **Immutable and content-addressed.**  The id is the first 16 hex digits of
  the SHA-256 of the sorted ``name:sha256`` lines of the files (the manifest
  lists those hashes; it cannot hash itself).  The folder is written under a
  temporary name and renamed into place, files are made read-only, and
  nothing ever rewrites one: publishing again makes a new snapshot.
- **Withdrawal** removes the folder (so a static web server serving the
  snapshot directory stops serving it at once) and is recorded in the
  store's audit log with the id, title and manifest hash, as is publishing.

The snapshot directory is ``ATLAS_SNAPSHOT_DIR``, default
``<ATLAS_DATA_DIR>/snapshots``; it can be served as it is by any static web
server (each snapshot is ``<id>/index.html``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from geo import (
    admin,
    boundaries,
    catalog,
    disclosure,
    displacement,
    facts,
    registry,
    settings,
    timeaxis,
    translations,
)
from geo.csv_writer import neutralise
from geo.selection import Selection
from geo.selection import apply as selection_apply

PAGES = ("displacement", "overview")
AUDIT_DATASET = "snapshots"
ID_LENGTH = 16
_ID_RE = re.compile(r"^[0-9a-f]{16}$")


class SnapshotError(ValueError):
    """A snapshot cannot be made, found or withdrawn (message for the user)."""


@dataclass(frozen=True)
class View:
    """What a coordinator was looking at: the snapshot's recipe."""

    page: str = "displacement"
    metric: str = "migrants"
    rounds: tuple[int, ...] = ()  # empty: every round
    current: int | None = None  # the round the slider starts at (default: the last)
    area: str = ""  # region, mantika or baladiya pcode; "" = Libya
    lang: str = "en"

    def selection(self) -> Selection:
        area = self.area or ""
        if area in admin.baladiyas():
            return Selection.parse(None, None, area)
        if area in admin.mantikas():
            return Selection.parse(None, area, None)
        if area in admin.regions():
            return Selection.parse(area, None, None)
        if area:
            raise SnapshotError(f"unknown area pcode {area!r} (a region, mantika or baladiya pcode such as LY0101)")
        return Selection()


@dataclass(frozen=True)
class Cell:
    """One published figure."""

    round: int
    metric: str
    level: str  # "area", "mantika" or "baladiya"
    pcode: str
    name_en: str
    name_ar: str
    value: float | None
    status: str

    def text(self, k: int, thousands: bool = False) -> str:
        return disclosure.cell_text(self.value, self.status, k, thousands=thousands)


@dataclass(frozen=True)
class Sites:
    """A public point layer on an Overview snapshot: where its sites are and
    which are active at the end of each round (names only, no counts)."""

    name: str
    title: str
    colour: str
    points: dict[str, tuple[float, float, str]]  # id -> (lon, lat, label)
    active: dict[int, list[str]]  # round -> ids


@dataclass
class Content:
    """Everything a snapshot shows, computed once and rendered to each file."""

    title: str
    view: View
    created: str
    publisher_role: str
    area_label: str
    rounds: list[timeaxis.Round]
    cells: list[Cell]
    threshold: int
    data_versions: dict[str, dict]
    sources: list[str]
    illustrative_share: float
    boundary_label: str
    mantika_geojson: dict
    countries_geojson: dict
    seats: dict[str, tuple[float, float]]
    highlight: list[str]
    bounds: tuple[float, float, float, float]
    sites: list[Sites] = field(default_factory=list)

    def cell(self, rnd: int, metric: str, level: str, pcode: str) -> Cell | None:
        return next((c for c in self.cells if (c.round, c.metric, c.level, c.pcode) == (rnd, metric, level, pcode)),
                    None)


@dataclass(frozen=True)
class Published:
    """A snapshot on disk, as listed."""

    id: str
    title: str
    created: str
    area: str
    area_label: str
    page: str
    rounds: tuple[int, ...]
    publisher_role: str
    path: Path

    @property
    def files(self) -> list[Path]:
        return sorted(p for p in self.path.iterdir() if p.is_file())

    def area_name(self, lang: str = "en") -> str:
        """The area in the reader's language (``area_label`` is in the snapshot's own); a pcode no longer in
        the boundaries keeps the label stored when it was published."""
        return (admin.name(self.area, lang) if self.area else Selection().label(lang)) or self.area_label


def snapshot_root() -> Path:
    """Where snapshots live (``ATLAS_SNAPSHOT_DIR`` or ``<data dir>/snapshots``)."""
    env = os.environ.get("ATLAS_SNAPSHOT_DIR")
    root = Path(env) if env else settings.data_dir() / "snapshots"
    root.mkdir(parents=True, exist_ok=True)
    return root


# --- figures ------------------------------------------------------------------

def published_cells(frame: pd.DataFrame, rounds: list[int], selection: Selection,
                    k: int = disclosure.DEFAULT_THRESHOLD) -> list[Cell]:
    """The figures of the view after disclosure control.

    For each round and metric: the area total, the value of every mantika in
    the area (unless the area is one mantika or baladiya) and of every
    baladiya in it (unless it is one baladiya), treated as one nested table
    (baladiyas sum to their mantika, mantikas to the total).
    """
    in_area = frame[frame["baladiya_pcode"].isin(selection.baladiya_pcodes())]
    mantikas, baladiyas = admin.mantikas(), admin.baladiyas()
    cells: list[Cell] = []
    label_en, label_ar = selection.label("en"), selection.label("ar")
    for rnd in rounds:
        rows = in_area[in_area["round"] == rnd]
        for metric in displacement.METRICS:
            counts = pd.to_numeric(rows[metric], errors="coerce").astype(float)
            by_bal = dict(zip(rows["baladiya_pcode"], counts, strict=True))
            values: dict[tuple[str, str], float | None] = {}
            total = float(counts.sum()) if counts.notna().any() else None
            values[("area", selection.baladiya or selection.mantika or selection.region or "LY")] = total
            groups: list[disclosure.Group] = []
            area_key = next(iter(values))
            if selection.level in ("national", "region"):
                mantika_keys = []
                for p in sorted(selection.mantika_pcodes()):
                    vals = [by_bal[b] for b in by_bal if baladiyas[b].parent == p]
                    finite = [v for v in vals if v == v]
                    values[("mantika", p)] = float(sum(finite)) if finite else None
                    mantika_keys.append(("mantika", p))
                groups.append(disclosure.Group(tuple(mantika_keys), total=area_key))
            if selection.level != "baladiya":
                for p in sorted(selection.mantika_pcodes()):
                    keys = []
                    for b in sorted(by_bal):
                        if baladiyas[b].parent == p:
                            v = by_bal[b]
                            values[("baladiya", b)] = None if v != v else v
                            keys.append(("baladiya", b))
                    parent = ("mantika", p) if ("mantika", p) in values else area_key
                    groups.append(disclosure.Group(tuple(keys), total=parent))
            status = disclosure.protect(values, groups, k)
            for (level, pcode), value in values.items():
                if level == "area":
                    name_en, name_ar = label_en, label_ar
                else:
                    unit = (mantikas if level == "mantika" else baladiyas)[pcode]
                    name_en, name_ar = unit.name_en, unit.name_ar
                cells.append(Cell(rnd, metric, level, pcode, name_en, name_ar, value, status[(level, pcode)]))
    return cells


def gather(view: View, title: str, publisher_role: str, now: dt.datetime | None = None) -> Content:
    """Read the public data the view needs and compute its published figures."""
    title = (title or "").strip()
    if not title:
        raise SnapshotError("a snapshot needs a title")
    if len(title) > 200:
        raise SnapshotError("the title is longer than 200 characters")
    if view.page not in PAGES:
        raise SnapshotError(f"cannot publish page {view.page!r}; pages: {', '.join(PAGES)}")
    if view.metric not in displacement.METRICS:
        raise SnapshotError(f"unknown metric {view.metric!r}; metrics: {', '.join(displacement.METRICS)}")
    if view.lang not in ("en", "ar"):
        raise SnapshotError(f"unknown language {view.lang!r}; languages: en, ar")
    selection = view.selection()
    # Public role: a restricted layer could not even be loaded here.
    data = catalog.load("displacement", "public")
    all_rounds = timeaxis.rounds(data.frame)
    known = [r.number for r in all_rounds]
    wanted = list(view.rounds) or known
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise SnapshotError(f"no DTM round {', '.join(map(str, unknown))} in the data; rounds: "
                            + ", ".join(map(str, known)))
    rounds = [r for r in all_rounds if r.number in set(wanted)]
    k = disclosure.threshold(data.layer, view.metric) or disclosure.DEFAULT_THRESHOLD
    cells = published_cells(data.frame, [r.number for r in rounds], selection, k)
    current = view.current if view.current in [r.number for r in rounds] else rounds[-1].number
    view = View(view.page, view.metric, tuple(r.number for r in rounds), current, view.area, view.lang)
    version = data.version
    words = translations.Words(view.lang)
    # Public text: no internal file names or user names (those stay in the audit log).
    sources = [data.provenance_in(words)]  # as the app's Sources list says it
    for f in facts.for_layer("displacement"):
        cited = words.t("IOM Libya Annual Report 2019, section “{section}”").format(section=words.t(f.section))
        sources.append(f"{words.number(f.value)} {words.t(f.unit)} — {words.pick(f.statement, f.statement_ar)}. "
                       f"{cited}")
    mantikas = catalog.mantika_polygons()
    official = catalog.boundary_version()
    boundary = words.t(boundaries.APPROXIMATE_LABEL) if official is None else catalog.boundary_text(
        official, public=True, translate=words.t, number=words.number)  # credited, without the store's file name
    sources.append(words.t("Boundaries: {boundaries}; places: GeoNames (CC BY 4.0)").format(boundaries=boundary))
    seats = {str(r["pcode"]): (float(r["lon"]), float(r["lat"])) for _, r in catalog.seats().iterrows()}
    sites = site_layers(rounds, selection, words) if view.page == "overview" else []
    for layer_data in sites:
        sources.append(catalog.load(layer_data.name, "public").provenance_in(words))
    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    return Content(
        title=title, view=view, created=created, publisher_role=publisher_role,
        area_label=selection.label(view.lang), rounds=rounds, cells=cells, threshold=k,
        data_versions={"displacement": {"version": version.version, "created_at": version.created_at,
                                        "sha256": version.source_sha256}},
        sources=sources, illustrative_share=data.illustrative_share, boundary_label=catalog.boundary_label(),
        mantika_geojson=boundaries.simplified_collection(mantikas),
        countries_geojson=boundaries.countries_collection(), seats=seats,
        highlight=sorted(selection.mantika_pcodes()),
        bounds=selection.bounds(mantikas, catalog.seats(), boundaries.LIBYA_BOUNDS), sites=sites,
    )


# The Overview's sites: every public point layer of the registry but the baladiya seats (reference places).
SITE_LAYERS = tuple(layer.name for layer in registry.visible_layers("public")
                    if layer.geometry == "point" and layer.name != registry.BALADIYA_SEATS.name)


def site_layers(rounds: list[timeaxis.Round], selection: Selection, words: translations.Words) -> list[Sites]:
    """The public point layers the Overview map shows, per round (active at its end), named in ``words``'
    language."""
    out = []
    for name in SITE_LAYERS:
        try:
            data = catalog.load(name, "public")
        except catalog.RestrictedLayer:
            continue
        # Loaded for the public role whoever publishes: restricted records (the
        # registry's rules, e.g. detention-centre clinics) are already left out.
        layer, frame = data.layer, data.frame
        frame = selection_apply(frame, selection)
        points = {}
        for _, r in frame.drop_duplicates(layer.id_field).iterrows():
            geom = r["geometry"]
            if geom is not None and not geom.is_empty:
                label = words.pick(str(r[layer.label_field]), layer.label_ar(r))
                points[str(r[layer.id_field])] = (round(float(geom.x), 4), round(float(geom.y), 4), label)
        active = {}
        for rnd in rounds:
            if layer.time_kind == "month":
                rows = timeaxis.latest_before(frame, layer, rnd.end)
            else:
                rows = timeaxis.at(frame, layer, rnd.end)
            active[rnd.number] = sorted({str(i) for i in rows[layer.id_field]} & set(points))
        out.append(Sites(name, words.pick(layer.title, layer.title_ar), layer.style.colour, points, active))
    return out


# --- files --------------------------------------------------------------------

def figures_csv(content: Content) -> bytes:
    """Every published figure, one per line: plain CSV (UTF-8 with BOM so Excel
    reads the Arabic names), no comment lines, text cells that Excel could
    take for a formula quoted."""
    labels = {r.number: r.label for r in content.rounds}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["round", "round_label", "metric", "level", "pcode", "name_en", "name_ar", "value",
                     "disclosure"])
    notes = {disclosure.SHOWN: "", disclosure.PRIMARY: f"below {content.threshold}",
             disclosure.SECONDARY: "withheld (protects a small count)", "missing": "no count"}
    for c in content.cells:
        writer.writerow([c.round, labels[c.round], c.metric, c.level, c.pcode, neutralise(c.name_en),
                         neutralise(c.name_ar), c.text(content.threshold), notes[c.status]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def snapshot_id(files: dict[str, bytes]) -> str:
    """The content address: hash of the sorted ``name:sha256`` lines."""
    lines = "".join(f"{name}:{hashlib.sha256(data).hexdigest()}\n" for name, data in sorted(files.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:ID_LENGTH]


def render(content: Content) -> dict[str, bytes]:
    """All files of the snapshot (manifest last: it lists the others' hashes)."""
    from geo import snapshot_html, snapshot_png  # renderers: matplotlib is heavy to import

    files = {
        "index.html": snapshot_html.render(content).encode("utf-8"),
        "map.png": snapshot_png.map_png(content),
        "chart-trend.png": snapshot_png.trend_png(content),
        "chart-areas.png": snapshot_png.areas_png(content),
        "figures.csv": figures_csv(content),
    }
    sid = snapshot_id(files)
    manifest = {
        "id": sid, "title": content.title, "created": content.created, "publisher_role": content.publisher_role,
        "page": content.view.page, "area": content.view.area, "area_label": content.area_label,
        "metric": content.view.metric, "rounds": list(content.view.rounds), "current_round": content.view.current,
        "language": content.view.lang, "layers": ["displacement", *(s.name for s in content.sites)],
        "data_versions": content.data_versions,
        "disclosure": {"threshold": content.threshold, "primary": f"counts 1..{content.threshold - 1} shown as "
                       f"<{content.threshold}", "secondary": "x = withheld so that no small count can be computed "
                       "from the totals (geo/disclosure.py)"},
        "illustrative_share": round(content.illustrative_share, 4),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        "view": asdict(content.view),
    }
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    return files


def write(files: dict[str, bytes], root: Path) -> tuple[Path, bool]:
    """Write a rendered snapshot into ``root/<id>/`` atomically, read-only; returns the folder and whether this
    call wrote it.  The same content published twice is the same folder (not rewritten): the same view, title
    and data published again within the minute its page shows (Publish pressed twice, the two runs at work at
    once), the second finds the folder there, or it appears while the second writes its own copy."""
    manifest = json.loads(files["manifest.json"])
    sid = manifest["id"]
    root.mkdir(parents=True, exist_ok=True)
    final = root / sid
    if final.exists():
        return final, False
    tmp = Path(tempfile.mkdtemp(prefix=".publishing-", dir=root))
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
            os.chmod(tmp / name, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.chmod(tmp, 0o755)
        os.rename(tmp, final)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and (final / "manifest.json").is_file():  # the other press wrote it meanwhile
            return final, False
        raise
    return final, True


def publish(view: View, title: str, *, publisher_role: str, actor: str | None = None,
            root: Path | None = None, now: dt.datetime | None = None) -> Published:
    """Compute, render, write and audit a snapshot; return it as listed."""
    if publisher_role not in ("coordinator", "admin"):
        raise SnapshotError("only coordinators publish snapshots")
    content = gather(view, title, publisher_role, now)
    files = render(content)
    path, new = write(files, root or snapshot_root())
    if not new:  # published already, within the same minute (Publish pressed twice): one snapshot, one entry
        return _read(path)
    # The log is written in English whatever the page's language, the area with its pcode: a reader's language
    # names it from that (Derna is a mantika and a baladiya, with different Arabic names).
    area = content.view.selection().label("en") + (f" [{content.view.area}]" if content.view.area else "")
    catalog.store().log("publish", AUDIT_DATASET, f"snapshot {path.name} “{content.title}” "
                        f"(area {area}, rounds {','.join(map(str, content.view.rounds))})", actor=actor)
    return _read(path)


def _read(path: Path) -> Published:
    m = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return Published(m["id"], m["title"], m["created"], m.get("area", ""), m.get("area_label", ""), m["page"],
                     tuple(m.get("rounds", ())), m["publisher_role"], path)


def list_published(root: Path | None = None) -> list[Published]:
    """Published (not withdrawn) snapshots, newest first."""
    root = root or snapshot_root()
    out = []
    for path in root.iterdir() if root.exists() else []:
        if path.is_dir() and _ID_RE.match(path.name) and (path / "manifest.json").is_file():
            try:
                out.append(_read(path))
            except (OSError, ValueError, KeyError):
                continue  # a damaged folder is not listed (and never shown half)
    return sorted(out, key=lambda p: (p.created, p.id), reverse=True)


def get(snapshot_id_: str, root: Path | None = None) -> Published:
    if not _ID_RE.match(snapshot_id_ or ""):
        raise SnapshotError(f"{snapshot_id_!r} is not a snapshot id (16 hex digits)")
    path = (root or snapshot_root()) / snapshot_id_
    if not (path / "manifest.json").is_file():
        raise SnapshotError(f"no published snapshot {snapshot_id_}")
    return _read(path)


def withdraw(snapshot_id_: str, *, role: str, actor: str | None = None, root: Path | None = None) -> Published:
    """Remove a published snapshot (admins only); audited.  Never edits one."""
    if role != "admin":
        raise SnapshotError("only an admin can withdraw a snapshot")
    snap = get(snapshot_id_, root)
    manifest_sha = hashlib.sha256((snap.path / "manifest.json").read_bytes()).hexdigest()
    gone = snap.path.with_name(f".withdrawing-{snap.id}")
    os.rename(snap.path, gone)  # atomic: the static server stops serving it now
    for p in gone.iterdir():
        os.chmod(p, stat.S_IWUSR | stat.S_IRUSR)
    shutil.rmtree(gone)
    catalog.store().log("withdraw", AUDIT_DATASET, f"snapshot {snap.id} “{snap.title}” of {snap.created} "
                        f"(manifest sha256 {manifest_sha[:12]})", actor=actor)
    return snap


# --- map styling shared by the HTML page and map.png ------------------------------

# ColorBrewer YlGnBu, 5 classes (colour-blind safe, prints in grey scale).
CLASS_COLOURS = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
WITHHELD_COLOUR = "#bdbdbd"
NO_DATA_COLOUR = "#f4f4f4"
SYMBOL_COLOUR = "#E69F00"


@dataclass(frozen=True)
class MapStyle:
    """Colours and sizes of the snapshot map, from published values only."""

    breaks: list[float]  # class i is (breaks[i], breaks[i+1]]; the first includes breaks[0]
    fills: dict[int, dict[str, str]]  # round -> polygon pcode -> colour
    polygon_cells: dict[int, dict[str, Cell]]
    symbol_cells: dict[int, dict[str, Cell]]
    symbol_max: float

    def colour(self, value: float) -> str:
        for i in range(len(self.breaks) - 1):
            if value <= self.breaks[i + 1]:
                return CLASS_COLOURS[i]
        return CLASS_COLOURS[len(self.breaks) - 2]

    def radius(self, cell: Cell) -> float:
        """Symbol radius in px: area ∝ value; a withheld value gets a fixed small ring."""
        if cell.status != disclosure.SHOWN or cell.value is None or not self.symbol_max:
            return 4.0
        return round(3.0 + 17.0 * (max(cell.value, 0.0) / self.symbol_max) ** 0.5, 1)


def map_style(content: Content) -> MapStyle:
    """Polygons: the mantikas of the area (or the one mantika selected); symbols:
    its baladiyas.  Classes are quantiles over every published round, so
    colours are comparable along the slider."""
    metric = content.view.metric
    selection = content.view.selection()
    polygons: dict[int, dict[str, Cell]] = {}
    symbols: dict[int, dict[str, Cell]] = {}
    for c in content.cells:
        if c.metric != metric:
            continue
        if c.level == "mantika" or (c.level == "area" and selection.level == "mantika"):
            polygons.setdefault(c.round, {})[selection.mantika if c.level == "area" else c.pcode] = c
        elif c.level == "baladiya" or (c.level == "area" and selection.level == "baladiya"):
            symbols.setdefault(c.round, {})[selection.baladiya if c.level == "area" else c.pcode] = c
    shown = sorted(c.value for cells in polygons.values() for c in cells.values()
                   if c.status == disclosure.SHOWN and c.value is not None)
    breaks: list[float] = []
    if shown:
        for i in range(len(CLASS_COLOURS) + 1):
            pos = i * (len(shown) - 1) / len(CLASS_COLOURS)
            lo = int(pos)
            hi = min(lo + 1, len(shown) - 1)
            b = float(round(shown[lo] + (shown[hi] - shown[lo]) * (pos - lo)))
            if not breaks or b > breaks[-1]:
                breaks.append(b)
        if len(breaks) == 1:
            breaks.append(breaks[0])
    sizes = [c.value for cells in symbols.values() for c in cells.values()
             if c.status == disclosure.SHOWN and c.value is not None]
    style = MapStyle(breaks, {}, polygons, symbols, max(sizes, default=0.0))
    for rnd, cells in polygons.items():
        style.fills[rnd] = {
            p: (WITHHELD_COLOUR if c.status in (disclosure.PRIMARY, disclosure.SECONDARY)
                else NO_DATA_COLOUR if c.value is None or not breaks else style.colour(c.value))
            for p, c in cells.items()}
    return style


def read_file(snapshot: Published, name: str) -> bytes:
    """One file of a published snapshot (only names its manifest lists)."""
    manifest = json.loads((snapshot.path / "manifest.json").read_text(encoding="utf-8"))
    if name != "manifest.json" and name not in manifest.get("files", {}):
        raise SnapshotError(f"snapshot {snapshot.id} has no file {name!r}")
    return (snapshot.path / name).read_bytes()
