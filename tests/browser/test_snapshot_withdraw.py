"""An admin withdraws a snapshot from the viewer, with a confirmation naming it.

Until sign-in exists no deployment has an admin, so the viewer component is
driven by a small script with an admin context (role and user as the
sign-in branch will set them); the component, the store and the audit log
are the real ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo import snapshots, store

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = '''
from types import SimpleNamespace

import streamlit as st

from components import notices, snapshot_control
from geo import snapshots

ctx = SimpleNamespace(role="admin", user="admin@example.org", lang="en")
published = snapshots.list_published()
notices.show("withdrawn")
st.write(f"{len(published)} published")
for snap in published:
    st.subheader(snap.title)
    snapshot_control.show(ctx, snap)
'''


def test_admin_withdraws_with_confirmation(streamlit_server, browser_page, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = {"ATLAS_DATA_DIR": str(data_dir), "ATLAS_SNAPSHOT_DIR": str(tmp_path / "snaps"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ATLAS_DATA_DIR", env["ATLAS_DATA_DIR"])
    monkeypatch.setenv("ATLAS_SNAPSHOT_DIR", env["ATLAS_SNAPSHOT_DIR"])
    s = store.open_store()
    snap = snapshots.publish(snapshots.View(area="LY0101", rounds=(28,)), "Derna to withdraw",
                             publisher_role="coordinator", actor="coord@example.org")
    script = tmp_path / "admin_viewer.py"
    script.write_text(SCRIPT, encoding="utf-8")
    url = streamlit_server(script, env=env)
    page = browser_page
    page.goto(url)
    page.get_by_text("1 published").wait_for(timeout=90_000)
    page.get_by_role("button", name="Withdraw this snapshot…").click()
    warning = page.get_by_text(f"Withdraw snapshot {snap.id} “Derna to withdraw”")
    warning.wait_for(timeout=30_000)
    assert snap.path.exists()  # asking is not doing
    page.get_by_role("button", name="Yes, withdraw “Derna to withdraw”").click()
    page.get_by_text("Withdrawn: “Derna to withdraw”.").wait_for(timeout=30_000)
    page.get_by_text("0 published").wait_for(timeout=30_000)
    assert not snap.path.exists()
    entry = s.audit(1)[0]
    assert (entry["action"], entry["actor"]) == ("withdraw", "admin@example.org") and snap.id in entry["detail"]
