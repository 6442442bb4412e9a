"""Validation messages, and the store's and snapshots' refusals a coordinator can meet, in the reader's language.

Why here and not in ``geo``: ``geo.validation`` and the importers write their
problems in English (the command line, logs and tests read them); the Data
page shows them to coordinators who may read Arabic.  (What ``geo`` records
rather than refuses, an import's summary or an audit entry, is
``components.log_lines``.)  Each English message has
a fixed shape, so it is recognised by a pattern and rewritten from a catalogue
template with the same values (pcodes, numbers, column names stay as written).
A message with no pattern here is shown as it came (English).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from components import locale
from components.i18n import N_, isolated, lang, t, term
from geo import admin, registry

Rule = tuple[re.Pattern[str], Callable[[dict[str, str]], str]]

# What a file that is not data turned out to be (geo.importers.files.FOREIGN), and the kinds of boundary file
# (geo.importers.boundaries.KIND_NAMES), as the messages above name them.
KINDS = (N_("a PDF document"), N_("a PNG image"), N_("a JPEG image"), N_("a GIF image"),
         N_("an old-style Excel 97-2003 (.xls) or Office file"), N_("a rich-text (RTF) document"),
         N_("a gzip archive"), N_("a RAR archive"), N_("a 7-Zip archive"),
         N_("a bare shapefile (.shp) without its .shx, .dbf and .prj"), N_("GeoJSON"), N_("a GeoPackage"),
         N_("a zipped shapefile"))


def _label(text: str) -> str:
    """A registry field's label as ``geo`` wrote it (as is, or lower-cased in a fix: "fill in facility id") in the
    reader's language; anything else as written."""
    label = registry.field_label(text)
    return term(label) if label else text

# Messages and fixes that carry no value (geo.validation, geo.importers, geo.snapshots): each shown as the catalogue
# has it.
FIXED = (
    N_("the table has a header but no data rows"),
    N_("is empty but required"),
    N_("no column gives the DTM round"),
    N_("looks like a total row, not a baladiya"),
    N_("no count column (migrants, IDPs or returnees)"),
    N_("the file has no coordinates: no lat/lon columns and no baladiya_pcode column"),
    N_("has no coordinates and no baladiya pcode"),
    N_("the file is empty (0 bytes)"),
    N_("the file is a Word document, not a table"),
    N_("the file contains binary data (NUL bytes), not text: it is not a CSV file"),
    N_("the file has no table: every row is empty"),
    N_("the file has no features"),
    N_("export the data again; the upload may have been cut off"),
    N_("save the table as .xlsx or .csv"),
    N_("upload the CSV or XLSX export of the data"),
    N_("put the column names in the first row and the data below them"),
    N_("export it again as GeoJSON, GeoPackage or a zipped shapefile"),
    N_("export the file again; it may have been cut off or edited by hand"),
    N_("export the layer with its features"),
    N_("draw the polygon, or remove the feature"),
    N_("draw the polygon again (its last point the same as its first), or remove the feature"),
    N_("fix the polygon in a GIS (e.g. QGIS 'Fix geometries')"),
    N_("import the polygon (area) layer of the boundaries"),
    N_("save the file in WGS84 (EPSG:4326), or include its .prj file in the zip"),
    N_("add at least one row"),
    N_("remove the address (name the organisation instead)"),
    N_("use one of the listed values"),
    N_("check for an extra digit or a total row pasted into the data"),
    N_("check the year and the day/month order"),
    N_("write a whole number of people, digits only"),
    N_("write dates as YYYY-MM-DD"),
    N_("write a decimal number with a dot"),
    N_("write true or false"),
    N_("paste the values only (Paste special → Values) and save again"),
    N_("use a pcode from the OCHA COD list (see data/admin/)"),
    N_("swap the lat and lon columns"),
    N_("check the coordinates: Libya spans 19.5–33.2°N, 9.3–25.2°E"),
    N_("remove the repeated row or correct its key"),
    N_("a snapshot needs a title"),
    # a flash update the Flash page's form refuses (geo.flash_events)
    N_("the title is empty"),
    N_("write what happened, e.g. 'Clashes in Murzuq'"),
    N_("the event has no location"),
    N_("search a place, click the map, or pick the affected baladiyas"),
    N_("click inside Libya's boundaries or pick the affected baladiyas"),
    N_("open that event instead of adding it again"),
)


# What is wrong with one feature of a boundary file (geo.importers.boundaries), as geo writes it: each is recognised
# by its own words (``_said``).
FEATURE_PROBLEMS = (
    N_("feature {n} ({code}): a ring of the polygon has fewer than 4 points or does not end where it starts"),
    N_("feature {n} ({code}): the geometry is empty"),
    N_("feature {n} ({code}): the geometry is invalid ({reason}) and cannot be repaired"),
    N_("feature {n} ({code}): the geometry is a {type}, not a polygon"),
    N_("feature {n} ({code}): the polygon lies outside Libya (around {y}, {x})"),
)


def _said(template: str, **shapes: str) -> tuple[str, Callable[[dict[str, str]], str]]:
    """A rule for a message geo writes from ``template`` (its English, the catalogue's msgid): the template's words
    matched as they are, each ``{value}`` by ``shapes[value]`` (default: anything), and rendered by the template
    in the reader's language with the same values."""
    pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>{shapes.get(m[1], '.*')})", re.escape(template))
    return pattern, lambda g: t(template).format(**g)


def _kind(text: str) -> str:
    """What a file is (``KINDS``) in the reader's language."""
    return t(text)


def _unit_name(pcode: str, name: str) -> str:
    """A mantika's or baladiya's name (``name``, as geo wrote it, in English) in the reader's language."""
    return admin.name(pcode, lang()) or name


def _rules() -> list[Rule]:
    # Built per call: ``t`` depends on the session's language.
    rules: list[tuple[str, Callable[[dict[str, str]], str]]] = [
        # messages (geo.validation, geo.admin, geo.importers)
        (r"required column (?P<col>'[^']*') \((?P<label>.*)\) is missing",
         lambda g: t("required column {col} ({label}) is missing").format(col=g["col"], label=_label(g["label"]))),
        (r"no count column: the table needs at least one of (?P<cols>.*)",
         lambda g: t("no count column: the table needs at least one of {cols}").format(**g)),
        (r"(?P<value>.*) is not one of: (?P<choices>.*)",
         lambda g: t("{value} is not one of: {choices}").format(**g)),
        (r"(?P<value>-?[\d.,]+) is negative", lambda g: t("{value} is negative").format(**g)),
        (r"(?P<value>-?[\d.,]+) is below (?P<minimum>.*)", lambda g: t("{value} is below {minimum}").format(**g)),
        (r"(?P<value>[\d,.]+) is implausibly large \(limit (?P<limit>[\d,.]+)\)",
         lambda g: t("{value} is implausibly large (limit {limit})").format(**g)),
        (r"(?P<date>\d{4}-\d\d-\d\d) is in the future", lambda g: t("{date} is in the future").format(**g)),
        (r"(?P<value>.*) is not a whole number", lambda g: t("{value} is not a whole number").format(**g)),
        (r"(?P<value>.*) is not a number", lambda g: t("{value} is not a number").format(**g)),
        (r"(?P<value>.*) is not a date", lambda g: t("{value} is not a date").format(**g)),
        (r"(?P<value>.*) is not true/false", lambda g: t("{value} is not true/false").format(**g)),
        (r"contains a formula \((?P<formula>.*)\), not a value",
         lambda g: t("contains a formula ({formula}), not a value").format(**g)),
        (r"unknown (?P<level>mantika|baladiya) pcode (?P<code>'[^']*')\. "
         r"Did you mean (?P<guess>\S+) \((?P<name>.*)\)\?",
         lambda g: t("unknown {level} pcode {code}. Did you mean {guess} ({name})?").format(
             **{**g, "level": term(g["level"]), "name": _unit_name(g["guess"], g["name"])})),
        (r"unknown (?P<level>mantika|baladiya) pcode (?P<code>'[^']*')\.",
         lambda g: t("unknown {level} pcode {code}.").format(**{**g, "level": term(g["level"])})),
        (r"baladiya (?P<b>\S+) \((?P<name>.*)\) is in mantika (?P<parent>\S+), not (?P<m>\S+)",
         lambda g: t("baladiya {b} ({name}) is in mantika {parent}, not {m}").format(
             **{**g, "name": _unit_name(g["b"], g["name"])})),
        (r"latitude (?P<lat>\S+) and longitude (?P<lon>\S+) look swapped",
         lambda g: t("latitude {lat} and longitude {lon} look swapped").format(**g)),
        (r"\((?P<lat>\S+), (?P<lon>\S+)\) is outside Libya",
         lambda g: t("({lat}, {lon}) is outside Libya").format(**g)),
        (r"duplicate key (?P<key>.*) = (?P<value>.*) \(first at row (?P<first>\d+)\)",
         lambda g: t("duplicate key {key} = {value} (first at row {first})").format(**g)),
        (r"unknown dataset (?P<name>'[^']*')", lambda g: t("unknown dataset {name}").format(**g)),
        # a flash update the Flash page's form refuses (geo.flash_events)
        (r"\((?P<lat>\S+), (?P<lon>\S+)\) is in no mantika",
         lambda g: t("({lat}, {lon}) is in no mantika").format(**g)),
        (r"duplicate event: (?P<id>\S+) '(?P<title>.*)' of (?P<date>\d\d \w{3} \d{4}) is already in the feed",
         lambda g: t("duplicate event: {id} '{title}' of {date} is already in the feed").format(
             id=g["id"], title=isolated(g["title"]),
             date=locale.date(dt.datetime.strptime(g["date"], "%d %b %Y").date(), short=True))),
        (r"contains an e-mail address \((?P<address>\S+)\); public pages and feeds show this text as written",
         lambda g: t("contains an e-mail address ({address}); public pages and feeds show this text as written")
         .format(**g)),
        # files that cannot be read at all (geo.importers.files, .boundaries)
        (r"the file is (?P<what>.*), not a CSV, XLSX, GeoJSON, GeoPackage or zipped shapefile",
         lambda g: t("the file is {what}, not a CSV, XLSX, GeoJSON, GeoPackage or zipped shapefile").format(
             what=_kind(g["what"]))),
        (r"cannot tell which dataset this table holds \(columns: (?P<cols>.*)\)",
         lambda g: t("cannot tell which dataset this table holds (columns: {cols})").format(**g)),
        (r"the file cannot be read as (?P<kind>.*): it is damaged, incomplete, or another kind of file",
         lambda g: t("the file cannot be read as {kind}: it is damaged, incomplete, or another kind of file").format(
             kind=_kind(g["kind"]))),
        (r"the file is not valid JSON \(line (?P<line>\d+), column (?P<col>\d+): (?P<msg>.*)\)",
         lambda g: t("the file is not valid JSON (line {line}, column {col})").format(**g)),
        # a feature of a boundary file ("feature 2 (LY0102): …")
        *(_said(template, n=r"\d+", y=r"\S+", x=r"\S+") for template in FEATURE_PROBLEMS),
        (r"upload the data file itself \(CSV or XLSX for tables; GeoJSON, GeoPackage or zipped shapefile for "
         r"boundaries\)", lambda g: t("upload the data file itself (CSV or XLSX for tables; GeoJSON, GeoPackage or "
                                       "zipped shapefile for boundaries)")),
        # On a page the dataset is chosen in the Dataset box, not with the command line's flag.
        (r"name the dataset explicitly \(--dataset NAME\), one of: (?P<names>.*)",
         lambda g: t("choose the dataset in the Dataset box beside the file, one of: {names}").format(**g)),
        (r"add a column named one of: (?P<cols>.*)", lambda g: t("add a column named one of: {cols}").format(**g)),
        (r"add a column named (?P<col>'[^']*')", lambda g: t("add a column named {col}").format(**g)),
        (r"fill in (?P<what>.*)", lambda g: t("fill in: {what}").format(what=_label(g["what"]))),
        (r"counts and measures cannot be below (?P<minimum>.*)",
         lambda g: t("counts and measures cannot be below {minimum}").format(**g)),
        (r"set mantika_pcode to (?P<parent>\S+)", lambda g: t("set mantika_pcode to {parent}").format(**g)),
        (r"use one of: (?P<names>.*)", lambda g: t("use one of: {names}").format(**g)),
        # refusals of the store and of snapshots a coordinator can meet on a page
        (r"(?P<dataset>\w+) changed while this import was prepared \(it was based on version (?P<base>\d+), "
         r"current is now (?P<now>\w+)\); import the file again",
         lambda g: t("{dataset} changed while this import was prepared (it was based on version {base}, current is "
                     "now {now}); import the file again").format(**g)),
        (r"the (?P<what>publisher|licence) contains an e-mail address \((?P<address>\S+)\); name the organisation "
         r"instead", lambda g: (t("the publisher contains an e-mail address ({address}); name the organisation instead")
                                if g["what"] == "publisher" else
                                t("the licence contains an e-mail address ({address}); name the organisation "
                                  "instead")).format(**g)),
    ]
    rules += [(re.escape(text), lambda g, text=text: t(text)) for text in FIXED]
    return [(re.compile(pattern + r"\Z", re.S), render) for pattern, render in rules]


def translate(text: str | None) -> str | None:
    """``text`` (an English problem or fix from ``geo``) in the session's language."""
    if not text:
        return text
    for pattern, render in _rules():
        match = pattern.match(text)
        if match:
            return render(match.groupdict())
    return text
