"""Colour classes that stay put: one set of class breaks per metric for all rounds in view.

Why: if classes are recomputed for each round, a mantika can change colour on
the time slider because the classes moved, not because its value did; and two
pages classifying the same round differently (Overview 1,998–7,882 vs
Displacement 1,866–7,538) contradict each other.  Breaks are therefore
quantiles of every mantika value of every round of the dataset, computed here
once and used by every page that colours the metric.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

N_CLASSES = 5


def quantile_breaks(values: Iterable[float], n_classes: int = N_CLASSES) -> list[float]:
    """``n_classes + 1`` ascending breaks at the quantiles of ``values`` (ties merged).

    Linear-interpolation quantiles, rounded to whole numbers when every value
    is whole (people are counted in whole numbers).  Empty input gives [].
    """
    finite = sorted(float(v) for v in values if v is not None and math.isfinite(float(v)))
    if not finite:
        return []
    raw = []
    for i in range(n_classes + 1):
        pos = i / n_classes * (len(finite) - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, len(finite) - 1)
        raw.append(finite[lo] + (finite[hi] - finite[lo]) * (pos - lo))
    if all(v.is_integer() for v in finite):
        raw = [float(round(b)) for b in raw]
    cuts: list[float] = []
    for b in raw:
        if not cuts or b > cuts[-1]:
            cuts.append(b)
    return cuts if len(cuts) > 1 else [cuts[0], cuts[0] + 1]


def mantika_breaks(frame: pd.DataFrame, metric: str, n_classes: int = N_CLASSES) -> tuple[list[float], str]:
    """Breaks for ``metric`` per mantika over all rounds of ``frame``, and the sentence the legend shows."""
    return area_breaks(frame, metric, "mantika", n_classes)


def area_breaks(frame: pd.DataFrame, metric: str, level: str = "mantika",
                n_classes: int = N_CLASSES) -> tuple[list[float], str]:
    """Breaks for ``metric`` per area of ``level`` (mantika or baladiya) over all rounds of ``frame``,
    and the sentence the legend shows."""
    key = "mantika_pcode" if level == "mantika" else "baladiya_pcode"
    values = pd.to_numeric(frame[metric], errors="coerce").astype(float)
    sums = frame[["round", key]].assign(value=values).groupby(["round", key])["value"].sum(min_count=1).dropna()
    rounds = sorted(int(r) for r in frame["round"].dropna().unique())
    span = f"R{rounds[0]}–R{rounds[-1]}" if len(rounds) > 1 else (f"R{rounds[0]}" if rounds else "")
    note = f"Classes: quintiles of all {level} values {span}, fixed across rounds and pages."
    return quantile_breaks(sums.tolist(), n_classes), note
