"""Download buttons for exactly the rows on screen, with a provenance header.

For the public role the counts go through statistical disclosure control
first (``geo.disclosure``): this is the one place every page's downloads
are made, so no page can forget it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import t
from geo import catalog, disclosure, exports
from geo.catalog import LayerData


def buttons(data: LayerData, rows: pd.DataFrame, filters: str, key: str, role: str | None = None) -> None:
    """CSV and GeoJSON of ``rows`` (already filtered to what the view shows).

    ``role``: the viewer's role (pages pass ``ctx.role``; default: the
    deployment's).  Public downloads show counts below the threshold as
    "<5" and withhold what would give them away ("x").
    """
    public = (role or catalog.current_role()) == "public"
    header = exports.provenance_lines(data.layer, data.provenance, filters)
    if public:
        rows = disclosure.protect_rows(rows, data.layer)
        header.append("Disclosure control: counts below the threshold (default 5) are shown as <5; "
                      "x = withheld so that a small count cannot be worked out from the totals.")
    meta = {"dataset": data.layer.name, "version": data.version.version, "provenance": data.provenance,
            "filters": filters, "licence": data.layer.licence,
            "illustrative_rows": int(rows["illustrative"].sum()) if len(rows) else 0}
    if public:
        meta["disclosure_control"] = header[-1]
    c1, c2 = st.columns(2)
    # Files are written only when a button is pressed (deferred data), not on every rerun.
    c1.download_button(f"⬇ {t('download_csv')} ({len(rows)} rows)", lambda: exports.to_csv(rows, data.layer, header),
                       file_name=f"{data.layer.name}.csv", mime="text/csv", key=f"{key}-csv")
    c2.download_button(f"⬇ {t('download_geojson')}", lambda: exports.to_geojson(rows, data.layer, meta),
                       file_name=f"{data.layer.name}.geojson", mime="application/geo+json", key=f"{key}-geojson")
