"""What an import changes: merging a file into the current version, and the diff.

Why: a DTM file holds one round; importing it must add that round beside the
others, not wipe them.  So a new version is the current rows, minus the rows
the file replaces, plus the file's rows.  Which rows a file replaces follows
the layer's time axis (registry): for round/month layers, every row of the
periods the file covers; for the others, rows with the same key.  The same
module computes the preview a coordinator confirms before storing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.registry import Layer


def _key(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    return frame[list(columns)].map(str).agg(" / ".join, axis=1)


def merge(current: pd.DataFrame | None, incoming: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """The rows of the next version: ``incoming`` replaces what it covers in ``current``."""
    if current is None or current.empty:
        return incoming.reset_index(drop=True)
    if layer.time_kind in ("round", "month"):
        covered = set(incoming[layer.time_field].astype(str))
        keep = ~current[layer.time_field].astype(str).isin(covered)
    else:
        keep = ~_key(current, layer.key).isin(set(_key(incoming, layer.key)))
    kept = current.loc[keep, [c for c in incoming.columns if c in current.columns]]
    merged = pd.concat([kept, incoming], ignore_index=True)
    return merged.sort_values(list(layer.key), kind="stable").reset_index(drop=True)


@dataclass
class Diff:
    """Rows added, removed and changed between two versions, and totals."""

    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0
    totals_before: dict[str, int] = field(default_factory=dict)
    totals_after: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.removed} removed", f"{self.changed} changed",
                 f"{self.unchanged} unchanged"]
        totals = [f"{k} {self.totals_before.get(k, 0):,} → {v:,}" for k, v in self.totals_after.items()]
        return ", ".join(parts) + ("; " + ", ".join(totals) if totals else "")


def diff(before: pd.DataFrame | None, after: pd.DataFrame, layer: Layer) -> Diff:
    """Compare two versions of ``layer`` row by row (by key) and by totals."""
    before = before if before is not None else after.iloc[0:0]
    values = [c for c in layer.columns if c in after.columns and c != "source"]
    b = before.assign(_k=_key(before, layer.key)).set_index("_k") if len(before) else None
    a = after.assign(_k=_key(after, layer.key)).set_index("_k")
    before_keys = set(b.index) if b is not None else set()
    after_keys = set(a.index)
    out = Diff(added=len(after_keys - before_keys), removed=len(before_keys - after_keys))
    for k in sorted(after_keys & before_keys):
        old = [str(v) for v in b.loc[k, values].tolist()]
        new = [str(v) for v in a.loc[k, values].tolist()]
        if old != new:
            out.changed += 1
            if len(out.examples) < 5:
                cols = [c for c, o, n in zip(values, old, new, strict=True) if o != n]
                out.examples.append(f"{k}: " + ", ".join(f"{c} {b.loc[k, c]} → {a.loc[k, c]}" for c in cols))
        else:
            out.unchanged += 1
    for v in layer.value_fields:
        if v in after:
            out.totals_after[v] = int(pd.to_numeric(after[v], errors="coerce").fillna(0).sum())
            out.totals_before[v] = int(pd.to_numeric(before[v], errors="coerce").fillna(0).sum()) if v in before else 0
    return out
