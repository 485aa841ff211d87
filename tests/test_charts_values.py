"""charts.values: missing values (None or NaN) as None, and rows ranked by a published value."""

from __future__ import annotations

import math

from occprofiles.charts.values import largest_first, published, published_values


def test_published_gives_none_for_none_and_nan_and_the_value_otherwise():
    assert published(None) is None
    assert published(math.nan) is None
    assert published(0) == 0
    assert published(2.5) == 2.5


def test_published_values_leaves_out_the_missing_ones_in_order():
    assert published_values([3.0, None, math.nan, 0.0, 1]) == [3.0, 0.0, 1]


def test_largest_first_ranks_published_rows_ties_by_name_or_given_order():
    rows = [("b", 1.0), ("x", None), ("a", 1.0), ("n", math.nan), ("c", 5.0)]
    assert largest_first(rows, lambda r: r[1], lambda r: r[0]) == [("c", 5.0), ("a", 1.0), ("b", 1.0)]
    assert largest_first(rows, lambda r: r[1]) == [("c", 5.0), ("b", 1.0), ("a", 1.0)]
