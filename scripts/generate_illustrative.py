"""Generate the atlas's default layer tables: report facts plus illustrative detail.

Why: the 2019 report gives national totals and named sites, not per-baladiya
or per-month breakdowns.  The atlas needs those breakdowns to be useful, so this
script invents them, deterministically (fixed seed), calibrated so that every
total the report gives is met exactly, and flags every generated row
``illustrative=True``.  Rows that restate a report fact exactly (a named
project's status, a dated event) carry ``illustrative=False`` and cite the
section in ``source``.  Run it again and the files do not change.

Usage: ``python scripts/generate_illustrative.py`` (writes ``data/layers/*.csv``).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import admin, gazetteer  # noqa: E402
from geo.registry import LAYERS  # noqa: E402

OUT = ROOT / "data" / "layers"
SEED = 2019
GENERATOR = "Illustrative: scripts/generate_illustrative.py"
REPORT = "IOM Libya Annual Report 2019"


def facts() -> dict[str, int]:
    """Report figures by fact id (data/report/facts_2019.csv)."""
    with open(ROOT / "data" / "report" / "facts_2019.csv", encoding="utf-8") as f:
        return {r["fact_id"]: int(r["value"]) for r in csv.DictReader(f)}


def split_total(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that sum to exactly ``total``
    (largest-remainder rounding): how every calibration below hits the report."""
    weights = np.asarray(weights, dtype=float)
    raw = weights / weights.sum() * total
    out = np.floor(raw).astype(int)
    rest = total - out.sum()
    order = np.argsort(-(raw - out), kind="stable")
    out[order[:rest]] += 1
    return out


def months_2019() -> list[dt.date]:
    return [dt.date(2019, m, 1) for m in range(1, 13)]


def cite(section: str) -> str:
    return f"{REPORT}, section '{section}'"


# --- displacement -----------------------------------------------------------

# Bi-monthly DTM mobility-tracking cycles of 2019.  Round numbers and periods
# approximate DTM Libya's 2019 rounds; the last round's national totals are
# the report's "as of December 2019" figures.
ROUNDS = [
    (24, dt.date(2019, 1, 1), dt.date(2019, 2, 28)),
    (25, dt.date(2019, 3, 1), dt.date(2019, 4, 30)),
    (26, dt.date(2019, 5, 1), dt.date(2019, 7, 15)),
    (27, dt.date(2019, 7, 16), dt.date(2019, 9, 30)),
    (28, dt.date(2019, 10, 1), dt.date(2019, 12, 31)),
]
# National totals of earlier rounds relative to the last one (illustrative trend:
# IDPs rise after the Tripoli conflict of April 2019, per the report's context section).
TREND = {"migrants": [0.99, 1.01, 0.98, 0.985, 1.0],
         "idps": [0.52, 0.58, 0.86, 0.93, 1.0],
         "returnees": [0.93, 0.95, 0.96, 0.98, 1.0]}
CONFLICT_MANTIKA = {"LY0211", "LY0212"}  # Tripoli, Aljfara: where IDPs were displaced from/to


def displacement(rng: np.random.Generator, f: dict[str, int]) -> list[dict]:
    seats = gazetteer.seats()
    pcodes = sorted(seats)
    places = {p.geonameid: p.population for p in gazetteer.places()}
    pop = []
    for pcode in pcodes:
        note = seats[pcode].note
        gid = int(note.split()[1]) if note.startswith("GeoNames") else None
        pop.append(places.get(gid, 8000) if gid else 8000)
    pop = np.array(pop, dtype=float)
    base = {metric: pop ** 0.85 * rng.lognormal(0, 0.45, len(pcodes)) for metric in TREND}
    south = np.array([seats[p].mantika_pcode.startswith("LY03") for p in pcodes])
    base["migrants"] *= np.where(south, 1.8, 1.0)  # more migrants along southern routes
    conflict = np.array([seats[p].mantika_pcode in CONFLICT_MANTIKA for p in pcodes])
    totals = {"migrants": f["dtm_migrants"], "idps": f["dtm_idps"], "returnees": f["dtm_returnees"]}
    rows = []
    for i, (rnd, start, end) in enumerate(ROUNDS):
        values = {}
        for metric, weights in base.items():
            w = weights * rng.lognormal(0, 0.08, len(pcodes))
            if metric == "idps" and i >= 2:
                w = w * np.where(conflict, 1.9, 1.0)
            values[metric] = split_total(round(totals[metric] * TREND[metric][i]), w)
        for j, pcode in enumerate(pcodes):
            seat = seats[pcode]
            rows.append({
                "round": rnd, "round_start": start, "round_end": end,
                "admin1_pcode": admin.mantikas()[seat.mantika_pcode].parent,
                "mantika_pcode": seat.mantika_pcode, "baladiya_pcode": pcode,
                "baladiya_name": seat.name_en,
                **{m: int(values[m][j]) for m in TREND},
                "illustrative": True,
                "source": GENERATOR + (f"; round {rnd} totals = {cite('Overview of political and security context')}"
                                       if i == len(ROUNDS) - 1 else "; trend illustrative"),
            })
    return rows


# --- detention centres -------------------------------------------------------

# Centres the report names, then unnamed ones placed at baladiya seats to make
# up the 17 centres it mentions.  Unnamed centres are labelled as such.
NAMED_CENTRES = [  # (id, name, its Arabic, pcode, section naming it)
    ("DC-TAJ", "Tajoura detention centre", "مركز احتجاز تاجوراء", "LY021102", "Health Assistance"),
    ("DC-TRS", "Trig Alsikka detention centre", "مركز احتجاز طريق السكة", "LY021104", "Health Assistance"),
    ("DC-SEB", "Sebha detention centre", "مركز احتجاز سبها", "LY031901", "Health Assistance"),
    ("DC-DAJ", "Daher Al-Jabal detention centre", "مركز احتجاز ظاهر الجبل", "LY021614", "Health Assistance"),
    ("DC-MIS", "Detention centre near Misrata", "مركز احتجاز قرب مصراتة", "LY021401",
     "Voluntary Humanitarian Return and Reintegration Assistance"),
]
UNNAMED_CENTRE_SEATS = ["LY021105", "LY021106", "LY021103", "LY021302", "LY021501", "LY021402",
                        "LY021001", "LY021602", "LY010304", "LY010701", "LY010403", "LY010602"]
WESTERN_MHPSS = {"DC-TAJ", "DC-TRS", "DC-DAJ", "DC-MIS", "DC-05", "DC-06", "DC-07", "DC-08"}


def detention_centres(rng: np.random.Generator, f: dict[str, int]) -> list[dict]:
    seats = gazetteer.seats()
    centres = [(cid, name, name_ar, pcode, cite(section), False) for cid, name, name_ar, pcode, section
               in NAMED_CENTRES]
    for n, pcode in enumerate(UNNAMED_CENTRE_SEATS[: f["dc_count"] - len(NAMED_CENTRES)], start=5):
        centres.append((f"DC-{n:02d}", f"Detention centre, {seats[pcode].name_en} (unnamed, illustrative)",
                        f"مركز احتجاز، {seats[pcode].name_ar} (بلا اسم، توضيحي)", pcode, GENERATOR, True))
    months = months_2019()
    size = rng.lognormal(5.3, 0.6, len(centres))
    # Tajoura: hit by an airstrike in July 2019 (report); modelled closed from August (illustrative).
    open_mask = np.ones((len(centres), 12), dtype=bool)
    open_mask[0, 7:] = False
    for k in rng.choice(range(5, len(centres)), 3, replace=False):
        open_mask[k, rng.integers(3, 10):] = False
    held = np.zeros((len(centres), 12), dtype=int)
    for m in range(12):
        w = size * rng.lognormal(0, 0.15, len(centres)) * open_mask[:, m]
        total = f["dc_held"] if m == 11 else int(f["dc_held"] * rng.uniform(1.1, 1.6))
        held[:, m] = split_total(total, w)
    consult = split_total(f["dc_consultations"], (held * rng.lognormal(0, 0.3, held.shape)).ravel())
    consult = consult.reshape(held.shape)
    rows = []
    for i, (cid, name, name_ar, pcode, source, placed) in enumerate(centres):
        seat = seats[pcode]
        for m, month in enumerate(months):
            services = ["health consultations", "NFI distribution", "WASH rehabilitation"]
            if cid in WESTERN_MHPSS:
                services.append("MHPSS")
            if cid == "DC-TRS":
                services.append("TB isolation rooms")
            if cid in ("DC-SEB", "DC-DAJ") and m >= 6:
                services.append("primary health care clinic")
            rows.append({
                "centre_id": cid, "name": name, "name_ar": name_ar, "lat": seat.lat, "lon": seat.lon,
                "baladiya_pcode": pcode,
                "month": month, "status": "open" if open_mask[i, m] else "closed",
                "people_held": int(held[i, m]), "consultations": int(consult[i, m]),
                "services": ";".join(services) if open_mask[i, m] else "",
                "illustrative": True,
                "source": f"{GENERATOR}; location at baladiya seat"
                          + ("" if placed else f"; centre named in {source}")
                          + f"; totals: Dec held = {cite('Overview of political and security context')},"
                            f" consultations = {cite('Health Assistance')}",
            })
    return rows


# --- disembarkation points ---------------------------------------------------

POINTS = [  # the report: three disembarkation points in Tripoli (MHPSS section); (id, name, Arabic, pcode, offset)
    ("DP-TRP1", "Tripoli disembarkation point 1", "نقطة الإنزال 1 في طرابلس", "LY021104", 0.0),
    ("DP-TRP2", "Tripoli disembarkation point 2", "نقطة الإنزال 2 في طرابلس", "LY021104", 0.02),
    ("DP-TRP3", "Tripoli disembarkation point 3", "نقطة الإنزال 3 في طرابلس", "LY021102", 0.0),
    ("DP-KHM", "Alkhums disembarkation point (illustrative)", "نقطة إنزال الخمس (توضيحية)", "LY021001", 0.0),
    ("DP-ZAW", "Azzawya disembarkation point (illustrative)", "نقطة إنزال الزاوية (توضيحية)", "LY021301", 0.0),
    ("DP-ZWA", "Zwara disembarkation point (illustrative)", "نقطة إنزال زوارة (توضيحية)", "LY021503", 0.0),
]


def disembarkation_points(rng: np.random.Generator, f: dict[str, int]) -> list[dict]:
    seats = gazetteer.seats()
    share = np.array([3.0, 2.0, 1.5, 1.2, 1.0, 0.8])
    season = np.array([0.5, 0.6, 0.8, 1.0, 1.3, 1.4, 1.5, 1.4, 1.2, 1.0, 0.8, 0.6])
    weights = np.outer(share, season) * rng.lognormal(0, 0.35, (len(POINTS), 12))
    assisted = split_total(f["dp_assisted"], weights.ravel()).reshape(weights.shape)
    screenings = split_total(f["dp_screenings"], (assisted * rng.uniform(0.4, 0.9, assisted.shape)).ravel())
    screenings = np.minimum(screenings.reshape(assisted.shape), assisted)
    screenings = _top_up(screenings, assisted, f["dp_screenings"])
    disembarked = assisted + rng.binomial(np.maximum(assisted, 1), 0.04)
    rows = []
    for i, (pid, name, name_ar, pcode, offset) in enumerate(POINTS):
        seat = seats[pcode]
        for m, month in enumerate(months_2019()):
            rows.append({
                "point_id": pid, "name": name, "name_ar": name_ar, "lat": round(seat.lat + 0.01, 4),
                "lon": round(seat.lon + offset, 4), "baladiya_pcode": pcode, "month": month,
                "disembarked": int(disembarked[i, m]), "assisted": int(assisted[i, m]),
                "screenings": int(screenings[i, m]), "illustrative": True,
                "source": f"{GENERATOR}; yearly totals: assisted = "
                          f"{cite('Search and Rescue and Technical Cooperation')}, "
                          f"screenings = {cite('Health Assistance')}",
            })
    return rows


def _top_up(values: np.ndarray, caps: np.ndarray, total: int) -> np.ndarray:
    """Add back what capping removed, where there is room, so the sum is exact."""
    values = values.copy().ravel()
    room = (caps.ravel() - values)
    short = total - values.sum()
    for idx in np.argsort(-room, kind="stable"):
        if short <= 0:
            break
        add = min(short, room[idx])
        values[idx] += add
        short -= add
    return values.reshape(caps.shape)


# --- health facilities -------------------------------------------------------

# Each site's name in Arabic: what it is, then where (the baladiya's Arabic name in data/admin/baladiya.csv).
MRRM_AR = "محطة العيادة المتنقلة لآلية موارد المهاجرين والاستجابة"
FACILITY_AR = {
    "HF-MZWA": f"{MRRM_AR}، زوارة", "HF-MBNW": f"{MRRM_AR}، بني وليد", "HF-MSEB": f"{MRRM_AR}، سبها",
    "HF-MGAT": f"{MRRM_AR}، القطرون", "HF-MTRP": f"{MRRM_AR}، طرابلس",
    "HF-MJNZ": "عيادة متنقلة، جنزور (الاستجابة للنزاع)", "HF-MTAJ": "عيادة متنقلة، تاجوراء (الاستجابة للنزاع)",
    "HF-MDAJ": "عيادة متنقلة، ظاهر الجبل (الاستجابة للنزاع)",
    "HF-DSEB": "عيادة مركز احتجاز سبها", "HF-DDAJ": "عيادة مركز احتجاز ظاهر الجبل",
    "HF-DTRS": "غرف عزل مرضى السل، مركز احتجاز طريق السكة",
    "HF-PUBR": "مرفق رعاية صحية أولية على طريق الهجرة (موقع توضيحي)، أوباري",
    "HF-PGHT": "مرفق رعاية صحية أولية على طريق الهجرة (موقع توضيحي)، غات",
    "HF-RTRP": "مستشفى إحالة، طرابلس (توضيحي)", "HF-RBEN": "مستشفى إحالة، بنغازي (توضيحي)",
    "HF-RSEB": "مستشفى إحالة، سبها (توضيحي)", "HF-RMIS": "مستشفى إحالة، مصراتة (توضيحي)",
}


def health_facilities(rng: np.random.Generator, f: dict[str, int]) -> list[dict]:
    seats = gazetteer.seats()
    sec = cite("Health Assistance")
    mrrm = cite("Migrant Resource and Response Mechanism (MRRM)")
    MOBILE, DCC, HOSP, JAN = "mobile clinic stop", "detention-centre clinic", "referral hospital", "2019-01-01"
    sites = [  # (id, name, type, pcode, active_from, active_to, radius, named_in)
        ("HF-MZWA", "MRRM mobile clinic stop, Zwara", MOBILE, "LY021503", JAN, None, 25, mrrm),
        ("HF-MBNW", "MRRM mobile clinic stop, Bani Waleed", MOBILE, "LY021404", JAN, None, 25, mrrm),
        ("HF-MSEB", "MRRM mobile clinic stop, Sebha", MOBILE, "LY031901", JAN, None, 25, mrrm),
        ("HF-MGAT", "MRRM mobile clinic stop, Algatroun", MOBILE, "LY032202", JAN, None, 25, mrrm),
        ("HF-MTRP", "MRRM mobile clinic stop, Tripoli", MOBILE, "LY021104", "2019-10-01", None, 15, mrrm),
        ("HF-MJNZ", "Mobile clinic, Janzour (conflict response)", MOBILE, "LY021206", "2019-04-15", None, 15, sec),
        ("HF-MTAJ", "Mobile clinic, Tajoura (conflict response)", MOBILE, "LY021102", "2019-04-15", None, 15, sec),
        ("HF-MDAJ", "Mobile clinic, Daher Al-Jabal (conflict response)", MOBILE, "LY021614", "2019-04-15", None,
         25, sec),
        ("HF-DSEB", "Clinic, Sebha detention centre", DCC, "LY031901", "2019-07-01", None, 5, sec),
        ("HF-DDAJ", "Clinic, Daher Al-Jabal detention centre", DCC, "LY021614", "2019-07-01", None, 5, sec),
        ("HF-DTRS", "TB isolation rooms, Trig Alsikka detention centre", DCC, "LY021104", "2019-06-01", None, 5, sec),
        ("HF-PUBR", "Primary health care facility on a migratory route (illustrative site), Ubari",
         "supported public facility", "LY032003", "2019-03-01", None, 40, None),
        ("HF-PGHT", "Primary health care facility on a migratory route (illustrative site), Ghat",
         "supported public facility", "LY032101", "2019-03-01", None, 40, None),
        ("HF-RTRP", "Referral hospital, Tripoli (illustrative)", HOSP, "LY021104", JAN, None, 60, None),
        ("HF-RBEN", "Referral hospital, Benghazi (illustrative)", HOSP, "LY010304", JAN, None, 60, None),
        ("HF-RSEB", "Referral hospital, Sebha (illustrative)", HOSP, "LY031901", JAN, None, 60, None),
        ("HF-RMIS", "Referral hospital, Misrata (illustrative)", HOSP, "LY021401", JAN, None, 60, None),
    ]
    mobile = [i for i, s in enumerate(sites) if s[2] == "mobile clinic stop"]
    consult = np.zeros(len(sites), dtype=int)
    consult[mobile] = split_total(f["mobile_clinics"], rng.lognormal(0, 0.4, len(mobile)))
    others = [i for i in range(len(sites)) if i not in mobile]
    consult[others] = rng.integers(300, 2500, len(others))
    rows = []
    for i, (fid, name, kind, pcode, start, end, radius, named_in) in enumerate(sites):
        seat = seats[pcode]
        real = f"site named in {named_in}; " if named_in else ""
        rows.append({
            "facility_id": fid, "name": name, "name_ar": FACILITY_AR[fid], "type": kind, "lat": seat.lat,
            "lon": seat.lon,
            "baladiya_pcode": pcode, "active_from": start, "active_to": end,
            "consultations": int(consult[i]), "radius_km": float(radius), "illustrative": True,
            "source": f"{real}{GENERATOR} (location at baladiya seat, dates, consultations, radius)"
                      + (f"; mobile-clinic total = {sec}" if i in mobile else ""),
        })
    return rows


# --- stabilization projects --------------------------------------------------

CITY = {"Benghazi": "LY010304", "Alkufra": "LY010701", "Algatroun": "LY032202", "Sebha": "LY031901"}
CITY_AR = {"Benghazi": "بنغازي", "Alkufra": "الكفرة", "Algatroun": "القطرون", "Sebha": "سبها"}  # data/admin
# The sectors as the Arabic catalogue words them (locales/ar/LC_MESSAGES/messages.po).
SECTOR_AR = {"WASH": "المياه والصرف الصحي والنظافة", "health": "الصحة", "education": "التعليم",
             "livelihoods": "سبل العيش", "social cohesion": "التماسك الاجتماعي", "public space": "الأماكن العامة",
             "public services": "الخدمات العامة"}
GWWC_AR = "الشركة العامة للمياه والصرف الصحي"
FOR_GWWC_AR = "ل" + GWWC_AR.removeprefix("ا")  # "for the GWWC": ل + الشركة is written للشركة
S = "Community Stabilization"
NAMED_PROJECTS = [  # (title, sector, city, beneficiaries or None, partner or None, section)
    ("Sewage pump and truck spare parts for the GWWC", "WASH", "Sebha", 120000, "GWWC", S),
    ("Rehabilitation of two football pitches", "public space", "Sebha", None, None, S),
    ("Dormitory rehabilitation, Sebha University (female medical students)", "education", "Sebha", 500, None, S),
    ("Rehabilitation of the Sukara Social Hall", "social cohesion", "Sebha", None, None, S),
    ("Ten submersible water pumps for the GWWC", "WASH", "Algatroun", 25000, "GWWC", S),
    ("Rehabilitation of football pitches", "public space", "Algatroun", None, None, S),
    ("Air conditioners for six schools", "education", "Algatroun", None, None, S),
    ("IT equipment for two schools", "education", "Algatroun", None, None, S),
    ("Roof rehabilitation, Benghazi Boys school", "education", "Benghazi", None, None, S),
    ("IT and office equipment, Alshomookh school and Gowarshar local council", "public services", "Benghazi",
     None, None, S),
    ("Public garden rehabilitation", "public space", "Benghazi", None, "Ayadina", S),
    ("Computers and projection equipment, College for Electrical & Electronic Technology", "education",
     "Benghazi", 600, None, S),
    ("Classroom and anatomy lab, Al-Hawari Mental Hospital", "health", "Benghazi", None, None,
     "Promoting stability and socio-economic development"),
    ("Health services vehicle (ambulance)", "health", "Alkufra", None, None, S),
    ("Technical lab and internet centre, Al-Noor High School", "education", "Alkufra", 300, None, S),
]
NAMED_PROJECTS_AR = [  # their titles in Arabic, in the same order
    f"مضخة صرف صحي وقطع غيار شاحنات {FOR_GWWC_AR}",
    "إعادة تأهيل ملعبين لكرة القدم",
    "إعادة تأهيل سكن جامعة سبها (طالبات الطب)",
    "إعادة تأهيل قاعة سكرة الاجتماعية",
    f"عشر مضخات مياه غاطسة {FOR_GWWC_AR}",
    "إعادة تأهيل ملاعب كرة القدم",
    "مكيفات هواء لست مدارس",
    "معدات تقنية المعلومات لمدرستين",
    "إعادة تأهيل سقف مدرسة بنغازي للبنين",
    "معدات تقنية المعلومات ومعدات مكتبية، مدرسة الشموخ والمجلس المحلي قوارشة",
    "إعادة تأهيل حديقة عامة",
    "حواسيب ومعدات عرض، كلية التقنية الكهربائية والإلكترونية",
    "فصل دراسي ومختبر تشريح، مستشفى الهواري للأمراض النفسية",
    "مركبة للخدمات الصحية (سيارة إسعاف)",
    "مختبر تقني ومركز إنترنت، مدرسة النور الثانوية",
]


def stabilization_projects(rng: np.random.Generator, f: dict[str, int]) -> list[dict]:
    seats = gazetteer.seats()
    rows = []

    def add(pid, title, title_ar, sector, city, status, benef, partner, illustrative, source):
        seat = seats[CITY[city]]
        start = dt.date(2019, 1, 1) + dt.timedelta(days=int(rng.integers(0, 240)))
        end = start + dt.timedelta(days=int(rng.integers(60, 200))) if status == "completed" else None
        if end and end > dt.date(2019, 12, 31):
            end = dt.date(2019, 12, int(rng.integers(1, 31)))
        jitter = rng.normal(0, 0.015, 2)
        rows.append({
            "project_id": pid, "title": title, "title_ar": title_ar, "sector": sector,
            "lat": round(seat.lat + jitter[0], 4),
            "lon": round(seat.lon + jitter[1], 4), "baladiya_pcode": CITY[city], "status": status,
            "start_date": start, "end_date": end,
            "beneficiaries": benef if benef is not None else int(rng.integers(150, 4000)),
            "partner": partner or "", "illustrative": illustrative, "source": source,
        })

    for n, ((title, sector, city, benef, partner, section), title_ar) in enumerate(
            zip(NAMED_PROJECTS, NAMED_PROJECTS_AR, strict=True), start=1):
        source = f"Project, city and status: {cite(section)}; dates, location" + \
                 ("" if benef is not None else ", beneficiaries") + f": {GENERATOR}"
        add(f"CIP-{n:03d}", title, title_ar, sector, city, "completed", benef, partner, True, source)
    # The rest of the 28 completed and all 48 in progress: unnamed in the report.
    cities = list(CITY)
    unnamed = [("completed", f["cs_completed"] - len(NAMED_PROJECTS)), ("in progress", f["cs_in_progress"])]
    n = len(NAMED_PROJECTS)
    from geo.registry import SECTORS
    for status, count in unnamed:
        for _ in range(count):
            n += 1
            city = cities[int(rng.integers(0, len(cities)))]
            sector = SECTORS[int(rng.integers(0, len(SECTORS)))]
            add(f"CIP-{n:03d}", f"Community Impact Project {n} ({sector}, {city}; unnamed, illustrative)",
                f"مشروع الأثر المجتمعي {n} ({SECTOR_AR[sector]}، {CITY_AR[city]}؛ بلا اسم، توضيحي)", sector,
                city, status, None, None, True,
                f"Count by status: {cite(S)}; city, sector, dates, beneficiaries: {GENERATOR}")
    return rows


# --- flash updates -----------------------------------------------------------

def flash_updates(rng: np.random.Generator, f: dict[str, int]) -> list[dict]:
    ctx = cite("Overview of political and security context")
    rows = [
        ("FU-2019-001", "2019-04-04", "Armed conflict erupts in and around Tripoli", "armed clashes",
         "LY0211;LY0212", "LY021104;LY021102;LY021103;LY021203;LY021206", f["newly_displaced"], None,
         "Violence between armed factions escalated in April 2019, with clashes in and around Tripoli "
         "throughout the year. 29,787 individuals and 111 migrants from newly displaced communities received "
         "provisions; DTM published over 25 Flash Updates and Rapid Assessments. Date: the report gives April "
         "2019 (day from public record).", False,
         f"{ctx}; {cite('How IOM contributed (SDG 1)')}; {cite('Displacement Tracking Matrix (DTM)')}"),
        ("FU-2019-002", "2019-04-20", "Medical assistance for people displaced by the Tripoli conflict",
         "displacement", "LY0211;LY0212;LY0216", "LY021614;LY021206;LY021102;LY021104", 4403, None,
         "4,403 IDPs and host community members in Daher Al-Jabal, Janzour, Tajoura and Tripoli accessed "
         "medical assistance following the eruption of armed conflict. Date: illustrative within April 2019.",
         True, f"{cite('Health Assistance')}; date {GENERATOR}"),
        ("FU-2019-003", "2019-07-02", "Airstrike hits Tajoura detention centre", "airstrike", "LY0211",
         "LY021102", 13, None,
         "An airstrike hit the Tajoura detention centre in July 2019; IOM referred 13 seriously injured migrants "
         "to hospitals. Date: the report gives July 2019 (day from public record).", False,
         cite("Health Assistance")),
        ("FU-2019-004", "2019-08-04", "Clashes in Murzuq: worst flare-up of the year", "armed clashes", "LY0322",
         "LY032204", None, None,
         "Clashes erupted in Murzuq, with the worst flare-up in August 2019. Date: the report gives August "
         "2019 (day from public record).",
         False, ctx),
        ("FU-2019-005", "2019-09-01", "Mitiga airport closed after airstrikes; VHR hub moves to Misrata",
         "access", "LY0211;LY0214", "LY021104;LY021401", f["vhr_misrata"], None,
         "Mitiga airport in Tripoli closed after being targeted by multiple airstrikes; IOM moved its VHR "
         "departure hub to Misrata Airport, 200 km east of Tripoli, where it supported 3,102 migrants. "
         "Date: illustrative (the report gives 2019).", True,
         f"{cite('Voluntary Humanitarian Return and Reintegration Assistance (VHR)')}; date {GENERATOR}"),
        ("FU-2019-006", "2019-11-13", "Airstrike on a biscuit factory in Tripoli", "airstrike", "LY0211",
         "LY021104", None, None,
         "On 13 November 2019 an airstrike targeted a factory in Tripoli, killing a Bangladeshi worker and "
         "wounding his cousin, whom IOM supported to recover and return home.", False,
         cite("Mental Health and Psychosocial Support (MHPSS)")),
    ]
    # Where each event happened, as precisely as the report says.  No
    # coordinates are invented: lat/lon stay blank, so the map shows each event
    # at the seat of its first affected baladiya and says the place is approximate.
    places = {
        "FU-2019-001": "Tripoli and its surroundings",
        "FU-2019-002": "Daher Al-Jabal, Janzour, Tajoura and Tripoli",
        "FU-2019-003": "Tajoura detention centre",
        "FU-2019-004": "Murzuq",
        "FU-2019-005": "Mitiga airport (Tripoli) and Misrata Airport",
        "FU-2019-006": "A biscuit factory in Tripoli",
    }
    # The same words in Arabic (title, place, summary): a translation by this project, stating the same facts
    # and figures (numbers grouped as ar-LY writes them: 29.787), with the baladiyas' names of admin/baladiya.csv.
    arabic = {
        "FU-2019-001": (
            "اندلاع نزاع مسلح في طرابلس وحولها", "طرابلس وضواحيها",
            "تصاعد العنف بين الفصائل المسلحة في أبريل 2019، مع اشتباكات في طرابلس وحولها طوال العام. تلقّى "
            "29.787 شخصًا و111 مهاجرًا من المجتمعات النازحة حديثًا إمدادات؛ ونشرت مصفوفة تتبع النزوح أكثر من "
            "25 تحديثًا عاجلًا وتقييمًا سريعًا. التاريخ: يذكر التقرير أبريل 2019 (واليوم من السجل العام)."),
        "FU-2019-002": (
            "مساعدة طبية للنازحين بسبب نزاع طرابلس", "ظاهر الجبل وجنزور وتاجوراء وطرابلس",
            "حصل 4.403 من النازحين داخليًا وأفراد المجتمعات المضيفة في ظاهر الجبل وجنزور وتاجوراء وطرابلس على "
            "مساعدة طبية بعد اندلاع النزاع المسلح. التاريخ: توضيحي ضمن أبريل 2019."),
        "FU-2019-003": (
            "غارة جوية تصيب مركز احتجاز تاجوراء", "مركز احتجاز تاجوراء",
            "أصابت غارة جوية مركز احتجاز تاجوراء في يوليو 2019؛ وأحالت المنظمة الدولية للهجرة 13 مهاجرًا "
            "مصابين بجروح خطيرة إلى المستشفيات. التاريخ: يذكر التقرير يوليو 2019 (واليوم من السجل العام)."),
        "FU-2019-004": (
            "اشتباكات في مرزق: أسوأ تصعيد في العام", "مرزق",
            "اندلعت اشتباكات في مرزق، وبلغت أسوأ تصعيد لها في أغسطس 2019. التاريخ: يذكر التقرير أغسطس 2019 "
            "(واليوم من السجل العام)."),
        "FU-2019-005": (
            "إغلاق مطار معيتيقة بعد غارات جوية؛ نقل مركز العودة الإنسانية الطوعية إلى مصراتة",
            "مطار معيتيقة (طرابلس) ومطار مصراتة",
            "أُغلق مطار معيتيقة في طرابلس بعد استهدافه بغارات جوية متعددة؛ فنقلت المنظمة الدولية للهجرة مركز "
            "المغادرة للعودة الإنسانية الطوعية إلى مطار مصراتة، على بعد 200 كم شرق طرابلس، حيث دعمت 3.102 "
            "مهاجر. التاريخ: توضيحي (يذكر التقرير عام 2019)."),
        "FU-2019-006": (
            "غارة جوية على مصنع للبسكويت في طرابلس", "مصنع للبسكويت في طرابلس",
            "في 13 نوفمبر 2019 استهدفت غارة جوية مصنعًا في طرابلس، فقتلت عاملًا بنغلاديشيًا وأصابت ابن عمه، "
            "الذي دعمته المنظمة الدولية للهجرة حتى تعافى وعاد إلى وطنه."),
    }
    out = []
    for eid, date, title, kind, mantika, baladiya, affected, displaced, summary, illus, source in rows:
        title_ar, place_ar, summary_ar = arabic[eid]
        out.append({"event_id": eid, "date": date, "title": title, "title_ar": title_ar, "event_type": kind,
                    "mantika_pcodes": mantika, "baladiya_pcodes": baladiya, "place": places[eid],
                    "place_ar": place_ar, "location_approximate": True, "people_affected": affected,
                    "people_displaced": displaced, "summary": summary, "summary_ar": summary_ar,
                    "illustrative": illus, "source": source})
    return out


def baladiya_seats(rng: np.random.Generator, f: dict[str, int]) -> list[dict]:
    """The shipped seats: GeoNames name matches (real coordinates of a place of that name)
    and placements inside the mantika (generated).  All are flagged ``approximate``: a
    name match is not an official seat, and several are far off.  Importing OCHA's COD
    admin 3 points replaces them."""
    out = []
    for s in gazetteer.seats().values():
        placed = s.quality != "geonames"
        out.append({"baladiya_pcode": s.pcode, "baladiya_name": s.name_en, "name_ar": s.name_ar,
                    "mantika_pcode": s.mantika_pcode, "lat": s.lat, "lon": s.lon, "approximate": True,
                    "valid_on": None, "illustrative": placed,
                    "source": (f"{GENERATOR} (geo/gazetteer.py: {s.note})" if placed
                               else f"{gazetteer.GEONAMES_SOURCE}: name match {s.note}")})
    return out


BUILDERS = {
    "displacement": displacement,
    "detention_centres": detention_centres,
    "disembarkation_points": disembarkation_points,
    "health_facilities": health_facilities,
    "stabilization_projects": stabilization_projects,
    "flash_updates": flash_updates,
    "baladiya_seats": baladiya_seats,
}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write the default layer tables.")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write (default: data/layers)")
    out = parser.parse_args(argv).out
    f = facts()
    out.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        rng = np.random.default_rng([SEED, list(BUILDERS).index(name)])
        rows = build(rng, f)
        columns = LAYERS[name].columns
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(columns)
            for row in rows:
                w.writerow([_cell(row.get(c)) for c in columns])
        print(f"wrote {out / name}.csv ({len(rows)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
