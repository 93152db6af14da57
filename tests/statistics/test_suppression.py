"""Small-cell suppression: primary, secondary, linked tables and the recoverability check."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumdoh.statistics.rules.suppression import (
    Table,
    primary,
    recover_linked,
    recoverable_cells,
    suppress,
    suppress_linked,
)


def rank(rows: list[list[Fraction]]) -> int:
    """Dense rank by plain elimination: an independent check of the module's own algebra."""
    matrix = [list(r) for r in rows]
    rank_found, width = 0, len(matrix[0]) if matrix else 0
    for col in range(width):
        pivot = next((r for r in range(rank_found, len(matrix)) if matrix[r][col]), None)
        if pivot is None:
            continue
        matrix[rank_found], matrix[pivot] = matrix[pivot], matrix[rank_found]
        for r in range(len(matrix)):
            if r != rank_found and matrix[r][col]:
                factor = matrix[r][col] / matrix[rank_found][col]
                matrix[r] = [
                    a - factor * b for a, b in zip(matrix[r], matrix[rank_found], strict=True)
                ]
        rank_found += 1
    return rank_found


def determined_by_rank(table: Table, hidden: set) -> set:
    """A hidden cell is fixed iff adding its unit row does not raise the rank of the system."""
    unknowns = sorted(hidden)
    rows = []
    for line in table.lines():
        *members, total = line
        coefficients = dict.fromkeys(members, Fraction(1)) | {total: Fraction(-1)}
        rows.append([coefficients.get(u, Fraction(0)) for u in unknowns])
    base = rank(rows) if unknowns else 0
    return {u for u in unknowns if rank([*rows, [Fraction(int(u == v)) for v in unknowns]]) == base}


# --- the table ----------------------------------------------------------------------------------


def test_totals_and_cells():
    table = Table.of([[1, 2], [3, 4]])
    assert table.value((0, 2)) == 3
    assert table.value((2, 0)) == 4
    assert table.value((2, 2)) == 10
    assert len(table.cells()) == 9
    assert table.kind((0, 0)) == 0 and table.kind((0, 2)) == 1 and table.kind((2, 2)) == 2


@pytest.mark.parametrize("rows", [[], [[]], [[1, 2], [3]], [[1, -1]]])
def test_bad_tables_are_refused(rows):
    with pytest.raises(ValueError):
        Table.of(rows)


def test_published_never_carries_the_hidden_value():
    table = Table.of([[3, 20], [15, 30]])
    shown = table.published({(0, 0), (0, 2)})
    assert shown[0] == (None, 20, None)
    assert 3 not in [v for row in shown for v in row]


# --- primary suppression ------------------------------------------------------------------------


def test_primary_hides_small_cells_and_small_totals():
    table = Table.of([[3, 20], [0, 4]])
    assert primary(table, 10) == {(0, 0), (1, 0), (1, 1), (1, 2), (2, 0)}


def test_primary_can_keep_true_zeros_visible():
    table = Table.of([[3, 20], [0, 40]])
    assert primary(table, 10, suppress_zeros=False) == {(0, 0), (2, 0)}


def test_threshold_is_strict():
    assert primary(Table.of([[10, 9]]), 10) == {(0, 1), (1, 1)}


def test_threshold_one_hides_only_zeros():
    assert primary(Table.of([[1, 0]]), 1) == {(0, 1), (1, 1)}
    assert primary(Table.of([[1, 0]]), 1, suppress_zeros=False) == frozenset()


# --- recoverability -----------------------------------------------------------------------------


def test_single_hidden_cell_is_recovered_from_its_row():
    table = Table.of([[3, 20], [15, 30]])
    assert recoverable_cells(table, {(0, 0)}) == {(0, 0)}
    assert recover_linked([table], [{(0, 0)}]) == [{(0, 0): 3}]


def test_hidden_pair_in_a_row_is_still_recovered_from_the_columns():
    table = Table.of([[3, 20], [15, 30]])
    assert recoverable_cells(table, {(0, 0), (0, 1)}) == {(0, 0), (0, 1)}


def test_rectangle_of_four_hidden_cells_is_safe():
    table = Table.of([[3, 20, 12], [15, 4, 30], [11, 12, 13]])
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert recoverable_cells(table, hidden) == set()


def test_hiding_everything_is_safe():
    table = Table.of([[1, 2], [3, 4]])
    assert recoverable_cells(table, set(table.cells())) == set()


def test_hidden_total_recovered_from_its_cells():
    table = Table.of([[12, 20], [15, 30]])
    assert recoverable_cells(table, {(0, 2), (1, 2)}) == {(0, 2), (1, 2)}


def test_nothing_hidden_nothing_recovered():
    assert recoverable_cells(Table.of([[5]]), set()) == set()


def test_recovered_values_are_the_true_ones():
    table = Table.of([[3, 20, 1], [15, 4, 30]])
    hidden = {(0, 0), (0, 2), (1, 1), (2, 0)}
    for cell, value in recover_linked([table], [hidden])[0].items():
        assert value == table.value(cell)


# --- secondary suppression ----------------------------------------------------------------------


def test_a_lone_small_cell_gets_company_in_its_row_and_column():
    table = Table.of([[3, 20, 15], [12, 14, 30], [25, 11, 18]])
    hidden = suppress(table, 10)
    assert (0, 0) in hidden
    assert sum(c in hidden for c in table.lines()[0]) >= 2
    assert recoverable_cells(table, hidden) == set()


def test_secondary_prefers_the_smallest_interior_cell():
    table = Table.of([[3, 20, 15], [12, 14, 30], [25, 11, 18]])
    hidden = suppress(table, 10)
    assert (0, 2) in hidden  # 15 < 20 in the first row
    assert (1, 0) in hidden  # 12 < 25 in the first column
    assert (0, 3) not in hidden and (3, 0) not in hidden


def test_large_table_needs_no_suppression():
    table = Table.of([[30, 20], [15, 40]])
    assert suppress(table, 10) == frozenset()


def test_small_grand_total_hides_everything_it_could_reveal():
    table = Table.of([[1, 2], [3, 2]])
    assert suppress(table, 10) == frozenset(table.cells())


def test_one_column_table_hides_the_cell_and_its_row_total_together():
    table = Table.of([[3], [20], [15]])
    hidden = suppress(table, 10)
    assert {(0, 0), (0, 1)} <= hidden
    assert ((1, 0) in hidden) == ((1, 1) in hidden)
    assert recoverable_cells(table, hidden) == set()
    assert (3, 0) not in hidden  # the national total stays, two provinces are hidden instead


def test_one_row_table_with_one_small_cell():
    table = Table.of([[3, 20, 15]])
    hidden = suppress(table, 10)
    assert recoverable_cells(table, hidden) == set()
    assert (0, 0) in hidden


def test_threshold_zero_hides_nothing():
    table = Table.of([[0, 2], [3, 0]])
    assert suppress(table, 0) == frozenset()


def test_lines_rule_alone_can_leave_a_cell_recoverable_and_the_check_catches_it():
    # Two hidden rectangles joined by one hidden cell: every line has two or more hidden
    # entries, yet the joining cell is pinned (it lies on no cycle of hidden cells).
    table = Table.of([[3, 30, 30], [30, 4, 30], [30, 30, 30]])
    left = {(0, 0), (0, 1), (1, 0), (1, 1)}
    right = {(2, 2), (2, 3), (3, 2), (3, 3)}
    hidden = left | right | {(0, 2)}
    assert all(sum(c in hidden for c in line) != 1 for line in table.lines())
    assert recoverable_cells(table, hidden) == {(0, 2)}
    assert recover_linked([table], [hidden]) == [{(0, 2): 30}]
    assert recoverable_cells(table, suppress(table, 10)) == set()


# --- linked tables ------------------------------------------------------------------------------


def by_province() -> Table:
    return Table.of([[30, 5], [40, 25], [20, 30]])  # column totals 90, 60


def by_sex() -> Table:
    return Table.of([[45, 30], [45, 30]])  # same column totals


def test_linked_tables_must_share_their_column_totals():
    with pytest.raises(ValueError):
        suppress_linked([by_province(), Table.of([[1, 2]])], 10)


def test_shared_total_hidden_in_one_table_is_hidden_in_all():
    province = Table.of([[3, 5], [4, 25], [2, 30]])  # column totals 9 and 60: 9 is hidden
    sex = Table.of([[4, 30], [5, 30]])
    hidden_province, hidden_sex = suppress_linked([province, sex], 10)
    assert (3, 0) in hidden_province and (2, 0) in hidden_sex
    assert recover_linked([province, sex], [hidden_province, hidden_sex]) == [{}, {}]


def test_totals_a_second_table_publishes_cannot_unlock_the_first():
    province, sex = by_province(), by_sex()
    alone = suppress(province, 10)
    # Province alone may hide a column total; the sex table must then hide it too.
    linked = suppress_linked([province, sex], 10)
    for cell in [c for c in alone if c[0] == province.n_rows]:
        assert cell in linked[0]
        assert (sex.n_rows, cell[1]) in linked[1]
    assert recover_linked([province, sex], linked) == [{}, {}]


def test_a_total_published_by_another_table_unlocks_a_hidden_cell():
    province = Table.of([[3], [40], [20]])
    sex = Table.of([[33], [30]])
    hidden_province = {(0, 0), (0, 1), (3, 0), (3, 1)}
    assert recoverable_cells(province, hidden_province) == set()
    leaked = recover_linked([province, sex], [hidden_province, set()])[0]
    assert leaked == {(0, 0): 3, (0, 1): 3}
    safe = suppress_linked([province, sex], 10)
    assert recover_linked([province, sex], safe) == [{}, {}]


# --- properties ---------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=25)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    n_rows = draw(st.integers(min_value=1, max_value=4))
    n_cols = draw(st.integers(min_value=1, max_value=4))
    return Table.of(
        [draw(st.lists(counts, min_size=n_cols, max_size=n_cols)) for _ in range(n_rows)]
    )


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(min_value=0, max_value=15), st.booleans())
def test_after_suppression_nothing_small_shows_and_nothing_hidden_is_recoverable(
    table, threshold, zeros
):
    hidden = suppress(table, threshold, suppress_zeros=zeros)
    for cell in table.cells():
        value = table.value(cell)
        if value < threshold and (value > 0 or zeros):
            assert cell in hidden
    assert recoverable_cells(table, hidden) == set()
    assert determined_by_rank(table, set(hidden)) == set()
    for line in table.lines():
        assert sum(c in hidden for c in line) != 1


@settings(max_examples=300, deadline=None)
@given(tables(), st.sets(st.tuples(st.integers(0, 4), st.integers(0, 4))))
def test_recoverable_cells_agrees_with_an_independent_rank_test(table, picked):
    hidden = {c for c in picked if c in set(table.cells())}
    found = recoverable_cells(table, hidden)
    assert found == determined_by_rank(table, hidden)
    for cell, value in recover_linked([table], [hidden])[0].items():
        assert value == table.value(cell)


@st.composite
def linked_tables(draw: st.DrawFn) -> list[Table]:
    first = draw(tables())
    totals = [first.value((first.n_rows, j)) for j in range(first.n_cols)]
    others = []
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        n_rows = draw(st.integers(min_value=1, max_value=3))
        rows = [[0] * first.n_cols for _ in range(n_rows)]
        for j, total in enumerate(totals):
            for _ in range(total):
                rows[draw(st.integers(0, n_rows - 1))][j] += 1
        others.append(Table.of(rows))
    return [first, *others]


@settings(max_examples=150, deadline=None)
@given(linked_tables(), st.integers(min_value=1, max_value=12))
def test_linked_suppression_leaves_nothing_recoverable_across_tables(group, threshold):
    hidden = suppress_linked(group, threshold)
    assert recover_linked(group, hidden) == [{} for _ in group]
    shared = [
        {c[1] for c in cells if c[0] == t.n_rows} for t, cells in zip(group, hidden, strict=True)
    ]
    assert all(s == shared[0] for s in shared)
    for table, cells in zip(group, hidden, strict=True):
        assert primary(table, threshold) <= cells
