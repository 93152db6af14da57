"""When an operation may be closed (pure: no Django imports).

Closing an operation says the work on the people found is done. It is refused while anyone still
held on the roster (neither released nor deported) has not been screened, or was indicated by the
screening and waits for an eligible identifier's decision: closing then would lose them before
they reach screening and identification, which is what operations exist to prevent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rumdoh.operations.rules.gate import Gate


class Blocker(StrEnum):
    NOT_SCREENED = "not_screened"
    AWAITING_IDENTIFICATION = "awaiting_identification"


@dataclass(frozen=True)
class Refusal:
    blocker: Blocker
    count: int  # how many people on the roster are in that state


# The deportation check's answer for each person still held, and what it means for closing.
BLOCKING = {
    Gate.NOT_SCREENED: Blocker.NOT_SCREENED,
    Gate.AWAITING_IDENTIFICATION: Blocker.AWAITING_IDENTIFICATION,
}


def closing_refusal(held: Iterable[Gate]) -> Refusal | None:
    """Why the operation may not be closed, given the deportation check of each person still
    held on its roster; ``None`` when it may. People not screened are named first."""
    counts = Counter(BLOCKING[state] for state in held if state in BLOCKING)
    for blocker in Blocker:
        if counts[blocker]:
            return Refusal(blocker, counts[blocker])
    return None
