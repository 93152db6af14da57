"""Deployment checks across borders: Cambodia's embassies say where they are posted."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError


@register(Tags.database)
def embassy_posting_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``manage.py check --database default`` (and ``migrate``): an active embassy of Cambodia
    whose posting is not recorded is named on no repatriation (``queries.embassies_for``)."""
    if not kwargs.get("databases"):
        return []
    from rumdoh.accounts.models import Agency, AgencyKind
    from rumdoh.crossborder.queries import CAMBODIA

    try:
        unposted = list(
            Agency.objects.filter(
                kind=AgencyKind.EMBASSY, country=CAMBODIA, posted_in="", is_active=True
            )
            .order_by("name")
            .values_list("name", flat=True)
        )
    except DatabaseError:  # not migrated yet
        return []
    return [
        CheckWarning(
            f"Where Cambodia's embassy {name!r} is posted is not recorded.",
            hint="Record the country it is posted in (the agency's 'posted in', in the "
            "administration console); until then it is named on no repatriation.",
            id="crossborder.W001",
        )
        for name in unposted
    ]
