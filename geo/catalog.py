"""What pages read: each layer's current data with its provenance, and the geography.

Why a catalogue: pages must never touch files or SQL, and public mode must not
load restricted layers *at all*.  ``load`` checks the role against the
registry before it reads anything, then returns the rows together with where
they come from (version, source file, licence, illustrative share), so every
view can say what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from geo import boundaries, disclosure, registry, roles, sensitivity
from geo import seats as seats_module
from geo.defaults import SYSTEM as SHIPPED_BY
from geo.shared_cache import shared_cache
from geo.store import BOUNDARIES, BOUNDARIES_BALADIYA, Store, StoreError, Version, open_store
from geo.translations import ENGLISH, Words

ROLES = roles.ROLES

# What is said of an import whose importer named no publisher or licence (left blank on the Data page, or stored
# before the import asked): the registry's source and licence describe the shipped rows only (seen: a 2024 import's
# chart credited to "IOM Libya Annual Report 2019, Search and Rescue", under the licence "monthly rows:
# project-generated (illustrative)").  In the catalogue: components.vocabulary.SOURCES.
IMPORTED_SOURCE = "a coordinator's import (publisher not recorded)"
IMPORTED_LICENCE = "not recorded at import"
# Between the credits of a version that keeps an earlier version's rows (a merge): oldest first.
CREDITS_JOINED_BY = " + "
# What a layer's rows are said to be (the Sources list under a map, downloads' provenance), keyed by "for the
# public": then without the store's file name and who imported it.  In the catalogue: components.vocabulary.
PROVENANCE_TEXTS = {
    True: "{layer} — source: {source}; licence: {licence}; version {version} of {date}",
    False: "{layer} — source: {source}; licence: {licence}; store version {version} of {date} from {file} "
           "(sha256 {sha}) by {actor}",
}


@dataclass(frozen=True)
class Credit:
    """Who published some of a version's rows, and under which licence."""

    source: str
    licence: str


def shipped(version: Version) -> bool:
    """Whether ``version`` is the shipped default data (stored by the atlas; current again after a rollback)."""
    return version.created_by == SHIPPED_BY


def own_credit(layer: registry.Layer, version: Version) -> Credit:
    """Who published the rows ``version``'s own file brought: the registry's source and licence for the shipped
    data; for an import, what its importer named (``IMPORTED_SOURCE`` and ``IMPORTED_LICENCE`` where blank)."""
    if shipped(version):
        return Credit(layer.source, layer.licence)
    return named_credit(version)


def named_credit(version: Version) -> Credit:
    """What an imported version's importer named (``IMPORTED_SOURCE`` and ``IMPORTED_LICENCE`` where blank)."""
    return Credit(version.publisher.strip() or IMPORTED_SOURCE, version.licence.strip() or IMPORTED_LICENCE)


def credits(layer: registry.Layer, version: Version, versions: list[Version]) -> tuple[Credit, ...]:
    """Every source of ``version``'s rows, oldest first: a merge (a round added to the shipped rounds) keeps its
    base version's rows (``Version.based_on``), so it credits that version's sources and then its own file's."""
    by_number = {v.version: v for v in versions}
    chain: list[Credit] = []
    seen: set[int] = set()
    at: Version | None = version
    while at is not None and at.version not in seen:
        seen.add(at.version)
        chain.append(own_credit(layer, at))
        at = by_number.get(at.based_on) if at.based_on is not None else None
    return tuple(reversed(chain))


def joined(texts: list[str] | tuple[str, ...], translate: Callable[[str], str] = str) -> str:
    """Credits' texts as one, each in the reader's language (``translate``), each said once."""
    return CREDITS_JOINED_BY.join(dict.fromkeys(translate(text) for text in texts))


class RestrictedLayer(PermissionError):
    """A restricted layer was asked for in public mode."""


def current_role() -> str:
    """The deployment's role: ``ATLAS_ROLE=public`` serves donors read-only.
    Pages use the viewer's role (``components.page.Context.role``) instead."""
    return roles.deployment_role()


@dataclass(frozen=True)
class LayerData:
    """One layer's current rows and their provenance."""

    layer: registry.Layer
    frame: pd.DataFrame  # registry columns + "geometry" (shapely); shared, read-only
    version: Version
    credits: tuple[Credit, ...]  # every source of the rows, oldest first (``credits``)
    # the public view: restricted records left out, small counts in no sum, provenance without internals
    public: bool = False

    def viewing(self, frame: pd.DataFrame) -> LayerData:
        """This layer with only the rows a view shows (``frame``, a selection of ``self.frame``): its illustrative
        share is then the view's.  Seen: February 2024's real imported rows alone on Disembarkation, under "Illustrative
        data … (Disembarkation points: 95% of rows)", the share of the whole dataset."""
        return replace(self, frame=frame)

    @property
    def illustrative_share(self) -> float:
        if self.frame.empty:
            return 0.0
        return float(self.frame["illustrative"].mean())

    def source_in(self, translate: Callable[[str], str]) -> str:
        """Who published the rows, each source in the reader's language (``translate``: the page's ``t``)."""
        return joined([c.source for c in self.credits], translate)

    def licence_in(self, translate: Callable[[str], str]) -> str:
        """Under which licences, in the order of the sources, each in the reader's language."""
        return joined([c.licence for c in self.credits], translate)

    @property
    def source(self) -> str:
        return self.source_in(str)

    @property
    def licence(self) -> str:
        return self.licence_in(str)

    def provenance_in(self, words: Words, actor: Callable[[str], str] = str) -> str:
        """Where the rows come from, in ``words``' language (a download's provenance; the Sources list writes the
        same sentence as HTML): for the public without internal file names or a colleague's e-mail address.
        ``actor``: who imported the version, as the reader reads it (the atlas's own name translated)."""
        v = self.version
        names = {"layer": words.pick(self.layer.title, self.layer.title_ar), "source": self.source_in(words.t),
                 "licence": self.licence_in(words.t), "version": words.number(v.version), "date": v.created_at[:10]}
        if not self.public:  # given only where the sentence has their place: a translation cannot add one
            names |= {"file": v.source_name, "sha": v.source_sha256[:12], "actor": actor(v.created_by)}
        return words.t(PROVENANCE_TEXTS[self.public]).format(**names)

    @property
    def provenance(self) -> str:
        return self.provenance_in(ENGLISH)


# How long the app's pages may reuse the answer to "which version of each dataset is current" (seconds):
# another server's (or the command line's) import shows within this, this process's own at once.
VERSIONS_FRESH_FOR = 0.5


def store() -> Store:
    """The app's store: the default one, asked which versions are current at most every ``VERSIONS_FRESH_FOR``
    seconds (``Store.datasets``; a slider step would otherwise ask five times)."""
    s = open_store()
    s.versions_fresh_for = VERSIONS_FRESH_FOR
    return s


def allowed(name: str, role: str | None = None) -> bool:
    role = role or current_role()
    return any(layer.name == name for layer in registry.visible_layers(role))


def load(name: str, role: str | None = None) -> LayerData:
    """The current version of layer ``name`` as ``role`` may see it: refuses
    restricted layers to the public role before any data is read, and leaves
    out the records the registry marks restricted (``Layer.restricted_records``)."""
    role = role or current_role()
    layer = registry.get(name)
    if not allowed(name, role):
        raise RestrictedLayer(f"layer {name!r} is restricted and not available in public mode")
    s = store()
    version = s.current_version(name)
    if version is None:
        raise StoreError(f"layer {name!r} has no data")
    return _layer_data(s, layer, version, role == "public", s.current_version(seats_module.NAME),
                       s.current_version("displacement"))


@shared_cache(maxsize=32)
def _layer_data(s: Store, layer: registry.Layer, version: int, public: bool = False,
                seats_version: int | None = None, dtm_version: int | None = None) -> LayerData:
    # Versions never change once stored, so one LayerData per version (and per
    # public/restricted view of it) serves every session and rerun.  Its frame
    # is shared: treat it as read-only.
    # A plain DataFrame (geometry kept as a column of shapely objects): the
    # analyses filter and group it on every rerun, which GeoDataFrame slows.
    # Rows placed at a baladiya seat follow the current seats (and say if approximate):
    # hence the seat versions in the key.
    versions = s.versions(layer.name)
    info = next(v for v in versions if v.version == version)
    frame = pd.DataFrame(s.read(layer.name, version))
    if seats_version is not None:
        frame = seats_module.placed(frame, s)
    if public:
        frame = sensitivity.public_rows(layer, frame)
        frame = sensitivity.public_sources(frame, {v.source_name: named_credit(v).source for v in versions
                                                   if not shipped(v)})
        frame = disclosure.public_counts(layer, frame)  # small counts in no public sum (geo.disclosure, rule 0)
    return LayerData(layer, frame, info, credits(layer, info, versions), public)


def mantika_polygons() -> gpd.GeoDataFrame:
    """Official mantika polygons if imported, else the shipped approximate ones."""
    s = store()
    version = s.current_version(BOUNDARIES)
    if version is None:
        return boundaries.approximate_mantikas()
    return _official(s, version)


@shared_cache(maxsize=8)
def _official(s: Store, version: int) -> gpd.GeoDataFrame:
    frame = s.read(BOUNDARIES, version)
    info = next(v for v in s.versions(BOUNDARIES) if v.version == version)
    return boundaries.from_official(frame, boundary_text(info, public=True))


# What official boundaries are said to be, wherever they are named (captions, Sources, downloads, snapshots): who
# published them under which licence, as their importer named them, and which version; for coordinators, from which
# file.  Seen: "Official boundaries imported from cod_ab_lby_adm2_mantika.geojson (v1)" in a public snapshot, the
# store's file name, and OCHA's licence, which asks to be credited, nowhere.  In the catalogue:
# components.vocabulary.BOUNDARIES.
BOUNDARY_TEXTS = {
    (BOUNDARIES, True): "Official mantika boundaries — source: {source}; licence: {licence}; version {version} of "
                        "{date}",
    (BOUNDARIES, False): "Official mantika boundaries — source: {source}; licence: {licence}; store version "
                         "{version} of {date} from {file}",
    (BOUNDARIES_BALADIYA, True): "Official baladiya boundaries — source: {source}; licence: {licence}; version "
                                 "{version} of {date}",
    (BOUNDARIES_BALADIYA, False): "Official baladiya boundaries — source: {source}; licence: {licence}; store "
                                  "version {version} of {date} from {file}",
}


def boundary_version(dataset: str = BOUNDARIES) -> Version | None:
    """The current version of the official boundaries ``dataset`` (None: none imported, the shipped approximate
    areas are drawn)."""
    s = store()
    current = s.current_version(dataset)
    return None if current is None else _version(s, dataset, current)


@shared_cache(maxsize=16)
def _version(s: Store, dataset: str, version: int) -> Version:
    # Versions never change once stored: asked once per process, not on every rerun that names the boundaries.
    return next(v for v in s.versions(dataset) if v.version == version)


def boundary_text(version: Version, *, public: bool, translate: Callable[[str], str] = str,
                  number: Callable[[int], str] = str, escape: Callable[[str], str] = str,
                  mark: Callable[[str], str] = str) -> str:
    """What the official boundaries of ``version`` are, in the reader's language (``translate``, ``number``); for
    the ``public``, without the store's file name.  ``escape`` (the sentence) and ``mark`` (each named value: a
    publisher, licence, date or file as written) make HTML of it."""
    credit = named_credit(version)
    template = escape(translate(BOUNDARY_TEXTS[(version.dataset, public)]))
    return template.format(source=mark(translate(credit.source)), licence=mark(translate(credit.licence)),
                           version=escape(number(version.version)), date=mark(version.created_at[:10]),
                           file=mark(version.source_name))


def boundary_label() -> str:
    frame = mantika_polygons()
    return str(frame["boundary_source"].iloc[0])


def seats() -> pd.DataFrame:
    """Baladiya seats (``geo.seats.table``): the stored ``baladiya_seats`` dataset, with
    coordinates from imported DTM data for seats that are still approximate.  Shared: read-only."""
    return seats_module.table(store())
