"""Rollback on the Data page: an explicit version choice and a confirmation
that names what will change, so nothing happens on one click.

Why a component: a rollback changes what every viewer sees at once.  The
coordinator first chooses a version (nothing is preselected), reads what will
change (dataset, from version, to version, rows before and after), ticks the
confirmation, and only then can press the button.  The store refuses if the
dataset changed in between, and the audit log records the signed-in user.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from components import locale, notices, problems
from components.i18n import isolated, reworded, t, tn
from components.log_lines import dataset_name
from geo.store import Store, StoreError, Version

DONE = "rollback-done"  # the notice slot (components.notices) of a rollback's outcome


def _describe(v: Version) -> str:
    return tn("version {n} ({rows} row, {file}, {date})", "version {n} ({rows} rows, {file}, {date})",
              v.row_count).format(n=locale.number(v.version), rows=locale.number(v.row_count),
                                  file=isolated(v.source_name),
                                  date=locale.date(dt.date.fromisoformat(v.created_at[:10]), short=True))


def _roll_back(store: Store, name: str, current: Version, target: Version, actor: str, pick_key: str,
               confirm_key: str) -> None:
    # A callback: runs before the rerun, so it may reset the widgets it read; set, not deleted, as a deleted key
    # reaches only the server (the chooser went on showing the version just made current).  Its notices are
    # worded by the run that shows them: a language chosen straight after the press stops the run the press
    # started, and the notice came up in English on the Arabic page.
    st.session_state[pick_key], st.session_state[confirm_key] = None, False
    now = store.current_version(name)
    if now != current.version:
        notices.post(DONE, "error", partial(_changed_meanwhile, name, now))
        return
    try:
        v = store.rollback(name, target.version, actor=actor or None)
    except StoreError as exc:
        notices.post(DONE, "error", partial(problems.translate, str(exc)))
        return
    notices.post(DONE, "success", partial(_rolled_back, name, v.version, current.version))


def _changed_meanwhile(name: str, now: int) -> str:
    return t("{name} changed meanwhile (version {now} is current now); nothing was rolled back. Check the versions "
             "and choose again.").format(name=dataset_name(name), now=locale.number(now))


def _rolled_back(name: str, to: int, frm: int) -> str:
    return t("{name}: version {to} is current (was version {frm}).").format(
        name=dataset_name(name), to=locale.number(to), frm=locale.number(frm))


def controls(store: Store, name: str, versions: list[Version], actor: str) -> None:
    """Choose a version of ``name``, confirm, roll back (audited as ``actor``); the dataset is named in the
    reader's language (``components.log_lines.dataset_name``)."""
    shown = dataset_name(name)
    notices.show(DONE)
    current = next((v for v in versions if v.current), None)
    others = {v.version: v for v in versions if not v.current}
    if current is None or not others:
        st.caption(t("Only one version of {name} is stored: nothing to roll back to.").format(name=shown))
        return
    pick_key = f"rollback-to-{name}"
    target_no = st.selectbox(t("Make another version current (roll back)"), list(others), index=None,
                             key=reworded(pick_key), placeholder=t("choose a version"),
                             format_func=lambda n: _describe(others[n]))
    if target_no is None:
        return
    target = others[target_no]
    st.warning(t("Rolling back changes what every viewer sees at once: {name} goes from {current} to {target}; "
                 "rows: {before} → {after}. Version {frm} stays stored and can be made current again.").format(
        name=shown, current=_describe(current), target=_describe(target), before=locale.number(current.row_count),
        after=locale.number(target.row_count), frm=locale.number(current.version)))
    confirm_key = f"rollback-confirm-{name}-{current.version}-{target.version}"
    confirmed = st.checkbox(t("Yes, make version {to} of {name} current instead of version {frm}").format(
        to=locale.number(target.version), name=shown, frm=locale.number(current.version)), key=confirm_key)
    st.button(t("Roll back {name} to version {to}").format(name=shown, to=locale.number(target.version)),
              key="rollback",
              type="primary", disabled=not confirmed, on_click=_roll_back,
              args=(store, name, current, target, actor, pick_key, confirm_key))
