"""Reporting periods: presets and validation (pure: no Django imports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rumdoh.core.rules.days import FIRST_DAY


class Preset(StrEnum):
    THIS_YEAR = "this-year"
    LAST_YEAR = "last-year"
    THIS_QUARTER = "this-quarter"
    LAST_QUARTER = "last-quarter"


# The first day a period may start: the first day of anything recorded here (2008, the year the
# trafficking law took effect). An earlier start would mean nothing, and a day near year 1
# cannot be turned into a moment in UTC.
EARLIEST_START = FIRST_DAY


class PeriodProblem(StrEnum):
    START_AFTER_END = "start-after-end"
    IN_FUTURE = "in-future"
    BEFORE_EARLIEST = "before-earliest"


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def problems(self, today: date) -> list[PeriodProblem]:
        found = []
        if self.start > self.end:
            found.append(PeriodProblem.START_AFTER_END)
        if self.end > today or self.start > today:
            found.append(PeriodProblem.IN_FUTURE)
        if self.start < EARLIEST_START:
            found.append(PeriodProblem.BEFORE_EARLIEST)
        return found

    @property
    def end_exclusive(self) -> date:
        return self.end + timedelta(days=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_period(preset: Preset, today: date) -> Period:
    """The period a preset names, never reaching past ``today``."""
    if preset is Preset.THIS_YEAR:
        return Period(date(today.year, 1, 1), today)
    if preset is Preset.LAST_YEAR:
        return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    start = quarter_start(today)
    if preset is Preset.THIS_QUARTER:
        return Period(start, today)
    previous_end = start - timedelta(days=1)
    return Period(quarter_start(previous_end), previous_end)
