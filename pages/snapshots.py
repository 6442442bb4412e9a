"""Snapshots: the views coordinators published for donors, each shown inline
with its files (HTML, PNG, CSV, manifest); admins can withdraw one."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import locale, notices, page, snapshot_control, tables
from components.i18n import N_, isolated, lang, reworded, t
from geo import snapshots

ctx = page.setup(has_map=False)
st.title(":material/photo_library: " + t("Snapshots"))  # as in the navigation
st.caption(t("Fixed copies of atlas views, published by IOM coordinators. Each opens offline as one HTML file; "
             "small counts are withheld (disclosure control)."))
notices.show("withdrawn")

published = snapshots.list_published()
if not published:
    st.info(t("No snapshot has been published yet."))
else:
    tables.show(pd.DataFrame([{"title": s.title, "created": s.created, "area": s.area_name(lang()),
                               "rounds": t(", ").join(locale.round_name(n) for n in s.rounds)} for s in published]),
                {"title": (N_("Title"), "text"), "created": (N_("Published"), "time"), "area": (N_("Area"), "text"),
                 "rounds": (N_("Rounds"), "text")}, key="snapshot-list")
    by_id = {s.id: s for s in published}
    chosen = st.selectbox(t("Show snapshot"), list(by_id), key=reworded("snapshot"), format_func=lambda i: (
        locale.separator().join(isolated(part) for part in (
            by_id[i].title, locale.date(dt.date.fromisoformat(by_id[i].created[:10]), short=True),
            by_id[i].area_name(lang())))))
    snapshot_control.show(ctx, by_id[chosen])
page.finish(ctx)
