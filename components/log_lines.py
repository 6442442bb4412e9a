"""What the importers and the store write about a file, in the reader's language: an import's one-line summary (the
Data page's "Valid: …" and the note kept with its version), which dataset a file was found to hold and why, a
changed row of its preview, the audit log's detail, and who the atlas recorded in its own name.

Why here, as ``components.problems`` does for validation messages: ``geo`` writes these lines in English (the
command line, the stored audit log and the tests read them), so an Arabic coordinator read "data/layers/
displacement.csv sha256=194d005e5f83 rows=500 shipped default data" in the audit log.  Each line has a fixed shape
(``geo.importers`` and their summaries, ``geo.store`` and ``geo.snapshots`` for the audit log); it is recognised by
a pattern and rewritten from catalogue templates with the same values: file names, hashes, pcodes and titles stay
as written, numbers and dates are in the reader's digits.  A line of no known shape is shown as it came, and in
English every line is shown exactly as stored.
"""

from __future__ import annotations

import datetime as dt
import re

from components import locale
from components.i18n import isolated, lang, pick, rtl, t, term, tn
from components.vocabulary import RECORDED
from geo import admin, catalog, registry, snapshots
from geo.store import Version

_NUMBER = r"\d[\d,]*"
_DAY = r"\d{4}-\d\d-\d\d"


def _int(text: str) -> int:
    """A count as the importer wrote it ("1,234")."""
    return int(text.replace(",", ""))


def _n(text: str) -> str:
    """A count as the importer wrote it ("1,234"), in the reader's digits."""
    return locale.number(_int(text))


def _day(text: str) -> str:
    return locale.date(dt.date.fromisoformat(text), short=True)


def _layer(title: str) -> str:
    """A layer's title (``geo.registry``) in the reader's language."""
    for layer in registry.LAYERS.values():
        if layer.title == title:
            return pick(layer.title, layer.title_ar)
    return title


def _totals(text: str) -> str:
    """ "1,234 migrants, 56 IDPs": each count named by its field's label, in the reader's language."""
    parts = []
    for part in text.split(", "):
        m = re.fullmatch(rf"(?P<n>{_NUMBER}) (?P<what>.+)", part)
        label = registry.field_label(m["what"]) if m is not None else None
        if label is None:
            return text  # not a list of totals after all: as written
        parts.append(t("{n} {what}").format(n=_n(m["n"]), what=term(label)))
    return t(", ").join(parts)


def _dtm(m: re.Match[str]) -> str:
    first, _, last = m["rounds"].partition("–")
    rounds = (t("DTM rounds {first}–{last}").format(first=locale.number(int(first)), last=locale.number(int(last)))
              if last else t("DTM round {n}").format(n=locale.number(int(first))))
    return tn("{rounds} ({start} to {end}): {places} baladiya, {totals}",
              "{rounds} ({start} to {end}): {places} baladiyas, {totals}", _int(m["places"])).format(
        rounds=rounds, start=_day(m["start"]), end=_day(m["end"]), places=_n(m["places"]), totals=_totals(m["totals"]))


def _points(m: re.Match[str]) -> str:
    text = tn("{layer}: {n} row", "{layer}: {n} rows", _int(m["n"])).format(layer=_layer(m["layer"]), n=_n(m["n"]))
    if m["placed"]:
        text += " " + tn("({n} placed at its baladiya's seat)", "({n} placed at their baladiya's seat)",
                         _int(m["placed"])).format(n=_n(m["placed"]))
    return text + (t("; ") + _totals(m["totals"]) if m["totals"] else "")


def _seats(m: re.Match[str]) -> str:
    text = t("{layer}: seats of {n} of {total} baladiyas").format(layer=_layer(m["layer"]), n=_n(m["n"]),
                                                                    total=_n(m["total"]))
    text += t(", ") + (tn("{n} flagged approximate", "{n} flagged approximate", _int(m["approx"]))
                       .format(n=_n(m["approx"])) if m["approx"] else t("none approximate"))
    if m["near"]:
        text += t("; ") + tn("{n} just outside its mantika polygon (within {km} km)",
                             "{n} just outside their mantika polygon (within {km} km)", _int(m["near"])).format(
            n=_n(m["near"]), km=locale.number(float(m["km"]), up_to=1))
    return text


def _boundaries(m: re.Match[str]) -> str:
    text = t("{unit} boundaries: {n} ({first}–{last})").format(unit=term(m["unit"]), n=_n(m["n"]),
                                                                first=m["first"], last=m["last"])
    if m["repaired"]:
        text += t(", ") + tn("{n} geometry repaired", "{n} geometries repaired", _int(m["repaired"])).format(
            n=_n(m["repaired"]))
    if m["crs"]:
        text += t(", ") + t("reprojected from {crs}").format(crs=m["crs"])
    return text


# The summaries of geo.importers: dtm._summary, points.prepare, seats.summary, boundaries.prepare.
_SUMMARIES = (
    (re.compile(rf"DTM rounds? (?P<rounds>\d+(?:–\d+)?) \((?P<start>{_DAY})–(?P<end>{_DAY})\): "
                rf"(?P<places>{_NUMBER}) baladiyas, (?P<totals>.+)"), _dtm),
    (re.compile(rf"(?P<layer>[^:]+): (?P<n>{_NUMBER}) seats? of (?P<total>{_NUMBER}) baladiya, "
                rf"(?:(?P<approx>{_NUMBER}) flagged approximate|none approximate)"
                r"(?:; (?P<near>\d+) just outside (?:their|its) mantika polygon \(within (?P<km>[\d.]+) km\))?"),
     _seats),
    (re.compile(r"(?P<unit>Region|Mantika|Baladiya|Muhalla) boundaries: (?P<n>\d+) (?:region|mantika|baladiya|muhalla) "
                r"\((?P<first>\S+)–(?P<last>\S+)\)(?:, (?P<repaired>\d+) geometr(?:y|ies) repaired)?"
                r"(?:, reprojected from (?P<crs>.+))?"), _boundaries),
    (re.compile(rf"(?P<layer>[^:]+): (?P<n>{_NUMBER}) rows?(?: \((?P<placed>{_NUMBER}) placed at their baladiya's "
                rf"seat\))?(?:: (?P<totals>.+))?"), _points),
)
# geo.ingest: what a public-only deployment left out of a file, after its summary.
_LEFT_OUT = re.compile(r"(?P<n>\d+) restricted record\(s\) left out \(public-only deployment\)")


def summary(text: str) -> str:
    """An importer's one-line summary of a file (``geo.importers.Prepared.summary``) in the reader's language."""
    if not rtl() or not text:
        return text
    head, _, tail = text.partition("; ")
    if (left_out := _LEFT_OUT.fullmatch(tail)) is None:
        head, tail = text, ""
    for pattern, write in _SUMMARIES:
        if (m := pattern.fullmatch(head)) is not None:
            head = write(m)
            break
    if left_out is not None:
        head += t("; ") + tn("{n} restricted record left out (public-only deployment)",
                             "{n} restricted records left out (public-only deployment)", _int(left_out["n"])).format(
            n=_n(left_out["n"]))
    return head


def dataset_name(name: str) -> str:
    """A dataset in Arabic: its layer's Arabic title; in English the store's own name (what the command line
    uses)."""
    if not rtl():
        return name
    names = {"(detect)": t("(detect from the file)"), "boundaries_mantika": t("Official mantika boundaries"),
             "boundaries_baladiya": t("Official baladiya boundaries"), snapshots.AUDIT_DATASET: t("Snapshots")}
    if name in names:
        return names[name]
    layer = registry.LAYERS.get(name)
    return layer.title_ar if layer is not None else name


def _columns(have: str, need: str) -> str:
    return t("{have} of its {need} required columns").format(have=_n(have), need=_n(need))


# How geo.importers tells which dataset a file holds, when none was named.
_DETECTIONS = (
    (re.compile(r"detected (?P<name>\w+): the table has (?P<have>\d+) of its (?P<need>\d+) required columns "
                r"\((?P<matched>.*?)\)(?: \(next best: (?P<next>\w+), (?P<nhave>\d+) of its (?P<nneed>\d+) "
                r"required columns\))?", re.S),
     lambda m: t("detected {dataset}: the table has {columns} ({matched})").format(
         dataset=dataset_name(m["name"]), columns=_columns(m["have"], m["need"]),
         matched=isolated(m["matched"], left_to_right=True))
     + (" " + t("(next best: {dataset}, {columns})").format(dataset=dataset_name(m["next"]),
                                                         columns=_columns(m["nhave"], m["nneed"]))
        if m["next"] else "")),
    (re.compile(r"detected (?P<name>\w+): a DTM baladiya table \(a baladiya pcode column with counts or a round\)"),
     lambda m: t("detected {dataset}: a DTM baladiya table (a baladiya pcode column with counts or a round)").format(
         dataset=dataset_name(m["name"]))),
    (re.compile(r"detected (?P<name>\w+): every feature is a point \(COD admin 3 points are the baladiya seats\)"),
     lambda m: t("detected {dataset}: every feature is a point (COD admin 3 points are the baladiya seats)").format(
         dataset=dataset_name(m["name"]))),
    (re.compile(r"detected (?P<name>\w+): polygons with admin level (?P<level>\d) pcodes"),
     lambda m: t("detected {dataset}: polygons with admin level {level} pcodes").format(
         dataset=dataset_name(m["name"]), level=_n(m["level"]))),
)


def detection(text: str) -> str:
    """Which dataset an importer found a file to hold, and why (``geo.importers.Prepared.detection``), in the
    reader's language."""
    if not rtl() or not text:
        return text
    for pattern, write in _DETECTIONS:
        if (m := pattern.fullmatch(text)) is not None:
            return write(m)
    return text


_FITS = re.compile(r"(?P<name>\w+) has (?P<have>\d+) of its (?P<need>\d+) required columns \((?P<matched>.*)\)", re.S)


def ambiguity(text: str) -> str:
    """Why a file fits several datasets about equally well (``geo.importers.AmbiguousDataset``: "a has …; b has
    …"), in the reader's language."""
    lead = "the file fits several datasets about equally well: "
    if not rtl() or not text.startswith(lead):
        return text
    fits = [_FITS.fullmatch(part) for part in text.removeprefix(lead).split("; ")]
    if not all(fits):
        return text
    return t("the file fits several datasets about equally well: {fits}").format(fits=t("; ").join(
        t("{dataset} has {columns} ({matched})").format(dataset=dataset_name(m["name"]),
                                                         columns=_columns(m["have"], m["need"]),
                                                         matched=isolated(m["matched"], left_to_right=True))
        for m in fits))


def change(text: str, dataset: str) -> str:
    """One changed row of an import's preview (``geo.changes.Diff.examples``: "HF-MZWA: consultations 1653 →
    1660, radius_km 30 → 40") with its columns named by their labels in the reader's language; keys and values
    as written."""
    layer = registry.LAYERS.get(dataset)
    key, sep, rest = text.partition(": ")
    if not rtl() or layer is None or not sep:
        return text
    names = sorted((f.name for f in layer.fields), key=len, reverse=True)  # "active_to" before "active"
    found = list(re.finditer(r"(?:^|, )(" + "|".join(map(re.escape, names)) + ") ", rest))
    if not found or found[0].start() != 0:
        return text
    ends = [m.start() for m in found[1:]] + [len(rest)]
    return key + sep + t(", ").join(f"{term(layer.field(m[1]).label)} {isolated(rest[m.end():end], left_to_right=True)}"
                                    for m, end in zip(found, ends, strict=True))


def own_words(text: str) -> str | None:
    """What the atlas recorded in its own name (``vocabulary.RECORDED``; a local-mode user, "ali (local mode)",
    ``components.auth.current_user``) in the reader's language; None for anyone else's words (a person's name or
    note), which stay as written."""
    if text in RECORDED:
        return t(text)
    if (m := re.fullmatch(r"(?P<name>.+) \(local mode\)", text, re.S)) is not None:
        return t("{name} (local mode)").format(name=m["name"])
    return None


def recorded(value: object) -> object:
    """A table cell of who or what was recorded: the atlas's own words in the reader's language (``own_words``),
    anything else as it is."""
    return (own_words(value) or value) if isinstance(value, str) else value


def credit(version: Version, field: str) -> str:
    """A version's ``publisher`` or ``licence`` (``field``) for the Versions table: as its importer named it; for
    the shipped data, the registry's words, in the reader's language (what the Sources list says of it); else "not
    recorded"."""
    named = getattr(version, field)
    if named:
        return named
    if not catalog.shipped(version):
        return t("not recorded")
    layer = registry.LAYERS.get(version.dataset)  # None for boundaries: no registry words for them
    if layer is None:
        return ""
    own = catalog.own_credit(layer, version)
    words = own.source if field == "publisher" else own.licence  # the registry's: in the catalogue (SOURCES)
    return t(words)


def note(text: str) -> str:
    """The note kept with a stored version (``geo.store.Version.note``): the atlas's own words (the shipped data, a
    flash update added) or an importer's summary, in the reader's language; anyone else's as written."""
    if not rtl() or not text:
        return text
    if (own := own_words(text)) is not None:
        return own
    if (m := re.fullmatch(r"added (?P<id>\S+): (?P<title>.*)", text, re.S)) is not None:
        return t("added {id}: {title}").format(**m.groupdict())
    if (m := re.fullmatch(r"same rows as version (?P<n>\d+); publisher and licence recorded", text)) is not None:
        return t("same rows as version {n}; publisher and licence recorded").format(n=_n(m["n"]))
    return summary(text)


def _area(label: str) -> str:
    """A snapshot's area as stored ("Derna [LY010102]": its English name and pcode) in the reader's language,
    named from the pcode; a line written before the pcode was, by its name, a mantika before a baladiya of the
    same name (Derna is both)."""
    if (m := re.fullmatch(r".* \[(?P<pcode>LY\d{2,6})\]", label)) is not None:
        return admin.name(m["pcode"], lang()) or label
    if label == "Libya":
        return t("Libya")
    for unit in (*admin.mantikas().values(), *admin.baladiyas().values()):
        if unit.name_en == label:
            return pick(unit.name_en, unit.name_ar)
    return next((pick(en, ar) for en, ar in admin.regions().values() if en == label), label)


def audit_detail(action: str, detail: str) -> str:
    """An audit log entry's detail (``geo.store``'s imports and rollbacks, ``geo.snapshots``' publications and
    withdrawals) in the reader's language."""
    if not rtl() or not detail:
        return detail
    if action in ("import", "credit"):  # a credit: an import storing the current rows again with who published them
        m = re.fullmatch(r"(?P<file>.+?) sha256=(?P<sha>[0-9a-f]+) rows=(?P<rows>\d+)(?: (?P<note>.*))?", detail, re.S)
        if m is not None:
            text = tn("{file}, SHA-256 {sha}, {rows} row", "{file}, SHA-256 {sha}, {rows} rows",
                      _int(m["rows"])).format(file=isolated(m["file"]), sha=m["sha"], rows=_n(m["rows"]))
            return text + (" — " + note(m["note"]) if m["note"] else "")
    elif action == "rollback":
        m = re.fullmatch(r"made version (?P<n>\d+) current", detail)
        if m is not None:
            return t("made version {n} current").format(n=_n(m["n"]))
    elif action == "publish":
        m = re.fullmatch(r"snapshot (?P<id>\S+) “(?P<title>.*)” \(area (?P<area>.*), rounds (?P<rounds>[\d,]*)\)",
                         detail, re.S)
        if m is not None:
            area = t("area {area}").format(area=_area(m["area"]))
            rounds = [locale.round_name(int(r)) for r in m["rounds"].split(",") if r]  # none for a page without
            return t("snapshot {id} “{title}” ({what})").format(id=m["id"], title=isolated(m["title"]),
                                                                what=t(", ").join([area, *rounds]))
    elif action == "withdraw":
        m = re.fullmatch(r"snapshot (?P<id>\S+) “(?P<title>.*)” of (?P<created>\S+) \(manifest sha256 "
                         r"(?P<sha>[0-9a-f]+)\)", detail, re.S)
        if m is not None:
            return t("snapshot {id} “{title}” of {created} (manifest SHA-256 {sha})").format(
                id=m["id"], title=isolated(m["title"]), created=locale.moment(m["created"]), sha=m["sha"])
    return detail
