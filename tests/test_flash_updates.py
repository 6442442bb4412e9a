"""Flash updates without a browser: adding one (validated like an import,
audited, nothing changed on bad input), where events are drawn, what counts
as new, the Atom/GeoJSON feeds, and ``python -m geo flash add``.

Expected values come from the shipped files (data/admin/*.csv,
data/places/geonames_lby.csv, data/layers/flash_updates.csv), not from the
code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pandas as pd
import pytest
import shapely.geometry

from geo import flash_events, flash_feed, ingest
from geo.store import open_store
from geo.validation import ValidationError

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date.today()


def _csv(path: str) -> list[dict[str, str]]:
    with open(ROOT / path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


MANTIKA = {r["name_en"]: r["pcode"] for r in _csv("data/admin/mantika.csv")}
BALADIYA = {r["name_en"]: r for r in _csv("data/admin/baladiya.csv")}
SHIPPED = _csv("data/layers/flash_updates.csv")


@pytest.fixture
def store(tmp_path):
    return open_store(f"gpkg:{tmp_path}/atlas.gpkg")


def snapshot(store) -> tuple:
    return (store.versions("flash_updates"), store.audit(1000), store.read("flash_updates").drop(
        columns="geometry").to_json())


def draft(**kw) -> flash_events.Draft:
    base = {"title": "Floods in Derna", "date": TODAY.isoformat(), "event_type": "flood",
            "summary": "Heavy rain flooded the wadi.", "source": "Field team call",
            "place": "Derna", "lat": "32.7670", "lon": "22.6367"}
    return flash_events.Draft(**{**base, **kw})


def test_add_stores_a_new_audited_version(store):
    before = store.current_version("flash_updates")
    version, row = flash_events.add(store, draft(people_affected="1,200"), actor="coordinator a")
    assert version.version == before + 1 and version.created_by == "coordinator a"
    assert version.source_name == "flash update form" and version.row_count == len(SHIPPED) + 1
    assert row["event_id"] == f"FU-{TODAY.year}-001"
    stored = store.read("flash_updates").set_index("event_id").loc[row["event_id"]]
    assert stored["mantika_pcodes"] == MANTIKA["Derna"]  # found from the point, not typed
    assert stored["people_affected"] == 1200 and not stored["location_approximate"]
    assert stored["geometry"].equals(shapely.geometry.Point(22.6367, 32.767))
    audit = store.audit(1)[0]
    assert (audit["actor"], audit["action"], audit["dataset"], audit["version"]) == \
        ("coordinator a", "import", "flash_updates", version.version)
    assert f"added {row['event_id']}: Floods in Derna" in audit["detail"]
    # The earlier version is untouched and still there.
    assert len(store.read("flash_updates", before)) == len(SHIPPED)


def test_baladiyas_alone_place_the_event_at_the_seat_and_say_so(store):
    kufra = BALADIYA["Alkufra"]
    _, row = flash_events.add(store, draft(title="Road to Kufra cut", place=None, lat=None, lon=None,
                                           event_type="access", baladiya_pcodes=[kufra["pcode"]]))
    assert row["mantika_pcodes"] == kufra["mantika_pcode"]
    located = flash_events.locate(store.read("flash_updates")).set_index("event_id").loc[row["event_id"]]
    assert located["point_approximate"]
    assert "seat of Alkufra baladiya" in located["point_note"] and "not known" in located["point_note"]


def test_shipped_events_are_at_their_first_baladiya_seat_flagged_approximate():
    frame = pd.DataFrame(SHIPPED).assign(date=lambda f: pd.to_datetime(f["date"]).dt.date, lat=None, lon=None)
    located = flash_events.locate(frame).set_index("event_id")
    names = {r["pcode"]: r["name_en"] for r in BALADIYA.values()}
    for row in SHIPPED:
        first = row["baladiya_pcodes"].split(";")[0]
        assert row["lat"] == "" and row["location_approximate"] == "true"  # nothing invented
        assert located.loc[row["event_id"], "point_approximate"]
        assert f"seat of {names[first]} baladiya" in located.loc[row["event_id"], "point_note"]


@pytest.mark.parametrize("change, expected", [
    ({"date": (TODAY + dt.timedelta(days=2)).isoformat()}, "is in the future"),
    ({"title": "   "}, "the title is empty"),
    ({"event_type": "earthquake"}, "is not one of"),
    ({"lat": "45.0", "lon": "13.0"}, "is outside Libya"),
    ({"place": None, "lat": None, "lon": None}, "has no location"),
    ({"baladiya_pcodes": ["LY999999"]}, "LY999999"),
    ({"people_affected": "-5"}, "negative"),
    ({"source": ""}, "source"),
])
def test_bad_input_is_named_and_changes_nothing(store, change, expected):
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        flash_events.add(store, draft(**change))
    assert expected in str(err.value)
    assert snapshot(store) == before


def test_duplicate_event_is_refused(store):
    flash_events.add(store, draft())
    before = snapshot(store)
    with pytest.raises(ValidationError, match=r"duplicate event: FU-.* is already in the feed"):
        flash_events.add(store, draft(title="floods in  DERNA", summary="again"))
    assert snapshot(store) == before
    # A report from the 2019 feed, typed again, is a duplicate too.
    first = SHIPPED[2]
    with pytest.raises(ValidationError, match=first["event_id"]):
        flash_events.add(store, draft(title=first["title"], date=first["date"], event_type=first["event_type"]))


def test_an_email_address_in_a_public_text_is_refused_and_nothing_is_stored(store, tmp_path):
    """Seen: a flash update's source "Contact: ahmed.salem@iom.int" on the public page, in the Atom and GeoJSON
    feeds and in the feed's subtitle."""
    flash_events.add(store, draft())
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        flash_events.add(store, draft(title="Clashes near Tripoli", source="Contact: ahmed.salem@iom.int",
                                      summary="Report by a.b@example.org.uk"))
    assert sorted((p.column, p.message) for p in caught.value.problems) == [
        ("source", "contains an e-mail address (ahmed.salem@iom.int); public pages and feeds show this text as "
                   "written"),
        ("summary", "contains an e-mail address (a.b@example.org.uk); public pages and feeds show this text as "
                    "written")]
    assert snapshot(store) == before
    # An imported file too; a text with "@" that is no address is kept ("meeting @ 10:00").
    path = tmp_path / "flash.csv"
    path.write_text("event_id,date,event_type,title,summary,source,mantika_pcodes,lat,lon\n"
                    "FU-X-1,2020-01-05,armed clashes,Clashes,Meeting @ 10:00 in the centre,OCHA: ops@un.org,LY0211,"
                    "32.9,13.2\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        ingest.import_file(store, path, "flash_updates")
    assert [(p.column, p.message.split(";")[0]) for p in caught.value.problems] == [
        ("source", "contains an e-mail address (ops@un.org)")]
    assert snapshot(store) == before


def test_a_place_named_as_a_baladiya_is_kept_in_both_languages(store):
    """Seen on the Arabic Flash page: "المكان: Tripoli", a place the gazetteer knows in Arabic."""
    for typed in ("Tripoli", "Tripoli · طرابلس", "طرابلس"):  # typed, picked in the location search, typed in Arabic
        _, record = flash_events.add(store, draft(place=typed, title=f"Floods near {typed}"))
        assert (record["place"], record["place_ar"]) == ("Tripoli", "طرابلس"), typed
    _, record = flash_events.add(store, draft(place="the old port", title="Floods at the old port"))
    assert (record["place"], record["place_ar"]) == ("the old port", None)  # not a baladiya: as typed


def test_unknown_place_names_close_matches():
    with pytest.raises(ValidationError, match="unknown place 'Atlantis'"):
        flash_events.find_place("Atlantis")
    assert flash_events.find_place("Misrata").baladiya_pcode == BALADIYA["Misrata"]["pcode"]


def test_new_since_counts_when_an_update_entered_the_feed(store):
    visit = flash_events.now() - dt.timedelta(seconds=5)
    frame = store.read("flash_updates")
    assert not flash_events.is_new(frame, visit).any()
    # Reported late: dated last week, added now -> new since the visit.
    flash_events.add(store, draft(date=(TODAY - dt.timedelta(days=7)).isoformat()))
    frame = store.read("flash_updates")
    new = frame[flash_events.is_new(frame, visit)]
    assert list(new["title"]) == ["Floods in Derna"]
    assert flash_events.is_new(frame, None).all()


def test_new_since_a_period_a_date_or_the_last_visit():
    at = dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.UTC)
    visit = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
    assert flash_events.since_moment("", visit, at) == visit
    assert flash_events.since_moment("", None, at) is None  # a first visit: nothing to compare with
    assert flash_events.since_moment("24h", visit, at) == dt.datetime(2026, 11, 30, 13, 30, tzinfo=dt.UTC)
    assert flash_events.since_moment("3d", visit, at) == dt.datetime(2026, 11, 28, 13, 30, tzinfo=dt.UTC)
    assert flash_events.since_moment("7d", visit, at) == dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.UTC)
    assert flash_events.since_moment("30d", visit, at) == dt.datetime(2026, 11, 1, 13, 30, tzinfo=dt.UTC)
    # A date counts from the start of its day: an event reported at midnight is new.
    since = flash_events.since_moment("2019-08-01", visit, at)
    frame = pd.DataFrame({"event_id": ["a", "b"], "date": ["2019-08-01", "2019-07-31"],
                          "reported_at": ["2019-08-01T00:00:00Z", "2019-07-31T23:59:59Z"]})
    assert list(flash_events.is_new(frame, since)) == [True, False]
    assert flash_events.since_moment("2019-08-01T06:00:00Z", visit, at) == dt.datetime(2019, 8, 1, 6, tzinfo=dt.UTC)
    for good in ("", "24h", "3d", "7d", "30d", "2019-08-01", "2019-08-01T06:00:00Z"):
        assert flash_events.valid_since(good), good
    for bad in ("2d", "yesterday", "2019-13-01", "24H"):
        assert not flash_events.valid_since(bad), bad
    # a moment to come: nothing can be new since then (seen: since=2030-01-01 failed the page), but a date is
    # midnight UTC, and east of UTC "today" may be tomorrow's date in UTC for up to 14 hours (UTC+14)
    now = dt.datetime.now(dt.UTC)
    for later in ("2030-01-01", (now + dt.timedelta(days=2)).date().isoformat(),
                  (now + dt.timedelta(hours=15)).isoformat(timespec="seconds")):
        assert not flash_events.valid_since(later), later
    for soon in (now.date().isoformat(), (now + dt.timedelta(hours=13)).isoformat(timespec="seconds")):
        assert flash_events.valid_since(soon), soon


def test_feeds_parse_newest_first_with_permalinks(store, tmp_path):
    _, row = flash_events.add(store, draft())
    frame = store.read("flash_updates")
    base = "http://atlas.example:8501"
    written = flash_feed.publish(frame, "test v2", base, dirs=[tmp_path / "a"])
    assert sorted(p.name for p in written) == ["flash_updates.atom", "flash_updates.geojson"]
    assert flash_feed.publish(frame, "test v2", base, dirs=[tmp_path / "a"]) == []  # unchanged: not rewritten

    feed = feedparser.parse((tmp_path / "a" / "flash_updates.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == len(SHIPPED) + 1
    assert feed.entries[0].link == f"{base}/flash?event={row['event_id']}"
    assert "Floods in Derna" in feed.entries[0].title
    dates = [e.published_parsed[:3] for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    shipped_newest = max(SHIPPED, key=lambda r: r["date"])
    assert shipped_newest["title"] in feed.entries[1].title
    illustrative = {r["title"] for r in SHIPPED if r["illustrative"] == "true"}
    for e in feed.entries:
        assert (" (illustrative)" in e.title) == any(t in e.title for t in illustrative)

    doc = json.loads((tmp_path / "a" / "flash_updates.geojson").read_bytes())
    assert doc["type"] == "FeatureCollection" and doc["metadata"]["order"] == "newest first"
    first = doc["features"][0]
    assert first["properties"]["event_id"] == row["event_id"]
    assert first["properties"]["permalink"] == f"{base}/flash?event={row['event_id']}"
    point = shapely.geometry.shape(first["geometry"])
    assert (round(point.x, 4), round(point.y, 4)) == (22.6367, 32.767)
    assert first["properties"]["location_approximate"] is False
    assert all(f["properties"]["location_approximate"] for f in doc["features"][1:])


def test_event_text_reaches_the_feed_as_text(store, tmp_path):
    flash_events.add(store, draft(title="Clashes <script>alert(1)</script>", summary="**bold** <b>x</b>"))
    flash_feed.publish(store.read("flash_updates"), "x", "http://h", dirs=[tmp_path])
    raw = (tmp_path / "flash_updates.atom").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    entry = feedparser.parse(raw).entries[0]
    assert entry.title_detail.type == "text/plain" and "<script>alert(1)</script>" in entry.title


# --- command line --------------------------------------------------------------

def geo(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATLAS_DATA_DIR": str(data_dir), "ATLAS_PUBLIC_URL": "http://feeds.example"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


def test_cli_flash_add_and_its_refusals(tmp_path):
    args = ["flash", "add", "--title", "Clashes in Murzuq town", "--date", TODAY.isoformat(),
            "--type", "armed clashes", "--place", "Murzuq", "--affected", "1,200", "--source", "DTM",
            "--text", "Families moved to Sebha.", "--actor", "cli tester"]
    done = geo(*args, "--title-ar", "اشتباكات في بلدة مرزق", "--text-ar", "انتقلت أسر إلى سبها.", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"flash_updates v2: added FU-{TODAY.year}-001 ")
    assert f"permalink http://feeds.example/flash?event=FU-{TODAY.year}-001" in done.stdout
    feed = feedparser.parse((tmp_path / "feeds" / "flash_updates.atom").read_bytes())
    assert feed.entries[0].title.endswith("Clashes in Murzuq town")
    first = json.loads((tmp_path / "feeds" / "flash_updates.geojson").read_bytes())["features"][0]["properties"]
    assert (first["title_ar"], first["summary_ar"]) == ("اشتباكات في بلدة مرزق", "انتقلت أسر إلى سبها.")
    audit = geo("audit", "--limit", "1", data_dir=tmp_path).stdout
    assert "cli tester" in audit and "python -m geo flash add" in audit

    versions = geo("versions", "flash_updates", data_dir=tmp_path).stdout
    for bad, message in [
        (["--title", "Clashes in Murzuq town"], "duplicate event"),
        (["--title", "Another", "--place", "Atlantis"], "unknown place 'Atlantis'"),
        (["--title", "Another", "--date", "2999-01-01"], "2999-01-01 is in the future"),
        (["--title", ""], "the title is empty"),
    ]:
        changed = list(args)
        for flag, value in zip(bad[::2], bad[1::2], strict=True):
            changed[changed.index(flag) + 1] = value
        done = geo(*changed, data_dir=tmp_path)
        assert done.returncode == 1 and message in done.stderr and "nothing was stored" in done.stderr, done.stderr
    assert geo("versions", "flash_updates", data_dir=tmp_path).stdout == versions


def test_card_place_line_is_escaped_html(monkeypatch):
    """A card's "where" line is HTML: the feed's place is marked as data, and every other part (a unit's name,
    the sentence around it) is escaped, so a name with markup shows as written."""
    from components import flash_view
    from geo import admin

    unit = admin.Unit("LY000001", "<b>Tajura</b> & Co", "تاجوراء", "LY0001", "baladiya")
    monkeypatch.setattr(flash_view.admin, "baladiyas", lambda: {unit.pcode: unit})
    event = pd.Series({"place": "<i>factory</i>", "point_basis": "seat", "point_area": unit.pcode,
                       "point_approximate": True})
    line = flash_view.where_text(event)
    assert "<b>" not in line and "<i>" not in line
    assert "&lt;b&gt;Tajura&lt;/b&gt; &amp; Co" in line
    assert flash_view.where_text(event, marked=False).startswith("<i>factory</i>: ")  # plain, for a tooltip


def _figures(text: str, group: str) -> list[int]:
    """The numbers a text states, its thousands grouped by ``group`` ("," in English, "." as ar-LY writes them)."""
    return sorted(int(n.replace(group, "")) for n in re.findall(rf"\d+(?:{re.escape(group)}\d{{3}})*", text))


@pytest.mark.parametrize("row", SHIPPED, ids=[r["event_id"] for r in SHIPPED])
def test_a_shipped_event_says_the_same_in_arabic(row):
    """Seen on the Arabic Flash page: every card's title, text and place were in English. The shipped events now
    carry the project's Arabic words, which must state the same figures and dates as the English."""
    arabic = re.compile("[\u0600-\u06ff]")
    for field in ("title_ar", "summary_ar", "place_ar"):
        assert arabic.search(row[field]) and not re.search("[A-Za-z]", row[field]), (field, row[field])
    assert _figures(row["summary_ar"], ".") == _figures(row["summary"], ","), row["event_id"]


def test_an_update_typed_with_arabic_words_keeps_them_and_one_without_has_none(store, tmp_path):
    _, with_arabic = flash_events.add(store, draft(title_ar="  فيضانات في درنة ", summary_ar="غمرت الأمطار الوادي."))
    _, without = flash_events.add(store, draft(title="Floods in Derna again", summary_ar="  "))
    stored = store.read("flash_updates").set_index("event_id")
    assert stored.loc[with_arabic["event_id"], ["title_ar", "summary_ar"]].tolist() == ["فيضانات في درنة",
                                                                                        "غمرت الأمطار الوادي."]
    assert stored.loc[without["event_id"], ["title_ar", "summary_ar"]].isna().all()
    flash_feed.publish(store.read("flash_updates"), "test", "http://atlas.example", dirs=[tmp_path])
    props = {f["id"]: f["properties"] for f in json.loads((tmp_path / "flash_updates.geojson").read_bytes())
             ["features"]}
    assert props[with_arabic["event_id"]]["title_ar"] == "فيضانات في درنة"
    assert props[without["event_id"]]["title_ar"] is None
    tajoura = next(r for r in SHIPPED if r["event_id"] == "FU-2019-003")
    assert props["FU-2019-003"]["title_ar"] == tajoura["title_ar"]


def test_a_card_reads_in_the_pages_language(arabic):
    """The card's title, text and place: the Arabic words on the Arabic page where the row has them, else as
    written; the English page always as written."""
    from components import flash_view

    event = pd.Series({"date": dt.date(2019, 7, 2), "title": "Airstrike", "title_ar": "غارة جوية",
                       "summary": "An airstrike.", "summary_ar": None, "place": "Tajoura", "place_ar": "تاجوراء"})
    assert [flash_view.words(event, f) for f in ("title", "summary", "place")] == ["غارة جوية", "An airstrike.",
                                                                                   "تاجوراء"]
    arabic["lang"] = "en"
    assert [flash_view.words(event, f) for f in ("title", "summary", "place")] == ["Airstrike", "An airstrike.",
                                                                                   "Tajoura"]


def test_an_update_is_credited_to_the_source_its_form_names_beside_the_shipped_events(tmp_path, monkeypatch):
    # Seen: the feeds said "Source: IOM Libya Annual Report 2019; DTM Flash Updates" of every event, a coordinator's
    # "Field team call" included; the Sources list said "a coordinator's import (publisher not recorded)".
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = open_store(f"gpkg:{tmp_path}/atlas.gpkg")
    version, _ = flash_events.add(store, draft(source="  Field   team call "))
    assert (version.publisher, version.based_on) == ("Field team call", version.version - 1)
    shipped = "IOM Libya Annual Report 2019; DTM Flash Updates"  # the registry's words (data/README.md)
    monkeypatch.setattr(flash_feed, "feed_dirs", lambda: [tmp_path / "feeds"])
    flash_feed.refresh("http://atlas.example:8501")
    doc = json.loads((tmp_path / "feeds" / "flash_updates.geojson").read_bytes())
    assert doc["metadata"]["source"] == f"{shipped} + Field team call"
    assert doc["metadata"]["licence"] == ("Report facts: IOM; figures marked illustrative are project-generated + "
                                          "not recorded at import")
    feed = feedparser.parse((tmp_path / "feeds" / "flash_updates.atom").read_bytes())
    assert f"Source: {shipped} + Field team call." in feed.feed.subtitle


def test_a_source_too_long_to_credit_is_shortened_in_the_credit_and_kept_whole_in_the_event(store):
    long = "Field team call " + "x" * 300
    version, row = flash_events.add(store, draft(source=long))
    assert len(version.publisher) == 200 and version.publisher.endswith("…")  # geo.store's limit of 200
    assert version.publisher[:-1] == long[:199]
    assert row["source"] == long


def test_two_deployments_from_one_checkout_serve_their_own_feeds(tmp_path, monkeypatch):
    # Seen in the code: every deployment wrote <checkout>/static/feeds/, so a public server beside the
    # coordinators' (each on its own data folder) handed out whichever feed was written last.
    from geo import settings

    checkout = tmp_path / "checkout"
    monkeypatch.setattr(settings, "ROOT", checkout)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    atoms = {}
    for name in ("coordinators", "public"):
        monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / name))
        (tmp_path / name).mkdir()
        flash_events.add(open_store(f"gpkg:{tmp_path / name}/atlas.gpkg"), draft(title=f"Flooding seen by {name}"))
        written = flash_feed.refresh("http://atlas.example:8501")
        static = [p for p in written if p.name == "flash_updates.atom" and checkout in p.parents]
        assert len(static) == 1 and static[0].parent.parent == checkout / "static" / "feeds"
        assert flash_feed.static_url() == f"/app/static/feeds/{static[0].parent.name}"
        atoms[name] = static[0]
    assert atoms["coordinators"] != atoms["public"]
    for name, path in atoms.items():
        titles = [e.title for e in feedparser.parse(path.read_bytes()).entries]
        assert any(t.endswith(f"Flooding seen by {name}") for t in titles)
        assert not any("seen by" in t and not t.endswith(name) for t in titles)
    monkeypatch.delenv("ATLAS_DATA_DIR")  # the checkout's own var/: the address the README gives
    assert flash_feed.static_url() == "/app/static/feeds"
    assert flash_feed.feed_dirs()[0] == checkout / "static" / "feeds"
