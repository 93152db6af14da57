"""The public report form's defences against automated posting (pure: no Django imports).

No third-party service: a hidden field people leave empty, a minimum time between opening the
form and sending it, and a limit of reports per address and hour (counted by the caller).
"""

from __future__ import annotations

from enum import StrEnum

MIN_FILL_SECONDS = 4
MAX_FORM_AGE_SECONDS = 24 * 3600
REPORTS_PER_HOUR = 5


class Verdict(StrEnum):
    ACCEPT = "accept"
    TRAP = "trap"  # the hidden field was filled in: a program, not a person
    TOO_FAST = "too_fast"
    STALE = "stale"  # the form is too old or its timestamp was not ours
    TOO_MANY = "too_many"


def judge(
    trap_value: str,
    seconds_open: float | None,
    recent_reports: int,
    min_seconds: float = MIN_FILL_SECONDS,
    per_hour: int = REPORTS_PER_HOUR,
) -> Verdict:
    """Whether to accept a report. ``seconds_open`` is None when the form's signed timestamp is
    missing or forged; ``recent_reports`` counts reports from the same address this hour."""
    if trap_value.strip():
        return Verdict.TRAP
    if seconds_open is None or seconds_open > MAX_FORM_AGE_SECONDS:
        return Verdict.STALE
    if seconds_open < min_seconds:
        return Verdict.TOO_FAST
    if recent_reports >= per_hour:
        return Verdict.TOO_MANY
    return Verdict.ACCEPT
