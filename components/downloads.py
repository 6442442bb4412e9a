"""Download buttons for exactly the rows on screen, with their provenance beside them.

Why this shape: a CSV must open as it is in ``pandas.read_csv`` and Excel, so
its first line is the header; the provenance (source, licence, filters,
export time) travels in a sidecar text file, in the workbook's "metadata"
sheet and in the GeoJSON's ``metadata`` member.  File names carry the dataset,
the area and the period, so a folder of downloads explains itself.

For the public role the counts go through statistical disclosure control
first (``geo.disclosure``): this is the one place every page's downloads
are made, so no page can forget it.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from components import locale
from components.i18n import lang, t
from geo import catalog, disclosure, exports
from geo.catalog import LayerData


def _from_filters(filters: str) -> tuple[str, str]:
    """(area, period) read from the pages' ``"area=X; rounds=[26]; ..."`` filter text."""
    parts = dict(p.split("=", 1) for p in (x.strip() for x in filters.split(";")) if "=" in p)
    area = parts.pop("area", "")
    period = next((v for k, v in parts.items() if k in ("rounds", "round", "month", "months", "since")), "")
    if not period:
        period = next((p.strip() for p in filters.split(";") if re.search(r"\d{4}-\d{2}", p)), "")
    period = re.sub(r"[\[\]']", "", period).replace(", ", "-").replace(",", "-").replace(" ", "-")
    if period and period.replace("-", "").isdigit() and "rounds" in parts:
        period = "R" + period.replace("-", "-R")
    return area, period


def buttons(data: LayerData, rows: pd.DataFrame, filters: str, key: str, role: str | None = None, *,
            area: str | None = None, period: str | None = None) -> None:
    """CSV (+ provenance sidecar), Excel and GeoJSON of ``rows`` (already filtered to what the view shows).

    ``role``: the viewer's role (pages pass ``ctx.role``; default: the
    deployment's).  Public downloads show counts below the threshold as
    "<5" and withhold what would give them away ("x").
    """
    public = (role or catalog.current_role()) == "public"
    guessed_area, guessed_period = _from_filters(filters)
    stem = exports.file_stem(data.layer.name, guessed_area if area is None else area,
                             guessed_period if period is None else period)
    # Column names stay machine-readable; the files say which language the view's labels were in.
    provenance = exports.provenance_text(data.layer, data.provenance, filters) + f"Interface language: {lang()}\n"
    meta = {"lang": lang(), "dataset": data.layer.name, "version": data.version.version, "provenance": data.provenance,
            "filters": filters, "licence": data.layer.licence,
            "illustrative_rows": int(rows["illustrative"].sum()) if len(rows) else 0}
    if public:
        rows = disclosure.protect_rows(rows, data.layer)
        note = ("Disclosure control: counts below the threshold (default 5) are shown as <5; "
                "x = withheld so that a small count cannot be worked out from the totals.")
        provenance += note + "\n"
        meta["disclosure_control"] = note
    row = st.container(horizontal=True, gap="small")
    # Files are written only when a button is pressed (deferred data), not on every rerun.
    row.download_button(t("CSV ({n} rows)").format(n=locale.number(len(rows))),
                        lambda: exports.to_csv(rows, data.layer, coordinates=True),
                        file_name=f"{stem}.csv", mime="text/csv", key=f"{key}-csv", icon=":material/download:")
    row.download_button(t("Provenance (text)"),
                        lambda: provenance.encode("utf-8"),
                        file_name=f"{stem}.provenance.txt", mime="text/plain", key=f"{key}-prov",
                        icon=":material/info:")
    row.download_button(t("Excel"), lambda: exports.to_xlsx(rows, data.layer, meta), file_name=f"{stem}.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key=f"{key}-xlsx", icon=":material/table:")
    row.download_button(t("GeoJSON"), lambda: exports.to_geojson(rows, data.layer, meta),
                        file_name=f"{stem}.geojson", mime="application/geo+json", key=f"{key}-geojson",
                        icon=":material/map:")
