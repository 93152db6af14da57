"""No deportation without screening (pure: no Django imports).

Immigration may deport a foreigner found in an operation only once the person was screened and,
where the screening indicated trafficking or forced labour (or asked for further assessment),
only once an eligible identifier decided. A person identified as a suspected victim is not
deported at all: a foreign victim is referred to the embassy or to IOM for a safe return. A
person released from the operation is no longer held, so no deportation follows the release.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rumdoh.screening.rules.decision import Determination

# Screening results that call for an identifier's decision.
INDICATING = frozenset(
    {
        Determination.TRAFFICKING.value,
        Determination.FORCED_LABOUR.value,
        Determination.FURTHER_ASSESSMENT.value,
    }
)


class Gate(StrEnum):
    OPEN = "open"
    NOT_SCREENED = "not_screened"
    AWAITING_IDENTIFICATION = "awaiting_identification"
    SUSPECTED_VICTIM = "suspected_victim"
    ALREADY_DEPORTED = "already_deported"
    RELEASED = "released"


# What no supervisor may record a deportation over: it would record a second deportation, or
# the deportation of someone no longer held.
FINAL = frozenset({Gate.ALREADY_DEPORTED, Gate.RELEASED})


@dataclass(frozen=True)
class Facts:
    screened: bool
    latest_determination: str | None  # of the latest screening of the person
    identification: str | None  # designation of the latest formal identification, if any
    deported: bool = False
    released: bool = False  # released from the operation this deportation would be recorded in


def gate(facts: Facts) -> Gate:
    """Whether a deportation may be recorded, and if not, why."""
    if facts.deported:
        return Gate.ALREADY_DEPORTED
    if facts.released:
        return Gate.RELEASED
    if not facts.screened:
        return Gate.NOT_SCREENED
    if facts.identification == "suspected_victim":
        return Gate.SUSPECTED_VICTIM
    if facts.latest_determination in INDICATING and facts.identification is None:
        return Gate.AWAITING_IDENTIFICATION
    return Gate.OPEN


def overridable(state: Gate) -> bool:
    """Whether a supervisor may record the deportation over the check, giving a reason."""
    return state is not Gate.OPEN and state not in FINAL


def indicated(determination: str | None) -> bool:
    return determination in INDICATING
