"""Imports report progress (the Data page's bar): stages while reading, then rows stored in batches."""

from __future__ import annotations

from geo import ingest, limits
from tests.importers.builders import write_rounds_csv


def test_progress_reaches_every_row_in_batches(store, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "WRITE_CHUNK_ROWS", 30)
    calls: list[tuple[float, str]] = []
    version, _ = ingest.import_file(store, write_rounds_csv(tmp_path / "r80.csv", [80]),
                                    progress=lambda f, what: calls.append((f, what)))
    total = version.row_count  # 100 new rows + the 500 shipped ones kept beside them
    assert total == 600
    assert calls[0] == (0.0, "reading and validating the file")
    stored = [(f, what) for f, what in calls if what.startswith("stored")]
    assert [w for _, w in stored] == [f"stored {n:,} of {total:,} rows" for n in [*range(30, total, 30), total]]
    fractions = [f for f, _ in stored]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(store.read("displacement")) == total
