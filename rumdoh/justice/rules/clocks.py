"""Deadlines of the criminal process (pure: no Django imports).

* Police custody: a suspect may be held 48 hours without charge (Criminal Procedure Code 2007).
  The officer sees the time left; past the limit with neither a charge nor a release recorded,
  the arrest is overdue and the unit's supervisor is alerted.
* Judicial supervision: a defendant reports on set dates; a date passed without a report is a
  missed check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

CUSTODY_LIMIT = timedelta(hours=48)
CUSTODY_WARNING = timedelta(hours=6)  # when fewer hours are left, the clock turns amber


class CustodyState(StrEnum):
    RUNNING = "running"
    ENDING = "ending"  # less than CUSTODY_WARNING left
    OVERDUE = "overdue"  # past the limit, neither charged nor released
    RESOLVED = "resolved"  # charged or released within the limit
    RESOLVED_LATE = "resolved_late"  # charged or released, but after the limit


@dataclass(frozen=True)
class CustodyClock:
    arrested_at: datetime
    deadline: datetime
    remaining: timedelta  # negative once overdue; frozen at the moment of resolution
    state: CustodyState

    @property
    def overdue(self) -> bool:
        return self.state == CustodyState.OVERDUE

    @property
    def resolved(self) -> bool:
        return self.state in {CustodyState.RESOLVED, CustodyState.RESOLVED_LATE}

    @property
    def hours_left(self) -> int:
        """Whole hours left, rounded down; negative hours overdue."""
        return int(self.remaining.total_seconds() // 3600)

    @property
    def minutes_left(self) -> int:
        """The minutes after ``hours_left`` (0 to 59)."""
        return int(self.remaining.total_seconds() // 60) % 60


def custody_clock(
    arrested_at: datetime, now: datetime, resolved_at: datetime | None = None
) -> CustodyClock:
    """The 48-hour clock of an arrest, as seen at ``now`` (or when it was resolved)."""
    deadline = arrested_at + CUSTODY_LIMIT
    if resolved_at is not None:
        late = resolved_at > deadline
        state = CustodyState.RESOLVED_LATE if late else CustodyState.RESOLVED
        return CustodyClock(arrested_at, deadline, deadline - resolved_at, state)
    remaining = deadline - now
    if remaining <= timedelta(0):
        state = CustodyState.OVERDUE
    elif remaining <= CUSTODY_WARNING:
        state = CustodyState.ENDING
    else:
        state = CustodyState.RUNNING
    return CustodyClock(arrested_at, deadline, remaining, state)


def custody_overdue_since(now: datetime) -> datetime:
    """Arrests made before this moment and still unresolved are overdue."""
    return now - CUSTODY_LIMIT


class CheckInState(StrEnum):
    UPCOMING = "upcoming"
    DUE_TODAY = "due_today"
    MISSED = "missed"


def check_in_state(due_on: date, today: date, grace_days: int = 0) -> CheckInState:
    """A reporting date not reported by the end of the day (plus any grace) is missed."""
    if today < due_on:
        return CheckInState.UPCOMING
    if today <= due_on + timedelta(days=grace_days):
        return CheckInState.DUE_TODAY
    return CheckInState.MISSED


def next_reporting_date(due_on: date, every_days: int, ends_on: date | None = None) -> date | None:
    """The reporting date after ``due_on``; None when supervision has ended by then."""
    if every_days < 1:
        raise ValueError("every_days must be at least 1")
    following = due_on + timedelta(days=every_days)
    if ends_on is not None and following > ends_on:
        return None
    return following


def days_overdue(due_on: date, today: date) -> int:
    return max(0, (today - due_on).days)
