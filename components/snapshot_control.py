"""The "Publish this view" control (coordinators) and the snapshot viewer
(everyone) with its withdraw control (admins).

Why a component: every page that can be published offers the same control,
and the Snapshots page shows the same thing for each snapshot; pages pass
their view and stay thin.  Building and storing is ``geo.snapshots``.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from components import locale, notices, presses, problems
from components.i18n import isolated, reworded, t
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
    # Keyed, so it stays open when the language changes its label: the notice of a publish is inside.
    with st.expander(t("Publish this view as a snapshot"), icon=":material/publish:", key=f"{key}-panel"):
        st.caption(t("A snapshot is a fixed copy for donors: one HTML file that opens offline, a map image, the "
                     "figures as CSV. Small counts are withheld and left out of its totals (disclosure control), so "
                     "its figures can be lower than the ones on this page. It cannot be edited later."))
        # In the page's language: the snapshot is published in it (``View.lang``).
        named = {"displacement": t("Displacement"), "overview": t("Overview")}.get(page, page.capitalize())
        default = " · ".join([named, sel.label(ctx.lang), *([locale.round_name(current)] if current else [])])
        # The title follows the view (its round, area and language) until the coordinator writes their own:
        # Streamlit keeps a keyed input's text when its default changes, and it named the round shown before.
        title_key, drawn = f"{key}-title", f"_{key}-title-default"
        if st.session_state.get(title_key) in (None, st.session_state.get(drawn)):
            st.session_state[title_key] = default
        st.session_state[drawn] = default
        title = st.text_input(t("Title"), max_chars=200, key=title_key)
        # Its words change with the language and digits ("R24", "الجولة ٢٤"): ``reworded`` sends the choice again
        # in the new ones.  (One chooser per language lost the reader's choice at each switch, and missed the
        # digits: a tag taken out after ١٢٣ emptied the whole list.)
        rounds_key = reworded(f"{key}-rounds")
        st.session_state.setdefault(rounds_key, list(rounds or []))
        chosen = st.multiselect(t("Rounds on the snapshot's slider"), rounds or [],
                                placeholder=t("Choose one or more"), key=rounds_key, format_func=locale.round_name)
        view = snapshots.View(page=page, metric=metric, rounds=tuple(sorted(chosen)), current=current,
                              area=area, lang=ctx.lang)
        # Kept beyond its run: a choice the reader makes in the first instants after Publish (the language) stops
        # the run the press started before it publishes; the next run then publishes the view pressed for.  Not
        # the title: a click straight after typing one (no Enter) commits it in the run the click starts.
        pressed = presses.button(t("Publish snapshot"), key=f"{key}-go", token=view, type="primary")
        if pressed is not None:
            with st.spinner(t("Publishing…")):
                if presses.take(f"{key}-go"):  # from here to the work under way, no Streamlit call
                    _publish(ctx, key, pressed, title)
        notices.show(f"{key}-done", waiting_label=t("Publishing…"))


def _publish(ctx, key: str, view: snapshots.View, title: str) -> None:
    """Publish, and post what came of it, worded by the run that shows it: translating reads the session's
    language, where a run is stopped by a choice the reader made meanwhile (and it is said in the language
    the reader chose)."""
    try:
        with notices.under_way(f"{key}-done"):
            snap = snapshots.publish(view, title, publisher_role=ctx.role, actor=_actor(ctx))
            notices.post(f"{key}-done", "success", partial(_published, snap.id, snap.title))
    except snapshots.SnapshotError as exc:
        notices.post(f"{key}-done", "error", partial(_refused, str(exc)))


def _published(snapshot_id: str, title: str) -> str:
    return t("Published snapshot {id}: “{title}”. It is listed on the Snapshots page.").format(
        id=snapshot_id, title=isolated(md_text(title)))


def _refused(message: str) -> str:
    return md_text(problems.translate(message))


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
