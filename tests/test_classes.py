"""Stable colour classes (issue 11, point 4)."""

from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd

from geo import classes, store


def test_quantile_breaks_of_whole_numbers():
    assert classes.quantile_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) == [1, 3, 5, 7, 9, 11]
    assert classes.quantile_breaks([5, 5, 5]) == [5, 6]  # one class, still a valid range
    assert classes.quantile_breaks([float("nan")]) == []


def test_mantika_breaks_use_every_round_not_one():
    frame = pd.DataFrame({"round": [1, 1, 2, 2], "mantika_pcode": ["A", "B", "A", "B"],
                          "migrants": [10, 20, 30, 1000]})
    breaks, note = classes.mantika_breaks(frame, "migrants", n_classes=3)
    assert breaks[0] == 10 and breaks[-1] == 1000
    assert "R1–R2" in note


def test_shipped_breaks_are_the_quintiles_of_all_mantika_rounds():
    with tempfile.TemporaryDirectory() as tmp:
        frame = store.open_store(f"gpkg:{tmp}/atlas.gpkg").read("displacement")
    sums = frame.groupby(["round", "mantika_pcode"])["migrants"].sum()
    expected = np.round(np.quantile(sums.to_numpy(dtype=float), [0, 0.2, 0.4, 0.6, 0.8, 1])).tolist()
    breaks, _ = classes.mantika_breaks(frame, "migrants")
    assert breaks == expected
