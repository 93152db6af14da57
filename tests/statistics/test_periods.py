"""Reporting periods: presets and the checks on chosen dates."""

from datetime import date

import pytest

from rumdoh.statistics.rules.periods import (
    Period,
    PeriodProblem,
    Preset,
    preset_period,
    quarter_start,
)

TODAY = date(2026, 5, 20)


@pytest.mark.parametrize(
    ("preset", "start", "end"),
    [
        (Preset.THIS_YEAR, date(2026, 1, 1), TODAY),
        (Preset.LAST_YEAR, date(2025, 1, 1), date(2025, 12, 31)),
        (Preset.THIS_QUARTER, date(2026, 4, 1), TODAY),
        (Preset.LAST_QUARTER, date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_presets(preset, start, end):
    assert preset_period(preset, TODAY) == Period(start, end)


def test_last_quarter_in_january_is_the_previous_years_last():
    assert preset_period(Preset.LAST_QUARTER, date(2026, 1, 10)) == Period(
        date(2025, 10, 1), date(2025, 12, 31)
    )


@pytest.mark.parametrize(
    ("day", "start"),
    [(date(2026, 3, 31), date(2026, 1, 1)), (date(2026, 7, 1), date(2026, 7, 1))],
)
def test_quarter_start(day, start):
    assert quarter_start(day) == start


def test_good_period_has_no_problem():
    assert Period(date(2026, 1, 1), TODAY).problems(TODAY) == []
    assert Period(TODAY, TODAY).problems(TODAY) == []


def test_start_after_end():
    assert Period(date(2026, 3, 1), date(2026, 2, 1)).problems(TODAY) == [
        PeriodProblem.START_AFTER_END
    ]


def test_future_end():
    assert Period(date(2026, 1, 1), date(2026, 5, 21)).problems(TODAY) == [PeriodProblem.IN_FUTURE]


def test_end_is_inclusive():
    assert Period(date(2026, 1, 1), date(2026, 1, 31)).end_exclusive == date(2026, 2, 1)
