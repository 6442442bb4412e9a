"""Data (coordinators): upload a file, read the validation report, preview what
changes against the current version, then confirm; browse versions, roll back,
and read the audit log.  Not in the navigation in public mode."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import import_progress, page, rollback
from components.i18n import t
from components.safe_text import md_text
from geo import catalog, ingest
from geo.importers import AmbiguousDataset
from geo.settings import MAX_UPLOAD_BYTES
from geo.store import DATASETS, StoreError
from geo.validation import ValidationError

ctx = page.setup()
st.title(":material/database: Data")
if ctx.role == "public":
    st.error("The Data page is for coordinators.")
    st.stop()
store = catalog.store()

st.subheader("Import a file")
st.caption("DTM datasets as IOM publishes them (XLSX/CSV, HXL rows accepted), OCHA COD boundaries (GeoJSON, zipped "
           f"shapefile, GeoPackage), or site lists (CSV/XLSX). Limit {MAX_UPLOAD_BYTES // 2**20} MB. Nothing is "
           "stored until you confirm.")
c1, c2 = st.columns([2, 1])
upload = c1.file_uploader("File", type=["csv", "xlsx", "geojson", "json", "zip", "gpkg"], key="upload")
dataset = c2.selectbox("Dataset", ["(detect)", *DATASETS], key="dataset")
replace = c2.checkbox("Replace the whole dataset (default: add/replace only the periods in the file)",
                      key="replace")
if "_stored" in st.session_state:
    st.success(st.session_state.pop("_stored"))
if upload is not None:
    chosen = None if dataset == "(detect)" else dataset
    bar = st.progress(0.0, text=t("Reading the file"))
    try:
        try:
            plan = import_progress.planned(store, upload, chosen, replace, import_progress.bar(bar))
        except AmbiguousDataset as exc:
            # Two datasets fit about equally well: ask, do not guess.
            bar.empty()
            st.warning(t("Which dataset does this file hold? {reason}").format(reason=exc.problems[0].message))
            chosen = st.radio(t("Import as"), exc.candidates, index=None, key="ambiguous-choice")
            if chosen is None:
                st.stop()
            bar = st.progress(0.0, text=t("Reading the file"))
            plan = import_progress.planned(store, upload, chosen, replace, import_progress.bar(bar))
    except ValidationError as exc:
        bar.empty()
        st.error(f"**{md_text(exc.source)}** cannot be imported: {len(exc.problems)} problem(s). "
                 "The store was not changed.")
        st.table(pd.DataFrame([{"row": p.row, "column": md_text(p.column), "problem": md_text(p.message),
                                "fix": md_text(p.fix)} for p in exc.problems[:200]]))
    else:
        bar.empty()
        st.success(f"Valid: {md_text(plan.prepared.summary)}")
        if plan.prepared.detection:
            st.caption("🔎 " + md_text(plan.prepared.detection))
        d = plan.diff
        k1, k2, k3, k4 = st.columns(4)
        k1.metric("Rows added", d.added)
        k2.metric("Rows removed", d.removed)
        k3.metric("Rows changed", d.changed)
        k4.metric("Unchanged", d.unchanged)
        if d.totals_after:
            st.dataframe(pd.DataFrame([{"value": k, "before": d.totals_before.get(k, 0), "after": v,
                                        "change": v - d.totals_before.get(k, 0)} for k, v in d.totals_after.items()]),
                         hide_index=True, key="totals")
        for example in d.examples:
            st.caption(md_text(example))
        if plan.unchanged:
            st.info(t("Unchanged: this file repeats the current version {v} of {name}; nothing to store.").format(
                v=plan.base_version, name=plan.prepared.dataset))
        elif st.button(f"Confirm: store as a new version of {plan.prepared.dataset}", type="primary", key="confirm"):
            bar = st.progress(0.0, text=t("Storing the rows"))
            try:
                version = ingest.commit(store, plan, actor=ctx.user or None, progress=import_progress.bar(bar))
            except StoreError as exc:  # another import (or this one, from another tab) landed first
                bar.empty()
                st.error(f"{md_text(exc)}. {t('Nothing was stored.')}")
            else:
                import_progress.forget()
                # Rerun at once: the page then sees this upload as the current version, so its
                # Confirm button is gone and the same upload cannot be stored twice.
                st.session_state["_stored"] = (f"Stored {version.dataset} version {version.version} "
                                               f"({version.row_count} rows).")
                st.rerun()

st.subheader("Versions")
name = st.selectbox("Dataset", [d for d in DATASETS if d in store.datasets()], key="versions-of")
versions = store.versions(name)
st.dataframe(pd.DataFrame([{**v.__dict__, "source_sha256": v.source_sha256[:12]} for v in versions]),
             hide_index=True, key="versions")
rollback.controls(store, name, versions, ctx.user)

st.subheader("Audit log")
st.dataframe(pd.DataFrame(store.audit(50)), hide_index=True, key="audit")
page.finish(ctx)
