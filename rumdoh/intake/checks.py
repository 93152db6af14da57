"""Deployment checks of the intake: the public form has an agency to receive its reports."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError


@register(Tags.database)
def public_report_agency_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``manage.py check --database default`` (and ``migrate``): the public form refuses
    reports while ``RUMDOH_PUBLIC_REPORT_AGENCY`` names no active agency that may hold a tip.
    Silent before the first agency is recorded (a new installation)."""
    if not kwargs.get("databases"):
        return []
    from rumdoh.accounts.models import Agency
    from rumdoh.intake.models import public_report_agency

    try:
        if not Agency.objects.exists() or public_report_agency() is not None:
            return []
    except DatabaseError:  # not migrated yet
        return []
    return [
        CheckWarning(
            "RUMDOH_PUBLIC_REPORT_AGENCY names no active agency that may hold a tip.",
            hint="Set it to the id or exact name of an active police, gendarmerie, immigration, "
            "social affairs, transit centre, labour or NGO agency; until then the public form "
            "at /report/ refuses reports and asks the reporter to call the hotline.",
            id="intake.W001",
        )
    ]
