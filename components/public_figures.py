"""Figures and tables as the viewer may see them: exact for coordinators,
after statistical disclosure control (``geo.disclosure``) for the public.

Why a component: pages show counts in headline figures and tables; routing those
through two functions keeps the rule in one place and the pages thin.
"""

from __future__ import annotations

import pandas as pd

from components import locale
from components.i18n import t
from geo import admin, disclosure
from geo.registry import Layer


def number(value: object, layer: Layer, field: str, role: str) -> str:
    """A headline count: ``"1,234"``, ``"no count"`` or, for the public, ``"<5"``."""
    if value is None or pd.isna(value):
        return t("no count")
    k = disclosure.threshold(layer, field)
    if role == "public" and k is not None and 0 < float(value) < k:  # "<5", or "x" for several small counts
        return str(locale.mark(disclosure.cell_text(value, disclosure.cell_status(value, k), k)))
    return locale.number(round(float(value)))


def comparable(values: list[object], layer: Layer, field: str, role: str) -> bool:
    """Whether a difference of these counts may be shown (none is withheld, as ``number`` would)."""
    k = disclosure.threshold(layer, field)
    if role != "public" or k is None:
        return True
    return not any(v is not None and not pd.isna(v) and 0 < float(v) < k for v in values)


def column(frame: pd.DataFrame, columns: dict[str, str], layer: Layer, role: str,
           differences: dict[str, tuple[str, str]] | None = None) -> pd.DataFrame:
    """``frame`` with its count ``columns`` (column -> registry field) protected
    for the public role; each column's cells count as summed in a published
    total, and so do the cells of each mantika (``disclosure.row_groups``;
    baladiya rows without a ``mantika_pcode`` column get it from a ``pcode``
    column).  ``differences``: column -> (a, b) withheld where a or b is."""
    if role != "public" or frame.empty:
        return frame
    return _protected(frame, columns, layer, differences)[0]


def _protected(frame: pd.DataFrame, columns: dict[str, str], layer: Layer,
               differences: dict[str, tuple[str, str]] | None = None) -> tuple[pd.DataFrame, dict[str, list[bool]]]:
    """``column`` for the public, and which cells of each count column it withheld (read from each cell's
    disclosure status, not from the published text)."""
    out = frame.copy()
    keyed = out
    if "mantika_pcode" not in out.columns and "pcode" in out.columns:
        parents = {p: u.parent for p, u in admin.baladiyas().items()}
        keyed = out.assign(mantika_pcode=[parents.get(p, "") for p in out["pcode"]])
    groups = disclosure.row_groups(keyed)
    statuses = {}
    for col, field in columns.items():
        k = disclosure.threshold(layer, field) or disclosure.DEFAULT_THRESHOLD
        values = dict(zip(range(len(out)), out[col].tolist(), strict=True))
        status = disclosure.protect(values, groups, k)
        statuses[col] = status
        out[col] = [_cell(values[i], status[i], k) for i in range(len(out))]
    for col, (a, b) in (differences or {}).items():
        out[col] = [disclosure.SECONDARY_MARK
                    if disclosure.difference_status(statuses[a][i], statuses[b][i]) == disclosure.SECONDARY
                    else _difference(v, percent=col.endswith("_pct")) for i, v in enumerate(out[col].tolist())]
    withheld = {col: [status[i] in (disclosure.PRIMARY, disclosure.SECONDARY) for i in range(len(out))]
                for col, status in statuses.items()}
    return out, withheld


def _cell(value: object, status: str, k: int) -> str:
    """A published cell: a shown count in the reader's locale and digits (``"1,234"``, ``"١٬٢٣٤"``); a
    withheld one as its mark (``"<5"``, ``"x"``)."""
    text = disclosure.cell_text(value, status, k)
    return locale.number(value) if status == disclosure.SHOWN and text else text


def _difference(value: object, *, percent: bool) -> str:
    """A shown change, signed, in the reader's locale: ``"+100"``, or ``"+8.3%"`` for a percentage."""
    if pd.isna(value):
        return ""
    return locale.number(value, signed=True, decimals=1 if percent else 0, percent=percent)


def for_map(frame: pd.DataFrame, col: str, layer: Layer, field: str, role: str) -> pd.DataFrame:
    """Map rows for the public: ``col`` emptied where withheld (so a symbol's size
    cannot give the value away) and ``<col>_text`` holding what tooltips show."""
    if role != "public" or frame.empty:
        return frame
    shown, withheld = _protected(frame, {col: field}, layer)
    out = frame.copy()
    out[col] = _whole(out[col]).where(~pd.Series(withheld[col], index=out.index))
    out[f"{col}_text"] = shown[col]
    return out


def _whole(values: pd.Series) -> pd.Series:
    """Counts as the public may read them: whole numbers.  A public sum is a fraction above its whole number
    where it left small counts out (``geo.disclosure.SMALL``): unrounded, "80.000001" in a chart's hover told
    that one was left out, and a share's ninth decimal that it was within reach."""
    return pd.to_numeric(values, errors="coerce").astype(float).round()


def map_rows(frame: pd.DataFrame, columns: dict[str, str], layer: Layer, role: str,
             size: str | None = None) -> pd.DataFrame:
    """Point rows for a map: count ``columns`` as the viewer may see them (text
    for the public, for tooltips) and, with ``size``, a numeric ``_size``
    column for proportional symbols that is empty where the value is withheld."""
    if role == "public" and not frame.empty:
        out, withheld = _protected(frame, columns, layer)
    else:
        out, withheld = frame.copy(), {}
    if size is not None:
        sizes = pd.to_numeric(frame[size], errors="coerce")
        if role == "public":
            sizes = _whole(sizes)
        if size in withheld:
            sizes = sizes.where(~pd.Series(withheld[size], index=sizes.index))
        out["_size"] = sizes.to_numpy()
    return out


def area_values(values: pd.DataFrame, layer: Layer, field: str, role: str) -> pd.DataFrame:
    """Choropleth values (one row per area, summed in the national total shown
    beside the map): for the public a withheld value becomes its text
    ("<5"/"x"), which the map draws as "no data" and its tooltip shows as is."""
    if role != "public" or values.empty:
        return values
    out = values.copy()
    shown, withheld = _protected(values.drop(columns=["pcode"], errors="ignore"), {"value": field}, layer)
    out["value"] = [text if hide else value for value, text, hide in zip(_whole(values["value"]), shown["value"],
                                                                        withheld["value"], strict=True)]
    return out


def chart_values(frame: pd.DataFrame, value: str, layer: Layer, fields: list[str], role: str,
                 summed_by: list[str] | None = None) -> tuple[pd.DataFrame, int]:
    """A chart's rows as the viewer may see them, and how many of its values are withheld.

    For the public a count under the threshold of ``fields`` (the registry fields it counts) is emptied, so no
    bar or point draws it, and so is a count that would give one away: ``summed_by`` names the columns whose
    values' cells add up to a figure on the page (``[]``: all cells, e.g. beneficiaries per city summing to the
    headline; ``["measure"]``: each measure's months summing to its headline); None: no sum is published.
    Seen: the public chart of a one-point area drew 3 people disembarked, beside a headline and table of "<5"."""
    thresholds = [k for f in fields if (k := disclosure.threshold(layer, f)) is not None]
    if role != "public" or frame.empty or not thresholds:
        return frame, 0
    plain = frame.reset_index(drop=True)
    groups = [] if summed_by is None else disclosure.row_groups(plain, by=summed_by, within=None)
    status = disclosure.protect(dict(enumerate(plain[value].tolist())), groups, max(thresholds))
    withheld = [status[i] in (disclosure.PRIMARY, disclosure.SECONDARY) for i in range(len(plain))]
    return plain.assign(**{value: _whole(plain[value]).where(~pd.Series(withheld))}), sum(withheld)


def shares(frame: pd.DataFrame, metrics: list[str], layer: Layer, role: str) -> pd.DataFrame:
    """Shares within reach per area (``geo.coverage`` columns ``{m}_total``, ``{m}_in_reach``, ``{m}_share``) as
    the viewer may see them: for the public the counts become their published text and a share whose count or
    part is withheld becomes ``"x"`` (which maps draw as no data and charts leave out).

    Why the share too: a share of a small count tells it (50 % of 2 is one person), and a share of a shown total
    gives its parts away (share × total within reach, the rest out of it).  Seen: Health coverage's map values
    for download held every baladiya's exact migrants, 3 among them, for the public."""
    if role != "public" or frame.empty:
        return frame
    plain = frame.reset_index(drop=True)
    plain = plain.assign(**{f"{m}_out": plain[f"{m}_total"] - plain[f"{m}_in_reach"] for m in metrics})
    counts = {f"{m}_{part}": m for m in metrics for part in ("total", "in_reach", "out")}
    shown, withheld = _protected(plain, counts, layer)
    for m in metrics:
        hide = [any(parts) for parts in zip(*(withheld[f"{m}_{part}"] for part in ("total", "in_reach", "out")),
                                            strict=True)]
        # Of the whole numbers shown beside it: a share of the unrounded sums moved in its ninth decimal when a
        # small count (in no total) came within reach.
        total, part = _whole(plain[f"{m}_total"]), _whole(plain[f"{m}_in_reach"])
        share = (part / total.where(total > 0) * 100).tolist()
        shown[f"{m}_share"] = [disclosure.SECONDARY_MARK if h else v for h, v in zip(hide, share, strict=True)]
    return shown.drop(columns=[f"{m}_out" for m in metrics]).set_axis(frame.index)


def class_breaks(breaks: list[float], role: str) -> list[float]:
    """A choropleth's class breaks as the viewer may see them in its legend.  The lowest break is the smallest
    value of any area in any round, a real count that may be small (one baladiya's 3 migrants): for the public
    the first class starts at 0 instead."""
    if role != "public" or not breaks:
        return breaks
    # Whole numbers, as the values they class (``_whole``): a public sum's fraction in a break would say how many
    # small counts it left out, and wrote the legend outside the reader's digits.
    return [min(float(round(breaks[0])), 0.0), *(float(round(b)) for b in breaks[1:])]
