"""The 48-hour custody clock and the reporting dates of judicial supervision."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumdoh.justice.rules import clocks
from rumdoh.justice.rules.clocks import CheckInState, CustodyState

ARREST = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)


def test_the_clock_runs_for_48_hours_from_the_arrest():
    clock = clocks.custody_clock(ARREST, ARREST + timedelta(hours=10))
    assert clock.deadline == ARREST + timedelta(hours=48)
    assert clock.state == CustodyState.RUNNING
    assert (clock.hours_left, clock.minutes_left) == (38, 0)


def test_the_clock_turns_amber_in_the_last_six_hours():
    clock = clocks.custody_clock(ARREST, ARREST + timedelta(hours=42, minutes=1))
    assert clock.state == CustodyState.ENDING
    assert (clock.hours_left, clock.minutes_left) == (5, 59)


def test_at_48_hours_without_charge_or_release_it_is_overdue():
    assert clocks.custody_clock(ARREST, ARREST + timedelta(hours=48)).overdue
    late = clocks.custody_clock(ARREST, ARREST + timedelta(hours=50, minutes=30))
    assert late.overdue and late.remaining == -timedelta(hours=2, minutes=30)
    almost = clocks.custody_clock(ARREST, ARREST + timedelta(hours=47, minutes=59))
    assert not almost.overdue


def test_a_charge_or_release_stops_the_clock():
    on_time = clocks.custody_clock(ARREST, ARREST + timedelta(days=9), ARREST + timedelta(hours=30))
    assert on_time.state == CustodyState.RESOLVED and on_time.resolved and not on_time.overdue
    assert on_time.remaining == timedelta(hours=18)
    late = clocks.custody_clock(ARREST, ARREST + timedelta(days=9), ARREST + timedelta(hours=49))
    assert late.state == CustodyState.RESOLVED_LATE


def test_overdue_since_is_48_hours_before_now():
    now = ARREST + timedelta(days=3)
    assert clocks.custody_overdue_since(now) == now - timedelta(hours=48)


@given(st.integers(min_value=0, max_value=200 * 60))
def test_the_clock_is_overdue_exactly_when_48_hours_have_passed(minutes):
    clock = clocks.custody_clock(ARREST, ARREST + timedelta(minutes=minutes))
    assert clock.overdue == (minutes >= 48 * 60)
    assert clock.deadline - clock.arrested_at == clocks.CUSTODY_LIMIT


def test_check_in_states():
    due = date(2026, 3, 10)
    assert clocks.check_in_state(due, date(2026, 3, 9)) == CheckInState.UPCOMING
    assert clocks.check_in_state(due, due) == CheckInState.DUE_TODAY
    assert clocks.check_in_state(due, date(2026, 3, 11)) == CheckInState.MISSED
    assert clocks.check_in_state(due, date(2026, 3, 11), grace_days=1) == CheckInState.DUE_TODAY


def test_next_reporting_date_and_the_end_of_supervision():
    assert clocks.next_reporting_date(date(2026, 3, 10), 7) == date(2026, 3, 17)
    assert clocks.next_reporting_date(date(2026, 3, 10), 7, date(2026, 3, 16)) is None
    assert clocks.next_reporting_date(date(2026, 3, 10), 7, date(2026, 3, 17)) == date(2026, 3, 17)
    with pytest.raises(ValueError):
        clocks.next_reporting_date(date(2026, 3, 10), 0)


def test_days_overdue():
    assert clocks.days_overdue(date(2026, 3, 10), date(2026, 3, 13)) == 3
    assert clocks.days_overdue(date(2026, 3, 10), date(2026, 3, 1)) == 0
