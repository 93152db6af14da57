"""What the protection stage of the demo draws from: chances, typical stays, and texts."""

from __future__ import annotations

from rumdoh.protection.choices import (
    Sector,
    Stage,
)
from rumdoh.protection.choices import ServiceArea as S

IDENTIFY_CHANCE = {
    "trafficking-indicated": 0.85,
    "forced-labour-indicated": 0.8,
    "further-assessment": 0.45,
    "not-indicated": 0.02,
    None: 0.2,
}
# Typical days spent in each stage before the next.
STAGE_DAYS = {
    Stage.IDENTIFICATION: 2,
    Stage.CRISIS: 6,
    Stage.REPATRIATION: 25,
    Stage.REFERRAL: 8,
    Stage.RECEPTION: 3,
    Stage.PLANNING: 14,
    Stage.ASSESSMENT: 20,
    Stage.RECOVERY: 90,
    Stage.REINTEGRATION: 120,
    Stage.FOLLOW_UP: 180,
}
STAGE_SERVICES: dict[str, list[str]] = {
    Stage.CRISIS: [S.SAFETY, S.MEDICAL, S.HOUSING],
    Stage.REPATRIATION: [S.REPATRIATION, S.ADMINISTRATIVE],
    Stage.RECEPTION: [S.HOUSING, S.MEDICAL],
    Stage.PLANNING: [S.CASE_MANAGEMENT],
    Stage.ASSESSMENT: [S.PSYCHOLOGICAL, S.MEDICAL],
    Stage.RECOVERY: [S.PSYCHOLOGICAL, S.EDUCATION, S.LEGAL_AID, S.HOUSING],
    Stage.REINTEGRATION: [S.ECONOMIC, S.FAMILY, S.ADMINISTRATIVE, S.EDUCATION],
}
DECLINE_REASONS = [
    "No free place this month.",
    "We do not accept men.",
    "Outside the ages we care for.",
    "No staff speak the person's language.",
    "The person needs psychiatric care we cannot give.",
]
NOTES = [
    "Interviewed in Khmer with a social worker present.",
    "Interpreter present for the interview.",
    "Returned through Poipet; family traced in the home province.",
    "Left a compound after a raid; passport still with the employer.",
    "",
    "",
]
GOALS = [
    "Safe housing, medical check, then family tracing.",
    "Vocational training and a small-business grant.",
    "Return to school and family counselling.",
    "Legal aid for a compensation claim; job placement.",
]
FOLLOW_UP_PURPOSES = ["Home visit", "Phone check", "School visit", "Business grant review"]
FORCED_LABOUR_SECTORS = [
    Sector.FISHING,
    Sector.CONSTRUCTION,
    Sector.AGRICULTURE,
    Sector.FACTORY,
    Sector.BRICK_KILN,
    Sector.DOMESTIC_WORK,
    Sector.BEGGING,
]
