"""The risk score of a worksite and the sealing of inspection plans (pure: no Django imports).

The score (0 to 100) weighs what is known of a worksite: the kind of place, labour complaints,
criminal cases, tips, raids, and what inspections found. Inputs are named counts so that each
source (the labour complaints, the criminal cases, the intake tips, the operations raids) adds its
own without this rule knowing where they come from; an unknown source counts with weight 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class WorksiteKind(StrEnum):
    SCAM_COMPOUND = "scam_compound"
    BRICK_KILN = "brick_kiln"
    ENTERTAINMENT = "entertainment"
    FISHING = "fishing"
    CONSTRUCTION = "construction"
    PLANTATION = "plantation"
    FACTORY = "factory"
    OTHER = "other"


BASE: dict[WorksiteKind, int] = {
    WorksiteKind.SCAM_COMPOUND: 30,
    WorksiteKind.BRICK_KILN: 20,
    WorksiteKind.FISHING: 20,
    WorksiteKind.ENTERTAINMENT: 15,
    WorksiteKind.CONSTRUCTION: 10,
    WorksiteKind.PLANTATION: 10,
    WorksiteKind.FACTORY: 5,
    WorksiteKind.OTHER: 5,
}

WEIGHTS: dict[str, int] = {
    "complaints": 4,
    "crime_indicated": 10,  # complaints whose screening indicated trafficking or forced labour
    "criminal_cases": 12,
    "tips": 3,
    "raids": 8,
    "findings": 6,  # inspections that found violations
}
CAP = 100


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Risk:
    score: int
    level: Level
    parts: dict[str, int]


def level_of(score: int) -> Level:
    if score >= 60:
        return Level.HIGH
    if score >= 30:
        return Level.MEDIUM
    return Level.LOW


def risk(kind: str, counts: Mapping[str, int]) -> Risk:
    try:
        base = BASE[WorksiteKind(kind)]
    except ValueError:
        base = BASE[WorksiteKind.OTHER]
    parts = {"kind": base}
    for source, n in sorted(counts.items()):
        if n < 0:
            raise ValueError(f"negative count for {source}")
        if n:
            parts[source] = WEIGHTS.get(source, 1) * n
    score = min(CAP, sum(parts.values()))
    return Risk(score, level_of(score), parts)


def plan_visible(in_team: bool, planned_for: date, today: date) -> bool:
    """An inspection plan is sealed from everyone outside its team until its date (plans leak)."""
    return in_team or today >= planned_for
