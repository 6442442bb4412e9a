"""Download buttons for exactly the rows on screen, with their provenance beside them.

Why this shape: a CSV must open as it is in ``pandas.read_csv`` and Excel, so
its first line is the header; the provenance (source, licence, filters,
export time) travels in a sidecar text file, in the workbook's "metadata"
sheet and in the GeoJSON's ``metadata`` member.  File names carry the dataset,
the area and the period, so a folder of downloads explains itself.

For the public role the counts go through statistical disclosure control
first (``geo.disclosure``): this is the one place every page's downloads
are made, so no page can forget it.

The files sit in one "Download" menu (``menu``) whose content is made only
while it is open: six buttons redrawn on every slider step cost the step
about 7 ms of server time (and their share of the browser's redraw), for
files most steps never fetch.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import locale, log_lines, view_filters
from components.i18n import lang, t, tn
from geo import catalog, disclosure, exports
from geo.catalog import LayerData
from geo.translations import Words


def public_note() -> str:
    """What a public download says of its counts (in the sidecar and the metadata), in the reader's language."""
    return t("Disclosure control: counts below the threshold (default 5) are shown as <5 and left out of every "
             "public total; x = withheld (several small counts together, or a value that would let a small count "
             "be worked out from the totals).")


def menu(key: str) -> DeltaGenerator | None:
    """The page's "Download" menu: its container while it is open, else None.

    Opening it reruns the page (or the fragment it sits in), and that run
    writes the buttons: pages put ``buttons`` and ``geography.downloads``
    inside ``with menu:`` only when this returns a container.
    """
    box = st.popover(t("Download"), icon=":material/download:", key=f"{key}-downloads", on_change="rerun")
    return box if box.open else None


def buttons(data: LayerData, rows: pd.DataFrame, filters: Sequence[view_filters.Filter], key: str,
            role: str | None = None) -> None:
    """CSV (+ provenance sidecar), Excel and GeoJSON of ``rows`` (already filtered to what the view shows).

    ``filters``: the view's (``components.view_filters``), which the files' names, sidecar and metadata say.
    ``role``: the viewer's role (pages pass ``ctx.role``; default: the deployment's).  Public downloads show
    counts below the threshold as "<5" and withhold what would give them away ("x").
    """
    public = (role or catalog.current_role()) == "public"
    stem = exports.file_stem(data.layer.name, view_filters.area_name(filters), view_filters.period_name(filters))
    # Column names, the metadata's keys and its machine form of the filters stay machine-readable; what they say
    # is in the view's language, and the files say which that was.
    words = Words(lang())
    provenance_text = data.provenance_in(words, actor=log_lines.recorded)
    licence = data.licence_in(words.t)
    said = view_filters.reader(filters)
    provenance = exports.provenance_text(data.layer, provenance_text, said, licence, words) \
        + t("Interface language: {lang}").format(lang=lang()) + "\n"
    meta = {"lang": lang(), "dataset": data.layer.name, "title": words.pick(data.layer.title, data.layer.title_ar),
            "version": data.version.version, "provenance": provenance_text,
            "filters": view_filters.machine(filters), "filters_text": said,
            "licence": licence, "illustrative_rows": int(rows["illustrative"].sum()) if len(rows) else 0}
    if public:
        rows = disclosure.protect_rows(rows, data.layer)
        note = public_note()
        provenance += note + "\n"
        meta["disclosure_control"] = note
    row = st.container(gap="small")
    # Files are written only when a button is pressed (deferred data), and a download does not rerun the page
    # (on_click="ignore"): a rerun would replace every button, and a second click during it was lost.
    row.download_button(tn("CSV ({n} row)", "CSV ({n} rows)", len(rows)).format(n=locale.number(len(rows))),
                        lambda: exports.to_csv(rows, data.layer, coordinates=True),
                        file_name=f"{stem}.csv", mime="text/csv", key=f"{key}-csv",
                        on_click="ignore", width="stretch", icon=":material/download:")
    row.download_button(t("Provenance (text)"),
                        lambda: provenance.encode("utf-8"),
                        file_name=f"{stem}.provenance.txt", mime="text/plain", key=f"{key}-prov",
                        on_click="ignore", width="stretch", icon=":material/info:")
    row.download_button(t("Excel"), lambda: exports.to_xlsx(rows, data.layer, meta), file_name=f"{stem}.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key=f"{key}-xlsx", on_click="ignore", width="stretch", icon=":material/table:")
    row.download_button(t("GeoJSON"), lambda: exports.to_geojson(rows, data.layer, meta),
                        file_name=f"{stem}.geojson", mime="application/geo+json", key=f"{key}-geojson",
                        on_click="ignore", width="stretch", icon=":material/map:")
