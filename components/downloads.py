"""Download buttons for exactly the rows on screen, with a provenance header."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import locale
from components.i18n import lang, t
from geo import exports
from geo.catalog import LayerData


def buttons(data: LayerData, rows: pd.DataFrame, filters: str, key: str) -> None:
    """CSV and GeoJSON of ``rows`` (already filtered to what the view shows)."""
    # Column names stay machine-readable; the file says which language the view's labels were in.
    header = [*exports.provenance_lines(data.layer, data.provenance, filters), f"Interface language: {lang()}"]
    meta = {"lang": lang(), "dataset": data.layer.name, "version": data.version.version, "provenance": data.provenance,
            "filters": filters, "licence": data.layer.licence,
            "illustrative_rows": int(rows["illustrative"].sum()) if len(rows) else 0}
    c1, c2 = st.columns(2)
    # Files are written only when a button is pressed (deferred data), not on every rerun.
    c1.download_button("⬇ " + t("Download CSV ({n} rows)").format(n=locale.number(len(rows))),
                       lambda: exports.to_csv(rows, data.layer, header),
                       file_name=f"{data.layer.name}.csv", mime="text/csv", key=f"{key}-csv")
    c2.download_button("⬇ " + t("Download GeoJSON"), lambda: exports.to_geojson(rows, data.layer, meta),
                       file_name=f"{data.layer.name}.geojson", mime="application/geo+json", key=f"{key}-geojson")
