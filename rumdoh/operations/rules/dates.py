"""The day an operation may be dated (pure: no Django imports).

An operation is recorded from the first day the statistics count, in the year the Law on
Suppression of Human Trafficking and Sexual Exploitation took effect (2008): a day before it is
a typing error (0001-01-01, 1800-01-01), and a day near year 1 cannot be turned into a moment.
An operation under way or closed has begun, so it is not dated after today: nothing found in it
could be released or deported before that day, since an outcome is dated neither in the future
nor before the operation. A planned operation may be dated ahead, by a year at most. And an
operation is not moved after the first release or deportation recorded for it.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from rumdoh.core.rules.days import FIRST_DAY

PLANNED_AHEAD = timedelta(days=366)  # a raid is planned months ahead, not years (core allows two)
BEGUN = ("under_way", "closed")  # the statuses of an operation that has begun


class DateProblem(StrEnum):
    BEFORE_EARLIEST = "before_earliest"
    BEGUN_IN_FUTURE = "begun_in_future"
    TOO_FAR_AHEAD = "too_far_ahead"
    AFTER_OUTCOME = "after_outcome"


def date_problem(
    held_on: date, status: str, today: date, first_outcome: date | None = None
) -> DateProblem | None:
    """What is wrong with dating an operation of ``status`` ``held_on``, or None.
    ``first_outcome`` is the day of the first release or deportation recorded for it."""
    if held_on < FIRST_DAY:
        return DateProblem.BEFORE_EARLIEST
    if status in BEGUN and held_on > today:
        return DateProblem.BEGUN_IN_FUTURE
    if held_on > today + PLANNED_AHEAD:
        return DateProblem.TOO_FAR_AHEAD
    if first_outcome is not None and held_on > first_outcome:
        return DateProblem.AFTER_OUTCOME
    return None
