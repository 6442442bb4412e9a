"""A snapshot published from an Arabic page is in Arabic: its page, its figures, its sources and its images.

Seen: an Arabic snapshot's page said "Illustrative data.", "DTM round", "Per mantika", "Sources and notes",
"Published 05 December 2026", every round "R28 · Oct–Dec 2019", its figures 636,426 and its sources in English;
its images were English throughout.  Expected words are literals (the msgstr of
``locales/ar/LC_MESSAGES/messages.po``, CLDR's Arabic month names), expected figures plain pandas sums of the data
file (``tests/snapshot_case.py``) written with ar_LY's separator, names from ``data/admin/baladiya.csv``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import snapshot_case as case

from geo import snapshot_png, snapshots

ROOT = Path(__file__).resolve().parents[1]
LATIN_WORD = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*")


def _ar(text: str) -> str:
    """A figure as ar_LY writes it: "1,234" → "1.234"."""
    return text.replace(",", ".")


@pytest.fixture
def arabic_snapshot(store, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    data = case.import_case(store, tmp_path)
    view = snapshots.View(page="displacement", metric="migrants", rounds=(27, 28), current=28, area=case.MANTIKA,
                          lang="ar")
    return snapshots.publish(view, "درنة، الجولتان 27 و28", publisher_role="coordinator", actor="tester"), data


def _page(snap) -> tuple[str, dict]:
    text = (snap.path / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="snapshot-data">(.*?)</script>', text,
                                flags=re.S).group(1))
    return text, data


def _visible(text: str) -> str:
    """The page's text as a reader sees it: no scripts, styles or tags."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_the_page_reads_right_to_left_in_arabic(arabic_snapshot):
    snap, _data = arabic_snapshot
    text, _ = _page(snap)
    assert '<html lang="ar" dir="rtl">' in text
    visible = _visible(text)
    for words in ("بيانات توضيحية.", "جولة مصفوفة تتبع النزوح", "حسب البلدية", "المصادر والملاحظات",
                  "الحدود تقريبية (غير رسمية) وللعرض فقط.", "المهاجرون (عدد الأشخاص)", "أطلس العمليات في ليبيا",
                  "ضبط الإفصاح: تظهر الأعداد من 1 إلى 4 بصيغة «<5»"):
        assert words in visible, words
    # The only Latin left is a file's name and the withheld mark.
    assert set(LATIN_WORD.findall(visible)) <= {"figures.csv", "x"}, sorted(set(LATIN_WORD.findall(visible)))
    meta = re.search(r'<div class="meta">(.*?)</div>', text, flags=re.S).group(1)
    assert "الجولة 27 · يوليو–سبتمبر 2019 – الجولة 28 · أكتوبر–ديسمبر 2019" in meta.replace("\u00a0", " "), meta


def test_figures_names_and_rounds_are_written_as_arabic_writes_them(arabic_snapshot):
    snap, data = arabic_snapshot
    _, page = _page(snap)
    want = case.expected(data)
    names = pd.read_csv(ROOT / "data" / "admin" / "baladiya.csv").set_index("pcode")["name_ar"]
    for rnd in (27, 28):
        assert page["headline"][str(rnd)] == {m: _ar(want["totals"][rnd][m]) for m in case.METRICS}
        assert dict(page["details"][str(rnd)]) == {names[p]: _ar(v)
                                                   for p, v in want["baladiya"][rnd]["migrants"].items()}
    assert dict(page["details"]["28"])[names[case.SMALL_BALADIYA]] == "<5"
    assert [r["label"].replace("\u00a0", " ") for r in page["rounds"]] == [
        "الجولة 27 · يوليو–سبتمبر 2019", "الجولة 28 · أكتوبر–ديسمبر 2019"]
    assert page["labels"]["migrants"] == "المهاجرون"
    assert page["words"] == {"notPublished": "غير منشور", "notCounted": "لم تُحصَ في هذه الجولة",
                             "noCount": "لا يوجد عدد", "zoomIn": "تكبير", "zoomOut": "تصغير"}


def test_the_english_page_is_unchanged(store, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    data = case.import_case(store, tmp_path)
    snap = snapshots.publish(snapshots.View(rounds=(27, 28), current=28, area=case.MANTIKA), "Derna",
                             publisher_role="coordinator")
    text, page = _page(snap)
    assert '<html lang="en" dir="ltr">' in text
    assert page["headline"]["28"] == case.expected(data)["totals"][28]
    assert page["words"]["notPublished"] == "not published"
    for words in ("Illustrative data.", "Per baladiya", "Sources and notes", "Migrants (people)"):
        assert words in _visible(text), words


def _drawn(monkeypatch) -> list[list[str]]:
    """Every text each image draws, collected as the images are written."""
    drawn: list[list[str]] = []
    real = snapshot_png._png

    def keep(fig) -> bytes:
        from matplotlib.text import Text

        fig.canvas.draw()  # tick labels exist once drawn
        drawn.append([t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()])
        return real(fig)

    monkeypatch.setattr(snapshot_png, "_png", keep)
    return drawn


def test_the_images_are_in_arabic(store, tmp_path, monkeypatch):
    """The map, the trend and the per-baladiya chart draw Arabic words (matplotlib shapes them), Arabic names and
    figures, the rounds by their Arabic names; no English word is left."""
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    data = case.import_case(store, tmp_path)
    drawn = _drawn(monkeypatch)
    snapshots.publish(snapshots.View(rounds=(27, 28), current=28, area=case.MANTIKA, lang="ar"), "درنة",
                      publisher_role="coordinator")
    map_texts, trend_texts, areas_texts = drawn
    everything = [t for texts in drawn for t in texts]
    latin = {w for t in everything for w in LATIN_WORD.findall(t)}
    assert latin <= {"x"}, latin  # the withheld mark, as the page writes it
    total = _ar(case.expected(data)["totals"][28]["migrants"])
    assert f"المهاجرون: {total}" in "\n".join(map_texts)
    assert "المهاجرون (عدد الأشخاص)" in map_texts
    assert [t.replace("\u00a0", " ") for t in trend_texts if t.startswith("الجولة")] == ["الجولة 27", "الجولة 28"]
    names = pd.read_csv(ROOT / "data" / "admin" / "baladiya.csv")
    derna = names[names["mantika_pcode"] == case.MANTIKA]["name_ar"]
    assert set(derna) <= set(areas_texts), set(derna) - set(areas_texts)
    assert any(t.startswith("المهاجرون حسب البلدية") for t in areas_texts)


def test_english_images_stay_english(store, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    case.import_case(store, tmp_path)
    drawn = _drawn(monkeypatch)
    snapshots.publish(snapshots.View(rounds=(27, 28), current=28, area=case.MANTIKA), "Derna",
                      publisher_role="coordinator")
    assert "Migrants (people)" in drawn[0]
    assert [t for t in drawn[1] if re.fullmatch(r"R\d+", t)] == ["R27", "R28"]
    assert not [t for texts in drawn for t in texts if re.search("[\u0600-\u06ff]", t)]
