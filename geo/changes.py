"""What an import changes: merging a file into the current version, and the diff.

Why: a DTM file holds one round; importing it must add that round beside the
others, not wipe them.  So a new version is the current rows, minus the rows
the file replaces, plus the file's rows.  Which rows a file replaces follows
the layer's time axis (registry): for round/month layers, every row of the
periods the file covers; for the others, rows with the same key.  A value the
file leaves blank keeps the current value of the same key, so an IDP/returnee
file for a round completes that round's migrant counts instead of erasing them.
Arabic words the file leaves blank (a site's name, an event's title, text and
place: ``Layer.translations``) are kept too, while the English they translate is
unchanged, in every period the file brings: a file without Arabic columns does not
strip the Arabic pages of their words, and a renamed site is not given the old
name's translation.  "Replace the whole dataset" keeps nothing.
The same module computes the preview a coordinator confirms before storing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.registry import Layer


def _canon(value: object) -> str:
    """One spelling per value, so 29787, 29787.0 and '29787' compare equal and
    None, NaN, NA and NaT all mean blank."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):  # numpy scalars
        return _canon(value.item())
    return str(value)


def _keys(columns: tuple[str, ...], *frames: pd.DataFrame) -> list[np.ndarray]:
    """One integer per row for its key, the same integer for the same key in every frame.

    Why integers, not a text per row such as ``"54 / LY010101"``: that is 60-odd bytes,
    twice over for a 400,000-row import; each distinct value is spelt (``_canon``) once
    here, so 29787, 29787.0 and '29787' still name the same key."""
    combined = np.zeros(sum(len(f) for f in frames), dtype=np.int64)
    for c in columns:
        codes, uniques = pd.factorize(pd.concat([f[c] for f in frames], ignore_index=True), use_na_sentinel=False)
        spelt, names = pd.factorize(pd.Series([_canon(u) for u in uniques], dtype=object))
        combined, _ = pd.factorize(combined * len(names) + spelt[codes])
    bounds = np.cumsum([0, *(len(f) for f in frames)])
    return [combined[a:b] for a, b in itertools.pairwise(bounds)]


def merge(current: pd.DataFrame | None, incoming: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """The rows of the next version: ``incoming`` replaces what it covers in ``current``."""
    if current is None or current.empty:
        return incoming.reset_index(drop=True)
    incoming = _fill_blanks(current, incoming, layer)
    if layer.time_kind in ("round", "month"):
        covered = set(incoming[layer.time_field].map(_canon))
        keep = ~current[layer.time_field].map(_canon).isin(covered)
    else:
        kc, ki = _keys(layer.key, current, incoming)
        keep = ~np.isin(kc, ki)
    kept = current.loc[keep, [c for c in incoming.columns if c in current.columns]]
    merged = pd.concat([kept, incoming], ignore_index=True)
    return merged.sort_values(list(layer.key), kind="stable").reset_index(drop=True)


def keeps_current(current: pd.DataFrame | None, incoming: pd.DataFrame, merged: pd.DataFrame, layer: Layer) -> bool:
    """Whether ``merged`` (``merge(current, incoming, layer)``) holds figures of ``current``: rows of periods or
    keys the file did not cover, or values the file left blank.  Such a version credits ``current``'s sources
    as well as the file's (``geo.catalog.credits``)."""
    if current is None or current.empty:
        return False
    if len(merged) > len(incoming):
        return True
    return any(blank.any() for blank in _blanks(current, incoming, layer).values())


def _blanks(current: pd.DataFrame, incoming: pd.DataFrame, layer: Layer) -> dict[str, np.ndarray]:
    """Per value field of both frames, which of ``incoming``'s rows leave it blank (the merge fills them from
    ``current``)."""
    return {v: (incoming[v].map(_canon) == "").to_numpy() for v in layer.value_fields
            if v in incoming and v in current}


def _fill_blanks(current: pd.DataFrame, incoming: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """Blank value fields in ``incoming`` take the current value of the same key."""
    incoming = _keep_arabic_words(current, incoming, layer)
    blanks = {v: blank for v, blank in _blanks(current, incoming, layer).items() if blank.any()}
    if not blanks:
        return incoming  # nothing blank (the usual case): no keys are built
    kc, ki = _keys(layer.key, current, incoming)
    first = ~pd.Index(kc).duplicated()  # the current value of a key is its first row's
    out = incoming.copy()
    for v, blank in blanks.items():
        old = pd.Series(current[v].to_numpy()[first], index=kc[first])
        filled = pd.Series(ki[blank]).map(old)
        out[v] = out[v].astype(object)
        out.loc[blank, v] = filled.where(filled.notna(), None).tolist()
    return out


def _keep_arabic_words(current: pd.DataFrame, incoming: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    """A blank Arabic field (``Layer.translations``: a site's name, an event's title, text and place) takes
    the one the same site or event (``id_field``) has stored beside the same English words.

    Matched by id and English words, not by the layer's key: a new month's centres file
    has no (centre, month) in the store yet, but its centres do; the latest row with
    Arabic words wins (rows are in key order, time last)."""
    site = layer.id_field
    out = incoming
    for arabic, english in layer.translations:
        if not site or not all(c in f for c in (site, english, arabic) for f in (current, incoming)):
            continue
        blank = (incoming[arabic].map(_canon) == "").to_numpy()
        if not blank.any():
            continue
        kc, ki = _keys((site, english), current, incoming)
        stored = (current[arabic].map(_canon) != "").to_numpy()
        words = pd.Series(current[arabic].to_numpy()[stored], index=kc[stored])
        words = words[~words.index.duplicated(keep="last")]
        found = pd.Series(ki[blank]).map(words)
        out = out.copy() if out is incoming else out
        out[arabic] = out[arabic].astype(object)
        out.loc[blank, arabic] = found.where(found.notna(), None).tolist()
    return out


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
    """Compare two versions of ``layer`` row by row (by key, all at once) and by totals."""
    before = before if before is not None else after.iloc[0:0]
    columns = [c for c in layer.columns if c in after.columns and c in before.columns and c != "source"]
    ka, kb = (pd.Index(k) for k in _keys(layer.key, after, before))
    a_first, b_first = ~ka.duplicated(), ~kb.duplicated()
    a_keys, b_keys = ka[a_first], kb[b_first]
    common = a_keys.intersection(b_keys)
    out = Diff(added=len(a_keys.difference(b_keys)), removed=len(b_keys.difference(a_keys)))
    # Only rows present on both sides are compared cell by cell (a new round's 200,000 rows are just "added").
    a_pick, b_pick = a_first & ka.isin(common), b_first & kb.isin(common)
    a = after.loc[a_pick, columns].map(_canon).set_index(ka[a_pick])
    b = before.loc[b_pick, columns].map(_canon).set_index(kb[b_pick])
    differs = (a.loc[common, columns] != b.loc[common, columns])
    changed = differs.any(axis=1)
    out.changed = int(changed.sum())
    out.unchanged = len(common) - out.changed
    for k in changed[changed].index[:5]:
        cols = [c for c in columns if differs.at[k, c]]
        row = after.iloc[int(np.flatnonzero(ka == k)[0])]
        label = " / ".join(_canon(row[c]) for c in layer.key)
        out.examples.append(f"{label}: " + ", ".join(f"{c} {b.at[k, c] or '∅'} → {a.at[k, c] or '∅'}" for c in cols))
    for v in layer.value_fields:
        if v in after:
            out.totals_after[v] = int(pd.to_numeric(after[v], errors="coerce").fillna(0).sum())
            out.totals_before[v] = int(pd.to_numeric(before[v], errors="coerce").fillna(0).sum()) if v in before else 0
    return out
