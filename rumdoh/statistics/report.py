"""The published report: every measure's tables, suppressed together.

Known limit: a reader who asks for two overlapping periods (January to March, then January to
April) can subtract one table from the other and learn a small count for the difference. Each
release is safe on its own; releases are not checked against each other. This is to be closed by
restricting the periods offered (whole months or quarters) or by differentially private releases
(OpenDP) for the public.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache

from rumdoh.statistics.dimensions import DIMENSIONS, Dimension
from rumdoh.statistics.measures import MEASURES, Measure
from rumdoh.statistics.periods import Period
from rumdoh.statistics.queries import Cube, cube_for
from rumdoh.statistics.suppression import Entry, Table, suppress_linked

# Counts are reused for this long, so the page, its download and the API agree and the database
# is asked once; the suppression itself is cheap and runs on every request.
CUBE_SECONDS = 300


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    values: tuple[Entry, ...]  # one per column; None when suppressed
    total: Entry


@dataclass(frozen=True)
class Breakdown:
    dimension: Dimension
    rows: tuple[Row, ...]
    totals: Row


@dataclass(frozen=True)
class MeasureTables:
    measure: Measure
    breakdowns: tuple[Breakdown, ...]


@dataclass(frozen=True)
class Report:
    period: Period
    threshold: int
    measures: tuple[MeasureTables, ...]


def row_codes(dimension: Dimension, used: set[str]) -> list[str]:
    """The dimension's rows; a fallback-only row appears only when something falls in it."""
    codes = list(dimension.codes)
    if dimension.fallback_only_when_used and dimension.fallback not in used:
        codes.remove(dimension.fallback)
    return codes


def margin(
    cube: Cube, position: int, measure: Measure, dimension: Dimension
) -> tuple[list[str], Table]:
    """The row codes and table of ``measure`` by the dimension at ``position`` of the cube."""
    sums: dict[tuple[str, str], int] = {}
    for key, count in cube.items():
        column = key[4]
        if column not in measure.codes:
            continue
        code = key[position] if key[position] in dimension.codes else dimension.fallback
        sums[code, column] = sums.get((code, column), 0) + count
    codes = row_codes(dimension, {code for code, _c in sums})
    counts = [[sums.get((code, col), 0) for col in measure.codes] for code in codes]
    return codes, Table.of(counts)


def _row(code: str, label: str, cells: Sequence[Entry]) -> Row:
    return Row(code, label, tuple(cells[:-1]), cells[-1])


def publish(
    dimension: Dimension,
    codes: list[str],
    table: Table,
    hidden: frozenset[tuple[int, int]],
    language: str,
) -> Breakdown:
    """The breakdown as released: labels and numbers, suppressed cells as ``None``."""
    shown = table.published(hidden)
    rows = tuple(
        _row(code, dimension.names(code, language), cells)
        for code, cells in zip(codes, shown, strict=False)
    )
    return Breakdown(dimension, rows, _row("total", "", shown[-1]))


def measure_tables(measure: Measure, cube: Cube, threshold: int, language: str) -> MeasureTables:
    margins = [margin(cube, i, measure, dim) for i, dim in enumerate(DIMENSIONS)]
    hidden = suppress_linked([table for _codes, table in margins], threshold)
    breakdowns = tuple(
        publish(dim, codes, table, cells, language)
        for dim, (codes, table), cells in zip(DIMENSIONS, margins, hidden, strict=True)
    )
    return MeasureTables(measure, breakdowns)


def cached_cube(measure: Measure, period: Period) -> Cube:
    key = f"statistics:cube:{measure.key}:{period.start.isoformat()}:{period.end.isoformat()}"
    cube: Cube | None = cache.get(key)
    if cube is None:
        cube = cube_for(measure, period)
        cache.set(key, cube, CUBE_SECONDS)
    return cube


def build_report(period: Period, threshold: int, language: str) -> Report:
    """All measures for the period, each suppressed with its linked tables."""
    return Report(
        period,
        threshold,
        tuple(measure_tables(m, cached_cube(m, period), threshold, language) for m in MEASURES),
    )
