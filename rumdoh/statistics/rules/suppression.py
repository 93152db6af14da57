"""Small-cell suppression of published tables of counts (pure: no Django imports).

A table holds non-negative counts in ``n_rows`` x ``n_cols`` interior cells, and publishes with them
its row totals, its column totals and a grand total. A cell is addressed ``(row, column)``; the row
index ``n_rows`` is the row of column totals and the column index ``n_cols`` the column of row
totals, so ``(n_rows, n_cols)`` is the grand total. A table with one column is allowed; its row
totals equal its cells and are suppressed together with them.

**Primary suppression.** Every cell, totals included, whose value is below the threshold is hidden.
Zeros are hidden too (by default): a published zero beside a hidden small count tells a reader that
everyone in a group shares one outcome ("all the Thai people screened in Koh Kong were found to be
trafficked"), and a table that shows zeros but hides ones and twos makes the hidden cells easier to
guess. When unsure, show less. ``suppress_zeros=False`` keeps true zeros visible.

**Secondary suppression.** The additivity of the table (each row and each column adds up to its
total, the totals add up to the grand total) lets a reader work out a hidden cell from the
published ones. So, until nothing changes, any line (a row or column with its total) that has
exactly one hidden entry gets another one: its smallest published interior cell, or, if none, its
smallest published total. Then every hidden cell is checked with exact linear algebra (Gaussian
elimination over fractions of the additivity equations, published values substituted): a hidden cell
is recoverable if and only if the equations determine it. If any is, the smallest published cell
on a line through it is hidden as well and the whole step repeats. Hiding everything is always safe,
so the loop ends. (The check is needed: two hidden rectangles joined by one hidden cell pass the
line rule, yet the joining cell is pinned.)

**Linked tables.** One measure is published broken down by province, by sex, by age group and by
nationality. These tables classify the same events, so they share their row of column totals and
their grand total. Those shared totals are one variable each: hiding one hides it in every table
that publishes it, and the recoverability check runs on the equations of all the tables at once.

**Sparing the column totals.** Which published cell secondary suppression hides is a choice of
cost: by default an interior cell before a total, a total before the grand total, and the
smallest first. Where the column totals are the figures the table exists for (trafficking vs
related offences), ``spare_column_totals=True`` ranks them last: interior cells, then row totals,
then the grand total, then the column totals. "12 trafficking cases, related hidden" is then
published with the grand total hidden, instead of hiding the 12. The recoverability check is the
same either way.

Known limit: recoverability is exact determination. A hidden value may still be bounded to an
interval by non-negativity; with every published value at or above the threshold that interval is
wide, but interval widths are not checked here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

Cell = tuple[int, int]
Entry = int | None  # a published number, or None for a suppressed cell

INTERIOR, MARGIN, GRAND = 0, 1, 2


@dataclass(frozen=True)
class Table:
    """Interior counts; the totals follow from them."""

    counts: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if not self.counts or not self.counts[0]:
            raise ValueError("a table needs at least one row and one column")
        width = len(self.counts[0])
        for row in self.counts:
            if len(row) != width:
                raise ValueError("every row needs the same number of columns")
            if any(value < 0 for value in row):
                raise ValueError("counts cannot be negative")

    @classmethod
    def of(cls, rows: Iterable[Iterable[int]]) -> Table:
        return cls(tuple(tuple(row) for row in rows))

    @property
    def n_rows(self) -> int:
        return len(self.counts)

    @property
    def n_cols(self) -> int:
        return len(self.counts[0])

    def value(self, cell: Cell) -> int:
        row, col = cell
        rows = self.counts if row == self.n_rows else (self.counts[row],)
        if col == self.n_cols:
            return sum(sum(r) for r in rows)
        return sum(r[col] for r in rows)

    def cells(self) -> list[Cell]:
        """Every cell, totals included, row by row."""
        return [(i, j) for i in range(self.n_rows + 1) for j in range(self.n_cols + 1)]

    def kind(self, cell: Cell) -> int:
        return (cell[0] == self.n_rows) + (cell[1] == self.n_cols)

    def lines(self) -> list[tuple[Cell, ...]]:
        """Each additivity line: its members, then the total they add up to."""
        rows, cols = self.n_rows, self.n_cols
        across = [tuple((i, j) for j in range(cols + 1)) for i in range(rows + 1)]
        down = [tuple((i, j) for i in range(rows + 1)) for j in range(cols + 1)]
        return across + down

    def column_totals(self) -> tuple[int, ...]:
        return tuple(self.value((self.n_rows, j)) for j in range(self.n_cols + 1))

    def published(self, suppressed: Iterable[Cell]) -> tuple[tuple[Entry, ...], ...]:
        """The table as released: totals included, a suppressed cell as ``None``."""
        hidden = set(suppressed)
        return tuple(
            tuple(None if (i, j) in hidden else self.value((i, j)) for j in range(self.n_cols + 1))
            for i in range(self.n_rows + 1)
        )


# --- exact linear algebra ---------------------------------------------------------------------

Var = tuple[int, int, int]  # (table, row, column); table -1 is the shared row of column totals
Row = tuple[dict[Var, Fraction], Fraction]  # coefficients of hidden variables = constant


def _subtract(target: Row, factor: Fraction, source: Row) -> Row:
    coefficients = dict(target[0])
    for var, coefficient in source[0].items():
        updated = coefficients.get(var, Fraction(0)) - factor * coefficient
        if updated:
            coefficients[var] = updated
        else:
            coefficients.pop(var, None)
    return coefficients, target[1] - factor * source[1]


def _reduce(rows: Iterable[Row]) -> dict[Var, Row]:
    """Reduced row echelon form, kept sparse: pivot variable -> its row (coefficient 1 there)."""
    pivots: dict[Var, Row] = {}
    for row in rows:
        for var in [v for v in row[0] if v in pivots]:
            if var in row[0]:
                row = _subtract(row, row[0][var], pivots[var])
        if not row[0]:
            continue
        pivot = min(row[0])
        scale = row[0][pivot]
        row = ({v: c / scale for v, c in row[0].items()}, row[1] / scale)
        for other, other_row in pivots.items():
            factor = other_row[0].get(pivot)
            if factor:
                pivots[other] = _subtract(other_row, factor, row)
        pivots[pivot] = row
    return pivots


def _determined(rows: Iterable[Row]) -> dict[Var, Fraction]:
    """The hidden variables the equations fix, with the values they fix them to."""
    return {var: row[1] for var, row in _reduce(rows).items() if len(row[0]) == 1}


# --- a group of linked tables -----------------------------------------------------------------


class _Group:
    """Linked tables as one system of variables and additivity equations."""

    def __init__(self, tables: Sequence[Table], spare_column_totals: bool = False) -> None:
        if not tables:
            raise ValueError("at least one table is needed")
        margins = {(t.n_cols, t.column_totals()) for t in tables}
        if len(margins) != 1:
            raise ValueError("linked tables must have the same columns and column totals")
        self.tables = tables
        self.spare_column_totals = spare_column_totals
        self.value: dict[Var, int] = {}
        self.kind: dict[Var, int] = {}
        for index, table in enumerate(tables):
            for cell in table.cells():
                var = self.var(index, cell)
                self.value[var] = table.value(cell)
                self.kind[var] = table.kind(cell)
        self.lines = [
            tuple(self.var(index, cell) for cell in line)
            for index, table in enumerate(tables)
            for line in table.lines()
        ]

    def var(self, index: int, cell: Cell) -> Var:
        if cell[0] == self.tables[index].n_rows:
            return (-1, 0, cell[1])
        return (index, cell[0], cell[1])

    def cost(self, var: Var) -> tuple[int, int, Var]:
        kind = self.kind[var]
        if self.spare_column_totals and var[0] == -1:  # the shared row of column totals
            kind = 2 if kind == GRAND else 3
        return (kind, self.value[var], var)

    def equations(self, hidden: set[Var]) -> list[Row]:
        rows: list[Row] = []
        for line in self.lines:
            *members, total = line
            signed = [(v, Fraction(1)) for v in members] + [(total, Fraction(-1))]
            coefficients = {v: c for v, c in signed if v in hidden}
            if coefficients:
                known = sum((c * self.value[v] for v, c in signed if v not in hidden), Fraction(0))
                rows.append((coefficients, -known))
        return rows

    def cells_of(self, index: int, hidden: set[Var]) -> frozenset[Cell]:
        table = self.tables[index]
        return frozenset(c for c in table.cells() if self.var(index, c) in hidden)


def _close_lines(group: _Group, hidden: set[Var]) -> None:
    """Until stable: a line with exactly one hidden entry hides its cheapest published one."""
    changed = True
    while changed:
        changed = False
        for line in group.lines:
            if sum(v in hidden for v in line) == 1:
                hidden.add(min((v for v in line if v not in hidden), key=group.cost))
                changed = True


def _breaker(group: _Group, hidden: set[Var], exposed: Iterable[Var]) -> Var | None:
    """The cheapest published cell on a line through an exposed cell (else anywhere)."""
    exposed = set(exposed)
    near = {v for line in group.lines if exposed & set(line) for v in line if v not in hidden}
    candidates = near or {v for v in group.value if v not in hidden}
    return min(candidates, key=group.cost) if candidates else None


def _is_small(value: int, threshold: int, suppress_zeros: bool) -> bool:
    return value < threshold and (value > 0 or suppress_zeros)


def primary(table: Table, threshold: int, *, suppress_zeros: bool = True) -> frozenset[Cell]:
    """The cells hidden for being small: below the threshold (zeros too unless told otherwise)."""
    return frozenset(
        c for c in table.cells() if _is_small(table.value(c), threshold, suppress_zeros)
    )


def suppress_linked(
    tables: Sequence[Table],
    threshold: int,
    *,
    suppress_zeros: bool = True,
    spare_column_totals: bool = False,
) -> list[frozenset[Cell]]:
    """The hidden cells of each linked table; no hidden value can be worked out from the rest."""
    group = _Group(tables, spare_column_totals)
    hidden = {v for v, n in group.value.items() if _is_small(n, threshold, suppress_zeros)}
    while True:
        _close_lines(group, hidden)
        exposed = _determined(group.equations(hidden))
        if not exposed:
            break
        extra = _breaker(group, hidden, exposed)
        if extra is None:  # everything is hidden; cannot happen with additive tables
            break
        hidden.add(extra)
    return [group.cells_of(index, hidden) for index in range(len(tables))]


def suppress(table: Table, threshold: int, *, suppress_zeros: bool = True) -> frozenset[Cell]:
    """The hidden cells of one table on its own."""
    return suppress_linked([table], threshold, suppress_zeros=suppress_zeros)[0]


def _hidden_vars(group: _Group, suppressed: Sequence[Iterable[Cell]]) -> set[Var]:
    """A table's own cell is hidden if it hides it; a shared total only if every table does."""
    sets = [{group.var(index, cell) for cell in cells} for index, cells in enumerate(suppressed)]
    own = {v for hidden in sets for v in hidden if v[0] != -1}
    shared = set.intersection(*sets) if sets else set()
    return own | shared


def recover_linked(
    tables: Sequence[Table], suppressed: Sequence[Iterable[Cell]]
) -> list[dict[Cell, int]]:
    """For each linked table, the hidden cells a reader can work out, with their values."""
    group = _Group(tables)
    found = _determined(group.equations(_hidden_vars(group, suppressed)))
    return [
        {c: int(found[group.var(i, c)]) for c in table.cells() if group.var(i, c) in found}
        for i, table in enumerate(tables)
    ]


def recoverable_cells(table: Table, suppressed: Iterable[Cell]) -> set[Cell]:
    """The suppressed cells of ``table`` that the published cells and totals determine exactly."""
    return set(recover_linked([table], [suppressed])[0])
