"""Snapshots: the views coordinators published for donors, each shown inline
with its files (HTML, PNG, CSV, manifest); admins can withdraw one."""

from __future__ import annotations

import streamlit as st

from components import locale, page, snapshot_control
from components.i18n import t
from geo import snapshots

ctx = page.setup(has_map=False)
st.title("🗂 " + t("Snapshots"))
st.caption(t("Fixed copies of atlas views, published by IOM coordinators. Each opens offline as one HTML file; "
             "small counts are withheld (disclosure control)."))
if "_withdrawn" in st.session_state:
    st.success(t("Withdrawn: “{title}”.").format(title=st.session_state.pop("_withdrawn")))

published = snapshots.list_published()
if not published:
    st.info(t("No snapshot has been published yet."))
else:
    st.dataframe([{t("Title"): s.title, t("Published"): locale.moment(s.created),
                   t("Area"): s.area_label, t("Rounds"): ", ".join(f"R{n}" for n in s.rounds), "id": s.id}
                  for s in published], hide_index=True, key="snapshot-list")
    by_id = {s.id: s for s in published}
    chosen = st.selectbox(t("Show snapshot"), list(by_id), key="snapshot",
                          format_func=lambda i: f"{by_id[i].title} · {by_id[i].created[:10]} · {by_id[i].area_label}")
    snapshot_control.show(ctx, by_id[chosen])
page.finish(ctx)
