"""The published report: every measure's tables, suppressed together.

Known limit: a reader who asks for two overlapping periods (January to March, then January to
April) can subtract one table from the other and learn a small count for the difference. Each
release is safe on its own; releases are not checked against each other. This is to be closed by
restricting the periods offered (whole months or quarters) or by differentially private releases
(OpenDP) for the public.
"""

from __future__ import annotations

from dataclasses import dataclass

from rumdoh.statistics.justice_report import JusticeSection, justice_section
from rumdoh.statistics.measures import MEASURES, Measure
from rumdoh.statistics.queries import cube_for
from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.tables import (
    CUBE_SECONDS,
    Breakdown,
    Cube,
    MeasureTables,
    Row,
    cached,
    margin,
    publish,
    row_codes,
    tables_for,
)

__all__ = [
    "CUBE_SECONDS",
    "Breakdown",
    "MeasureTables",
    "Report",
    "Row",
    "build_report",
    "cached_cube",
    "margin",
    "measure_tables",
    "publish",
    "row_codes",
]


@dataclass(frozen=True)
class Report:
    period: Period
    threshold: int
    measures: tuple[MeasureTables, ...]
    justice: JusticeSection


def measure_tables(measure: Measure, cube: Cube, threshold: int, language: str) -> MeasureTables:
    return tables_for(measure, measure.dimensions, cube, threshold, language)


def cached_cube(measure: Measure, period: Period) -> Cube:
    key = f"statistics:cube:{measure.key}:{period.start.isoformat()}:{period.end.isoformat()}"
    return cached(key, lambda: cube_for(measure, period))


def build_report(period: Period, threshold: int, language: str) -> Report:
    """All measures for the period, each suppressed with its linked tables."""
    return Report(
        period,
        threshold,
        tuple(measure_tables(m, cached_cube(m, period), threshold, language) for m in MEASURES),
        justice_section(period, threshold, language),
    )
