"""Libya Operations Atlas — entry point.

Run with ``make run`` (or ``streamlit run app.py``).  This file only sets the
page frame and the navigation; each page lives in ``pages/`` and composes
``geo`` (data) with ``components`` (rendering).
"""

from __future__ import annotations

import gc

import streamlit as st

from components import assets, auth, errors, flash_visits
from components.i18n import t, url_lang

assets.ensure_assets()
url_lang()  # a shared link opens in its language, navigation included
# Icon and layout before the navigation: set after it, the page's Material icon became the browser's favicon
# first, fetched from fonts.gstatic.com (no network here: a request the browser tests refuse).
st.set_page_config(page_icon="🗺", layout="wide")

# The public role gets neither the restricted layer's page nor the coordinators' Data page: not in the menu,
# and their addresses show a short note instead (pages/not_public.py).
may_edit = auth.current_role() != "public"
PAGES = [
    st.Page("pages/overview.py", title=t("Overview"), icon=":material/explore:", url_path="overview", default=True),
    st.Page("pages/displacement.py", title=t("Displacement"), icon=":material/groups:", url_path="displacement"),
    *([st.Page("pages/detention.py", title=t("Detention centres"), icon=":material/domain:", url_path="detention")]
      if may_edit else []),
    st.Page("pages/disembarkation.py", title=t("Disembarkation points"), icon=":material/anchor:",
            url_path="disembarkation"),
    st.Page("pages/health.py", title=t("Health coverage"), icon=":material/medical_services:", url_path="health"),
    st.Page("pages/stabilization.py", title=t("Community stabilization"), icon=":material/construction:",
            url_path="stabilization"),
    st.Page("pages/flash.py", title=t("Flash updates") + flash_visits.nav_badge(), icon=":material/bolt:",
            url_path="flash"),
    st.Page("pages/snapshots.py", title=t("Snapshots"), icon=":material/photo_library:", url_path="snapshots"),
]
if may_edit:
    PAGES.append(st.Page("pages/data.py", title=t("Data (coordinators)"), icon=":material/database:",
                         url_path="data"))
else:
    PAGES += [st.Page("pages/not_public.py", title=t("For coordinators only"), url_path=path, visibility="hidden")
              for path in ("detention", "data")]

page = st.navigation(PAGES)
# The browser tab says which page it holds (several tabs of the atlas open at once), then whose it is.
st.set_page_config(page_title=f"{page.title} · {t('Libya Operations Atlas')}")
errors.run_page(page)  # a failing page shows a short message, never a traceback

# Streamlit runs a full garbage collection after every rerun; with the
# long-lived objects (modules, caches, geometry) moved out of the collector's
# view once, that pass costs a few ms instead of 60-80 ms per slider step.
if not getattr(gc, "_atlas_frozen", False):
    gc.collect()
    gc.freeze()
    gc._atlas_frozen = True
