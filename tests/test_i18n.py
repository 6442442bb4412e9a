"""The interface catalogues are complete, and the locale helpers write what CLDR says.

The msgids come from the code itself (Babel's extractor over the files and
keywords of babel.cfg), not from a list kept beside it: a ``t("…")`` added on
any page without an Arabic translation fails here.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from components import i18n, layers, locale, problems, right_to_left, vocabulary
from components.i18n import catalogue
from geo import boundaries, catalog, municipalities, registry

ROOT = Path(__file__).resolve().parents[1]


def _code_msgids() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"t": None, "N_": None, "plural_forms": (1, 2)}  # plural_forms: a counted text's two msgids
    found = {m[2] for m in extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)}
    return {m for m in found if m and (isinstance(m, str) or all(isinstance(part, str) for part in m))}


def _translated(message) -> bool:
    """Whether a catalogue entry has its translation (every form of a counted text's)."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(str(text or "").strip() for text in strings)


def _po(lang: str):
    with open(ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_catalogue_has_every_msgid_of_the_code(lang):
    ids = _code_msgids()
    assert len(ids) > 250  # the extractor really found the interface text
    cat = _po(lang)
    assert any(isinstance(m, tuple) for m in ids)  # counted texts too
    missing = sorted(str(m) for m in ids if cat.get(m) is None)
    empty = sorted(str(m) for m in ids if cat.get(m) is not None and not _translated(cat.get(m)))
    fuzzy = sorted(str(m) for m in ids if cat.get(m) is not None and cat.get(m).fuzzy)
    assert not missing, f"{lang}: msgids missing from the catalogue (run `make i18n`): {missing}"
    assert not empty, f"{lang}: msgids without a translation: {empty}"
    assert not fuzzy, f"{lang}: fuzzy entries (check and remove the flag): {fuzzy}"


def _literal_calls() -> dict[str, str]:
    """Every ``t("…")`` and ``N_("…")`` with a literal in the interface code, read from its syntax tree (where
    it is written: ``file:line``), f-strings included, independently of Babel's extractor."""
    files = [ROOT / "app.py", *sorted(ROOT.glob("pages/**/*.py")), *sorted(ROOT.glob("components/**/*.py"))]
    found = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("t", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_literal_the_code_translates_has_its_arabic():
    """Each literal the code passes to ``t`` has an Arabic translation, wherever it is written.  Six inside
    f-strings (the Flash map's legend titles, "Approximate boundaries" under every map, ...) had none and showed in
    English on Arabic pages: Babel's extractor reads an f-string as plain text."""
    calls = _literal_calls()
    assert len(calls) > 250
    cat = _po("ar")
    untranslated = {m: where for m, where in calls.items()
                    if m and (cat.get(m) is None or not str(cat.get(m).string or "").strip())}
    assert not untranslated, f"no Arabic (run `make i18n`, then translate): {untranslated}"

def test_arabic_translations_keep_placeholders_and_are_arabic():
    import string

    fmt = string.Formatter()
    fields = lambda s: {f for _, f, _, _ in fmt.parse(s) if f}  # noqa: E731
    for m in _po("ar"):
        if not m.id:
            continue
        if isinstance(m.id, tuple):  # a counted text: Arabic's forms for one and two need not write the number
            assert all(fields(form) <= fields(m.id[1]) for form in m.string), m.id
            strings = m.string
        else:
            assert fields(m.id) == fields(m.string), m.id
            strings = (m.string,)
        for text in strings:
            letters = [c for c in re.sub(r"\{\w+\}", "", text) if c.isalpha()]  # placeholders are not words
            if letters and m.id not in (", ",):
                assert any("\u0600" <= c <= "\u06ff" for c in letters), f"not Arabic: {m.id!r} -> {text!r}"


def test_arabic_translations_write_western_digits():
    """The reader chooses the digits (123 or ١٢٣, components.locale.shape): a translation that wrote Arabic-Indic
    digits itself would show them to a reader who chose 123 (the Flash page's "٢٤ ساعة" did)."""
    indic = [(m.id, m.string) for m in _po("ar") if m.id and any("\u0660" <= c <= "\u0669" for c in "".join(
        m.string if isinstance(m.string, tuple) else (m.string,)))]
    assert not indic, indic


def test_compiled_catalogue_translates_and_falls_back_to_english():
    ar = catalogue("ar")
    assert ar.gettext("Detention centres") == "مراكز الاحتجاز"
    assert ar.gettext("A sentence nobody has translated yet") == "A sentence nobody has translated yet"


def test_every_registry_category_is_in_the_vocabulary():
    choices = {c for layer in registry.LAYERS.values() for f in layer.fields for c in (f.choices or ())}
    sources = {x for layer in registry.LAYERS.values() for x in (layer.source, layer.licence)}
    assert choices <= set(vocabulary.CHOICES), choices - set(vocabulary.CHOICES)
    assert sources <= set(vocabulary.SOURCES), sources - set(vocabulary.SOURCES)
    assert set(catalog.BOUNDARY_TEXTS.values()) == set(vocabulary.BOUNDARIES)
    assert set(catalog.PROVENANCE_TEXTS.values()) == set(vocabulary.PROVENANCE)
    assert {boundaries.APPROXIMATE_LABEL, municipalities.APPROXIMATE_LABEL} == set(vocabulary.APPROXIMATE_AREAS)


def test_every_registry_field_label_is_in_arabic():
    """Seen on the Arabic Data page: a changed row read "HF-DSEB: Facility (Arabic) … → …", the column's label in
    English (28 of the registry's 58 labels had no Arabic). Read from the catalogue file as translators wrote it."""
    from babel.messages.pofile import read_po

    labels = {f.label for layer in registry.LAYERS.values() for f in layer.fields}
    assert labels <= set(vocabulary.FIELD_LABELS), labels - set(vocabulary.FIELD_LABELS)
    with open(ROOT / "locales" / "ar" / "LC_MESSAGES" / "messages.po", "rb") as f:
        po = read_po(f, locale="ar")
    missing = sorted(x for x in labels if po.get(x) is None or not po.get(x).string or po.get(x).fuzzy)
    assert missing == []


def test_numbers_and_dates_follow_cldr_ar_ly(arabic):
    # CLDR ar_LY (latn): "." groups thousands, "," marks decimals; Arabic month names.
    assert locale.number(636426) == "636.426"
    assert locale.date(dt.date(2019, 12, 3)) == "3 ديسمبر 2019"
    assert locale.month(dt.date(2019, 7, 1)) == "يوليو 2019"
    arabic["digits"] = "arab"
    assert locale.number(636426) == "٦٣٦٬٤٢٦"
    assert locale.percent(0.25) == "٢٥٪"
    assert locale.date(dt.date(2019, 12, 3)) == "٣ ديسمبر ٢٠١٩"
    assert locale.round_name(28) == "الجولة\u00a0٢٨"  # one unit: a line never breaks inside it
    # A value from a frame is a numpy integer, not an int: a legend's "largest shown" is written the same way.
    assert locale.value(np.int64(133566)) == locale.value(133566.0) == "١٣٣٬٥٦٦"
    assert locale.value(np.float64(12.0)) == "١٢" and locale.value("R28") == "R28"
    # A count withheld from the public reads in the same digits in a tooltip or legend (the data keeps "<5").
    assert locale.value("<5") == "<٥" and locale.value("x") == "x" and locale.value("5 <5") == "5 <5"
    assert "<b>&lt;٥</b>" in layers.tooltip("Sebha", "سبها", [("المهاجرون", "<5")])


def test_numbers_in_english():
    assert locale.number(636426) == "636,426"
    assert locale.number(-12, signed=True) == "-12"
    assert locale.date(dt.date(2019, 12, 3)) == "3 December 2019"


def test_a_stored_moment_is_written_to_the_minute_in_utc(arabic):
    # The store records imports and audit entries as ISO text in UTC (geo.store._now).
    assert locale.moment("2026-12-02T10:42:52+00:00") == "2 ديسمبر 2026، الساعة 10:42 بالتوقيت العالمي"
    arabic["digits"] = "arab"
    assert locale.moment("2026-12-02T10:42:52+00:00") == "٢ ديسمبر ٢٠٢٦، الساعة ١٠:٤٢ بالتوقيت العالمي"
    arabic["lang"] = "en"
    assert locale.moment("2026-12-02T10:42:52+00:00") == "2 Dec 2026, 10:42 UTC"
    assert locale.moment("2026-12-02T12:42:52+02:00") == "2 Dec 2026, 10:42 UTC"  # another offset: in UTC
    assert locale.moment("yesterday") == "yesterday"  # not a moment: as written
    # The flash feed's "new since": a moment the same way, a date set by hand (midnight) as its day.
    from components import flash_visits

    arabic["lang"] = "ar"
    since = dt.datetime(2026, 12, 2, 11, 2, tzinfo=dt.UTC)
    assert flash_visits.fmt_moment(since) == "٢ ديسمبر ٢٠٢٦، الساعة ١١:٠٢ بالتوقيت العالمي"
    assert flash_visits.fmt_moment(since.replace(hour=0, minute=0)) == "٢ ديسمبر ٢٠٢٦"


def test_validation_messages_are_translated(arabic):
    assert problems.translate("'-5' is negative") == "'-5' is negative"  # not the shape geo writes: unchanged
    assert problems.translate("-5 is negative") == "القيمة -5 سالبة"
    assert problems.translate("latitude 13.2 and longitude 32.9 look swapped") == \
        "يبدو أن خط العرض 13.2 وخط الطول 32.9 مُتبادلان"
    assert problems.translate("unknown baladiya pcode 'LY999999'. Did you mean LY010101 (Umm arrazam)?") == \
        "رمز البلدية غير معروف 'LY999999'. هل تقصد LY010101 (ام الرزم)؟"  # its Arabic name: data/admin/baladiya.csv
    # A column's label too (it read "(Facility)" and "fill in facility id" in English), as geo.validation writes it.
    assert problems.translate("required column 'name' (Facility) is missing") == \
        "العمود الإلزامي 'name' (المرفق) غير موجود"
    assert problems.translate("fill in facility id") == "املأ الحقل: معرّف المرفق"
    assert "(ام الرزم)" in problems.translate("baladiya LY010101 (Umm arrazam) is in mantika LY0101, not LY0319")
    assert problems.translate("fill in something else") == "املأ الحقل: something else"  # no such label: as written
    assert problems.translate("contains an e-mail address (a@b.org); public pages and feeds show this text as "
                              "written") == "يحتوي على عنوان بريد إلكتروني (a@b.org)؛ تعرض الصفحات العامة " \
                                           "والخلاصات هذا النص كما كُتب"


def test_i18n_check_lists_what_a_merged_branch_added():
    import importlib.util

    spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    template = check.extract()
    assert check.problems(template, "ar") == {"missing": [], "empty": [], "fuzzy": []}
    template.add("Events since your last visit")  # as another branch's t("…") would
    assert check.problems(template, "ar")["missing"] == ["Events since your last visit"]


def test_a_data_list_reads_in_the_readers_words(arabic):
    # The detention layer's services: one ";"-separated cell of the data file (data/layers/detention_centres.csv).
    raw = "health consultations;NFI distribution;WASH rehabilitation;MHPSS"
    assert i18n.terms(raw) == ("استشارات صحية، توزيع المواد غير الغذائية، إعادة تأهيل المياه والصرف الصحي، "
                               "الصحة النفسية والدعم النفسي الاجتماعي")
    assert i18n.terms("a service not in the vocabulary;MHPSS;") == \
        "a service not in the vocabulary، الصحة النفسية والدعم النفسي الاجتماعي"  # as written; empty items dropped
    arabic["lang"] = "en"
    assert i18n.terms(raw) == "health consultations, NFI distribution, WASH rehabilitation, MHPSS"
    assert i18n.terms(None) is None


def test_a_version_offered_for_rollback_is_written_in_the_readers_words(arabic):
    # It read "version 2 (12,345 rows, dtm.csv, 2026-12-02)" inside Arabic text, with Arabic-Indic digits too.
    # The count is named ("number of rows: …"), as the catalogue words counts: an Arabic noun after a number
    # agrees with it (2 rows, 3 rows and 11 rows take three forms), and "2 صفاً" was wrong.
    from components import rollback
    from geo.store import Version

    v = Version(dataset="dtm", version=2, created_at="2026-12-02T10:52:07+00:00", created_by="a",
                source_name="dtm.csv", source_sha256="0", row_count=12345, note="")
    # The file's name isolated (U+2068 … U+2069): seen, the date's day drawn beside "dtm.csv", away from its month.
    # 12,345 rows: 45 is in 11–99, where Arabic counts in the singular accusative (صفًّا).
    assert rollback._describe(v) == "الإصدار 2 (12.345 صفًّا، \u2068dtm.csv\u2069، 2 ديسمبر 2026)"
    arabic["digits"] = "arab"
    assert rollback._describe(v) == "الإصدار ٢ (١٢٬٣٤٥ صفًّا، \u2068dtm.csv\u2069، ٢ ديسمبر ٢٠٢٦)"
    v = Version(dataset="dtm", version=3, created_at="2026-12-02T10:52:07+00:00", created_by="a",
                source_name="dtm.csv", source_sha256="0", row_count=2, note="")
    assert rollback._describe(v) == "الإصدار ٣ (صفّان، \u2068dtm.csv\u2069، ٢ ديسمبر ٢٠٢٦)"  # two: the dual


def _table_column_labels() -> list[tuple[str, str]]:
    """(file, English label) of every column a page or component hands to ``tables.show`` as a literal."""
    found = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("components/*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "show"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "tables"):
                continue
            columns = node.args[1] if len(node.args) > 1 else None
            for value in columns.values if isinstance(columns, ast.Dict) else []:
                label = value.elts[0] if isinstance(value, ast.Tuple) else None
                if isinstance(label, ast.Call) and getattr(label.func, "id", "") == "N_":
                    label = label.args[0]
                if isinstance(label, ast.Constant) and isinstance(label.value, str):
                    found.append((path.name, label.value))
    return found


def test_every_table_column_label_is_in_the_catalogue():
    """``tables.show`` translates its column labels when it draws them, so the extractor must see each one
    (``N_``): the Snapshots list's "Published" and "Rounds" dropped out of the catalogue once the page stopped
    writing them with ``t`` itself, and would have been left in English in the Arabic table."""
    labels = _table_column_labels()
    assert len(labels) > 20  # the scan really found the tables
    ids = _code_msgids()
    assert not [(f, label) for f, label in labels if label not in ids]


def test_the_arabic_words_for_streamlits_own_texts_are_for_its_labels(arabic):
    """The texts Streamlit writes in English on an Arabic page: its ⋮ menu (Print, Record screen, which reads
    Cancel recording during its countdown and Stop recording while it records, and its credit), a date input's
    calendar (what it tells screen readers, its buttons, "Choose date, " and the month; a range's quick choices), a
    table's toolbar, search bar and column menus.  Streamlit 1.67's bundle writes them so: each has its Arabic, and
    an upgrade that renamed one fails here rather than leaving it in English."""
    import streamlit

    code = Path(streamlit.__file__).parent / "static" / "static" / "js"
    bundle = "".join(p.read_text(encoding="utf-8") for p in code.glob("*.js"))
    words = json.loads(right_to_left.streamlit_words("arab"))
    assert words.pop("{digits}") == "arab"
    built = {"Made with Streamlit v", "Choose date, ", "Choose date range, ", "{n} results", "{i} of {n} results",
             "{i} of {n}", "Remove {name}", "50MB per file",  # 50: .streamlit/config.toml's maxUploadSize
             *(f"Press {keys} to {what}" for keys in ("Enter", "Ctrl+Enter", "⌘+Enter")
               for what in ("apply", "submit form"))}
    labels = set(words) - built
    assert {"Print", "Record screen", "Stop recording", "Cancel recording", "Previous month", "Next month",
            "Past Week", "Download as CSV", "Sort ascending", "Hide column", "Type to search", "Increment",
            "No results"} <= labels
    for label in labels:
        assert f"`{label}`" in bundle, label
    assert "[`Made with Streamlit v`," in bundle  # the credit, its version the next text
    assert "`Choose date`" in bundle and "`Choose date range`" in bundle  # React Aria adds ", " and the month
    assert "`Remove ${e}`" in bundle  # a chosen file's remove button, a multiselect's pill's
    assert re.search(r"`\$\{\w+\(\w+,\w+\.Byte,0\)\} per file`", bundle)  # the file-drop box's limit: "50MB"
    # A text field's instructions: "apply", or in a form "submit form"; a text area's key is ⌘ on a Mac, else Ctrl.
    assert re.search(r"\w+=\w+\?`submit form`:`apply`", bundle)
    assert re.search(r"`Press Enter to \$\{\w+\}`", bundle)
    assert re.search(r"`Press \$\{\w+\(\)\?`⌘`:`Ctrl`\}\+Enter to \$\{\w+\}`", bundle)
    assert "`${v.results} result${v.results===1?``:`s`}`" in bundle and "`${v.selectedIndex+1} of ${e}`" in bundle
    assert set(words) == labels | built
    # names (of keys too), numbers, placeholders
    latin = re.compile(r"\{\w+\}|\b(Enter|Escape|CSV|Streamlit|Ctrl)\b|[0-9{}+⌘]|[a-z]\b")
    texts = [text for word in words.values() for text in ([word] if isinstance(word, str) else word)]
    assert all(re.fullmatch(r"[\u0600-\u06ff …،.()/]+", latin.sub("", text)) for text in texts), words
    assert words["Made with Streamlit v"].startswith("صُنع")
    assert words["Choose date, "].endswith("، ") and words["Choose date range, "].endswith("، ")
    assert "{i}" in words["{i} of {n}"] and "{n}" in words["{i} of {n}"]
    # A count's six Arabic forms (none, one, two, 3–10, 11–99, 100 and more): the number itself from 3 on.
    assert len(words["{n} results"]) == len(words["{i} of {n} results"]) == 6
    assert all("{n}" in form for form in words["{n} results"][3:] + words["{i} of {n} results"][3:])
    assert all("{i}" in form for form in words["{i} of {n} results"])


def test_a_count_the_page_writes_takes_its_numbers_form(arabic):
    """Seen: the Flash page's heading read "عدد الأحداث في الموجز: 3" (the number of events: 3) for every count,
    and in English "1 events in the feed". Arabic's forms, written out here by its grammar: none, one, two, 3–10
    (plural), 11–99 (singular, accusative), 100 and more (singular, genitive); 103 counts as 3 does."""
    from components.i18n import tn

    def heading(n: int) -> str:
        return tn("{n} event in the feed", "{n} events in the feed", n).format(n=n)

    assert [heading(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 103, 111)] == [
        "لا أحداث في الموجز", "حدث واحد في الموجز", "حدثان في الموجز", "3 أحداث في الموجز", "10 أحداث في الموجز",
        "11 حدثًا في الموجز", "99 حدثًا في الموجز", "100 حدث في الموجز", "103 أحداث في الموجز",
        "111 حدثًا في الموجز"]
    arabic["lang"] = "en"
    assert [heading(n) for n in (0, 1, 2)] == ["0 events in the feed", "1 event in the feed", "2 events in the feed"]
    assert tn("CSV ({n} row)", "CSV ({n} rows)", 1).format(n=1) == "CSV (1 row)"
    problems = ("{file} cannot be imported: {n} problem. The store was not changed.",
                "{file} cannot be imported: {n} problems. The store was not changed.")
    assert tn(*problems, 1).format(file="a.csv", n=1).startswith("a.csv cannot be imported: 1 problem. ")
    arabic["lang"] = "ar"
    assert [tn(*problems, n).format(file="a.csv", n=n).split(": ")[1].split(".")[0] for n in (1, 2, 3, 12, 100)] == [
        "مشكلة واحدة", "مشكلتان", "3 مشكلات", "12 مشكلةً", "100 مشكلة"]


def _problems_of(store, path) -> list:
    from geo import ingest
    from geo.validation import ValidationError

    with pytest.raises(ValidationError) as caught:
        ingest.plan(store, path)
    return caught.value.problems


def test_a_file_that_cannot_be_read_is_explained_in_arabic(store, tmp_path, arabic):
    """Seen on the Arabic Data page: only a negative count was explained in Arabic; an empty file, a PNG renamed
    .csv, a table of unknown columns, a damaged GeoJSON and an empty polygon were explained in English (and the
    fix for unknown columns named the command line's --dataset flag, not the page's Dataset box)."""
    files = {"empty.csv": b"", "picture.csv": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
             "unknown.csv": b"foo,bar,baz\n1,2,3\n", "damaged.geojson": b'{"type": "FeatureCollection", "features": [',
             "empty_geometry.geojson": json.dumps({"type": "FeatureCollection", "features": [
                 {"type": "Feature", "properties": {"ADM2_PCODE": "LY0101", "ADM2_EN": "Derna"},
                  "geometry": None}]}).encode()}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        for p in _problems_of(store, tmp_path / name):
            for text in filter(None, (p.message, p.fix)):
                arabic["lang"] = "ar"
                shown = problems.translate(text)
                assert shown != text and re.search("[\u0600-\u06ff]", shown), (name, text, shown)
                arabic["lang"] = "en"
                assert "--dataset" not in problems.translate(text), (name, text)


def test_every_message_that_carries_no_value_reads_in_arabic(arabic):
    from babel.messages.pofile import read_po

    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        ar = {m.id: m.string for m in read_po(f) if m.id}
    for text in problems.FIXED:
        assert problems.translate(text) == ar[text] != text, text


def test_every_problem_of_a_boundary_feature_reads_in_arabic(arabic):
    from babel.messages.pofile import read_po

    with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
        ar = {m.id: m.string for m in read_po(f) if m.id}
    values = {"n": "2", "code": "LY0102", "reason": "Self-intersection[22 32]", "type": "LineString", "y": "40.00",
              "x": "10.00"}
    for template in problems.FEATURE_PROBLEMS:
        english = template.format(**values)
        assert problems.translate(english) == ar[template].format(**values) != english, template


def test_a_choropleths_legend_is_written_in_the_readers_digits(arabic):
    # Seen: "0 – 7,538" in a legend beside Arabic-Indic tooltips and headlines (class breaks with a fraction left
    # the locale's number writer for Python's).
    from components import legends

    arabic["digits"] = "arab"
    html = legends.legend_html("المهاجرون", "", [0.0, 1865.25, 7538.25])
    assert "٠" in html and "١٬٨٦٥" in html and "٧٬٥٣٨" in html
    assert "7,538" not in html and "1,865" not in html


def test_a_flash_update_the_form_refuses_is_explained_in_arabic(store, arabic):
    """Seen on the Arabic Flash page: "• الحدث: duplicate event: FU-2026-001 'Probe43 flood test' of 07 Dec 2026 is
    already in the feed — open that event instead of adding it again"; an empty title, an event with no location
    and a point in the sea were explained in English too."""
    from geo import flash_events
    from geo.validation import ValidationError

    def refused(**fields) -> list:
        draft = flash_events.Draft(**{"title": "Flood in Derna", "date": dt.date(2019, 12, 3), "event_type": "flood",
                                      "summary": "Rain.", "source": "test", **fields})
        with pytest.raises(ValidationError) as caught:
            flash_events.add(store, draft, actor="test")
        return caught.value.problems

    flash_events.add(store, flash_events.Draft(title="Flood in Derna", date=dt.date(2019, 12, 3), event_type="flood",
                                               summary="Rain.", source="test", baladiya_pcodes=["LY010102"]),
                     actor="test")
    found = refused(title=" ") + refused(lat="33.0", lon="20.0") + refused(baladiya_pcodes=["LY010102"])
    assert len(found) == 4  # no title, no location; a point in the sea; the same title and date again
    for p in found:
        for text in filter(None, (p.message, p.fix)):
            arabic["lang"] = "ar"
            shown = problems.translate(text)
            assert shown != text and re.search("[\u0600-\u06ff]", shown), (text, shown)
    arabic["lang"] = "ar"
    duplicate = problems.translate(found[-1].message)
    assert "3 ديسمبر 2019" in duplicate and "\u2068Flood in Derna\u2069" in duplicate, duplicate


def test_with_arabic_indic_digits_no_middle_dot_stands_beside_a_digit(arabic):
    """Seen on a phone: the slider's "الجولة ٢٨ · أكتوبر–ديسمبر ٢٠١٩" read "الجولة ٠٢٨": Arabic-Indic zero (٠) is a
    dot.  Beside those digits the parts are separated by the Arabic comma; with Western digits, as before."""
    from geo.timeaxis import Round

    r28 = Round(28, dt.date(2019, 10, 1), dt.date(2019, 12, 31))
    arabic["digits"] = "arab"
    assert locale.round_label(r28) == "الجولة\u00a0٢٨، أكتوبر–ديسمبر ٢٠١٩"
    assert locale.shape("Tripoli for donors · 4 ديسمبر") == "Tripoli for donors، ٤ ديسمبر"
    assert locale.separator() == "، "
    arabic["digits"] = "latn"
    assert locale.round_label(r28) == "الجولة\u00a028 · أكتوبر–ديسمبر 2019"
    assert locale.separator() == " · "


def test_parts_joined_beside_a_number_take_the_arabic_comma_with_arabic_indic_digits(store, arabic, monkeypatch):
    """The same reading as above, where parts are joined after their numbers are written: a flash card's
    "المتضررون: ٢٥٠ · النازحون: ١٠٠", the map table's details, the sidebar's "· ٣ أحداث جديدة"."""
    from components import flash_view, flash_visits, map_table
    from components.map import MapLayer
    from geo import defaults

    defaults.seed(store)
    arabic["digits"] = "arab"
    dot_by_digit = re.compile("[\u0660-\u0669] ·|· [\u0660-\u0669]")
    e = store.read("flash_updates").iloc[0].copy()
    e["people_affected"], e["people_displaced"], e["point_approximate"] = 250, 100, False
    card = flash_view._card_text(e, "coordinator")
    assert "٢٥٠، " in card and not dot_by_digit.search(card), card

    layer = MapLayer(name="sites", title="Sites", geojson={"type": "FeatureCollection", "features": []},
                     kind="point")
    table = map_table.features_table([layer], {"layers": {"sites": {"s1": {
        "tooltip": "Tajoura<br>People held: ٢٧٦<br>Consultations: ٥٠"}}}})
    assert table["Details"].tolist() == ["People held: ٢٧٦، Consultations: ٥٠"]

    monkeypatch.setattr(flash_visits, "seen_until", lambda: dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    monkeypatch.setattr(flash_visits, "_new_count", lambda since: (3, 6))
    badge = flash_visits.nav_badge()
    assert badge.startswith("، ٣") and not dot_by_digit.search(badge), badge


def test_the_overview_notes_take_the_arabic_comma_with_arabic_indic_digits(store, monkeypatch, local_mode):
    """A headline's note, "الجولة ٢٧ · يوليو–سبتمبر ٢٠١٩ · …", had a dot after the year's last digit."""
    from streamlit.testing.v1 import AppTest

    from tests.app_runs import released

    monkeypatch.syspath_prepend(str(ROOT))
    at = released(AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=120).run())
    at.select_slider(key="round").set_value(27).run()  # at R28 every headline is the report's, cited
    at.session_state["lang"], at.session_state["digits"] = "ar", "arab"
    at.run()
    notes = [n for e in at.get("html") for n in re.findall(r'atlas-figure-note">([^<]*)<', e.proto.body)]
    assert any(n.startswith("الجولة\u00a0٢٧، يوليو–سبتمبر ٢٠١٩، ") for n in notes), notes
    assert not any(re.search("[\u0660-\u0669] ·|· [\u0660-\u0669]", n) for n in notes), notes


def test_years_and_counts_in_the_atlas_own_arabic_sentences_take_the_chosen_digits(arabic):
    """Seen with Arabic-Indic digits chosen (2026-12-07): "شعبيات 2007 من بيانات ناتشورال إيرث" under every map, and
    the report cited as "… في ليبيا 2019" beside figures written "٩٬٢٢٥".  Literals: the msgstr of
    locales/ar/LC_MESSAGES/messages.po with its digits written in Arabic-Indic by hand."""
    from components import citations, flash_view

    arabic["digits"] = "arab"
    assert citations.report_section("Health Assistance") == \
        "التقرير السنوي للمنظمة الدولية للهجرة في ليبيا ٢٠١٩، قسم «المساعدة الصحية»"
    assert citations.source_name("IOM Libya Annual Report 2019, Search and Rescue") == \
        "التقرير السنوي للمنظمة الدولية للهجرة في ليبيا ٢٠١٩، البحث والإنقاذ"
    legend = flash_view.legend()
    assert "آخر ٧ أيام" in legend and "آخر ١٢ شهرًا" in legend and "آخر 7 أيام" not in legend
    # A name the catalogue lacks is a coordinator's own words: shown as written, codes and all.
    assert citations.source_name("UNHCR Libya 2020 (WGS84)") == "UNHCR Libya 2020 (WGS84)"
    arabic["digits"] = "latn"
    assert citations.report_section("Health Assistance") == \
        "التقرير السنوي للمنظمة الدولية للهجرة في ليبيا 2019، قسم «المساعدة الصحية»"
    assert "آخر 7 أيام" in flash_view.legend()


def test_the_pages_own_sentences_take_arabic_indic_digits(store, monkeypatch, local_mode):
    """The boundaries' note under the map, the Sources list, a chart's source and the Disembarkation page's check
    against the report, in Arabic with Arabic-Indic digits: no Western year left in them."""
    from streamlit.testing.v1 import AppTest

    from tests.app_runs import released

    monkeypatch.syspath_prepend(str(ROOT))
    at = released(AppTest.from_file(str(ROOT / "pages" / "disembarkation.py"), default_timeout=120).run())
    at.session_state["lang"], at.session_state["digits"] = "ar", "arab"
    at.run()
    assert not at.exception
    html = " ".join(e.proto.body for e in at.get("html"))
    captions = [c.value for c in at.caption]
    assert "شعبيات ٢٠٠٧ من بيانات ناتشورال إيرث" in html and "2007" not in html
    assert "المصدر: التقرير السنوي للمنظمة الدولية للهجرة في ليبيا ٢٠١٩، البحث والإنقاذ؛" in html  # Sources
    assert any(c.startswith("المصدر: التقرير السنوي للمنظمة الدولية للهجرة في ليبيا ٢٠١٩، البحث والإنقاذ — ")
               for c in captions), captions  # the chart's
    check = next(c for c in captions if c.startswith("✔"))
    assert check.startswith("✔ إجماليات ٢٠١٩ مطابقة للتقرير: ٩٬٢٢٥ ") and "2019" not in check, check
