"""Deadlines of requests to and from counterparts, and when to remind (pure: no Django imports).

Mutual legal assistance under the ASEAN treaty is slow, so cooperation is often informal: an
evidence request by letter or message still has a date by which a reply is expected, and a
reminder follows when it passes, then at fixed intervals until the reply comes.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class Kind(StrEnum):
    EVIDENCE = "evidence"  # informal request for evidence or information, police to police
    MLA = "mla"  # formal mutual legal assistance request through the central authority
    REPATRIATION_NOTICE = "repatriation_notice"
    DEPORTATION_NOTICE = "deportation_notice"
    IDENTIFICATION = "identification"  # notice of a victim identified by a foreign authority
    TRACING = "tracing"  # request to trace a family


# Days allowed for a reply when the request names no date.
REPLY_DAYS: dict[Kind, int] = {
    Kind.EVIDENCE: 30,
    Kind.MLA: 90,
    Kind.REPATRIATION_NOTICE: 14,
    Kind.DEPORTATION_NOTICE: 7,
    Kind.IDENTIFICATION: 30,
    Kind.TRACING: 21,
}

REMIND_EVERY_DAYS = 14


def default_due(kind: Kind, sent_on: date) -> date:
    return sent_on + timedelta(days=REPLY_DAYS[kind])


def is_overdue(due_on: date, replied: bool, today: date) -> bool:
    return not replied and today > due_on


def reminder_due(due_on: date, last_reminder: date | None, replied: bool, today: date) -> bool:
    """A reminder is due the day after the deadline passes, then every REMIND_EVERY_DAYS."""
    if replied or today <= due_on:
        return False
    if last_reminder is None or last_reminder <= due_on:
        return True
    return (today - last_reminder).days >= REMIND_EVERY_DAYS


def days_late(due_on: date, today: date) -> int:
    return max(0, (today - due_on).days)
