"""An import's summary and the audit log's details in the reader's language (``components.log_lines``).

Seen on the Data page in Arabic: the audit log's Detail column read "data/layers/displacement.csv
sha256=194d005e5f83 rows=500 shipped default data", and a valid file's "صالح: Health facilities: 1 row: …".
The lines are written here by the atlas's own code (the store, the importers, the snapshots), then read in
Arabic; the expected Arabic is written out from locales/ar/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import log_lines
from geo import defaults, ingest, snapshots
from geo.importers import AmbiguousDataset
from tests import snapshot_case
from tests.app_runs import released
from tests.importers.builders import dtm_rows, write_csv, write_dtm_xlsx

ROOT = Path(__file__).resolve().parents[1]


def _arabic_rows(n: int) -> str:
    """n rows as Arabic counts them (its grammar, not the catalogue): the dual for two, the plural for 3–10, the
    singular accusative for 11–99 and the singular genitive for 100, 200… (after the hundreds, by the last two
    digits)."""
    if n in (0, 1, 2):
        return ("لا صفوف", "صف واحد", "صفّان")[n]
    last = n % 100
    return f"{n} صفوف" if 3 <= last <= 10 else f"{n} صفًّا" if last >= 11 else f"{n} صف"


def _facility(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "clinic.csv", [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km", "consultations"],
        ["HF-P1", "Clinic P", "mobile clinic stop", 32.89, 13.19, "2019-05-01", 50, 1234]])


def _english_words(text: str) -> list[str]:
    """Latin words left in a line once its file name, hashes, pcodes and SHA-256 are set aside."""
    rest = re.sub(r"\S+\.(?:csv|xlsx)\b|\b[0-9a-f]{12,}\b|\bLY\d+\b|SHA-256", "", text)
    return re.findall(r"[A-Za-z]{2,}", rest)


def test_an_import_summary_reads_in_arabic(store, tmp_path, arabic):
    plan = ingest.plan(store, _facility(tmp_path))
    assert plan.prepared.summary == "Health facilities: 1 row: 1,234 consultations"  # as geo writes it (was "1 rows")
    assert log_lines.summary(plan.prepared.summary) == "المرافق الصحية: صف واحد؛ الاستشارات الطبية: 1.234"
    arabic["lang"] = "en"
    assert log_lines.summary(plan.prepared.summary) == plan.prepared.summary  # English: exactly as stored


def test_a_dtm_summary_reads_in_arabic(store, tmp_path, arabic):
    rows = dtm_rows(54, n=30)  # a workbook laid out as DTM Libya publishes it
    summary = ingest.plan(store, write_dtm_xlsx(tmp_path / "r54.xlsx", rows)).prepared.summary
    assert summary.startswith("DTM round 54 (") and "30 baladiyas" in summary  # as geo writes it
    migrants = f"{sum(r[-1] for r in rows):,}".replace(",", ".")  # ar-LY groups thousands with "."
    text = log_lines.summary(summary)
    assert text.startswith("جولة مصفوفة تتبع النزوح 54 (من ")
    assert text.endswith(f"): 30 بلديةً؛ المهاجرون: {migrants}"), text
    assert not _english_words(text), text


def test_which_dataset_a_file_holds_reads_in_arabic(store, tmp_path, arabic):
    workbook = ingest.plan(store, write_dtm_xlsx(tmp_path / "r54.xlsx", dtm_rows(54, n=3))).prepared.detection
    assert log_lines.detection(workbook) == ("تبيّن أن الملف من النزوح (جولات مصفوفة تتبع النزوح): جدول بلديات "
                                             "من مصفوفة تتبع النزوح (عمود لرموز البلديات مع أعداد أو جولة)")
    table = ingest.plan(store, _facility(tmp_path)).prepared.detection
    assert table.startswith("detected health_facilities: the table has ")  # as geo writes it
    text = log_lines.detection(table)
    assert text.startswith("تبيّن أن الملف من المرافق الصحية: في الجدول ") and "من أعمدتها المطلوبة" in text, text
    # The file's own column names, as written, isolated left to right (U+2066): beside Arabic their quotes and
    # commas were scattered.
    assert "(\u2066'facility_id', " in text and "\u2069)" in text, text
    arabic["lang"] = "en"
    assert log_lines.detection(table) == table


def test_why_a_file_fits_several_datasets_reads_in_arabic(store, tmp_path, arabic):
    sites = write_csv(tmp_path / "sites.csv", [
        ["facility_id", "project_id", "name", "title", "lat", "lon", "radius_km", "sector", "consultations", "notes",
         "remarks", "comment"],
        ["X-1", "P-1", "A", "B", 32.9, 13.2, 10, "WASH", 5, "", "", ""]])
    with pytest.raises(AmbiguousDataset) as caught:
        ingest.plan(store, sites)
    text = log_lines.ambiguity(caught.value.problems[0].message)
    assert text.startswith("يناسب الملف أكثر من مجموعة بيانات بالقدر نفسه تقريبًا: المرافق الصحية: في الجدول "), text
    assert "؛ مشاريع الاستقرار المجتمعي: في الجدول " in text and "(\u2066'project_id', " in text, text
    assert not _english_words(re.sub(r"'[^']*'", "", text)), text  # the file's column names stay as written


def test_the_audit_logs_details_read_in_arabic(store, tmp_path, monkeypatch, arabic):
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    defaults.seed(store)
    ingest.import_file(store, _facility(tmp_path), replace=True, actor="amina@example.org")
    store.rollback("health_facilities", 1, actor="amina@example.org")
    snapshot_case.import_case(store, tmp_path)
    view = snapshots.View(page="displacement", metric="migrants", rounds=(27, 28), current=28,
                          area=snapshot_case.MANTIKA)
    snap = snapshots.publish(view, "Derna in 2019", publisher_role="coordinator", actor="tester")
    snapshots.withdraw(snap.id, role="admin", actor="admin")
    entries = store.audit(100)
    shown = {}  # the newest of each action and dataset (the log lists the newest first)
    for e in entries:
        shown.setdefault((e["action"], e["dataset"]), log_lines.audit_detail(e["action"], e["detail"]))

    sha = hashlib.sha256((ROOT / "data" / "layers" / "displacement.csv").read_bytes()).hexdigest()[:12]
    with open(ROOT / "data" / "layers" / "displacement.csv", encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    first_displacement = [e for e in entries if e["dataset"] == "displacement"][-1]
    # A file name and a title are isolated (U+2068 … U+2069): by the Unicode bidirectional algorithm a number after
    # a Latin name joins its run and is drawn on the wrong side of it ("flash_updates.csv، 4 ديسمبر" read "4 …csv").
    assert log_lines.audit_detail("import", first_displacement["detail"]) == (
        f"{_arabic_rows(rows)}، \u2068data/layers/displacement.csv\u2069، SHA-256 {sha} — البيانات الافتراضية المرفقة")
    assert shown[("import", "health_facilities")].endswith("— المرافق الصحية: صف واحد؛ الاستشارات الطبية: 1.234")
    assert shown[("rollback", "health_facilities")] == "جُعل الإصدار 1 هو الحالي"
    publish = next(v for (action, _), v in shown.items() if action == "publish")
    assert publish == f"اللقطة {snap.id} «\u2068Derna in 2019\u2069» (النطاق: درنه، الجولة\u00a027، الجولة\u00a028)"
    withdraw = next(v for (action, _), v in shown.items() if action == "withdraw")
    assert withdraw.startswith(f"اللقطة {snap.id} «\u2068Derna in 2019\u2069» المنشورة في ")
    assert "بصمة البيان" in withdraw
    for text in shown.values():
        assert not [w for w in _english_words(text) if w not in ("Derna", "in")], text


def test_a_changed_rows_columns_read_in_arabic(store, tmp_path, arabic):
    defaults.seed(store)
    with open(ROOT / "data" / "layers" / "health_facilities.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[0].index("consultations"), rows[0].index("radius_km")
    before = rows[1][at[0]], rows[1][at[1]].removesuffix(".0")  # "25.0" in the file: a number, 25
    rows[1][at[0]], rows[1][at[1]] = str(int(before[0]) + 7), "99"
    changed = ingest.plan(store, write_csv(tmp_path / "hf.csv", rows), "health_facilities").diff.examples
    assert changed == [f"{rows[1][0]}: consultations {before[0]} → {int(before[0]) + 7}, radius_km {before[1]} → 99"]
    # "Consultations" and "Service radius": their msgstr in locales/ar/LC_MESSAGES/messages.po
    # Each "before → after" isolated left to right (U+2066 … U+2069), so its arrow keeps pointing to the new value.
    assert log_lines.change(changed[0], "health_facilities") == (
        f"{rows[1][0]}: الاستشارات الطبية \u2066{before[0]} → {int(before[0]) + 7}\u2069، "
        f"نطاق الخدمة \u2066{before[1]} → 99\u2069")


def test_who_recorded_reads_in_arabic_when_the_atlas_named_them(arabic):
    # components.auth.current_user names a local-mode user so; the shipped data's actor is geo.defaults.SYSTEM.
    assert log_lines.recorded("ali (local mode)") == "ali (الوضع المحلي)"
    assert log_lines.recorded(defaults.SYSTEM) == "النظام (البيانات الافتراضية المرفقة)"
    assert log_lines.recorded("amina@example.org") == "amina@example.org"  # a person's name as written
    assert log_lines.own_words("amina@example.org") is None


def test_a_line_of_no_known_shape_is_shown_as_it_came(arabic):
    assert log_lines.audit_detail("import", "something else") == "something else"
    assert log_lines.audit_detail("export", "made version 2 current") == "made version 2 current"
    assert log_lines.summary("A new importer's line: 3 things") == "A new importer's line: 3 things"


def test_the_data_page_shows_the_audit_log_in_arabic(store, tmp_path, monkeypatch, local_mode):
    monkeypatch.syspath_prepend(str(ROOT))
    defaults.seed(store)
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=180)
    at.query_params["lang"] = "ar"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cells = {str(v) for table in released(at).dataframe for v in table.value.to_numpy().ravel()}
    details = [c for c in cells if "SHA-256" in c]
    assert len(details) == 7 and all(c.endswith("— البيانات الافتراضية المرفقة") for c in details), details
    assert not [c for c in cells if "sha256=" in c or "rows=" in c]


def test_a_snapshots_area_is_logged_in_english_with_its_pcode(store, tmp_path, monkeypatch, arabic):
    """Seen: a snapshot published from the Arabic page was logged as "(area درنه, …)" (the English log then held
    Arabic), and a snapshot of the baladiya Derna read in Arabic as the mantika (درنه), not the baladiya (درنة).
    The names are the boundaries file's (data/boundaries), written out here."""
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    defaults.seed(store)
    snapshot_case.import_case(store, tmp_path)
    view = snapshots.View(page="displacement", metric="migrants", rounds=(27,), current=27, area="LY010102",
                          lang="ar")
    snap = snapshots.publish(view, "درنة", publisher_role="coordinator", actor="tester")
    logged = store.audit(1)[0]["detail"]
    assert logged == f"snapshot {snap.id} “درنة” (area Derna [LY010102], rounds 27)"
    assert log_lines.audit_detail("publish", logged) == (
        f"اللقطة {snap.id} «\u2068درنة\u2069» (النطاق: درنة، الجولة\u00a027)")
    arabic["lang"] = "en"
    assert log_lines.audit_detail("publish", logged) == logged  # English: as stored
    arabic["lang"] = "ar"
    # A line logged before the pcode was still reads by its name (a mantika first).
    assert log_lines.audit_detail("publish", "snapshot s1 “t” (area Derna, rounds 27)") == (
        "اللقطة s1 «\u2068t\u2069» (النطاق: درنه، الجولة\u00a027)")
    assert log_lines.audit_detail("publish", "snapshot s1 “t” (area Libya, rounds )") == (
        "اللقطة s1 «\u2068t\u2069» (النطاق: ليبيا)")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_publications_row_in_the_audit_log_has_no_version_and_a_named_dataset(store, tmp_path, monkeypatch,
                                                                                local_mode, lang):
    """Seen on the Data page: a publication's row read "None" under Version (in Arabic "لا يوجد بيانات", no data)
    and "snapshots" under Dataset in Arabic. A publication has no version: its cell is blank."""
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    defaults.seed(store)
    snapshots.publish(snapshots.View(rounds=(27,), current=27, area="LY0101"), "Derna", publisher_role="coordinator",
                      actor="tester")
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    audit = released(at).dataframe[-1].value
    dataset, version = ("Dataset", "Version") if lang == "en" else ("مجموعة البيانات", "الإصدار")
    published = audit[audit[dataset] == ("snapshots" if lang == "en" else "اللقطات")]  # catalogue: "Snapshots"
    assert len(published) == 1, audit[dataset].tolist()
    assert published[version].tolist() == [""]
    assert set(audit[version]) == {"", "1"}  # the shipped datasets' first versions


def test_a_changed_rows_arabic_name_is_named_by_its_label_in_arabic(arabic):
    """The sites' Arabic names are a column too: a file without them empties them, and the preview says so in
    Arabic ("Facility (Arabic)": its msgstr in locales/ar/LC_MESSAGES/messages.po)."""
    shown = log_lines.change("HF-DSEB: name_ar عيادة → ∅", "health_facilities")
    assert shown == "HF-DSEB: المرفق بالعربية \u2066عيادة → ∅\u2069"


def test_counted_parts_of_a_summary_take_their_arabic_number_form(store, tmp_path, monkeypatch, arabic):
    """Seen in the Data page's "Valid: …" lines in Arabic: every count after the first read "عدد …: n"
    (عدد ما وُضع منها في مقر بلديته: 2). Each part is now counted in Arabic's own forms (dual for two, the plural
    for 3–10, the singular accusative for 11–99); the lines are written by the importers themselves."""
    from geo.importers import seats
    from tests.importers.builders import bow_tie, squares

    centres = write_csv(tmp_path / "centres.csv", [
        ["centre_id", "name", "baladiya_pcode", "month", "status"],
        ["DC-S1", "Sebha centre", "LY031901", "2024-01-01", "open"],
        ["DC-S2", "Sebha annex", "LY031901", "2024-01-01", "open"]])
    placed = ingest.plan(store, centres).prepared.summary
    assert "(2 placed at their baladiya's seat)" in placed  # as geo writes it
    assert log_lines.summary(placed) == "مراكز الاحتجاز: صفّان (صفّان وُضعا في مقر بلدية كل منهما)"

    frame = squares()
    frame.loc[3, "geometry"] = bow_tie(20.0, 29.0)
    frame.to_file(tmp_path / "adm2.geojson", driver="GeoJSON", engine="pyogrio")
    repaired = ingest.plan(store, tmp_path / "adm2.geojson").prepared.summary
    assert "1 geometry repaired" in repaired
    assert log_lines.summary(repaired).endswith("، أُصلح شكل هندسي واحد"), log_lines.summary(repaired)

    line = seats.summary(pd.DataFrame({"approximate": [True] * 12 + [False] * 88}), near=3, official=True)
    text = log_lines.summary(line)
    assert "، 12 مقرًّا مواقعها تقريبية؛ 3 مقار خارج حدود مناطقها بقليل (ضمن " in text, text

    monkeypatch.setenv("ATLAS_ROLE", "public")
    clinics = write_csv(tmp_path / "clinics.csv", [
        ["facility_id", "name", "type", "lat", "lon", "active_from", "radius_km"],
        ["HF-A", "Clinic A", "mobile clinic stop", 32.89, 13.19, "2019-05-01", 50],
        ["HF-B", "Centre clinic B", "detention-centre clinic", 32.88, 13.18, "2019-05-01", 5],
        ["HF-C", "Centre clinic C", "detention-centre clinic", 32.87, 13.17, "2019-05-01", 5]])
    left_out = ingest.plan(store, clinics).prepared.summary
    assert left_out.endswith("; 2 restricted record(s) left out (public-only deployment)")
    assert log_lines.summary(left_out).endswith("؛ استُبعد سجلّان مقيّدان (نشر عام فقط)")
