"""Medians of whole-day durations from a histogram, and their suppression (pure: no Django).

The database returns how many cases took each number of days (a GROUP BY, not one row per case);
the median is read off that histogram. A median is published only when it rests on at least
``threshold`` cases: a median of two or three durations comes too close to describing one case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Histogram = Mapping[int, int]  # days -> number of cases


def merge(histograms: Iterable[Histogram]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for histogram in histograms:
        for days, count in histogram.items():
            merged[days] = merged.get(days, 0) + count
    return merged


def size(histogram: Histogram) -> int:
    return sum(histogram.values())


def median(histogram: Histogram) -> float | None:
    """The median number of days; with an even count, the mean of the two middle ones."""
    n = size(histogram)
    if n == 0:
        return None
    lower_rank, upper_rank = (n - 1) // 2, n // 2  # 0-based ranks of the middle value(s)
    lower = upper = None
    seen = 0
    for days in sorted(histogram):
        count = histogram[days]
        if count <= 0:
            continue
        if lower is None and lower_rank < seen + count:
            lower = days
        if upper_rank < seen + count:
            upper = days
            break
        seen += count
    assert lower is not None and upper is not None  # n > 0 guarantees both
    return (lower + upper) / 2


def published_median(histogram: Histogram, threshold: int) -> float | None:
    """The median, or ``None`` when fewer than ``threshold`` cases (or none) are behind it."""
    if size(histogram) < max(threshold, 1):
        return None
    return median(histogram)
