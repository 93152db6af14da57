"""Deadlines of a labour complaint (pure: no Django imports).

Labour Law 1997 and the labour ministry's 2018 guideline on complaints:

* the labour inspector holds a conciliation hearing within three weeks of the complaint;
* the hearing ends with a signed report of agreement (enforceable) or of non-conciliation;
* after non-conciliation the complainant has two months to bring the claim to court, or it lapses.

Each clock is seen at a day: running, ending (a few days left), overdue (passed, not met) or met.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

CONCILIATION_LIMIT = timedelta(weeks=3)
CONCILIATION_WARNING_DAYS = 5
COURT_MONTHS = 2
COURT_WARNING_DAYS = 14


class ClockState(StrEnum):
    RUNNING = "running"
    ENDING = "ending"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"


@dataclass(frozen=True)
class Clock:
    started_on: date
    deadline: date
    state: ClockState
    days_left: int  # negative once overdue; at the day met when met

    @property
    def overdue(self) -> bool:
        return self.state == ClockState.OVERDUE


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def _clock(started: date, deadline: date, today: date, met_on: date | None, warn: int) -> Clock:
    if met_on is not None:
        late = met_on > deadline
        state = ClockState.MET_LATE if late else ClockState.MET
        return Clock(started, deadline, state, (deadline - met_on).days)
    left = (deadline - today).days
    if left < 0:
        state = ClockState.OVERDUE
    elif left <= warn:
        state = ClockState.ENDING
    else:
        state = ClockState.RUNNING
    return Clock(started, deadline, state, left)


def conciliation_deadline(filed_on: date) -> date:
    return filed_on + CONCILIATION_LIMIT


def conciliation_clock(filed_on: date, today: date, heard_on: date | None = None) -> Clock:
    """The three weeks from the complaint to the conciliation hearing."""
    deadline = conciliation_deadline(filed_on)
    return _clock(filed_on, deadline, today, heard_on, CONCILIATION_WARNING_DAYS)


def court_deadline(non_conciliation_on: date) -> date:
    return add_months(non_conciliation_on, COURT_MONTHS)


def court_clock(non_conciliation_on: date, today: date, filed_in_court_on: date | None) -> Clock:
    """The two months from non-conciliation to a claim in court; after that the claim lapses."""
    deadline = court_deadline(non_conciliation_on)
    return _clock(non_conciliation_on, deadline, today, filed_in_court_on, COURT_WARNING_DAYS)


def conciliation_overdue_filed_before(today: date) -> date:
    """Complaints filed before this day and still without a hearing are overdue."""
    return today - CONCILIATION_LIMIT


def lapsed(non_conciliation_on: date, today: date, filed_in_court_on: date | None) -> bool:
    return court_clock(non_conciliation_on, today, filed_in_court_on).overdue
