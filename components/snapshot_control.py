"""The "Publish this view" control (coordinators) and the snapshot viewer
(everyone) with its withdraw control (admins).

Why a component: every page that can be published offers the same control,
and the Snapshots page shows the same thing for each snapshot; pages pass
their view and stay thin.  Building and storing is ``geo.snapshots``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import locale, notices, problems
from components.i18n import isolated, t
from components.safe_text import md_text
from geo import snapshots

MIME = {".html": "text/html", ".png": "image/png", ".csv": "text/csv", ".json": "application/json"}


def _actor(ctx) -> str | None:
    """Who acts, for the audit log: the signed-in user once sign-in exists,
    else the store's default (the server's login name)."""
    return ctx.user or None


def publish_control(ctx, *, page: str, metric: str = "migrants", current: int | None = None,
                    rounds: list[int] | None = None, key: str = "publish") -> None:
    """An expander that publishes the page's current view as a snapshot (coordinators only)."""
    if ctx.role == "public":
        return
    sel = ctx.selection
    area = sel.baladiya or sel.mantika or sel.region or ""
    with st.expander(t("Publish this view as a snapshot"), icon=":material/publish:"):  # no emoji: no font here
        st.caption(t("A snapshot is a fixed copy for donors: one HTML file that opens offline, a map image, the "
                     "figures as CSV. Small counts are withheld and left out of its totals (disclosure control), so "
                     "its figures can be lower than the ones on this page. It cannot be edited later."))
        # In the page's language: the snapshot is published in it (``View.lang``).
        named = {"displacement": t("Displacement"), "overview": t("Overview")}.get(page, page.capitalize())
        default = " · ".join([named, sel.label(ctx.lang), *([locale.round_name(current)] if current else [])])
        title = st.text_input(t("Title"), value=default, max_chars=200, key=f"{key}-title")
        chosen = st.multiselect(t("Rounds on the snapshot's slider"), rounds or [], default=rounds or [],
                                placeholder=t("Choose one or more"), key=f"{key}-rounds",
                                format_func=locale.round_name)
        if st.button(t("Publish snapshot"), key=f"{key}-go", type="primary"):
            view = snapshots.View(page=page, metric=metric, rounds=tuple(sorted(chosen)), current=current,
                                  area=area, lang=ctx.lang)
            # Worded before publishing: once it is done, a choice the reader made meanwhile stops this run at its
            # next read of the session (the language's included), and the coordinator must still be told.
            done = t("Published snapshot {id}: “{title}”. It is listed on the Snapshots page.")
            quoted = isolated("{}")
            try:
                with st.spinner(t("Publishing…")), notices.under_way(f"{key}-done"):
                    snap = snapshots.publish(view, title, publisher_role=ctx.role, actor=_actor(ctx))
                    notices.post(f"{key}-done", "success", done.format(id=snap.id,
                                                                       title=quoted.format(md_text(snap.title))))
            except snapshots.SnapshotError as exc:
                notices.post(f"{key}-done", "error", md_text(problems.translate(str(exc))))
        notices.show(f"{key}-done")
        if notices.waiting(f"{key}-done"):  # a run of the reader's while another publishes: it comes back
            notices.wait_for(f"{key}-done", t("Publishing…"))


def show(ctx, snap: snapshots.Published) -> None:
    """One snapshot inline, its files to download and (admins) the withdraw control."""
    # The atlas's own file (``geo.snapshots`` writes it, every text escaped), run in its iframe: its slider is a
    # script.  ``st.iframe``, not ``st.components.v1.html``, which Streamlit deprecates.
    st.iframe(snapshots.read_file(snap, "index.html").decode("utf-8"), height=820)
    files = [p.name for p in snap.files]
    cols = st.columns(len(files))
    for col, name in zip(cols, files, strict=True):
        suffix = name[name.rfind("."):]
        col.download_button(name, snapshots.read_file(snap, name), file_name=f"{snap.id}-{name}",
                            mime=MIME.get(suffix, "application/octet-stream"), key=f"dl-{snap.id}-{name}",
                            icon=":material/download:", on_click="ignore")
    if ctx.role != "admin":
        return
    ask = f"withdraw-ask-{snap.id}"
    title = isolated(md_text(snap.title))  # in Arabic text, an English title keeps its own order
    if st.button(t("Withdraw this snapshot…"), key=f"withdraw-{snap.id}"):
        st.session_state[ask] = True
    if st.session_state.get(ask):
        st.warning(t("Withdraw snapshot {id} “{title}” of {date}? Its folder is deleted and no longer served; "
                     "the withdrawal is recorded in the audit log. This cannot be undone.")
                   .format(id=snap.id, title=title,
                           date=locale.date(dt.date.fromisoformat(snap.created[:10]), short=True)))
        c1, c2 = st.columns(2)
        if c1.button(t("Yes, withdraw “{title}”").format(title=title), key=f"withdraw-yes-{snap.id}",
                     type="primary"):
            st.session_state.pop(ask, None)
            try:
                snapshots.withdraw(snap.id, role=ctx.role, actor=_actor(ctx))
            except snapshots.SnapshotError as exc:
                st.error(md_text(problems.translate(str(exc))))
            else:
                notices.post("withdrawn", "success", t("Withdrawn: “{title}”.").format(title=title))
                st.rerun()
        if c2.button(t("Cancel"), key=f"withdraw-no-{snap.id}"):
            st.session_state.pop(ask, None)
            st.rerun()
