"""Sums computed in the store (geo.rollups) equal the same sums computed in pandas on the rows, on both
backends, for the whole country, a region, a mantika and a baladiya (NaN where a group has no count)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import displacement, ingest, rollups, selection
from geo.selection import Selection
from tests.importers.builders import write_rounds_csv

AREAS = [Selection(), Selection(region="LY02"), Selection(region="LY01", mantika="LY0103"),
         Selection(region="LY01", mantika="LY0101", baladiya="LY010102")]


@pytest.mark.parametrize("by_mantika", [False, True])
def test_trend_in_the_store_equals_pandas(any_store, tmp_path, by_mantika):
    ingest.import_file(any_store, write_rounds_csv(tmp_path / "r90.csv", [90, 91]))
    version = any_store.current_version("displacement")
    rows = pd.DataFrame(any_store.read("displacement"))
    for area in AREAS:
        for metric in displacement.METRICS:
            expected = displacement.trend(selection.apply(rows, area), metric, by_mantika_too=by_mantika)
            got = rollups.trend(any_store, version, metric, area, by_mantika_too=by_mantika)
            assert list(got.columns) == list(expected.columns)
            pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=f"{area} {metric}")


def test_seat_coordinates_from_the_store_equal_pandas(any_store, tmp_path):
    ingest.import_file(any_store, write_rounds_csv(tmp_path / "r90.csv", [90, 91]))  # coordinates on every row
    rows = pd.DataFrame(any_store.read("displacement"))
    given = rows.dropna(subset=["lat", "lon"]).sort_values("round").groupby("baladiya_pcode").tail(1)
    expected = given[["baladiya_pcode", "round", "lat", "lon", "illustrative"]].sort_values("baladiya_pcode")
    got = rollups.latest_positions(any_store, any_store.current_version("displacement"))
    assert len(got) == len(expected) > 0 and set(got["round"]) == {91}
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)
