"""Data (coordinators): upload a file, read the validation report, preview what
changes against the current version, then confirm; browse versions, roll back,
and read the audit log.  Not in the navigation in public mode."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from components import figures, import_progress, locale, log_lines, notices, page, presses, problems, rollback, tables
from components.i18n import reworded, t, term, tn
from components.safe_text import md_text
from geo import catalog, ingest, registry
from geo.importers import AmbiguousDataset
from geo.settings import MAX_UPLOAD_BYTES
from geo.store import CREDIT_MAX_CHARS, DATASETS, StoreError, Version
from geo.validation import ValidationError

ctx = page.setup(has_map=False)
st.title(":material/database: " + t("Data"))
if ctx.role == "public":
    st.error(t("The Data page is for coordinators."))
    st.stop()
store = catalog.store()


dataset_name = log_lines.dataset_name


def _stored(version: Version, unchanged: bool, base_version: int | None) -> str:
    """What an import stored, in the reader's words (worded by the run that shows it: see ``notices.post``)."""
    if unchanged:
        return t("Recorded who published {dataset}: version {version} holds the same rows as version {base}.").format(
            dataset=dataset_name(version.dataset), version=locale.number(version.version),
            base=locale.number(base_version))
    return tn("Stored {dataset} version {version} ({rows} row).", "Stored {dataset} version {version} ({rows} rows).",
              version.row_count).format(dataset=dataset_name(version.dataset),
                                        version=locale.number(version.version), rows=locale.number(version.row_count))


st.subheader(t("Import a file"))
st.caption(t("DTM datasets as IOM publishes them (XLSX/CSV, HXL rows accepted), OCHA COD boundaries (GeoJSON, zipped "
             "shapefile, GeoPackage), or site lists (CSV/XLSX). Limit {mb} MB. Nothing is stored until you "
             "confirm.").format(mb=locale.number(MAX_UPLOAD_BYTES // 2**20)))
c1, c2 = st.columns([2, 1])
# A stored file leaves the uploader (a new key): the page then says "Stored …", not "Unchanged: this file repeats
# the current version" of the file just stored (seen on a phone, where the notice above was out of sight).  Read
# first whether an import is at work in another run of this session: once it is not, its notice has been posted.
storing = notices.waiting("stored")
uploader = import_progress.uploader_key(store, stored=not storing and notices.first_shown("stored"),
                                        fields=("publisher", "licence"))
upload = c1.file_uploader(t("File"), type=["csv", "xlsx", "geojson", "json", "zip", "gpkg"], key=uploader)
dataset = c2.selectbox(t("Dataset"), ["(detect)", *DATASETS], key=reworded("dataset"),
                       format_func=dataset_name)
replace = c2.checkbox(t("Replace the whole dataset"), key="replace",  # a short label: the column is narrow
                      help=t("Without this, only the periods in the file are added or replaced; the others stay."))
offered = False  # whether this run offers Confirm: a press kept from a run that did not act is dropped if not
if storing:  # a run of the reader's while another stores a file: no second Confirm; the run after shows the notice
    notices.wait_for("stored", t("Storing the rows"))
else:
    notices.show("stored")
if not storing and upload is not None:
    chosen = None if dataset == "(detect)" else dataset
    bar = st.progress(0.0, text=t("Reading the file"))
    try:
        try:
            plan = import_progress.planned(store, upload, chosen, replace, import_progress.bar(bar))
        except AmbiguousDataset as exc:
            # Two datasets fit about equally well: ask, do not guess.
            bar.empty()
            st.warning(t("Which dataset does this file hold? {reason}").format(
                reason=md_text(log_lines.ambiguity(exc.problems[0].message))))
            chosen = st.radio(t("Import as"), exc.candidates, index=None, key=reworded("ambiguous-choice"),
                              format_func=dataset_name)
            if chosen is None:
                presses.drop("confirm")
                st.stop()
            bar = st.progress(0.0, text=t("Reading the file"))
            plan = import_progress.planned(store, upload, chosen, replace, import_progress.bar(bar))
    except ValidationError as exc:
        bar.empty()
        st.error(tn("{file} cannot be imported: {n} problem. The store was not changed.",
                    "{file} cannot be imported: {n} problems. The store was not changed.", len(exc.problems)).format(
            file=f"**{md_text(exc.source)}**", n=locale.number(len(exc.problems))))
        report = pd.DataFrame([{"row": p.row, "column": md_text(p.column),
                                "problem": md_text(problems.translate(p.message)),
                                "fix": md_text(problems.translate(p.fix))} for p in exc.problems[:200]])
        st.table(tables.localise(report))
    else:
        bar.empty()
        st.success(t("Valid: {summary}").format(summary=md_text(log_lines.summary(plan.prepared.summary))))
        if plan.prepared.detection:  # a Material icon: an emoji is an empty box where no emoji font is installed
            st.caption(":material/search: " + md_text(log_lines.detection(plan.prepared.detection)))
        d = plan.diff
        figures.show([figures.Figure(label, locale.number(n)) for label, n in (
            (t("Rows added"), d.added), (t("Rows removed"), d.removed), (t("Rows changed"), d.changed),
            (t("Unchanged"), d.unchanged))])
        if d.totals_after:
            field = registry.get(plan.prepared.dataset).field  # a count by its label, not its column's name
            tables.show(pd.DataFrame([{"value": term(field(k).label), "before": d.totals_before.get(k, 0),
                                       "after": v, "change": v - d.totals_before.get(k, 0)}
                                      for k, v in d.totals_after.items()]),
                        key="totals", labels={"value": t("Value")})
        if d.examples:
            st.html("".join(page.caption_html(page.data_text(log_lines.change(example, plan.prepared.dataset)))
                            for example in d.examples))
        # Who published the file and under which licence: the rows' source on every page, chart and download.
        # A file the current version already holds is stored again only to record them (imported without them).
        current = next((v for v in store.versions(plan.prepared.dataset) if v.version == plan.base_version), None)
        asks_credit = not plan.unchanged or (current is not None and not catalog.shipped(current))
        if plan.unchanged:
            st.info(t("Unchanged: this file repeats the current version {v} of {name}; nothing to store.").format(
                v=locale.number(plan.base_version), name=dataset_name(plan.prepared.dataset)))
        if asks_credit:
            c1, c2 = st.columns(2)
            publisher = c1.text_input(t("Publisher of the file"), key="publisher", max_chars=CREDIT_MAX_CHARS,
                                      placeholder=t("e.g. IOM DTM Libya"))
            licence = c2.text_input(t("Licence"), key="licence", max_chars=CREDIT_MAX_CHARS,
                                    placeholder=t("e.g. CC BY-IGO 3.0"))
        if plan.unchanged and asks_credit:
            st.caption(t("Version {v} records publisher: {publisher}; licence: {licence}. Name them to correct or "
                         "complete them: the same rows are stored again as a new version that credits them (the "
                         "Versions table keeps version {v}). A blank field keeps what is recorded.").format(
                v=locale.number(current.version), publisher=md_text(log_lines.credit(current, "publisher")),
                licence=md_text(log_lines.credit(current, "licence"))))
            label = t("Record the publisher and licence: store the same rows as a new version")
            # Not disabled until a field is committed: a click straight after typing (no Enter) commits the
            # field and presses the button in one run; a disabled button would have swallowed that click.
            try:
                ready = ingest.new_credit(store, plan, publisher, licence) is not None
            except StoreError as exc:  # a publisher or licence that cannot be kept (an e-mail address)
                st.error(f"{md_text(problems.translate(str(exc)))}. {t('Nothing was stored.')}")
                ready = None
        elif asks_credit:
            st.caption(t("Shown as the source of these rows on every page, chart and download, beside the sources "
                         "of the rows this version keeps. Left blank: not recorded."))
            label = t("Confirm: store as a new version of {dataset}").format(
                dataset=dataset_name(plan.prepared.dataset))
            ready = True
        # Kept beyond its run: a choice the reader makes straight after Confirm must not lose the import.
        pressed_for = (import_progress.upload_id(upload), plan.prepared.dataset, replace, plan.base_version)
        offered = asks_credit
        pressed = presses.button(label, type="primary", key="confirm", token=pressed_for) if offered else None
        if pressed is not None and pressed != pressed_for:  # pressed for what the page showed before
            presses.drop("confirm")
            if pressed[:3] == pressed_for[:3]:  # the same file, dataset and mode: the current version changed
                st.warning(t("Nothing was stored: {dataset} changed meanwhile (another import or a rollback; version "
                             "{v} is current now). The change above is planned against it: read it, then confirm "
                             "again.").format(dataset=dataset_name(plan.prepared.dataset),
                                              v=locale.number(plan.base_version)))
        elif pressed is not None and not ready:
            presses.drop("confirm")
            if ready is not None:
                st.warning(t("Nothing new to record: name a publisher or licence that version {v} does not "
                             "record.").format(v=locale.number(plan.base_version)))
        elif pressed is not None:
            bar = st.progress(0.0, text=t("Storing the rows"))
            if not presses.take("confirm"):  # another run of this session took the press, and stores the file
                st.rerun()
            try:  # from the press taken to the work under way, no Streamlit call: this run is not stopped between
                with notices.under_way("stored"):
                    version = ingest.commit(store, plan, actor=ctx.user or None,
                                            progress=import_progress.bar(bar), publisher=publisher, licence=licence)
                    # Worded later, from what it needs only (a lambda would keep this run's plan and upload until then).
                    notices.post("stored", "success", partial(_stored, version, plan.unchanged, plan.base_version))
            except StoreError as exc:  # another import (or this one, from another tab) landed first
                bar.empty()
                st.error(f"{md_text(problems.translate(str(exc)))}. {t('Nothing was stored.')}")
            else:
                import_progress.forget()
                st.session_state["versions-of"] = version.dataset  # the Versions table opens on what was stored
                # Rerun at once: the page then shows the new current version, and its first run to show the
                # notice takes the stored file out of the uploader, and its publisher and licence out of the
                # fields (the next file is not credited to them unless they are typed again).
                st.rerun()
if not offered:  # a press never acts later, once the reader has seen the page without its button
    presses.drop("confirm")

st.subheader(t("Versions"))
name = st.selectbox(t("Dataset"), [d for d in DATASETS if d in store.datasets()], key=reworded("versions-of"),
                    format_func=dataset_name)
versions = store.versions(name)
tables.show(pd.DataFrame([{**v.__dict__, "source_sha256": v.source_sha256[:12], "note": log_lines.note(v.note),
                           "publisher": log_lines.credit(v, "publisher"), "licence": log_lines.credit(v, "licence"),
                           "based_on": "" if v.based_on is None else locale.number(v.based_on)}
                          for v in versions]),
            {"version": ("Version", "count"), "current": ("Current", "bool"), "created_at": ("Created", "time"),
             "row_count": ("Rows", "count"), "created_by": ("By", "recorded"), "source_name": ("File", "text"),
             "publisher": ("Publisher", "text"), "licence": ("Licence", "text"),
             "based_on": ("Keeps the rows of version", "text"),
             "source_sha256": ("SHA-256", "text"), "note": ("Note", "text")}, key="versions")
rollback.controls(store, name, versions, ctx.user)

st.subheader(t("Audit log"))  # when and what first: on a phone the table opens on them
audit = pd.DataFrame(store.audit(50), columns=["id", "at", "actor", "action", "dataset", "version", "detail"])
# A publication or withdrawal has no version: its cell is blank (a number column wrote "None", in Arabic "no data").
tables.show(audit.assign(dataset=audit["dataset"].map(dataset_name),
                         version=[locale.number(v) if pd.notna(v) else "" for v in audit["version"]],
                         detail=[log_lines.audit_detail(a, d) for a, d in zip(audit["action"], audit["detail"],
                                                                              strict=True)]),
            {"at": ("When", "time"), "action": ("Action", "text"), "dataset": ("Dataset", "text"),
             "version": ("Version", "text"), "actor": ("By", "recorded"), "detail": ("Detail", "text"),
             "id": ("No.", "count")},
            key="audit")
page.finish(ctx)
