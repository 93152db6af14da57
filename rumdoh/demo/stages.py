"""The generation stages in order; a stage whose app has no tables yet is skipped with a note."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.db import connection

from rumdoh.demo import persons
from rumdoh.demo.context import Context

NAMES = [
    "persons",
    "screenings",
    "protection",
    "justice",
    "field",
    "intake",
    "labour",
    "crossborder",
]

# The models each later stage writes; the stage runs only when all of them have tables.
NEEDS: dict[str, list[str]] = {
    "screenings": ["screening.ScreeningRecord"],
    "protection": [
        "protection.Identification",
        "protection.ServiceProvider",
        "protection.Referral",
        "protection.ProtectionCase",
        "protection.StageChange",
        "protection.ServiceDelivery",
        "protection.FollowUp",
    ],
    "justice": [
        "justice.CriminalCase",
        "justice.StageTransition",
        "justice.CaseVictim",
        "justice.Suspect",
        "justice.SuspectKey",
        "justice.Charge",
        "justice.Warrant",
        "justice.Arrest",
        "justice.Supervision",
        "justice.CheckIn",
        "justice.Hearing",
        "justice.Verdict",
        "justice.Settlement",
        "justice.JointInterviewInvitation",
        "justice.Interview",
        "justice.CompensationWorksheet",
        "justice.CompensationOrder",
        "justice.Payment",
        "justice.EnforcementStep",
    ],
    "crossborder": ["crossborder.DeportationList", "crossborder.Repatriation"],
}


def missing(stage: str) -> list[str]:
    """The models ``stage`` needs that are not installed or not migrated."""
    tables = set(connection.introspection.table_names())
    absent = []
    for label in NEEDS.get(stage, []):
        try:
            model = apps.get_model(label)
        except LookupError:
            absent.append(label)
            continue
        if model._meta.db_table not in tables:
            absent.append(label)
    return absent


def run(ctx: Context, wanted: list[str], *, persons: int, duplicate_rate: float) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    id_range: tuple[int, int] | None = None
    for stage in NAMES:
        if stage not in wanted:
            continue
        if stage == "persons":
            result = persons_stage(ctx, persons, duplicate_rate)
            summary["persons"] = result.persons
            summary["duplicates"] = result.duplicates
            if result.persons:
                id_range = (result.first_id, result.last_id)
            continue
        absent = missing(stage)
        if absent:
            ctx.out.write(f"Skipping {stage}: not available yet ({', '.join(absent)}).\n")
            continue
        try:
            module = importlib.import_module(f"rumdoh.demo.{stage}")
        except ImportError as exc:
            ctx.out.write(f"Skipping {stage}: not available yet ({exc}).\n")
            continue
        summary[stage] = module.generate(ctx, id_range)
    return summary


def persons_stage(ctx: Context, count: int, duplicate_rate: float) -> persons.PersonsResult:
    ctx.out.write(f"Persons: {count:,} in batches of {ctx.batch_size:,}\n")
    result = persons.generate(ctx, count, duplicate_rate)
    if result.persons:
        rate = result.persons / result.seconds if result.seconds else 0
        ctx.out.write(
            f"  {result.persons:,} persons (P-{result.first_id}…P-{result.last_id}), "
            f"{result.duplicates:,} recorded twice ({result.exact_duplicates:,} spelled alike), "
            f"{result.rows:,} rows in {result.seconds:,.1f}s ({rate:,.0f} persons/s)\n"
        )
    return result
