"""Demo stage: one import of field-form submissions, as an ODK Central export of a raid.

Builds an export of the short form shaped as ODK Central gives it (the OData JSON feed) for
people found in a scam compound, and imports it through the real importer as the demo screener:
persons, screenings and the decision rule come from the same path a real upload takes. Run
again, it imports nothing new.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rumdoh.demo.context import Context
from rumdoh.demo.names import FOREIGN_NAMES, KHMER_FAMILY, KHMER_GIVEN_FEMALE, KHMER_GIVEN_MALE
from rumdoh.screening.imports import import_submissions
from rumdoh.screening.models import SubmissionImport
from rumdoh.screening.rules import xlsform as xf
from rumdoh.screening.rules.catalogue import CATALOGUE_VERSION
from rumdoh.screening.rules.questions import SHORT

REFERENCE = "OP-DEMO-0001"
SUBMISSIONS = 12
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
# Chance of "yes" per short-form question for a person found in a scam compound.
YES = {
    "recruited": 0.9,
    "transported": 0.8,
    "received": 0.6,
    "lied_to": 0.8,
    "threatened": 0.5,
    "forced": 0.35,
    "confined": 0.6,
    "documents": 0.6,
    "money": 0.4,
    "advantage": 0.3,
    "forced_work": 0.5,
    "sex": 0.05,
    "crime": 0.7,
    "other_exploitation": 0.02,
}


def _name(rng: random.Random, nationality: str, sex: str) -> dict[str, str]:
    if nationality == "KH":
        family_km, family_latin = rng.choice(KHMER_FAMILY)
        given_km, given_latin = rng.choice(
            KHMER_GIVEN_FEMALE if sex == "female" else KHMER_GIVEN_MALE
        )
        return {
            "family_name": family_latin[0],
            "given_name": given_latin[0],
            "name_km": f"{family_km} {given_km}",
        }
    families, female, male = FOREIGN_NAMES[nationality]
    given = rng.choice(female if sex == "female" else male)
    return {"family_name": rng.choice(families) if families else "", "given_name": given}


def _answer(rng: random.Random, key: str) -> str:
    roll = rng.random()
    if roll < YES.get(key, 0.1):
        return "yes"
    return "unknown" if roll > 0.93 else "no"


def _submission(rng: random.Random, started: datetime, version: str) -> dict[str, Any]:
    nationality = rng.choice(["KH", "KH", "CN", "VN", "ID", "TH"])
    sex = rng.choice(["female", "male", "male"])
    age = rng.choice([None, 16, 19, 22, 24, 27, 31, 35])
    instance = f"uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    person = {"sex": sex, "age": age, "nationality": nationality, "name_km": None}
    person |= _name(rng, nationality, sex)
    person["age_estimated"] = "yes" if age is not None and rng.random() < 0.6 else None
    answers = {key: _answer(rng, key) for key in YES}
    sections: dict[str, dict[str, str]] = {}
    for question in SHORT:
        sections.setdefault(question.section, {})[xf.field_name(question)] = answers[question.key]
    return {
        "__id": instance,
        "start": started.isoformat(timespec="milliseconds"),
        "end": (started + timedelta(minutes=18)).isoformat(timespec="milliseconds"),
        "form_kind": "short",
        "catalogue_version": CATALOGUE_VERSION,
        "screening": {"context": "raid", "location": "Compound, Otres 2", "province": "18"},
        "person": person,
        "indicators": sections,
        "meta": {"instanceID": instance},
        "__system": {
            "submissionDate": (started + timedelta(hours=6)).isoformat(timespec="milliseconds"),
            "submitterId": "3",
            "submitterName": "sihanoukville-tablet-1",
            "attachmentsPresent": 0,
            "attachmentsExpected": 0,
            "status": None,
            "reviewState": None,
            "deviceId": "collect:demo",
            "edits": 0,
            "formVersion": version,
        },
    }


def export(ctx: Context) -> bytes:
    """The raid's submissions as ODK Central's OData feed gives them."""
    rng = ctx.rng("field", 0)
    day = ctx.as_of - timedelta(days=3)
    first = datetime.combine(day, time(9, 0), tzinfo=PHNOM_PENH)
    version = xf.form_version("short")
    rows = [
        _submission(rng, first + timedelta(minutes=25 * n), version) for n in range(SUBMISSIONS)
    ]
    odata = "https://central.example.org/v1/projects/1/forms/rumdoh_screening_short.svc"
    return json.dumps({"@odata.context": f"{odata}/$metadata#Submissions", "value": rows}).encode()


def generate(ctx: Context, id_range: Any = None) -> dict[str, int]:
    if SubmissionImport.objects.filter(reference=REFERENCE).exists():
        ctx.out.write("Field import: already there.\n")
        return {"imports": 0, "screenings": 0}
    screener = next(u for u in ctx.users if u.username == "screener")
    report = import_submissions(export(ctx), user=screener, context="raid", reference=REFERENCE)
    if not report.ok:
        raise RuntimeError(f"demo field import refused: {report.errors[:3]}")
    ctx.out.write(f"Field import {REFERENCE}: {report.created} screenings from ODK Central.\n")
    return {"imports": 1, "screenings": report.created}
