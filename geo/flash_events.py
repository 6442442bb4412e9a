"""Flash-update events: where each one happened, which are new since a visit,
and adding one by hand.

Why a module of its own: the Flash page, the Overview, the sidebar, the
command line (``python -m geo flash add``) and the public feeds all need the
same answers: the point an event is drawn at (its own coordinates, or its
baladiya's seat *and the fact that this is approximate*), the moment it
entered the feed, and one way to add an event that validates exactly like an
import and leaves the store untouched when anything is wrong.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from shapely.geometry import Point

from geo import admin, gazetteer, registry
from geo.defaults import geometries
from geo.store import Store, StoreError, Version, credit_text
from geo.validation import Problem, ValidationError, validate

LAYER = registry.FLASH_UPDATES
FORM_SOURCE = "flash update form"
CLI_SOURCE = "python -m geo flash add"


# --- where ---------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """A place a coordinator can pick by name: a GeoNames town or a baladiya seat."""

    label: str
    lat: float
    lon: float
    baladiya_pcode: str | None = None


def places() -> list[Place]:
    """Every place the location search offers: baladiya seats first, then the
    other GeoNames towns (each once), alphabetically."""
    out: dict[str, Place] = {}
    for seat in gazetteer.seats().values():
        rough = ", approximate" if seat.quality == "approximate" else ""
        label = f"{seat.name_en} · {seat.name_ar} (baladiya seat{rough})"
        out[label] = Place(label, seat.lat, seat.lon, seat.pcode)
    seat_names = {admin.normalise(s.name_en) for s in gazetteer.seats().values()}
    for p in gazetteer.places():
        if admin.normalise(p.name) in seat_names:
            continue
        out.setdefault(f"{p.name} (town)", Place(f"{p.name} (town)", p.lat, p.lon))
    return sorted(out.values(), key=lambda p: (p.baladiya_pcode is None, p.label.lower()))


def find_place(name: str) -> Place:
    """The place called ``name`` (English, Arabic or alternate name; a baladiya
    pcode works too), or a ValidationError naming the closest known names."""
    wanted = admin.normalise(name)
    if name.strip().upper() in admin.baladiyas():
        seat = gazetteer.seats()[name.strip().upper()]
        return Place(f"{seat.name_en} (baladiya seat)", seat.lat, seat.lon, seat.pcode)
    for seat in gazetteer.seats().values():
        if wanted and wanted in {admin.normalise(seat.name_en), admin.normalise(seat.name_ar)}:
            return Place(f"{seat.name_en} (baladiya seat)", seat.lat, seat.lon, seat.pcode)
    for p in gazetteer.places():
        if wanted and wanted in p.names:
            return Place(p.name, p.lat, p.lon)
    known = sorted({s.name_en for s in gazetteer.seats().values()} | {p.name for p in gazetteer.places()})
    close = difflib.get_close_matches(name.strip(), known, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValidationError([Problem(f"unknown place {name.strip()!r}{hint}", column="place",
                                   fix="use a Libyan town or baladiya name, or give --lat/--lon")], "flash update")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA or (
        isinstance(value, str) and not value.strip())


def _first(codes: object) -> list[str]:
    return [c for c in str(codes or "").split(";") if c]


def locate(frame: pd.DataFrame, seats: pd.DataFrame | None = None,
           mantika_points: Mapping[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """``frame`` plus where to draw each event: ``point_lat``, ``point_lon``,
    ``point_approximate`` (bool) and ``point_note`` (what the point stands for).

    Own coordinates win; then the seat of the first affected baladiya; then a
    point inside the first affected mantika.  Both fallbacks are approximate
    and the note says so, so no view presents a seat as the place of an event.
    """
    if seats is None:
        seats = pd.DataFrame([s.__dict__ for s in gazetteer.seats().values()])
    by_pcode = seats.set_index("pcode")
    mantika_points = mantika_points or {}
    lat, lon, approx, note, basis, area = [], [], [], [], [], []
    for _, r in frame.iterrows():
        place = "" if _blank(r.get("place")) else str(r["place"])
        if not _blank(r.get("lat")) and not _blank(r.get("lon")):
            lat.append(float(r["lat"]))
            lon.append(float(r["lon"]))
            rough = bool(r.get("location_approximate"))
            approx.append(rough)
            note.append((place or "reported coordinates") + (" (approximate)" if rough else ""))
            basis.append("own")
            area.append("")
            continue
        seat = next((by_pcode.loc[b] for b in _first(r.get("baladiya_pcodes")) if b in by_pcode.index), None)
        if seat is not None:
            lat.append(float(seat["lat"]))
            lon.append(float(seat["lon"]))
            approx.append(True)
            where = f"{place}: " if place else ""
            note.append(f"{where}shown at the seat of {seat['name_en']} baladiya (exact location not known)")
            basis.append("seat")
            area.append(str(seat.name))
            continue
        mantika = next((m for m in _first(r.get("mantika_pcodes")) if m in mantika_points), None)
        if mantika is not None:
            y, x = mantika_points[mantika]
            lat.append(y)
            lon.append(x)
            approx.append(True)
            name = admin.mantikas()[mantika].name_en if mantika in admin.mantikas() else mantika
            note.append(f"{place + ': ' if place else ''}shown inside {name} mantika (exact location not known)")
            basis.append("mantika")
            area.append(mantika)
            continue
        lat.append(None)
        lon.append(None)
        approx.append(True)
        note.append("no location")
        basis.append("none")
        area.append("")
    # point_basis / point_area: what the point stands for, for views that say it in their own language.
    return frame.assign(point_lat=lat, point_lon=lon, point_approximate=approx, point_note=note,
                        point_basis=basis, point_area=area)


# --- when ----------------------------------------------------------------------

def parse_moment(text: object) -> dt.datetime | None:
    """A UTC moment from ``YYYY-MM-DD`` (midnight UTC) or an ISO timestamp; None if unreadable."""
    if isinstance(text, dt.datetime):
        return text if text.tzinfo else text.replace(tzinfo=dt.UTC)
    if isinstance(text, dt.date):
        return dt.datetime(text.year, text.month, text.day, tzinfo=dt.UTC)
    if _blank(text):
        return None
    raw = str(text).strip().replace("Z", "+00:00")
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# "New since" choices a permalink can keep besides a date: counted back from now, for emergency teams
# checking what came in over the last days (and, unlike a date, still right when the link is opened later).
PERIODS: dict[str, dt.timedelta] = {"24h": dt.timedelta(days=1), "3d": dt.timedelta(days=3),
                                    "7d": dt.timedelta(days=7), "30d": dt.timedelta(days=30)}


def is_day(text: str) -> bool:
    """Whether a ``since`` names a day (``2019-04-01``) rather than a moment or a period."""
    return len(text.strip()) == len("2019-04-01")


EARLIEST_TIME_ZONE = dt.timedelta(hours=14)  # UTC+14 (Kiribati): the first place where a day starts


def valid_since(text: str) -> bool:
    """A permalink's ``since``: blank (this browser's last visit), a period of ``PERIODS``, or a date/moment not
    later than today anywhere on Earth (seen: ``since=2030-01-01`` failed the page, whose date picker ends today;
    nothing could be new since then). A date is midnight UTC, so a reader east of UTC may give "tomorrow" for up
    to 14 hours."""
    if text == "" or text in PERIODS:
        return True
    moment = parse_moment(text)
    return moment is not None and moment <= now() + EARLIEST_TIME_ZONE


def since_moment(text: str, last_visit: dt.datetime | None, at: dt.datetime) -> dt.datetime | None:
    """The moment after which an event counts as new, for a permalink's ``since``.

    Blank: ``last_visit`` (None on a first visit: nothing to compare with). A period: that long before
    ``at``. A date: the start of that day, so the day's own events count (``is_new`` compares with ``>``).
    A moment: itself."""
    if text == "":
        return last_visit
    if text in PERIODS:
        return at - PERIODS[text]
    moment = parse_moment(text)
    if moment is not None and is_day(text):
        moment -= dt.timedelta(seconds=1)
    return moment


def reported(frame: pd.DataFrame) -> pd.Series:
    """When each event entered the feed: ``reported_at``, else the start of its date (UTC)."""
    out = []
    for at, day in zip(frame.get("reported_at", pd.Series([None] * len(frame), index=frame.index)),
                       frame["date"], strict=True):
        out.append(parse_moment(at) or parse_moment(day) or dt.datetime.min.replace(tzinfo=dt.UTC))
    return pd.Series(out, index=frame.index, dtype=object)


def is_new(frame: pd.DataFrame, since: dt.datetime | None) -> pd.Series:
    """True for events that entered the feed after ``since`` (all of them when None)."""
    if since is None:
        return pd.Series(True, index=frame.index)
    return reported(frame).map(lambda at: at > since).astype(bool)


def newest_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Events by date, then by when they were added, newest first (the feed order)."""
    order = frame.assign(_at=reported(frame), _id=frame["event_id"].astype(str))
    order = order.sort_values(["date", "_at", "_id"], ascending=False, kind="stable")
    return order.drop(columns=["_at", "_id"])


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# --- adding one -------------------------------------------------------------------

@dataclass
class Draft:
    """A flash update as a coordinator types it (strings allowed everywhere:
    it is validated like one row of an imported file)."""

    title: str
    date: object
    event_type: str
    summary: str
    source: str
    baladiya_pcodes: Iterable[str] = field(default_factory=list)
    place: str | None = None
    lat: object = None
    lon: object = None
    location_approximate: bool = False
    people_affected: object = None
    people_displaced: object = None
    illustrative: bool = False
    # The same title and text in Arabic, for the Arabic page (optional: an update typed in one language is shown
    # in it on both pages).
    title_ar: str | None = None
    summary_ar: str | None = None


def _text(value: object) -> str | None:
    """Optional text as stored: stripped, None when blank."""
    text = "" if value is None else str(value).strip()
    return text or None


def _norm_title(title: object) -> str:
    return re.sub(r"\W+", " ", str(title or "")).strip().lower()


def _mantika_of_point(lat: float, lon: float, polygons) -> str | None:
    pt = Point(lon, lat)
    for pcode, geom in zip(polygons["pcode"], polygons.geometry, strict=True):
        if geom is not None and geom.covers(pt):
            return str(pcode)
    return None


def build_row(draft: Draft, current: pd.DataFrame | None, *, polygons=None, today: dt.date | None = None,
              at: dt.datetime | None = None) -> pd.DataFrame:
    """Validate ``draft`` against the registry and the current feed; return the
    typed one-row table, or raise ValidationError with every problem found."""
    problems: list[Problem] = []
    baladiyas = [str(b).strip().upper() for b in draft.baladiya_pcodes if str(b).strip()]
    title = str(draft.title or "").strip()
    if not title:
        problems.append(Problem("the title is empty", column="title", fix="write what happened, e.g. "
                                "'Clashes in Murzuq'"))
    has_point = not _blank(draft.lat) and not _blank(draft.lon)
    if not has_point and not baladiyas:
        problems.append(Problem("the event has no location", column="place",
                                fix="search a place, click the map, or pick the affected baladiyas"))
    mantikas: list[str] = []
    for b in baladiyas:
        unit = admin.baladiyas().get(b)
        if unit is not None and unit.parent not in mantikas:
            mantikas.append(unit.parent)
    if has_point and polygons is not None:
        try:
            m = _mantika_of_point(float(draft.lat), float(draft.lon), polygons)
        except (TypeError, ValueError):
            m = None  # validation below names the bad number
        if m and m not in mantikas:
            mantikas.insert(0, m)
    raw = pd.DataFrame([{
        "event_id": "FU-NEW", "date": draft.date, "title": title, "title_ar": _text(draft.title_ar),
        "event_type": draft.event_type,
        "mantika_pcodes": ";".join(mantikas) or None,
        "baladiya_pcodes": ";".join(baladiyas) or None, **_place_words(draft.place),
        "lat": draft.lat, "lon": draft.lon, "location_approximate": bool(draft.location_approximate),
        "people_affected": draft.people_affected, "people_displaced": draft.people_displaced,
        "summary": draft.summary, "summary_ar": _text(draft.summary_ar), "reported_at": (at or now()).isoformat(),
        "illustrative": bool(draft.illustrative), "source": draft.source,
    }])
    typed, found = validate(raw, LAYER, row_numbers=[None], today=today)
    # The mantika are derived from the location, whose own problems are named instead.
    skip = {"mantika_pcodes"} | ({"title"} if not title else set())
    if has_point and not mantikas and not baladiyas and not any(p.column == "lat" for p in found):
        problems.append(Problem(f"({draft.lat}, {draft.lon}) is in no mantika", column="lat",
                                fix="click inside Libya's boundaries or pick the affected baladiyas"))
    problems += [p for p in found if p.column not in skip]
    if not problems and current is not None and not current.empty:
        when = typed["date"].iloc[0]
        same = current[(current["date"] == when) & (current["title"].map(_norm_title) == _norm_title(title))]
        if not same.empty:
            first = same.iloc[0]
            problems.append(Problem(f"duplicate event: {first['event_id']} '{first['title']}' of "
                                    f"{when:%d %b %Y} is already in the feed", column="title",
                                    fix="open that event instead of adding it again"))
    if problems:
        raise ValidationError(problems, "flash update")
    typed["event_id"] = [next_id(current, typed["date"].iloc[0].year)]
    return typed


def next_id(current: pd.DataFrame | None, year: int) -> str:
    """``FU-<year>-<n>``: one more than the highest number used in that year."""
    used = [0]
    if current is not None and not current.empty:
        for eid in current["event_id"].astype(str):
            m = re.fullmatch(rf"FU-{year}-(\d+)", eid)
            if m:
                used.append(int(m.group(1)))
    return f"FU-{year}-{max(used) + 1:03d}"


def _place_words(place: str | None) -> dict[str, str | None]:
    """The event's ``place`` and ``place_ar``: a baladiya seat's name (as the location search offers it, "Tripoli ·
    طرابلس", or typed in either language) in both languages, so that the Arabic page reads it in Arabic (seen:
    "المكان: Tripoli"); any other place as typed, with no Arabic form."""
    typed = (place or "").strip()
    if not typed:
        return {"place": place, "place_ar": None}
    wanted = {admin.normalise(part) for part in typed.split(" · ")}
    for seat in gazetteer.seats().values():
        if {admin.normalise(seat.name_en), admin.normalise(seat.name_ar)} & wanted:
            return {"place": seat.name_en, "place_ar": seat.name_ar}
    return {"place": typed, "place_ar": None}


def add(store: Store, draft: Draft, *, actor: str | None = None, source_name: str = FORM_SOURCE,
        polygons=None, today: dt.date | None = None, attempts: int = 5) -> tuple[Version, pd.Series]:
    """Validate ``draft`` and store the feed plus it as a new version of
    ``flash_updates`` (one transaction, with its audit entry).

    Raises ValidationError (nothing stored) on bad input.  When another update
    lands meanwhile, the duplicate check and the id are redone on top of it.
    """
    if polygons is None:
        from geo import catalog

        polygons = catalog.mantika_polygons()
    for attempt in range(attempts):
        base = store.current_version(LAYER.name)
        current = None if base is None else pd.DataFrame(store.read(LAYER.name, base).drop(columns="geometry"))
        row = build_row(draft, current, polygons=polygons, today=today)
        rows = row if current is None else pd.concat([current[LAYER.columns], row], ignore_index=True)
        rows = rows.reset_index(drop=True)
        record = row.iloc[0]
        payload = json.dumps({k: (None if _blank(v) else str(v)) for k, v in record.items()}, ensure_ascii=False)
        try:
            version = store.write_version(
                LAYER.name, rows, source_name=source_name, source_bytes=payload.encode("utf-8"), actor=actor,
                note=f"added {record['event_id']}: {record['title']}", geometries=geometries(rows, LAYER),
                base_version=base, based_on=base,  # the earlier events stay: their sources are credited too
                publisher=credit_text(str(record["source"] or ""), "source", cut=True))
        except StoreError:
            if attempt == attempts - 1 or store.current_version(LAYER.name) == base:
                raise
            continue
        return version, record
    raise AssertionError("unreachable")
