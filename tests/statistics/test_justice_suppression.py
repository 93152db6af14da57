"""Suppression that spares the column totals (trafficking vs related offences) where it can."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rumdoh.statistics.rules.suppression import Table, primary, recover_linked, suppress_linked
from tests.statistics.test_suppression import linked_tables, tables


def test_a_small_related_count_hides_the_grand_total_not_the_trafficking_total():
    # Trafficking and related cases by province: 12 trafficking in one, 3 related in another.
    table = Table.of([[12, 0], [0, 3]])
    plain = suppress_linked([table], 10)[0]
    assert (2, 0) in plain  # by default the 12 goes: the cheapest total on the line
    spared = suppress_linked([table], 10, spare_column_totals=True)[0]
    assert (2, 0) not in spared and (2, 2) in spared
    assert table.published(spared)[2] == (12, None, None)
    assert recover_linked([table], [spared]) == [{}]


def test_linked_tables_spare_their_shared_totals_together():
    by_province = Table.of([[12, 0], [0, 3]])
    by_law = Table.of([[12, 0], [0, 2], [0, 1]])
    hidden = suppress_linked([by_province, by_law], 10, spare_column_totals=True)
    for table, cells in zip([by_province, by_law], hidden, strict=True):
        assert (table.n_rows, 0) not in cells
        assert (table.n_rows, 2) in cells
    assert recover_linked([by_province, by_law], hidden) == [{}, {}]


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(min_value=0, max_value=15))
def test_sparing_the_totals_leaves_nothing_recoverable(table, threshold):
    hidden = suppress_linked([table], threshold, spare_column_totals=True)[0]
    assert primary(table, threshold) <= hidden
    assert recover_linked([table], [hidden]) == [{}]
    for line in table.lines():
        assert sum(c in hidden for c in line) != 1


@settings(max_examples=150, deadline=None)
@given(linked_tables(), st.integers(min_value=1, max_value=12))
def test_sparing_the_totals_leaves_nothing_recoverable_across_tables(group, threshold):
    hidden = suppress_linked(group, threshold, spare_column_totals=True)
    assert recover_linked(group, hidden) == [{} for _ in group]
    for table, cells in zip(group, hidden, strict=True):
        assert primary(table, threshold) <= cells
