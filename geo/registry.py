"""The layer registry: every layer of the atlas described once, as data.

Why: the map, the filters, the tables, the importers, the exports and the
published snapshots all need to know the same things about a layer (its
fields, its time axis, whether it is public, how to draw it, where it comes
from).  Writing that down once here means adding a layer is one entry in
``LAYERS``, not six edits across the code base.

A layer's table is "long": one row per feature per period, with the feature's
location in ``lat``/``lon`` (points) or its admin pcode (areas).  Two columns
are common to every layer and are how data honesty is enforced row by row:
``illustrative`` (True when any number in the row was generated, not
published) and ``source`` (the citation, e.g. a section of the 2019 report).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

DType = Literal["str", "int", "float", "date", "bool", "list"]
TimeKind = Literal["round", "month", "day", "range"]
Sensitivity = Literal["public", "restricted"]
Geometry = Literal["admin", "point"]


@dataclass(frozen=True)
class Field:
    """One column of a layer table and the rules a value must obey."""

    name: str
    dtype: DType
    label: str
    required: bool = True
    unit: str | None = None
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    # Counts above this are rejected as "absurdly large" (typo guard):
    # Libya's whole population is about 7 million.
    maximum: float | None = None
    pcode_level: Literal["mantika", "baladiya"] | None = None
    # Public outputs show counts of this field below this value as "<N"
    # (statistical disclosure control, geo.disclosure); None = the default 5.
    disclosure_min: int | None = None


@dataclass(frozen=True)
class Style:
    """How the map draws a layer by default."""

    colour: str
    ramp: str = "viridis"
    size_field: str | None = None
    colour_field: str | None = None


@dataclass(frozen=True)
class RestrictedRecords:
    """Records of an otherwise public layer that are restricted: those whose
    ``field`` holds one of ``values``.  The public role never receives them
    (geo.catalog drops them before any page sees the rows; a public-only store
    is seeded without them).  ``reason`` says why, for readers of the registry."""

    field: str
    values: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Layer:
    """Everything the atlas knows about one layer."""

    name: str
    title: str
    title_ar: str
    geometry: Geometry
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    time_kind: TimeKind
    time_field: str
    value_fields: tuple[str, ...]
    sensitivity: Sensitivity
    style: Style
    source: str
    licence: str
    description: str
    time_end_field: str | None = None
    # Columns of which a table must carry at least one (each may be optional).
    requires_one_of: tuple[str, ...] = ()
    id_field: str | None = None
    label_field: str | None = None
    # The label's Arabic form, where a row has one (the page in Arabic shows it; else the label as written).
    label_ar_field: str | None = None
    # Per-record sensitivity: rows of a public layer that only coordinators see.
    restricted_records: tuple[RestrictedRecords, ...] = ()

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"layer {self.name!r} has no field {name!r}")

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def label_ar(self, row: Mapping[str, object]) -> str:
        """The Arabic form of a row's label (``label_ar_field``), "" where it has none: a layer without one, a
        file without the column, a blank cell.  For the map's tooltips and the snapshots' sites alike."""
        value = row.get(self.label_ar_field) if self.label_ar_field else None
        return value.strip() if isinstance(value, str) else ""

    @property
    def translations(self) -> tuple[tuple[str, str], ...]:
        """(Arabic field, the field it translates): the label's pair and every ``x_ar`` beside an ``x``
        (a flash update's ``summary_ar`` and ``summary``).  Why: an import that leaves a translation blank keeps
        the stored one while the words it translates are unchanged (``geo.changes``)."""
        pairs = {(f.name, f.name.removesuffix("_ar")) for f in self.fields
                 if f.name.endswith("_ar") and self.has_field(f.name.removesuffix("_ar"))}
        if self.label_ar_field and self.label_field:
            pairs.add((self.label_ar_field, self.label_field))
        return tuple(sorted(pairs))


COUNT_MAX = 2_000_000
PROVENANCE = (
    Field("illustrative", "bool", "Illustrative (generated, not published)"),
    Field("source", "str", "Source"),
)
POINT = (
    # Range is checked as a pair in geo.validation (to tell "swapped" from "outside Libya").
    Field("lat", "float", "Latitude"),
    Field("lon", "float", "Longitude"),
    Field("baladiya_pcode", "str", "Baladiya pcode", required=False, pcode_level="baladiya"),
)


def _count(name: str, label: str, unit: str = "people", required: bool = True) -> Field:
    return Field(name, "int", label, required=required, unit=unit, minimum=0, maximum=COUNT_MAX)


DISPLACEMENT = Layer(
    name="displacement",
    title="Displacement (DTM rounds)",
    title_ar="النزوح (جولات مصفوفة تتبع النزوح)",
    geometry="admin",
    key=("round", "baladiya_pcode"),
    fields=(
        Field("round", "int", "DTM round", minimum=1, maximum=999),
        Field("round_start", "date", "Round start"),
        Field("round_end", "date", "Round end"),
        Field("admin1_pcode", "str", "Region pcode"),
        Field("mantika_pcode", "str", "Mantika pcode", pcode_level="mantika"),
        Field("baladiya_pcode", "str", "Baladiya pcode", pcode_level="baladiya"),
        Field("baladiya_name", "str", "Baladiya"),
        # Seat coordinates when the source file carries them (DTM datasets do);
        # otherwise the gazetteer's seat is used.
        Field("lat", "float", "Latitude", required=False),
        Field("lon", "float", "Longitude", required=False),
        # A DTM file may count migrants only, or IDPs and returnees only: each
        # count is optional, but a table must carry at least one (validation).
        _count("migrants", "Migrants", required=False),
        _count("idps", "IDPs", required=False),
        _count("returnees", "Returnees", required=False),
        *PROVENANCE,
    ),
    time_kind="round",
    time_field="round",
    time_end_field="round_end",
    value_fields=("migrants", "idps", "returnees"),
    sensitivity="public",
    style=Style(colour="#31688e", ramp="viridis", size_field="migrants"),
    source="IOM DTM Libya (mobility tracking rounds)",
    licence="IOM DTM public datasets; illustrative rows: project-generated",
    description="Migrants, IDPs and returnees counted per baladiya in each DTM round.",
    requires_one_of=("migrants", "idps", "returnees"),
    id_field="baladiya_pcode",
    label_field="baladiya_name",
)

DETENTION_CENTRES = Layer(
    name="detention_centres",
    title="Detention centres",
    title_ar="مراكز الاحتجاز",
    geometry="point",
    key=("centre_id", "month"),
    fields=(
        Field("centre_id", "str", "Centre id"),
        Field("name", "str", "Centre"),
        Field("name_ar", "str", "Centre (Arabic)", required=False),
        *POINT,
        Field("month", "date", "Month"),
        Field("status", "str", "Status", choices=("open", "closed")),
        _count("people_held", "People held", required=False),
        _count("consultations", "Health consultations", unit="consultations", required=False),
        Field("services", "list", "Services present", required=False),
        *PROVENANCE,
    ),
    time_kind="month",
    time_field="month",
    value_fields=("people_held", "consultations"),
    sensitivity="restricted",
    style=Style(colour="#D55E00", size_field="people_held"),
    source="IOM Libya Annual Report 2019; DCIM site lists",
    licence="Report figures: IOM; monthly rows: project-generated (illustrative)",
    description="Government detention centres: status, population held and IOM health consultations per month.",
    id_field="centre_id",
    label_field="name",
    label_ar_field="name_ar",
)

DISEMBARKATION_POINTS = Layer(
    name="disembarkation_points",
    title="Disembarkation points",
    title_ar="نقاط الإنزال",
    geometry="point",
    key=("point_id", "month"),
    fields=(
        Field("point_id", "str", "Point id"),
        Field("name", "str", "Disembarkation point"),
        Field("name_ar", "str", "Disembarkation point (Arabic)", required=False),
        *POINT,
        Field("month", "date", "Month"),
        _count("disembarked", "People disembarked"),
        _count("assisted", "People assisted"),
        _count("screenings", "Medical screenings", unit="screenings"),
        *PROVENANCE,
    ),
    time_kind="month",
    time_field="month",
    value_fields=("disembarked", "assisted", "screenings"),
    sensitivity="public",
    style=Style(colour="#0072B2", size_field="disembarked"),
    source="IOM Libya Annual Report 2019, Search and Rescue",
    licence="Report figures: IOM; monthly rows: project-generated (illustrative)",
    description="People returned to shore, assisted and medically screened, per point and month.",
    id_field="point_id",
    label_field="name",
    label_ar_field="name_ar",
)

FACILITY_TYPES = (
    "mobile clinic stop",
    "detention-centre clinic",
    "supported public facility",
    "referral hospital",
)

HEALTH_FACILITIES = Layer(
    name="health_facilities",
    title="Health facilities",
    title_ar="المرافق الصحية",
    geometry="point",
    key=("facility_id",),
    fields=(
        Field("facility_id", "str", "Facility id"),
        Field("name", "str", "Facility"),
        Field("name_ar", "str", "Facility (Arabic)", required=False),
        Field("type", "str", "Type", choices=FACILITY_TYPES),
        *POINT,
        Field("active_from", "date", "Active from"),
        Field("active_to", "date", "Active to", required=False),
        _count("consultations", "Consultations", unit="consultations", required=False),
        Field("radius_km", "float", "Service radius", unit="km", minimum=0, maximum=500),
        *PROVENANCE,
    ),
    time_kind="range",
    time_field="active_from",
    time_end_field="active_to",
    value_fields=("consultations",),
    sensitivity="public",
    style=Style(colour="#009E73", colour_field="type"),
    source="IOM Libya Annual Report 2019, Health Assistance",
    licence="Report figures: IOM; sites and activity: project-generated (illustrative)",
    description="Mobile clinic stops, detention-centre clinics, supported facilities and referral hospitals.",
    id_field="facility_id",
    label_field="name",
    label_ar_field="name_ar",
    restricted_records=(RestrictedRecords(
        "type", ("detention-centre clinic",),
        "a clinic inside a detention centre carries the centre's name and exact location, which are restricted"),),
)

SECTORS = ("WASH", "health", "education", "livelihoods", "social cohesion", "public space", "public services")

STABILIZATION_PROJECTS = Layer(
    name="stabilization_projects",
    title="Community stabilization projects",
    title_ar="مشاريع الاستقرار المجتمعي",
    geometry="point",
    key=("project_id",),
    fields=(
        Field("project_id", "str", "Project id"),
        Field("title", "str", "Project"),
        Field("title_ar", "str", "Project (Arabic)", required=False),
        Field("sector", "str", "Sector", choices=SECTORS),
        *POINT,
        Field("status", "str", "Status", choices=("completed", "in progress")),
        Field("start_date", "date", "Start"),
        Field("end_date", "date", "End", required=False),
        _count("beneficiaries", "Beneficiaries", required=False),
        Field("partner", "str", "Partner", required=False),
        *PROVENANCE,
    ),
    time_kind="range",
    time_field="start_date",
    time_end_field="end_date",
    value_fields=("beneficiaries",),
    sensitivity="public",
    style=Style(colour="#762a83", colour_field="sector"),
    source="IOM Libya Annual Report 2019, Community Stabilization",
    licence="Report figures: IOM; dates and unnamed projects: project-generated (illustrative)",
    description="Community Impact Projects of the 'Together We Rebuild' programme.",
    id_field="project_id",
    label_field="title",
    label_ar_field="title_ar",
)

EVENT_TYPES = ("armed clashes", "airstrike", "flood", "displacement", "access", "other")

FLASH_UPDATES = Layer(
    name="flash_updates",
    title="Flash updates",
    title_ar="تحديثات عاجلة",
    geometry="admin",
    key=("event_id",),
    fields=(
        Field("event_id", "str", "Event id"),
        Field("date", "date", "Date"),
        Field("title", "str", "Event"),
        # The Arabic pages show an event's own Arabic words where a row has them (else the English as written).
        Field("title_ar", "str", "Event (Arabic)", required=False),
        Field("event_type", "str", "Type", choices=EVENT_TYPES),
        Field("mantika_pcodes", "list", "Affected mantika"),
        Field("baladiya_pcodes", "list", "Affected baladiya", required=False),
        # Where the event happened.  Blank lat/lon: the map places it at the seat
        # of its first affected baladiya and says so (geo.flash_events.locate).
        Field("place", "str", "Place", required=False),
        Field("place_ar", "str", "Place (Arabic)", required=False),
        Field("lat", "float", "Latitude", required=False),
        Field("lon", "float", "Longitude", required=False),
        Field("location_approximate", "bool", "Location approximate", required=False),
        _count("people_affected", "People affected", required=False),
        _count("people_displaced", "People displaced", required=False),
        Field("summary", "str", "Summary"),
        Field("summary_ar", "str", "Summary (Arabic)", required=False),
        # When the update entered the feed (UTC, ISO 8601): what "new since my
        # last visit" compares with.  Blank for rows from files: their date counts.
        Field("reported_at", "str", "Added to the feed (UTC)", required=False),
        *PROVENANCE,
    ),
    time_kind="day",
    time_field="date",
    value_fields=("people_affected", "people_displaced"),
    sensitivity="public",
    style=Style(colour="#e66101"),
    source="IOM Libya Annual Report 2019; DTM Flash Updates",
    licence="Report facts: IOM; figures marked illustrative are project-generated",
    description="Dated emergency events with the areas and people affected.",
    id_field="event_id",
    label_field="title",
    label_ar_field="title_ar",
)

BALADIYA_SEATS = Layer(
    name="baladiya_seats",
    title="Baladiya seats",
    title_ar="مقار البلديات",
    geometry="point",
    key=("baladiya_pcode",),
    fields=(
        Field("baladiya_pcode", "str", "Baladiya pcode", pcode_level="baladiya"),
        Field("baladiya_name", "str", "Baladiya"),
        Field("name_ar", "str", "Baladiya (Arabic)", required=False),
        # Filled from the pcode table when a file leaves it out; checked when given.
        Field("mantika_pcode", "str", "Mantika pcode", required=False, pcode_level="mantika"),
        Field("lat", "float", "Latitude"),
        Field("lon", "float", "Longitude"),
        # True for a position placed from a place-name gazetteer, not an official seat.
        Field("approximate", "bool", "Approximate position", required=False),
        Field("valid_on", "date", "Valid on", required=False),
        *PROVENANCE,
    ),
    time_kind="day",
    time_field="valid_on",
    value_fields=(),
    sensitivity="public",
    style=Style(colour="#E69F00"),
    source="OCHA COD-AB Libya admin 3 (baladiya) points once imported; shipped: GeoNames name matches "
           "(CC BY 4.0) and placements inside the mantika",
    licence="OCHA COD-AB: CC BY-IGO; GeoNames: CC BY 4.0; placements: project-generated",
    description="The seat of each baladiya (municipality): where its people are counted and mapped.",
    id_field="baladiya_pcode",
    label_field="baladiya_name",
    label_ar_field="name_ar",
)

LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        DISPLACEMENT,
        DETENTION_CENTRES,
        DISEMBARKATION_POINTS,
        HEALTH_FACILITIES,
        STABILIZATION_PROJECTS,
        FLASH_UPDATES,
        BALADIYA_SEATS,
    )
}


def get(name: str) -> Layer:
    """The layer called ``name``, or a KeyError that lists the known names."""
    try:
        return LAYERS[name]
    except KeyError:
        raise KeyError(f"unknown layer {name!r}; known layers: {', '.join(LAYERS)}") from None


def visible_layers(role: str = "coordinator") -> list[Layer]:
    """The layers a role may load at all.

    Public mode (donors, published snapshots) never loads restricted layers:
    callers ask this function first instead of filtering after loading.
    """
    if role == "public":
        return [layer for layer in LAYERS.values() if layer.sensitivity == "public"]
    return list(LAYERS.values())


def field_label(text: str) -> str | None:
    """The field label ``text`` names, in any case (geo's lines write it lower-cased too: "fill in facility id",
    "1,234 migrants"); None for any other text."""
    return _LABELS.get(text.lower())


_LABELS = {f.label.lower(): f.label for layer in LAYERS.values() for f in layer.fields}

__all__ = ["LAYERS", "Field", "Layer", "RestrictedRecords", "Style", "field_label", "get", "visible_layers"]
