"""Stage 2: screenings of the generated persons, and anonymous ones, assessed by the real rule.

Answers are drawn per question of the short or detailed form from a situation typical of the
place (a deportee, a person found in a scam compound, a fisherman, a hotline caller...), turned
into indicator observations the way the form does, and the determination and its explanation come
from ``rumdoh.screening.rules.decision.assess`` — nothing is invented.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from functools import lru_cache
from typing import Any

from django.db import transaction

from rumdoh.accounts.models import AgencyKind
from rumdoh.demo import chunks
from rumdoh.demo.context import Context
from rumdoh.people.models import AgePrecision, Person, Sex
from rumdoh.screening.models import Context as Setting
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules import decision, questions

COLUMNS = [
    "id",
    "screened_at",
    "agency_id",
    "screener_id",
    "person_id",
    "form",
    "age",
    "age_estimated",
    "sex",
    "nationality",
    "province",
    "location",
    "context",
    "observations",
    "determination",
    "explanation",
    "catalogue_version",
]

# Chance of "yes" per indicator code in each situation; other codes use the situation's base.
SITUATIONS: dict[str, dict[str, float]] = {
    "scam_compound": {
        "ACT-RECRUITMENT": 0.9,
        "ACT-TRANSPORT": 0.85,
        "ACT-HARBOURING": 0.7,
        "FL-DECEPTION": 0.85,
        "MEANS-DECEPTION": 0.85,
        "FL-DOCUMENTS": 0.7,
        "FL-MOVEMENT": 0.75,
        "FL-THREATS": 0.6,
        "FL-VIOLENCE": 0.45,
        "FL-DEBT": 0.5,
        "FL-INVOLUNTARY": 0.7,
        "FL-OVERTIME": 0.7,
        "PURPOSE-FORCED-CRIMINALITY": 0.8,
        "HARM-MENTAL": 0.6,
        "HARM-PHYSICAL": 0.35,
        "HARM-FINANCIAL": 0.5,
    },
    "forced_labour": {
        "ACT-RECRUITMENT": 0.8,
        "ACT-TRANSPORT": 0.7,
        "FL-DECEPTION": 0.55,
        "MEANS-DECEPTION": 0.5,
        "FL-WAGES": 0.6,
        "FL-DEBT": 0.45,
        "FL-ISOLATION": 0.4,
        "FL-CONDITIONS": 0.6,
        "FL-OVERTIME": 0.6,
        "FL-THREATS": 0.35,
        "FL-INVOLUNTARY": 0.45,
        "HARM-FINANCIAL": 0.5,
    },
    "sexual": {
        "ACT-RECRUITMENT": 0.85,
        "ACT-TRANSPORT": 0.6,
        "ACT-HARBOURING": 0.5,
        "MEANS-DECEPTION": 0.6,
        "MEANS-ABUSE-OF-POWER": 0.4,
        "MEANS-VULNERABILITY": 0.4,
        "PURPOSE-SEXUAL": 0.85,
        "HARM-SEXUAL": 0.7,
        "HARM-MENTAL": 0.6,
    },
    "marriage": {
        "ACT-RECRUITMENT": 0.85,
        "ACT-TRANSPORT": 0.8,
        "MEANS-DECEPTION": 0.6,
        "MEANS-FRAUD": 0.4,
        "MEANS-PAYMENT": 0.5,
        "PURPOSE-FORCED-MARRIAGE": 0.8,
        "HARM-MENTAL": 0.5,
    },
    "migrant": {"ACT-RECRUITMENT": 0.35, "ACT-TRANSPORT": 0.3, "FL-OVERTIME": 0.15},
    "unclear": {"ACT-RECRUITMENT": 0.4, "ACT-TRANSPORT": 0.3, "FL-DECEPTION": 0.2},
}
BASE_YES = {"migrant": 0.02, "unclear": 0.06}
UNKNOWN_SHARE = {"unclear": 0.45, "migrant": 0.06}

# Where each kind of agency screens, and in which situations.
SETTINGS: dict[str, list[tuple[str, float]]] = {
    AgencyKind.TRANSIT_CENTRE: [(Setting.DEPORTATION, 85), (Setting.OUTREACH, 10), ("other", 5)],
    AgencyKind.POLICE: [(Setting.RAID, 55), (Setting.DETENTION, 25), (Setting.HOTLINE, 20)],
    AgencyKind.LABOUR: [(Setting.LABOUR_INSPECTION, 90), (Setting.OUTREACH, 10)],
    AgencyKind.NGO: [(Setting.HOTLINE, 40), (Setting.OUTREACH, 50), ("other", 10)],
}
SITUATION_MIX: dict[str, list[tuple[str, float]]] = {
    Setting.DEPORTATION: [
        ("migrant", 45),
        ("forced_labour", 20),
        ("scam_compound", 15),
        ("unclear", 15),
        ("sexual", 5),
    ],
    Setting.RAID: [("scam_compound", 60), ("unclear", 20), ("migrant", 12), ("sexual", 8)],
    Setting.DETENTION: [("migrant", 40), ("scam_compound", 35), ("unclear", 25)],
    Setting.LABOUR_INSPECTION: [("forced_labour", 40), ("migrant", 45), ("unclear", 15)],
    Setting.HOTLINE: [("sexual", 25), ("marriage", 20), ("forced_labour", 25), ("unclear", 30)],
    Setting.OUTREACH: [("migrant", 40), ("forced_labour", 20), ("sexual", 15), ("unclear", 25)],
    "other": [("unclear", 50), ("migrant", 30), ("forced_labour", 20)],
}
LOCATIONS: dict[str, list[str]] = {
    "01": ["Poipet international checkpoint", "Poipet Transit Centre", "O'Bei Choan border post"],
    "02": ["Kam Rieng Transit Centre", "Phsar Prum checkpoint", "Battambang bus station"],
    "12": ["Immigration detention centre, Phnom Penh", "Chroy Changvar", "Hotline desk"],
    "17": ["Siem Reap bus station", "Community outreach, Puok"],
    "18": ["Compound at Otres", "Compound near Ochheuteal", "Prey Nob brick kilns", "Port"],
}


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    return rng.choices([p for p, _w in pairs], [w for _p, w in pairs])[0]


def answers_for(rng: random.Random, form: str, situation: str) -> dict[str, str]:
    """Answers by question key, then indicator observations as the form records them."""
    chances = SITUATIONS[situation]
    base = BASE_YES.get(situation, 0.04)
    unknown = UNKNOWN_SHARE.get(situation, 0.1)
    answers = {}
    for question in questions.questions_for(form):
        yes = max(chances.get(code, base) for code in question.codes)
        draw = rng.random()
        answers[question.key] = (
            "yes" if draw < yes else ("unknown" if draw < yes + unknown else "no")
        )
    return questions.observations_from(questions.questions_for(form), answers)


@lru_cache(maxsize=1 << 15)
def _assess(age: int | None, observations: tuple[tuple[str, str], ...]) -> tuple[str, Any, str]:
    result = decision.assess(age, dict(observations))
    return result.determination.value, result.explanation(), result.catalogue_version


def assess(age: int | None, observations: dict[str, str]) -> tuple[str, Any, str]:
    return _assess(age, tuple(sorted(observations.items())))


def _record(
    ctx: Context,
    rng: random.Random,
    *,
    agency: Any,
    screener_id: int,
    person_id: int | None,
    when: Any,
    age: int | None,
    estimated: bool,
    sex: str,
    nationality: str,
) -> tuple[Any, ...]:
    setting = _weighted(rng, SETTINGS.get(agency.kind, SETTINGS[AgencyKind.NGO]))
    situation = _weighted(rng, SITUATION_MIX[setting])
    if situation == "marriage" and sex == Sex.MALE:
        situation = "forced_labour"
    form = "short" if agency.kind == AgencyKind.TRANSIT_CENTRE and rng.random() < 0.8 else None
    form = form or ("detailed" if rng.random() < 0.55 else "short")
    observations = answers_for(rng, form, situation)
    determination, explanation, version = assess(age, observations)
    location = rng.choice(LOCATIONS.get(agency.province, [""]))
    return (
        None,
        when,
        agency.pk,
        screener_id,
        person_id,
        form,
        age,
        estimated,
        sex,
        nationality,
        agency.province,
        location,
        setting,
        observations,
        determination,
        explanation,
        version,
    )


def _window(ctx: Context, window: chunks.Window) -> Counter[str]:
    batch, lo, hi = window
    rng = ctx.rng("screenings", batch)
    agencies = {a.pk: a for a in ctx.agencies}
    rows = Person.objects.filter(id__gte=lo, id__lte=hi).order_by("id")
    fields = ("id", "owner_agency_id", "created_by_id", "created_at", "sex", "birth_year")
    people = list(rows.values_list(*fields, "age_precision", "nationality"))
    records = []
    for pid, agency_id, user_id, created, sex, year, precision, nationality in people:
        if rng.random() >= 0.62 or agency_id not in agencies:
            continue
        age = created.year - year if year is not None else None
        when = created + timedelta(minutes=rng.randrange(5, 180))
        records.append(
            _record(
                ctx,
                rng,
                agency=agencies[agency_id],
                screener_id=user_id,
                person_id=pid,
                when=min(when, ctx.end),
                age=age,
                estimated=precision == AgePrecision.ESTIMATED,
                sex=sex,
                nationality=nationality,
            )
        )
    # People screened who did not give their name: kept without any personal data.
    if people:
        first, last = people[0][3], people[-1][3]
        for _ in range(int(len(people) * 0.12)):
            agency = rng.choices(ctx.recorders, ctx.recorder_weights)[0]
            span = max((last - first).total_seconds(), 1.0)
            records.append(
                _record(
                    ctx,
                    rng,
                    agency=agency,
                    screener_id=rng.choice(ctx.staff[agency.pk]).pk,
                    person_id=None,
                    when=first + timedelta(seconds=rng.uniform(0, span)),
                    age=rng.choice([None, *range(12, 50)]),
                    estimated=True,
                    sex=rng.choice([Sex.FEMALE, Sex.MALE, Sex.MALE, Sex.UNKNOWN]),
                    nationality=rng.choice(["KH", "KH", "KH", "CN", "VN", "ID", "XX"]),
                )
            )
    records.sort(key=lambda r: r[1])
    with transaction.atomic():
        ids = ctx.writer.allocate_ids(ScreeningRecord, len(records))
        ctx.writer.insert(
            ScreeningRecord, COLUMNS, [(i, *r[1:]) for i, r in zip(ids, records, strict=True)]
        )
    counts: Counter[str] = Counter(str(r[14]) for r in records)
    counts["screenings"] = len(records)
    counts["anonymous"] = sum(1 for r in records if r[4] is None)
    return counts


def generate(ctx: Context, id_range: tuple[int, int] | None) -> dict[str, int]:
    ctx.out.write("Screenings\n")
    return dict(chunks.run(ctx, "screenings", id_range, _window))
