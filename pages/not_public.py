"""What a public viewer sees at the address of a coordinators' page (a shared link, an old bookmark): a short
note in their language and a way on, not Streamlit's English "Page not found" over the Overview.

Nothing of the page itself is loaded: this file stands in for it (``app.py`` registers it, hidden from the menu,
under the coordinators' pages' addresses when the role is public)."""

from __future__ import annotations

import streamlit as st

from components import page
from components.i18n import t

ctx = page.setup(has_map=False)
st.title(t("For coordinators only"))
st.info(t("This page is open to IOM coordinators only: what it shows is not published. The other pages of the "
          "atlas and the published snapshots are open to everyone."), icon=":material/lock:")
st.page_link("pages/overview.py", label=t("Open the Overview"), icon=":material/explore:")
page.sync_url(ctx)  # the language stays in the address; there is no view to link to
