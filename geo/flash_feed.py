"""The public flash-update feed as Atom and GeoJSON files, newest event first.

Why files: emergency teams follow updates in the tools they already use (feed
readers, QGIS, scripts), and those need a stable URL that answers a plain GET.
The app writes both files whenever the feed's version changes: into
``<app>/static/feeds/`` (served by Streamlit's static file serving at
``/app/static/feeds/flash_updates.atom`` and ``.geojson`` with the content
types ``application/atom+xml`` and ``application/geo+json``) and into
``ATLAS_DATA_DIR/feeds/`` (for a web server or a file share in front of the
app).  Each entry links back to the event's permalink on the Flash page.

Two deployments from one checkout with their own data folders (a public
one beside the coordinators', a test beside a demo) share ``static/``:
each would overwrite the other's feed, and either server would hand out
the other's events.  So a deployment on any data folder but the
checkout's own ``var/`` writes under ``static/feeds/<key>/`` (``key``: a
short hash of that folder), and its Flash page names that address.

Only the public layer goes into the feed, and every entry carries its
``illustrative`` flag and its source, as every view does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from geo import disclosure, flash_events, registry, settings

LAYER = registry.FLASH_UPDATES
ATOM_NAME = "flash_updates.atom"
GEOJSON_NAME = "flash_updates.geojson"
STAMP_NAME = "flash_updates.stamp"
STATIC_URL = "/app/static/feeds"
DEFAULT_BASE_URL = "http://localhost:8501"
ATOM_NS = "http://www.w3.org/2005/Atom"
GEORSS_NS = "http://www.georss.org/georss"

# The static file handler takes its Content-Type from ``mimetypes``; make
# sure both types are known even where the system's mime table lacks them.
mimetypes.add_type("application/atom+xml", ".atom")
mimetypes.add_type("application/geo+json", ".geojson")


def base_url(request_origin: str | None = None) -> str:
    """Where the app is reached: ``ATLAS_PUBLIC_URL`` if set, else the origin
    the current request came to, else the local default."""
    return (os.environ.get("ATLAS_PUBLIC_URL") or request_origin or DEFAULT_BASE_URL).rstrip("/")


def permalink(base: str, event_id: str) -> str:
    """The Flash page opened on one event (its card highlighted, its point marked)."""
    return f"{base}/flash?event={quote(str(event_id))}"


def static_key() -> str:
    """This deployment's folder under ``static/feeds/``: "" on the checkout's own data folder (the address
    ``/app/static/feeds/flash_updates.atom``), else a short hash of ``ATLAS_DATA_DIR`` (module docstring)."""
    folder = settings.data_dir().resolve()
    if folder == (settings.ROOT / "var").resolve():
        return ""
    return hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:12]


def static_url() -> str:
    """The path the app serves this deployment's feeds at (``/app/static/feeds`` or ``…/feeds/<key>``)."""
    key = static_key()
    return f"{STATIC_URL}/{key}" if key else STATIC_URL


def feed_dirs() -> list[Path]:
    """Where the feeds are written: the app's static folder (this deployment's part of it) and the data folder."""
    key = static_key()
    static = settings.ROOT / "static" / "feeds"
    return [static / key if key else static, settings.data_dir() / "feeds"]


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and not value.strip())


def _number(value: object, field: str) -> int | str | None:
    """A count as the public may see it: feeds are public, so a count below the
    disclosure threshold is published as its label ("<5"), never exactly."""
    if _blank(value):
        return None
    k = disclosure.threshold(registry.FLASH_UPDATES, field)
    if k is not None and 0 < float(value) < k:  # float: the public frame's small count is a fraction (SMALL)
        return disclosure.small_label(k)
    return round(float(value))


def _figure(value: object, field: str) -> str:
    number = _number(value, field)
    return f"{number:,}" if isinstance(number, int) else str(number)


def _text(e: pd.Series) -> str:
    """The entry's plain text: summary, figures, where, provenance."""
    parts = [str(e["summary"])]
    figures = [f"{label}: {_figure(e[c], c)}" for c, label in (("people_affected", "People affected"),
                                                               ("people_displaced", "People displaced"))
               if not _blank(e[c])]
    if figures:
        parts.append(" · ".join(figures))
    parts.append(f"Where: {e['point_note']}")
    parts.append(f"Source: {e['source']}")
    if e["illustrative"]:
        parts.append("Illustrative: some figures, dates or places in this entry were generated, not published.")
    return "\n\n".join(parts)


def _ordered(frame: pd.DataFrame, seats: pd.DataFrame | None) -> pd.DataFrame:
    return flash_events.newest_first(flash_events.locate(frame, seats))


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def atom(frame: pd.DataFrame, base: str, *, seats: pd.DataFrame | None = None, source: str = LAYER.source,
         licence: str = LAYER.licence) -> bytes:
    """An Atom 1.0 document of the events in ``frame``, newest first; ``source`` and ``licence``: the rows'
    (``geo.catalog.LayerData``; the registry's describe the shipped events only)."""
    events = _ordered(frame, seats)
    at = flash_events.reported(events)
    ET.register_namespace("", ATOM_NS)
    ET.register_namespace("georss", GEORSS_NS)
    a = f"{{{ATOM_NS}}}"
    feed = ET.Element(f"{a}feed")
    ET.SubElement(feed, f"{a}id").text = "urn:libya-operations-atlas:flash-updates"
    ET.SubElement(feed, f"{a}title").text = "Libya Operations Atlas — flash updates"
    ET.SubElement(feed, f"{a}subtitle").text = f"{LAYER.description} Source: {source}. Licence: {licence}."
    newest = max(at) if len(at) else flash_events.now()
    ET.SubElement(feed, f"{a}updated").text = _iso(newest)
    ET.SubElement(feed, f"{a}link", rel="self", type="application/atom+xml", href=f"{base}{STATIC_URL}/{ATOM_NAME}")
    ET.SubElement(feed, f"{a}link", rel="alternate", type="text/html", href=f"{base}/flash")
    author = ET.SubElement(feed, f"{a}author")
    ET.SubElement(author, f"{a}name").text = "IOM Libya Operations Atlas"
    for (_, e), moment in zip(events.iterrows(), at, strict=True):
        entry = ET.SubElement(feed, f"{a}entry")
        ET.SubElement(entry, f"{a}id").text = f"urn:libya-operations-atlas:flash-update:{e['event_id']}"
        title = f"{e['date']:%d %b %Y} — {e['title']}" + (" (illustrative)" if e["illustrative"] else "")
        ET.SubElement(entry, f"{a}title", type="text").text = title
        ET.SubElement(entry, f"{a}link", rel="alternate", type="text/html", href=permalink(base, e["event_id"]))
        ET.SubElement(entry, f"{a}published").text = _iso(flash_events.parse_moment(e["date"]))
        ET.SubElement(entry, f"{a}updated").text = _iso(moment)
        ET.SubElement(entry, f"{a}category", term=str(e["event_type"]), label=str(e["event_type"]))
        ET.SubElement(entry, f"{a}summary", type="text").text = _text(e)
        if not _blank(e["point_lat"]):
            ET.SubElement(entry, f"{{{GEORSS_NS}}}point").text = f"{e['point_lat']:.5f} {e['point_lon']:.5f}"
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def geojson(frame: pd.DataFrame, base: str, *, seats: pd.DataFrame | None = None,
            version: int | None = None, source: str = LAYER.source, licence: str = LAYER.licence) -> bytes:
    """A GeoJSON FeatureCollection: one Point per event (newest first), with
    the event's fields, whether the point is approximate, and its permalink."""
    events = _ordered(frame, seats)
    at = flash_events.reported(events)
    features = []
    for (_, e), moment in zip(events.iterrows(), at, strict=True):
        props = {
            "event_id": str(e["event_id"]), "date": e["date"].isoformat(), "title": str(e["title"]),
            "event_type": str(e["event_type"]),
            "mantika_pcodes": [p for p in str(e["mantika_pcodes"] or "").split(";") if p],
            "baladiya_pcodes": [p for p in str(e["baladiya_pcodes"] or "").split(";") if p],
            "place": None if _blank(e["place"]) else str(e["place"]),
            "location_approximate": bool(e["point_approximate"]), "location_note": str(e["point_note"]),
            "people_affected": _number(e["people_affected"], "people_affected"),
            "people_displaced": _number(e["people_displaced"], "people_displaced"),
            "summary": str(e["summary"]), "reported_at": _iso(moment),
            # The event's Arabic words where it has them (null where not), for Arabic readers of the feed.
            **{f: None if _blank(e.get(f)) else str(e[f]) for f in ("title_ar", "summary_ar", "place_ar")},
            "illustrative": bool(e["illustrative"]), "source": str(e["source"]),
            "permalink": permalink(base, e["event_id"]),
        }
        geometry = None if _blank(e["point_lat"]) else {
            "type": "Point", "coordinates": [round(float(e["point_lon"]), 5), round(float(e["point_lat"]), 5)]}
        features.append({"type": "Feature", "id": props["event_id"], "geometry": geometry, "properties": props})
    doc = {
        "type": "FeatureCollection", "name": LAYER.name,
        "metadata": {"dataset": LAYER.name, "title": LAYER.title, "version": version, "source": source,
                     "licence": licence, "order": "newest first",
                     "illustrative_share": round(float(events["illustrative"].mean()) if len(events) else 0.0, 4),
                     "feed_atom": f"{base}{STATIC_URL}/{ATOM_NAME}"},
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    # Atomic: a reader never sees half a feed.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def publish(frame: pd.DataFrame, stamp: str, base: str, *, seats: pd.DataFrame | None = None,
            version: int | None = None, dirs: list[Path] | None = None, source: str = LAYER.source,
            licence: str = LAYER.licence) -> list[Path]:
    """Write both feeds into every feed folder whose stamp differs from
    ``stamp`` (store, version, base URL); return the files written."""
    stamp = f"{stamp} {base}"
    written: list[Path] = []
    data: tuple[bytes, bytes] | None = None
    for folder in dirs or feed_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            mark = folder / STAMP_NAME
            if mark.exists() and mark.read_text(encoding="utf-8") == stamp:
                continue
            if data is None:
                data = (atom(frame, base, seats=seats, source=source, licence=licence),
                        geojson(frame, base, seats=seats, version=version, source=source, licence=licence))
            _write(folder / ATOM_NAME, data[0])
            _write(folder / GEOJSON_NAME, data[1])
            _write(mark, stamp.encode("utf-8"))
            written += [folder / ATOM_NAME, folder / GEOJSON_NAME]
        except OSError:
            continue  # a read-only folder: the other one still gets the feed
    return written


def refresh(base: str) -> list[Path]:
    """Bring the feed files up to the store's current flash updates (cheap when
    they already are: one small stamp file read per folder)."""
    from geo import catalog

    data = catalog.load(LAYER.name, "public")
    s = catalog.store()
    stamp = f"{s.url} v{data.version.version} seats:{s.current_version('displacement')}"
    return publish(data.frame, stamp, base, seats=catalog.seats(), version=data.version.version,
                   source=data.source, licence=data.licence)
