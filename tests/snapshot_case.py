"""The data case the snapshot tests publish, and its expected figures.

The shipped displacement table with ONE small count: in round 28 Alqayqab
(LY010104, mantika Derna LY0101) has 3 migrants.  Expected values are
computed here with plain pandas from that file, never with geo.snapshots or
geo.disclosure: the area totals are the sums of the counts not from 1 to 4
(a small count takes part in no public total); 3 is shown as "<5"; and,
since Derna's published total does not hold it, no other baladiya is
withheld beside it ("x" would hide nothing: Derna's total minus the others
is 0, not 3).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
MANTIKA = "LY0101"
SMALL_BALADIYA = "LY010104"
SMALL_ROUND = 28
SMALL_VALUE = 3
METRICS = ("migrants", "idps", "returnees")


def write_case(folder: Path) -> Path:
    """The modified displacement CSV, written to ``folder``; returns its path."""
    frame = pd.read_csv(ROOT / "data" / "layers" / "displacement.csv", dtype=str, keep_default_na=False)
    hit = (frame["round"] == str(SMALL_ROUND)) & (frame["baladiya_pcode"] == SMALL_BALADIYA)
    assert hit.sum() == 1
    frame.loc[hit, "migrants"] = str(SMALL_VALUE)
    path = folder / "displacement_small.csv"
    frame.to_csv(path, index=False)
    return path


def import_case(store, folder: Path) -> Path:
    from geo import ingest

    path = write_case(folder)
    ingest.import_file(store, path, "displacement", actor="test", replace=True)
    return path


def expected(path: Path, mantika: str = MANTIKA) -> dict:
    """{"totals": {round: {metric: "1,234"}}, "baladiya": {round: {metric: {pcode: text}}}} for ``mantika``."""
    frame = pd.read_csv(path)
    rows = frame[frame["mantika_pcode"] == mantika]
    totals: dict[int, dict[str, str]] = {}
    cells: dict[int, dict[str, dict[str, str]]] = {}
    for rnd, part in rows.groupby("round"):
        totals[int(rnd)] = {m: f"{_public_sum(part[m]):,}" for m in METRICS}
        cells[int(rnd)] = {}
        for m in METRICS:
            values = dict(zip(part["baladiya_pcode"], part[m].astype(int), strict=True))
            texts = {p: f"{v:,}" for p, v in values.items()}
            small = [p for p, v in values.items() if 0 < v < 5]
            for p in small:
                texts[p] = "<5"
            cells[int(rnd)][m] = texts
    return {"totals": totals, "baladiya": cells}


def _public_sum(counts: pd.Series) -> int:
    """A public total: the counts from 1 to 4 left out."""
    return int(counts[(counts < 1) | (counts > 4)].sum())


def national_totals(path: Path) -> dict[int, dict[str, str]]:
    frame = pd.read_csv(path)
    return {int(r): {m: f"{_public_sum(p[m]):,}" for m in METRICS} for r, p in frame.groupby("round")}
