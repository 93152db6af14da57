"""Published tables: a measure's counts by each of its breakdowns, suppressed together.

A cube maps (one code per breakdown..., column) to a count. The table of a measure by one
breakdown is a margin of its cube, so the tables of one measure always agree with each other and
share their row of column totals: suppression treats them as linked tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache

from rumdoh.statistics.dimensions import Dimension
from rumdoh.statistics.measures import Measure
from rumdoh.statistics.rules.suppression import Entry, Table, suppress_linked

Cube = dict[tuple[str, ...], int]

# Counts are reused for this long, so the page, its download and the API agree and the database
# is asked once; the suppression itself is cheap and runs on every request.
CUBE_SECONDS = 300

T = TypeVar("T")


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

    @property
    def totals(self) -> Row:
        """The row of column totals, shared by the tables of the measure."""
        return self.breakdowns[0].totals

    @property
    def total(self) -> Entry:
        """The measure's national total: its one column, else the total of its columns."""
        return self.totals.values[0] if self.measure.single_column else self.totals.total


def row_codes(dimension: Dimension, used: set[str]) -> list[str]:
    """The dimension's rows; a fallback-only row appears only when something falls in it."""
    codes = list(dimension.codes)
    if dimension.fallback_only_when_used and dimension.fallback not in used:
        codes.remove(dimension.fallback)
    return codes


def margin(
    cube: Cube, position: int, measure: Measure, dimension: Dimension
) -> tuple[list[str], Table]:
    """The row codes and table of ``measure`` by the dimension at ``position`` of the cube.

    The column is the last code of each cube key.
    """
    sums: dict[tuple[str, str], int] = {}
    for key, count in cube.items():
        column = key[-1]
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


def tables_for(
    measure: Measure,
    dimensions: Sequence[Dimension],
    cube: Cube,
    threshold: int,
    language: str,
    *,
    spare_column_totals: bool = False,
) -> MeasureTables:
    """The measure by each dimension (in the cube's order), suppressed as linked tables."""
    margins = [margin(cube, i, measure, dim) for i, dim in enumerate(dimensions)]
    hidden = suppress_linked(
        [table for _codes, table in margins], threshold, spare_column_totals=spare_column_totals
    )
    breakdowns = tuple(
        publish(dim, codes, table, cells, language)
        for dim, (codes, table), cells in zip(dimensions, margins, hidden, strict=True)
    )
    return MeasureTables(measure, breakdowns)


def cached(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache for ``CUBE_SECONDS`` under ``key``."""
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CUBE_SECONDS)
    return found
