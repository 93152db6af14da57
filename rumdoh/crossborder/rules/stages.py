"""Repatriation stages, both ways, and what may follow what (pure: no Django imports).

The 2021 SOPs on repatriation and reintegration: a Cambodian found abroad is repatriated on an
embassy's or labour attaché's request, received by MoSVY and a transit centre, her family traced
and assessed before she goes home, then followed in her reintegration. A foreigner found in
Cambodia goes home through their embassy or IOM. A child goes to a family only by a formal
transfer of custody after an assessment, never straight back.
"""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    HOME = "home"  # a Cambodian abroad, coming home
    ABROAD = "abroad"  # a foreigner found in Cambodia, going home


class Stage(StrEnum):
    REQUESTED = "requested"
    DOCUMENTS = "documents"  # travel documents issued or confirmed
    TRAVEL_ARRANGED = "travel_arranged"
    RECEIVED = "received"  # received at the crossing or airport by the receiving agency
    FAMILY_ASSESSED = "family_assessed"
    RETURNED = "returned"  # returned to family or community (a child: custody transferred)
    DEPARTED = "departed"  # left Cambodia
    ARRIVED = "arrived"  # confirmed arrived by the embassy or IOM
    CLOSED = "closed"
    CANCELLED = "cancelled"


PATHS: dict[Direction, tuple[Stage, ...]] = {
    Direction.HOME: (
        Stage.REQUESTED,
        Stage.DOCUMENTS,
        Stage.TRAVEL_ARRANGED,
        Stage.RECEIVED,
        Stage.FAMILY_ASSESSED,
        Stage.RETURNED,
        Stage.CLOSED,
    ),
    Direction.ABROAD: (
        Stage.REQUESTED,
        Stage.DOCUMENTS,
        Stage.TRAVEL_ARRANGED,
        Stage.DEPARTED,
        Stage.ARRIVED,
        Stage.CLOSED,
    ),
}

FINAL = frozenset({Stage.CLOSED, Stage.CANCELLED})


class Refusal(StrEnum):
    """Why a move is refused; the services put it into words."""

    NOT_NEXT = "not_next"
    FINISHED = "finished"
    NEEDS_ASSESSMENT = "needs_assessment"
    UNSAFE_FAMILY = "unsafe_family"
    NEEDS_CUSTODY_TRANSFER = "needs_custody_transfer"


def next_stages(direction: Direction, stage: Stage) -> list[Stage]:
    """The stages a repatriation at ``stage`` may move to: the next on its path, or cancelled."""
    if stage in FINAL:
        return []
    path = PATHS[direction]
    position = path.index(stage)
    following = [path[position + 1]] if position + 1 < len(path) else []
    return [*following, Stage.CANCELLED]


def refuse_move(
    direction: Direction,
    stage: Stage,
    target: Stage,
    *,
    child: bool,
    assessment: str | None,
    custody_transferred: bool,
) -> Refusal | None:
    """None when the move is allowed; otherwise why not. ``assessment`` is the latest family
    assessment's result ("safe", "unsafe" or None when there is none)."""
    if stage in FINAL:
        return Refusal.FINISHED
    if target not in next_stages(direction, stage):
        return Refusal.NOT_NEXT
    if target == Stage.FAMILY_ASSESSED and assessment is None:
        return Refusal.NEEDS_ASSESSMENT
    if target == Stage.RETURNED:
        if assessment is None:
            return Refusal.NEEDS_ASSESSMENT
        if assessment != "safe":
            return Refusal.UNSAFE_FAMILY
        if child and not custody_transferred:
            return Refusal.NEEDS_CUSTODY_TRANSFER
    return None
