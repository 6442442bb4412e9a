"""The fixed words the data itself uses, marked for translation.

Why: ``geo`` stays English (its registry's category values, sources, report
sections and units are also what files and exports contain), but a reader of
the Arabic interface must see them in Arabic.  They are listed here once with
``N_`` so the extractor puts them in the catalogue; pages translate them at
display time with ``t(value)``.  ``tests/test_i18n.py`` fails when the registry
gains a category value that is not listed here.
"""

from __future__ import annotations

from components.i18n import N_

# Category values of the registry (geo.registry choices).
CHOICES = (
    N_("open"), N_("closed"),
    N_("completed"), N_("in progress"),
    N_("WASH"), N_("health"), N_("education"), N_("livelihoods"), N_("social cohesion"), N_("public space"),
    N_("public services"),
    N_("armed clashes"), N_("airstrike"), N_("flood"), N_("displacement"), N_("access"), N_("other"),
    N_("mobile clinic stop"), N_("detention-centre clinic"), N_("supported public facility"),
    N_("referral hospital"),
)

# Admin levels named in validation messages and place search results.
LEVELS = (N_("region"), N_("mantika"), N_("baladiya"))

# Services at detention centres (the detention layer's "services" list, data/layers/detention_centres.csv).
SERVICES = (N_("health consultations"), N_("NFI distribution"), N_("WASH rehabilitation"), N_("MHPSS"),
            N_("TB isolation rooms"), N_("primary health care clinic"))

# What the store's audit log records (geo.store.log and its imports and rollbacks, geo.snapshots).
AUDIT_ACTIONS = (N_("import"), N_("credit"), N_("rollback"), N_("publish"), N_("withdraw"))

# What the atlas records in its own name (geo.defaults: who stored the shipped data, and its note), shown in the
# reader's language where a table declares the column "recorded"; people's names and notes stay as written.
RECORDED = (N_("system (shipped default data)"), N_("shipped default data"))

# Layer sources and licences (geo.registry), shown in captions and tooltips.
SOURCES = (
    N_("OCHA COD-AB Libya admin 3 (baladiya) points once imported; shipped: GeoNames name matches "
       "(CC BY 4.0) and placements inside the mantika"),
    N_("OCHA COD-AB: CC BY-IGO; GeoNames: CC BY 4.0; placements: project-generated"),
    N_("IOM DTM Libya (mobility tracking rounds)"),
    N_("IOM DTM public datasets; illustrative rows: project-generated"),
    N_("IOM Libya Annual Report 2019; DCIM site lists"),
    N_("Report figures: IOM; monthly rows: project-generated (illustrative)"),
    N_("IOM Libya Annual Report 2019, Search and Rescue"),
    N_("IOM Libya Annual Report 2019, Health Assistance"),
    N_("Report figures: IOM; sites and activity: project-generated (illustrative)"),
    N_("IOM Libya Annual Report 2019, Community Stabilization"),
    N_("Report figures: IOM; dates and unnamed projects: project-generated (illustrative)"),
    N_("IOM Libya Annual Report 2019; DTM Flash Updates"),
    N_("Report facts: IOM; figures marked illustrative are project-generated"),
    N_("computed"),
    N_("computed from DTM seats and facility radii"),
    # geo.catalog.IMPORTED_SOURCE, IMPORTED_LICENCE: what is said of a coordinator's import
    N_("a coordinator's import (publisher not recorded)"),
    N_("not recorded at import"),
)

# What official boundaries are said to be (geo.catalog.BOUNDARY_TEXTS): for the public, and for coordinators.
BOUNDARIES = (
    N_("Official mantika boundaries — source: {source}; licence: {licence}; version {version} of {date}"),
    N_("Official mantika boundaries — source: {source}; licence: {licence}; store version {version} of {date} "
       "from {file}"),
    N_("Official baladiya boundaries — source: {source}; licence: {licence}; version {version} of {date}"),
    N_("Official baladiya boundaries — source: {source}; licence: {licence}; store version {version} of {date} "
       "from {file}"),
)

# What the shipped approximate areas are (geo.boundaries and geo.municipalities.APPROXIMATE_LABEL): the map values'
# downloads say it.
APPROXIMATE_AREAS = (
    N_("Approximate boundaries (Natural Earth 2007 shabiyat, crosswalked to mantika)"),
    N_("Approximate municipality areas (Voronoi cells of the baladiya seats, clipped to their mantika; not official "
       "boundaries)"),
)

# What a layer's rows are said to be (geo.catalog.PROVENANCE_TEXTS): for the public, and for coordinators.
PROVENANCE = (
    N_("{layer} — source: {source}; licence: {licence}; version {version} of {date}"),
    N_("{layer} — source: {source}; licence: {licence}; store version {version} of {date} from {file} "
       "(sha256 {sha}) by {actor}"),
)

# Sections of the 2019 report cited by data/report/facts_2019.csv and the shipped rows' sources, and the facts'
# units.
SECTIONS = (
    N_("Community Stabilization"), N_("Direct Assistance"), N_("Displacement Tracking Matrix (DTM)"),
    N_("Health Assistance"), N_("How IOM contributed (SDG 1)"), N_("How IOM contributed (SDG 11)"),
    N_("Mental Health and Psychosocial Support (MHPSS)"), N_("Migrant Resource and Response Mechanism (MRRM)"),
    N_("Overview of political and security context"), N_("Promoting stability and socio-economic development"),
    N_("Protection"), N_("Search and Rescue and Technical Cooperation"),
    N_("Voluntary Humanitarian Return and Reintegration Assistance"),
    N_("Voluntary Humanitarian Return and Reintegration Assistance (VHR)"),
)
UNITS = (
    N_("centres"), N_("clinics"), N_("consultations"), N_("facilities"), N_("location"), N_("locations"),
    N_("meetings"), N_("people"), N_("points"), N_("projects"), N_("publications"), N_("rooms"),
    N_("screenings"),
)

# Population groups of the DTM (geo.displacement.METRIC_LABELS).
METRICS = {"migrants": N_("Migrants"), "idps": N_("IDPs"), "returnees": N_("Returnees")}

# Table headers, by column name (column names stay machine-readable in downloads).
#: Column labels pages pass to ``tables.show`` (translated there).
TABLE_LABELS = (
    N_("Arabic name"), N_("Baladiya"), N_("Centre"), N_("Change"), N_("Change %"), N_("Health consultations"),
    N_("Illustrative"), N_("Mantika"), N_("People held"), N_("Services"), N_("Status"),
)

#: Every field label of ``geo.registry`` (a changed row's columns on the Data page, validation messages).
FIELD_LABELS = (
    N_("Active from"), N_("Active to"), N_("Added to the feed (UTC)"), N_("Affected baladiya"), N_("Affected mantika"),
    N_("Approximate position"), N_("Baladiya"), N_("Baladiya (Arabic)"), N_("Baladiya pcode"), N_("Beneficiaries"),
    N_("Centre"), N_("Centre (Arabic)"), N_("Centre id"), N_("Consultations"), N_("Date"), N_("Disembarkation point"),
    N_("Disembarkation point (Arabic)"), N_("DTM round"), N_("End"), N_("Event"), N_("Event (Arabic)"), N_("Event id"),
    N_("Facility"), N_("Facility (Arabic)"), N_("Facility id"), N_("Health consultations"), N_("IDPs"),
    N_("Illustrative (generated, not published)"), N_("Latitude"), N_("Location approximate"), N_("Longitude"),
    N_("Mantika pcode"), N_("Medical screenings"), N_("Migrants"), N_("Month"), N_("Partner"), N_("People affected"),
    N_("People assisted"), N_("People disembarked"), N_("People displaced"), N_("People held"), N_("Place"),
    N_("Place (Arabic)"), N_("Point id"), N_("Project"), N_("Project (Arabic)"), N_("Project id"), N_("Region pcode"),
    N_("Returnees"), N_("Round end"), N_("Round start"), N_("Sector"), N_("Service radius"), N_("Services present"),
    N_("Source"), N_("Start"), N_("Status"), N_("Summary"), N_("Summary (Arabic)"), N_("Type"), N_("Valid on"),
)

#: What a size legend's full-size circle stands for (``legends.size_legend(scope=…)``).
SIZE_SCOPES = (N_("largest in any round"), N_("largest in any month"))

COLUMNS = {
    "name": N_("Name"), "name_en": N_("Name (English)"), "name_ar": N_("Name (Arabic)"),
    "baladiya_name": N_("Baladiya"), "mantika_name": N_("Mantika"), "mantika": N_("Mantika"),
    "baladiya_pcode": N_("Baladiya pcode"), "city": N_("City"), "title": N_("Title"),
    "value": N_("People"), "value_a": N_("Round A"), "value_b": N_("Round B"), "change": N_("Change"),
    "change_pct": N_("Change (%)"), "status": N_("Status"), "people_held": N_("People held"),
    "consultations": N_("Consultations"), "services": N_("Services"), "illustrative": N_("Illustrative"),
    "disembarked": N_("Disembarked"), "assisted": N_("Assisted"), "screenings": N_("Screenings"),
    "people": N_("People"), "nearest_km": N_("Nearest facility (km)"), "nearest_facility": N_("Nearest facility"),
    "sector": N_("Sector"), "start_date": N_("Start"), "end_date": N_("End"), "beneficiaries": N_("Beneficiaries"),
    "partner": N_("Partner"), "row": N_("Row"), "column": N_("Column"), "problem": N_("Problem"),
    "fix": N_("How to fix"), "before": N_("Before"), "after": N_("After"), "dataset": N_("Dataset"),
    "version": N_("Version"), "created_at": N_("Created"), "created_by": N_("By"), "source_name": N_("File"),
    "source_sha256": N_("SHA-256"), "row_count": N_("Rows"), "note": N_("Note"), "current": N_("Current"),
    "id": N_("No."), "at": N_("When"), "actor": N_("By"), "action": N_("Action"), "detail": N_("Detail"),
    "publisher": N_("Publisher"), "licence": N_("Licence"), "based_on": N_("Keeps the rows of version"),
}
# Columns whose values are registry categories, translated in tables.
CATEGORY_COLUMNS = ("status", "sector", "type", "event_type", "action")
