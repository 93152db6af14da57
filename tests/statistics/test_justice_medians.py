"""Medians of days between stages, read off a histogram, and hidden below the threshold."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumdoh.statistics.rules.medians import median, merge, published_median


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({5: 1}, 5),
        ({3: 1, 9: 1}, 6),
        ({3: 1, 4: 1, 9: 1}, 4),
        ({10: 4, 200: 1}, 10),
        ({1: 2, 2: 2}, 1.5),
        ({7: 0, 8: 3}, 8),
    ],
)
def test_median_of_a_histogram(histogram, expected):
    assert median(histogram) == expected


@given(st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=60))
def test_median_agrees_with_the_median_of_the_list(days):
    histogram: dict[int, int] = {}
    for d in days:
        histogram[d] = histogram.get(d, 0) + 1
    assert median(histogram) == statistics.median(days)


def test_a_median_from_fewer_cases_than_the_threshold_is_hidden():
    nine = {30: 9}
    assert published_median(nine, 10) is None
    assert published_median({**nine, 31: 1}, 10) == 30
    assert published_median({}, 0) is None


def test_merge_adds_up_the_classes():
    assert merge([{1: 2, 5: 1}, {5: 2}]) == {1: 2, 5: 3}
