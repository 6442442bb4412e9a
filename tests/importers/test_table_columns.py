"""How ``tables.table_at`` holds a column (``_Column``): packed or not, the cells read back the same."""

from __future__ import annotations

import math

from geo.importers import tables


def _table(rows: list[list[object]], monkeypatch):
    monkeypatch.setattr(tables, "REPEATS", 3)  # more than 3 distinct texts: a column of distinct texts
    monkeypatch.setattr(tables, "PACK_ROWS", 4)
    sheet = tables.Sheet("f.csv", None, [["pcode", "count"], *rows])
    return tables.table_at(sheet, 1, None)


def test_a_column_of_distinct_texts_is_packed_and_reads_back_the_same(monkeypatch):
    counts = [str(1000 + i) for i in range(10)]
    rows = [["LY01", c] for c in counts]
    rows[5][1] = None  # a short row's missing cell
    frame = _table(rows, monkeypatch).frame
    assert str(frame["count"].dtype) == "str"  # packed
    got = frame["count"].tolist()
    assert got[:5] + got[6:] == counts[:5] + counts[6:] and math.isnan(got[5])
    assert frame["pcode"].dtype == object and frame["pcode"].tolist() == ["LY01"] * 10  # repeated: kept once


def test_a_number_after_packing_unpacks_the_column(monkeypatch):
    rows = [["LY01", str(1000 + i)] for i in range(9)] + [["LY01", 7.5]]  # a workbook's numeric cell
    frame = _table(rows, monkeypatch).frame
    assert frame["count"].dtype == object
    assert frame["count"].tolist() == [str(1000 + i) for i in range(9)] + [7.5]
