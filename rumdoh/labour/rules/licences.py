"""Recruitment agency licences, the deposit and sanctions (pure: no Django imports).

Private recruitment agencies are licensed by the labour ministry (Sub-decree 190, 2011) and lodge
a USD 100,000 deposit. Sanctions run from a warning to revocation; a suspension in force or a
revocation outweighs the dates of the licence. A sanction lifted early ends the day before it was
lifted (``ends_on``), a revocation as well as a suspension; one withdrawn as a mistake is no fact.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum

DEPOSIT_USD = 100_000
EXPIRING_DAYS = 60

# Khmer digits, and the dashes and minus signs a number may be typed with, as the register keeps
# them. NFKC already makes full-width letters, digits and hyphens plain ones.
_SAME_CHARACTERS = str.maketrans(
    "០១២៣៤៥៦៧៨៩\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "0123456789-------"
)


def written_licence_number(number: str) -> str:
    """The licence number as the register shows it: in capitals, Khmer digits as Arabic ones,
    any dash a hyphen, without invisible characters (format marks such as a zero-width space),
    spaces around it, or runs of spaces in it. Its separators are kept as typed, as on the
    licence; ``licence_key`` tells which numbers are one."""
    text = unicodedata.normalize("NFKC", number).translate(_SAME_CHARACTERS)
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(visible.split()).upper()


def licence_key(number: str) -> str:
    """The licence number as the register tells numbers apart and searches them: its letters
    and digits only (``written_licence_number`` without any separator), so that ``PRA-0101``,
    ``pra 0101``, ``PRA0101`` and ``PRA/0101`` are one licence. Otherwise a second agency could
    register ``pra 0101`` beside ``PRA-0101`` and show as licensed under another's number on the
    public check, and the public check by ``pra0101`` would not find the holder. Empty when the
    number has no letter or digit."""
    return "".join(c for c in written_licence_number(number) if unicodedata.category(c)[0] in "LNM")


class Sanction(IntEnum):
    """In order of severity."""

    WARNING = 1
    FINE = 2
    SUSPENSION = 3
    REVOCATION = 4


class LicenceStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    NOT_YET_VALID = "not_yet_valid"


@dataclass(frozen=True)
class SanctionFact:
    kind: Sanction
    starts_on: date
    ends_on: date | None = None  # its last day (as decided, or the day before it was lifted)


def _in_force(s: SanctionFact, today: date) -> bool:
    return s.starts_on <= today and (s.ends_on is None or today <= s.ends_on)


def licence_status(
    issued_on: date, expires_on: date, today: date, sanctions: Iterable[SanctionFact] = ()
) -> LicenceStatus:
    facts = list(sanctions)
    if any(s.kind == Sanction.REVOCATION and _in_force(s, today) for s in facts):
        return LicenceStatus.REVOKED
    if any(s.kind == Sanction.SUSPENSION and _in_force(s, today) for s in facts):
        return LicenceStatus.SUSPENDED
    if today < issued_on:
        return LicenceStatus.NOT_YET_VALID
    if today > expires_on:
        return LicenceStatus.EXPIRED
    if (expires_on - today).days <= EXPIRING_DAYS:
        return LicenceStatus.EXPIRING
    return LicenceStatus.VALID


class RenewalDates(StrEnum):
    """Why the dates given for a licence's renewal do not stand."""

    NOT_AFTER_ISSUE = "not_after_issue"  # the renewed term expires on or before its first day
    NOT_AFTER_OLD = "not_after_old"  # it expires on or before the licence it renews
    GAP = "gap"  # it starts after the day after a licence still in force expires
    TOO_LONG = "too_long"  # the term runs longer than any licence does (``too_long``)


#: No licence term runs longer: an expiry further off is a mistyped year (9999 kept an agency
#: "Licensed" on the public check for ever).
LONGEST_TERM_YEARS = 10


def too_long(issued_on: date, expires_on: date) -> bool:
    """Whether a term from ``issued_on`` to ``expires_on`` runs past ``LONGEST_TERM_YEARS``
    (counted to the same month, by its 28th day at the latest: a few days are no matter)."""
    year = min(issued_on.year + LONGEST_TERM_YEARS, date.max.year)
    return expires_on > date(year, issued_on.month, min(issued_on.day, 28))


def unbroken(expires_on: date, renewed_from: date) -> bool:
    """Whether a term starting on ``renewed_from`` follows a licence that ends on ``expires_on``
    without a day between them."""
    return renewed_from <= expires_on + timedelta(days=1)


def renewal_dates(
    expires_on: date, renewed_from: date, renewed_until: date, today: date
) -> RenewalDates | None:
    """A renewal gives the licence a term that ends after the one it renews. A licence still in
    force (``today`` not after ``expires_on``) is renewed without a gap: its renewed term starts
    by the day after it expires at the latest. A licence that has lapsed may be renewed from a
    later day; the agency was not licensed in between."""
    if renewed_until <= renewed_from:
        return RenewalDates.NOT_AFTER_ISSUE
    if renewed_until <= expires_on:
        return RenewalDates.NOT_AFTER_OLD
    if too_long(renewed_from, renewed_until):
        return RenewalDates.TOO_LONG
    if today <= expires_on and not unbroken(expires_on, renewed_from):
        return RenewalDates.GAP
    return None


def renewed(
    issued_on: date, expires_on: date, renewed_from: date, renewed_until: date
) -> tuple[date, date]:
    """The licence's dates once renewed for the term ``renewed_from`` to ``renewed_until``: its
    first day and its last. Renewed without a gap (ahead of time, or from the day after it
    expires), it is one licence that has run since the day it was first issued, so the agency
    stays licensed through the term in force and the renewed term; renewed after a lapse, it
    runs again from the renewed term's first day."""
    first = issued_on if unbroken(expires_on, renewed_from) else renewed_from
    return first, renewed_until


def may_recruit(status: LicenceStatus) -> bool:
    return status in {LicenceStatus.VALID, LicenceStatus.EXPIRING}


def deposit_shortfall(lodged_usd: int) -> int:
    """How much is missing from the deposit the law asks for (0 when complete)."""
    return max(0, DEPOSIT_USD - lodged_usd)


def next_sanction(previous: Iterable[Sanction]) -> Sanction:
    """The ladder: one step above the most severe sanction so far, revocation at most."""
    worst = max(previous, default=None)
    if worst is None:
        return Sanction.WARNING
    return Sanction(min(worst + 1, Sanction.REVOCATION))


def last_day(ends_on: date | None, lifted_on: date | None) -> date | None:
    """The last day a sanction is in force: the day before it was lifted, when lifted before the
    end it was given (or when it had none), else that end."""
    if lifted_on is None:
        return ends_on
    early = lifted_on - timedelta(days=1)
    return early if ends_on is None else min(ends_on, early)


def standing_day(
    status: LicenceStatus,
    issued_on: date,
    expires_on: date,
    today: date,
    sanctions: Iterable[SanctionFact] = (),
) -> date | None:
    """The day that goes with the status when it is told: the day a revocation in force began,
    the last day of the suspension in force (None when it has no end), the day the licence was
    issued when not yet valid, else the day it expires (or expired)."""
    facts = list(sanctions)
    if status == LicenceStatus.REVOKED:
        return min(
            s.starts_on for s in facts if s.kind == Sanction.REVOCATION and _in_force(s, today)
        )
    if status == LicenceStatus.SUSPENDED:
        ends = [s.ends_on for s in facts if s.kind == Sanction.SUSPENSION and _in_force(s, today)]
        return None if None in ends else max(d for d in ends if d is not None)
    if status == LicenceStatus.NOT_YET_VALID:
        return issued_on
    return expires_on


class SanctionDates(StrEnum):
    """Why the dates given for a new sanction do not stand."""

    ENDS_BEFORE_START = "ends_before_start"
    NO_DURATION = "no_duration"  # an end for a sanction that has none
    NOT_YET_GIVEN = "not_yet_given"  # a warning or a fine dated in the future


def sanction_dates(
    kind: Sanction, starts_on: date, ends_on: date | None, today: date
) -> SanctionDates | None:
    """Only a suspension runs until an end; a warning or a fine is given on a day, so it is not
    dated in the future, while a suspension or a revocation decided today may take effect on a
    later day."""
    if ends_on is not None and kind != Sanction.SUSPENSION:
        return SanctionDates.NO_DURATION
    if ends_on is not None and ends_on < starts_on:
        return SanctionDates.ENDS_BEFORE_START
    if kind in (Sanction.WARNING, Sanction.FINE) and starts_on > today:
        return SanctionDates.NOT_YET_GIVEN
    return None
