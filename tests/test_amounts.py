"""A sum of money as people write it: separators and currency marks read, never a guess."""

import pytest

from rumdoh.core.rules.amounts import plain_amount


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1000000", "1000000"),
        ("1,000,000", "1000000"),
        ("1 000 000", "1000000"),
        ("1\u00a0000\u00a0000", "1000000"),
        ("1.000.000 ៛", "1000000"),
        ("1,000,000 riel", "1000000"),
        ("១,០០០,០០០", "១០០០០០០"),
        ("$ 250", "250"),
        ("250 USD", "250"),
        ("  42 ", "42"),
    ],
)
def test_a_sum_written_with_separators_or_a_currency_mark_is_read(typed, read):
    assert plain_amount(typed) == read
    assert int(plain_amount(typed)) == int(read)


@pytest.mark.parametrize("typed", ["1,5", "1.50", "12,34,567", "1,000.000", "1,000 000", "riel"])
def test_a_sum_that_could_be_read_two_ways_is_left_for_the_field_to_refuse(typed):
    assert plain_amount(typed) == typed
