"""When a tip must have an outcome by (pure: no Django imports).

Every tip ends with an outcome: no action (with a reason), a screening, an identification, a
criminal case or a rescue operation. One that has none by its due time alerts the supervisor of
the agency holding it. Urgent tips are due sooner.
"""

from __future__ import annotations

from datetime import datetime, timedelta

NORMAL_DAYS = 14
URGENT_DAYS = 3


def outcome_due(
    received_at: datetime,
    urgent: bool,
    normal_days: int = NORMAL_DAYS,
    urgent_days: int = URGENT_DAYS,
) -> datetime:
    """The time by which a tip received at ``received_at`` must have an outcome."""
    days = urgent_days if urgent else normal_days
    return received_at + timedelta(days=max(days, 0))


def is_overdue(due_at: datetime | None, has_outcome: bool, now: datetime) -> bool:
    """A tip without an outcome whose due time has passed."""
    return not has_outcome and due_at is not None and now >= due_at
