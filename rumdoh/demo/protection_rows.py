"""The rows of identifications, referrals and protection cases, and their writing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rumdoh.demo.context import Context
from rumdoh.people.models import PersonAccess
from rumdoh.protection.models import (
    CasePlan,
    FollowUp,
    Identification,
    ProtectionCase,
    Referral,
    ServiceDelivery,
    StageChange,
)


@dataclass
class Rows:
    identifications: list[tuple[Any, ...]] = field(default_factory=list)
    referrals: list[tuple[Any, ...]] = field(default_factory=list)
    access: list[tuple[Any, ...]] = field(default_factory=list)
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    history: list[tuple[Any, ...]] = field(default_factory=list)
    plans: list[tuple[Any, ...]] = field(default_factory=list)
    services: list[tuple[Any, ...]] = field(default_factory=list)
    follow_ups: list[tuple[Any, ...]] = field(default_factory=list)


def write_rows(ctx: Context, rows: Rows) -> None:
    """Insert the rows of one window, parents before children."""
    w = ctx.writer
    w.insert(
        Identification,
        [
            "id",
            "person_id",
            "agency_id",
            "identified_by_id",
            "identified_at",
            "recorded_at",
            "designation",
            "exploitation_types",
            "sectors",
            "basis",
            "screening_id",
            "foreign_authority",
            "notes",
        ],
        rows.identifications,
    )
    w.insert(
        Referral,
        [
            "id",
            "created_at",
            "referring_agency_id",
            "referred_by_id",
            "provider_id",
            "person_id",
            "needs",
            "status",
            "responded_at",
            "responded_by_id",
            "decline_reason",
            "note",
            "rereferral_of_id",
        ],
        rows.referrals,
    )
    w.insert(
        PersonAccess,
        ["person_id", "agency_id", "source", "source_id", "granted_at", "revoked_at"],
        rows.access,
    )
    w.insert(
        ProtectionCase,
        [
            "id",
            "person_id",
            "agency_id",
            "case_worker_id",
            "opened_at",
            "opened_by_id",
            "stage",
            "closed_at",
            "closure_reason",
            "identification_id",
            "referral_id",
        ],
        rows.cases,
    )
    w.insert(
        StageChange, ["case_id", "at", "by_id", "from_stage", "to_stage", "reason"], rows.history
    )
    w.insert(
        CasePlan,
        ["case_id", "needs", "goals", "version", "updated_at", "updated_by_id"],
        rows.plans,
    )
    w.insert(
        ServiceDelivery,
        [
            "case_id",
            "area",
            "entitlement",
            "amount_riel",
            "delivered_on",
            "provider_id",
            "note",
            "recorded_by_id",
            "recorded_at",
        ],
        rows.services,
    )
    w.insert(
        FollowUp,
        [
            "case_id",
            "due_on",
            "purpose",
            "done_on",
            "outcome",
            "note",
            "scheduled_by_id",
            "done_by_id",
            "created_at",
        ],
        rows.follow_ups,
    )
