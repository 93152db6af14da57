"""Deployment checks of operations: no court, prosecutor or embassy takes part in one."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError


@register(Tags.database)
def participants_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``manage.py check --database default`` (and ``migrate``): an operation recorded before
    courts, prosecutors, embassies, committees and international organisations were refused as
    participants still lets such an agency see everyone on its roster. Each is named, with the
    operation, for its lead agency to take it off."""
    if not kwargs.get("databases"):
        return []
    from rumdoh.accounts.models import FIELD_AGENCY_KINDS
    from rumdoh.operations.models import Operation

    try:
        rows = list(
            Operation.agencies.through.objects.exclude(agency__kind__in=FIELD_AGENCY_KINDS)
            .order_by("operation_id", "agency__name")
            .values_list("operation_id", "agency__name")
        )
    except DatabaseError:  # not migrated yet
        return []
    return [
        CheckWarning(
            f"Operation {operation} has {name!r} among its participating agencies, a kind of "
            "agency that may not take part in operations.",
            hint="Its users see everyone on the roster. The lead agency takes it off the "
            "operation's participating agencies on the operation's page, which ends that sight.",
            id="operations.W001",
        )
        for operation, name in rows
    ]
