"""Reporting periods: presets and validation (pure: no Django imports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Preset(StrEnum):
    THIS_YEAR = "this-year"
    LAST_YEAR = "last-year"
    THIS_QUARTER = "this-quarter"
    LAST_QUARTER = "last-quarter"


class PeriodProblem(StrEnum):
    START_AFTER_END = "start-after-end"
    IN_FUTURE = "in-future"


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
