"""Snapshots: published figures after disclosure control, files, immutability,
withdrawal, public-only content and the command line.

Expected figures come from tests/snapshot_case.py (plain pandas over the
data file), not from the module under test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import snapshot_case as case
from PIL import Image

from geo import snapshots

ROOT = Path(__file__).resolve().parents[1]
EVIL = '<img src=x onerror=alert(1)> "><svg onload=alert(2)>'


@pytest.fixture
def published(store, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    path = case.import_case(store, tmp_path)
    view = snapshots.View(page="displacement", metric="migrants", rounds=(27, 28), current=28, area=case.MANTIKA)
    snap = snapshots.publish(view, f"Derna {EVIL}", publisher_role="coordinator", actor="tester")
    return snap, path


def test_figures_csv_holds_the_view_after_disclosure_control(published):
    snap, data = published
    want = case.expected(data)
    figures = pd.read_csv(snap.path / "figures.csv", dtype=str, keep_default_na=False)  # no comment lines
    assert list(figures.columns)[:8] == ["round", "round_label", "metric", "level", "pcode", "name_en", "name_ar",
                                         "value"]
    for rnd in (27, 28):
        for metric in case.METRICS:
            area = figures[(figures["round"] == str(rnd)) & (figures["metric"] == metric)
                           & (figures["level"] == "area")]
            assert area["value"].tolist() == [want["totals"][rnd][metric].replace(",", "")]
            bal = figures[(figures["round"] == str(rnd)) & (figures["metric"] == metric)
                          & (figures["level"] == "baladiya")]
            got = dict(zip(bal["pcode"], bal["value"], strict=True))
            assert got == {p: v.replace(",", "") for p, v in want["baladiya"][rnd][metric].items()}
    small = figures[(figures["round"] == "28") & (figures["metric"] == "migrants")
                    & (figures["pcode"] == case.SMALL_BALADIYA)]
    assert small["value"].tolist() == ["<5"]
    # No other baladiya withheld beside it: Derna's published total leaves the 3 out, so none could give it away.
    assert "x" not in got.values() and "x" not in want["baladiya"][28]["migrants"].values()
    raw = (snap.path / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Arabic names as UTF-8
    assert not any(line.startswith(b"#") for line in raw.splitlines())


def test_manifest_and_content_address(published):
    snap, _ = published
    manifest = json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in snap.path.iterdir() if p.name != "manifest.json")
    assert files == ["chart-areas.png", "chart-trend.png", "figures.csv", "index.html", "map.png"]
    hashes = {name: hashlib.sha256((snap.path / name).read_bytes()).hexdigest() for name in files}
    assert manifest["files"] == hashes
    lines = "".join(f"{name}:{hashes[name]}\n" for name in files)
    assert manifest["id"] == snap.id == snap.path.name == hashlib.sha256(lines.encode()).hexdigest()[:16]
    assert manifest["title"].startswith("Derna <img")
    assert manifest["publisher_role"] == "coordinator"
    assert manifest["disclosure"]["threshold"] == 5
    assert manifest["rounds"] == [27, 28] and manifest["area"] == case.MANTIKA
    assert manifest["data_versions"]["displacement"]["version"] == 2
    assert manifest["created"].endswith("+00:00")
    for name in [*files, "manifest.json"]:  # never edited: read-only files
        assert not (snap.path / name).stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_index_html_is_self_contained_escaped_and_public(published):
    snap, _ = published
    page = (snap.path / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<svg onload" not in page
    assert "Derna &lt;img src=x onerror=alert(1)&gt;" in page
    # Nothing to fetch: no external src/href, no url(http...), no @import in the page and its own
    # script (Leaflet's library text names leafletjs.com in an unused attribution string; the
    # browser test blocks every request anyway).
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 2  # Leaflet, then the snapshot's runtime
    ours = re.sub(r"<script>.*?</script>", "", page, flags=re.S) + scripts[-1]
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", ours, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page) and "@import" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in html.unescape(page)
    for restricted in ("detention", "Detention", "generate_illustrative", "data/layers"):
        assert restricted not in page.split('<script>')[0], restricted
    assert "Illustrative data." in page


def test_map_png_shows_the_legend(published):
    snap, _ = published
    image = Image.open(snap.path / "map.png").convert("RGB")
    width, height = image.size
    assert width >= 1200 and height >= 850 and width > height  # A4 landscape proportions
    # The legend sits right of the map: its region must have coloured (non-white) pixels,
    # including the first class colour of the YlGnBu ramp (#c7e9b4).
    legend = image.crop((int(width * 0.70), int(height * 0.12), width, int(height * 0.5)))
    colours = {c for _, c in legend.getcolors(maxcolors=1 << 20)}
    assert len([c for c in colours if c != (255, 255, 255)]) > 20
    assert (0xc7, 0xe9, 0xb4) in colours


def test_republishing_never_rewrites_and_withdraw_is_admin_only_and_audited(published, store):
    snap, _ = published
    files = snapshots.render(snapshots.gather(snapshots.View(area=case.MANTIKA), "Other", "coordinator"))
    assert snapshots.write(files, snap.path.parent)[0] != snap.path
    again = snapshots.write({p.name: p.read_bytes() for p in snap.path.iterdir()}, snap.path.parent)
    assert again == (snap.path, False)  # same content, same folder, untouched
    assert snap.id in [s.id for s in snapshots.list_published()]
    with pytest.raises(snapshots.SnapshotError, match="admin"):
        snapshots.withdraw(snap.id, role="coordinator")
    snapshots.withdraw(snap.id, role="admin", actor="boss")
    assert snap.id not in [s.id for s in snapshots.list_published()]
    assert not snap.path.exists()
    entries = store.audit(5)
    assert entries[0]["action"] == "withdraw" and entries[0]["actor"] == "boss" and snap.id in entries[0]["detail"]
    assert any(e["action"] == "publish" and e["actor"] == "tester" and snap.id in e["detail"] for e in entries)
    with pytest.raises(snapshots.SnapshotError, match="no published snapshot"):
        snapshots.withdraw(snap.id, role="admin")


def test_public_role_cannot_publish(store, tmp_path):
    with pytest.raises(snapshots.SnapshotError, match="coordinators"):
        snapshots.publish(snapshots.View(), "t", publisher_role="public", root=tmp_path)


# --- command line ---------------------------------------------------------------

def _geo(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ATLAS_SNAPSHOT_DIR", "ATLAS_ROLE")}
    out["ATLAS_DATA_DIR"] = str(tmp_path / "store")
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return out


def test_cli_publish_list_withdraw(env, tmp_path):
    out = tmp_path / "site"
    done = _geo("snapshot", "publish", "--page", "overview", "--round", "27", "--round", "28", "--area", "LY0101",
                "--lang", "ar", "--title", "Derna for donors", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip())
    assert folder.parent == out and (folder / "index.html").is_file() and (folder / "map.png").is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["page"] == "overview" and manifest["language"] == "ar" and manifest["rounds"] == [27, 28]
    assert 'dir="rtl"' in (folder / "index.html").read_text(encoding="utf-8")
    listed = _geo("snapshot", "list", "--out", str(out), env=env)
    assert folder.name in listed.stdout and "Derna for donors" in listed.stdout
    default = _geo("snapshot", "list", env=env)  # the data dir's own snapshot folder: still empty
    assert default.stdout.strip() == "no snapshots"
    gone = _geo("snapshot", "withdraw", folder.name, "--out", str(out), env=env)
    assert gone.returncode == 0 and "withdrew" in gone.stdout
    assert "no snapshots" in _geo("snapshot", "list", "--out", str(out), env=env).stdout
    audit = _geo("audit", "--limit", "2", env=env).stdout
    assert "withdraw" in audit and "publish" in audit


@pytest.mark.parametrize(("args", "message"), [
    (("--area", "LY99", "--title", "t"), "unknown area pcode 'LY99'"),
    (("--round", "99", "--title", "t"), "no DTM round 99"),
    (("--title", "  "), "needs a title"),
])
def test_cli_publish_refuses_bad_views(env, args, message):
    done = _geo("snapshot", "publish", *args, env=env)
    assert done.returncode == 1 and message in done.stderr


def test_cli_public_deployment_cannot_publish(env):
    done = _geo("snapshot", "publish", "--title", "t", env={**env, "ATLAS_ROLE": "public"})
    assert done.returncode == 1 and "public deployment" in done.stderr


def test_overview_snapshot_shows_public_sites_but_no_restricted_record(store, tmp_path):
    facilities = pd.read_csv(ROOT / "data" / "layers" / "health_facilities.csv")
    clinics = facilities[facilities["type"] == "detention-centre clinic"]["name"].tolist()
    others = facilities[facilities["type"] != "detention-centre clinic"]["name"].tolist()
    centres = pd.read_csv(ROOT / "data" / "layers" / "detention_centres.csv")["name"].unique().tolist()
    assert clinics and others and centres
    snap = snapshots.publish(snapshots.View(page="overview"), "Overview", publisher_role="coordinator",
                             root=tmp_path / "snaps")
    page = (snap.path / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["layers"] == ["displacement", "disembarkation_points", "health_facilities",
                                  "stabilization_projects"]
    assert any(name in page for name in others)
    for name in clinics + centres:
        assert name not in page, name


def test_cli_export_for_the_public_role_is_disclosure_controlled(env, tmp_path):
    data = case.write_case(tmp_path)
    assert _geo("import", str(data), "--dataset", "displacement", "--replace", env=env).returncode == 0
    public = _geo("export", "displacement", "--format", "csv", env={**env, "ATLAS_ROLE": "public"})
    rows = pd.read_csv(io.StringIO(public.stdout), dtype=str)
    small = rows[(rows["round"] == str(case.SMALL_ROUND)) & (rows["baladiya_pcode"] == case.SMALL_BALADIYA)]
    assert small["migrants"].tolist() == ["<5"]
    want = case.expected(data)["baladiya"][case.SMALL_ROUND]["migrants"]
    derna = rows[(rows["round"] == str(case.SMALL_ROUND)) & (rows["mantika_pcode"] == case.MANTIKA)]
    assert dict(zip(derna["baladiya_pcode"], derna["migrants"], strict=True)) == {
        p: v.replace(",", "") for p, v in want.items()}  # "<5", no "x": the 3 is in no public total
    exact = _geo("export", "displacement", "--format", "csv", env=env)
    rows = pd.read_csv(io.StringIO(exact.stdout), dtype=str)
    small = rows[(rows["round"] == str(case.SMALL_ROUND)) & (rows["baladiya_pcode"] == case.SMALL_BALADIYA)]
    assert small["migrants"].tolist() == [str(case.SMALL_VALUE)]


def test_titles_are_drawn_as_typed(store, tmp_path):
    # matplotlib reads $...$ as mathematics; a title with dollar signs must still publish.
    snap = snapshots.publish(snapshots.View(area="LY0101", rounds=(28,)), "Budget $5 and $6 <b>",
                             publisher_role="coordinator", root=tmp_path)
    for name in ("map.png", "chart-trend.png", "chart-areas.png"):
        assert Image.open(snap.path / name).size[0] >= 1200


def test_a_one_round_snapshot_names_its_round_once(store, tmp_path, monkeypatch):
    # Its heading read "R27 · Jul–Sep 2019 – R27 · Jul–Sep 2019", a range from a round to itself.
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    case.import_case(store, tmp_path)
    one = snapshots.publish(snapshots.View(rounds=(27,), current=27, area=case.MANTIKA), "One round",
                            publisher_role="coordinator", actor="tester")
    two = snapshots.publish(snapshots.View(rounds=(27, 28), current=28, area=case.MANTIKA), "Two rounds",
                            publisher_role="coordinator", actor="tester")
    meta = [re.search(r'<div class="meta">(.*?)</div>', (s.path / "index.html").read_text(encoding="utf-8"),
                      flags=re.S).group(1) for s in (one, two)]
    assert meta[0].count("R27") == 1 and " – " not in meta[0].split("Published")[0], meta[0]
    assert re.search(r"R27 · \w{3}–\w{3} \d{4} – R28", meta[1]), meta[1]


def test_a_listed_snapshots_area_is_named_in_the_readers_language(tmp_path):
    """The list names the area in the reader's language from its pcode; an area no longer in the boundaries keeps
    the name stored when it was published (names from the boundaries file, written out here)."""
    def listed(area: str, label: str) -> snapshots.Published:
        return snapshots.Published("x", "t", "2026-12-04T20:00:00Z", area, label, "displacement", (27,), "coordinator",
                                   tmp_path)

    assert listed("LY0101", "Derna").area_name("ar") == "درنه"
    assert listed("LY0101", "درنه").area_name("en") == "Derna"
    assert listed("", "Libya").area_name("ar") == "ليبيا"
    assert listed("LY9999", "Old place").area_name("ar") == "Old place"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_snapshot_credits_every_source_of_the_rows_it_shows(store, tmp_path, lang):
    # A round-28 file credited to its publisher, merged into the shipped rounds: the snapshot's sources name both,
    # the registry's words first (in Arabic, the Arabic catalogue's), the publisher as typed.
    shipped = pd.read_csv(ROOT / "data" / "layers" / "displacement.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "r28.csv"
    r28 = shipped[shipped["round"] == "28"].copy()
    r28.iloc[0, r28.columns.get_loc("migrants")] = str(int(r28.iloc[0]["migrants"]) + 1)  # a revised round
    r28.to_csv(path, index=False)
    from geo import ingest

    version, _ = ingest.import_file(store, path, "displacement", actor="test", publisher="DTM Libya R28 (HDX)",
                                    licence="CC BY-IGO 3.0")
    assert version.based_on == 1
    snap = snapshots.publish(snapshots.View(rounds=(27, 28), current=28, area=case.MANTIKA, lang=lang), "Credits",
                             publisher_role="coordinator", root=tmp_path / "snaps")
    page = html.unescape((snap.path / "index.html").read_text(encoding="utf-8"))
    source, licence = "IOM DTM Libya (mobility tracking rounds)", "IOM DTM public datasets; illustrative rows: " \
        "project-generated"  # the registry's words (data/README.md)
    if lang == "ar":
        from babel.messages.pofile import read_po

        with open(ROOT / "locales/ar/LC_MESSAGES/messages.po", "rb") as f:
            ar = {m.id: m.string for m in read_po(f) if m.id}
        source, licence = ar[source], ar[licence]
    assert f"{source} + DTM Libya R28 (HDX)" in page
    assert f"{licence} + CC BY-IGO 3.0" in page


def test_publish_pressed_twice_is_one_publication_audited_once(store, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    case.import_case(store, tmp_path)
    view = snapshots.View(page="displacement", metric="migrants", rounds=(27, 28), current=28, area=case.MANTIKA)
    first = snapshots.publish(view, "Derna", publisher_role="coordinator", actor="tester",
                              now=dt.datetime(2026, 12, 6, 19, 30, 5, tzinfo=dt.UTC))
    second = snapshots.publish(view, "Derna", publisher_role="coordinator", actor="tester",  # a double click
                               now=dt.datetime(2026, 12, 6, 19, 30, 6, tzinfo=dt.UTC))
    assert second.id == first.id
    assert [e["action"] for e in store.audit(10) if first.id in e["detail"]] == ["publish"]


def test_a_snapshot_written_meanwhile_by_the_other_press_is_taken_as_written(store, tmp_path, monkeypatch):
    """Two runs publish the same view at once: the second finds no folder, writes its copy, and the first's
    folder appears before the second's can take its name."""
    case.import_case(store, tmp_path)
    files = snapshots.render(snapshots.gather(snapshots.View(area=case.MANTIKA), "Derna", "coordinator"))
    root = tmp_path / "snapshots"
    real_mkdtemp = snapshots.tempfile.mkdtemp

    def the_other_press_lands_first(**kwargs):
        monkeypatch.setattr(snapshots.tempfile, "mkdtemp", real_mkdtemp)
        assert snapshots.write(files, root)[1] is True  # the other run's copy, whole
        return real_mkdtemp(**kwargs)

    monkeypatch.setattr(snapshots.tempfile, "mkdtemp", the_other_press_lands_first)
    path, new = snapshots.write(files, root)
    assert new is False and (path / "manifest.json").is_file()
    assert sorted(p.name for p in root.iterdir()) == [path.name]  # no half-written copy left beside it
