"""Displacement figures: per round, per mantika or baladiya, compared and over time.

Why: the Overview, Displacement and Flash-update pages all ask the same few
questions of the DTM table (how many, where, how it changed); answering them
here keeps pages thin and the arithmetic tested in one place.
"""

from __future__ import annotations

import pandas as pd

from geo import admin

METRICS = ("migrants", "idps", "returnees")
METRIC_LABELS = {"migrants": "Migrants", "idps": "IDPs", "returnees": "Returnees"}
METRIC_LABELS_AR = {"migrants": "المهاجرون", "idps": "النازحون داخلياً", "returnees": "العائدون"}


def _sum(frame: pd.DataFrame, by: list[str], metric: str) -> pd.DataFrame:
    """Sum of ``metric`` per group; NaN (not 0) where a group has no count at all."""
    values = pd.to_numeric(frame[metric], errors="coerce").astype(float)
    return frame[by].assign(value=values).groupby(by, as_index=False)["value"].sum(min_count=1)


def totals(frame: pd.DataFrame, round_number: int) -> dict[str, float | None]:
    """National (or filtered) totals of one round; None where the round has no count.  Not rounded: a public
    frame's sum of small counts only is a fraction above 0 (``geo.disclosure.SMALL``), shown as "<5"."""
    rows = frame[frame["round"] == round_number]
    out: dict[str, float | None] = {}
    for m in METRICS:
        values = pd.to_numeric(rows[m], errors="coerce")
        out[m] = float(values.sum()) if values.notna().any() else None
    return out


def by_mantika(frame: pd.DataFrame, round_number: int, metric: str) -> pd.DataFrame:
    """One row per mantika: pcode, names, value (NaN where no data)."""
    rows = frame[frame["round"] == round_number]
    sums = _sum(rows, ["mantika_pcode"], metric).set_index("mantika_pcode")["value"]
    table = admin.mantikas()
    return pd.DataFrame({
        "pcode": list(table),
        "name_en": [u.name_en for u in table.values()],
        "name_ar": [u.name_ar for u in table.values()],
        "value": [sums.get(p) for p in table],
    })


def by_baladiya(frame: pd.DataFrame, round_number: int, metric: str) -> pd.DataFrame:
    """One row per baladiya counted in the round, largest first."""
    rows = frame[frame["round"] == round_number].copy()
    rows["value"] = pd.to_numeric(rows[metric], errors="coerce")
    names = admin.baladiyas()
    rows["name_ar"] = [names[p].name_ar if p in names else "" for p in rows["baladiya_pcode"]]
    rows["mantika_name"] = [admin.mantikas()[p].name_en for p in rows["mantika_pcode"]]
    cols = ["baladiya_pcode", "baladiya_name", "name_ar", "mantika_pcode", "mantika_name", "value",
            "illustrative", "source"]
    return rows[cols].sort_values("value", ascending=False, na_position="last").reset_index(drop=True)


def compare(frame: pd.DataFrame, round_a: int, round_b: int, metric: str, level: str = "mantika") -> pd.DataFrame:
    """Change from round A to round B per unit: value_a, value_b, change, change_pct."""
    key = "mantika_pcode" if level == "mantika" else "baladiya_pcode"
    a = _sum(frame[frame["round"] == round_a], [key], metric).set_index(key)["value"]
    b = _sum(frame[frame["round"] == round_b], [key], metric).set_index(key)["value"]
    out = pd.DataFrame({"value_a": a, "value_b": b})
    out["change"] = out["value_b"] - out["value_a"]
    out["change_pct"] = (out["change"] / out["value_a"].where(out["value_a"] > 0)) * 100
    table = admin.mantikas() if level == "mantika" else admin.baladiyas()
    out["name_en"] = [table[p].name_en if p in table else p for p in out.index]
    out["name_ar"] = [table[p].name_ar if p in table else "" for p in out.index]
    return out.reset_index(names="pcode").sort_values("change", ascending=False).reset_index(drop=True)


def biggest_changes(changes: pd.DataFrame, n: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` largest rises and the ``n`` largest falls of a ``compare`` table.

    Why not its first and last rows: with fewer units than tables' rows (one baladiya selected, or a mantika
    whose baladiyas all rose), "Decreases" listed rises (seen: Almarj's +1,119 under both headings).  A unit
    that did not change, or lacks a round, is in neither."""
    rises = changes[changes["change"] > 0].sort_values("change", ascending=False, kind="stable").head(n)
    falls = changes[changes["change"] < 0].sort_values("change", kind="stable").head(n)
    return rises.reset_index(drop=True), falls.reset_index(drop=True)


def trend(frame: pd.DataFrame, metric: str, by_mantika_too: bool = False) -> pd.DataFrame:
    """Totals per round (and per mantika when asked), for trend charts."""
    by = ["round", "round_end"] + (["mantika_pcode"] if by_mantika_too else [])
    out = _sum(frame, by, metric)
    if by_mantika_too:
        out["mantika"] = [admin.mantikas()[p].name_en for p in out["mantika_pcode"]]
    return out.sort_values(by).reset_index(drop=True)


def by_area(frame: pd.DataFrame, round_number: int, metric: str, level: str = "mantika") -> pd.DataFrame:
    """One row per mantika or per baladiya (every unit, NaN where no count): the choropleth's values."""
    if level == "mantika":
        return by_mantika(frame, round_number, metric)
    rows = frame[frame["round"] == round_number]
    sums = _sum(rows, ["baladiya_pcode"], metric).set_index("baladiya_pcode")["value"]
    table = admin.baladiyas()
    return pd.DataFrame({
        "pcode": list(table),
        "name_en": [u.name_en for u in table.values()],
        "name_ar": [u.name_ar for u in table.values()],
        "value": [sums.get(p) for p in table],
    })
