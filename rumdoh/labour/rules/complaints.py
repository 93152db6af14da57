"""The course of a labour complaint and the rule that a crime is not settled as a dispute
(pure: no Django imports).

Stages: filed → hearing scheduled → agreement (closed by an enforceable report) or
non-conciliation → in court, lapsed (two months passed) or closed. Where a screening of the
complainant indicates trafficking or forced labour, the complaint must be referred to the police
or the prosecutor (labour ministry guideline, 2018): it cannot be closed, nor settled by an
agreement, without that referral or a recorded reason why not.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Stage(StrEnum):
    FILED = "filed"
    HEARING_SCHEDULED = "hearing_scheduled"
    AGREEMENT = "agreement"
    NON_CONCILIATION = "non_conciliation"
    IN_COURT = "in_court"
    LAPSED = "lapsed"
    CLOSED = "closed"


NEXT: dict[Stage, frozenset[Stage]] = {
    Stage.FILED: frozenset({Stage.HEARING_SCHEDULED, Stage.CLOSED}),
    Stage.HEARING_SCHEDULED: frozenset(
        {Stage.AGREEMENT, Stage.NON_CONCILIATION, Stage.HEARING_SCHEDULED, Stage.CLOSED}
    ),
    Stage.AGREEMENT: frozenset({Stage.CLOSED}),
    Stage.NON_CONCILIATION: frozenset({Stage.IN_COURT, Stage.LAPSED, Stage.CLOSED}),
    Stage.IN_COURT: frozenset({Stage.CLOSED}),
    Stage.LAPSED: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}

# Screening results (screening.rules.decision.Determination values) that oblige a referral.
CRIME_INDICATED = frozenset({"trafficking-indicated", "forced-labour-indicated"})

# Moves that would settle a complaint as a mere dispute.
SETTLING = frozenset({Stage.AGREEMENT, Stage.CLOSED})


class Block(StrEnum):
    NOT_NEXT = "not_next"
    REFERRAL_REQUIRED = "referral_required"


def referral_required(determinations: Iterable[str]) -> bool:
    """Whether any screening of the complainant indicates trafficking or forced labour."""
    return any(d in CRIME_INDICATED for d in determinations)


def blocked(
    current: Stage,
    target: Stage,
    determinations: Iterable[str],
    referred: bool,
    reason_recorded: bool,
) -> Block | None:
    """Why the complaint may not move from ``current`` to ``target``; None when it may."""
    if target not in NEXT[current]:
        return Block.NOT_NEXT
    needs = referral_required(determinations)
    if target in SETTLING and needs and not (referred or reason_recorded):
        return Block.REFERRAL_REQUIRED
    return None
