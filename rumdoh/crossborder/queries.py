"""Read helpers the cross-border pages, API and services share."""

from __future__ import annotations

from django.db.models import QuerySet

from rumdoh.accounts.models import Agency, AgencyKind

# The kinds of agency a repatriation may name as its embassy: it sees the repatriation and its
# stages (docs/crossborder.md), so no other agency may be named there.
EMBASSY_KINDS = (AgencyKind.EMBASSY, AgencyKind.INTERNATIONAL)


def embassies() -> QuerySet[Agency]:
    """Embassies, consulates and international organisations (IOM), by name."""
    return Agency.objects.filter(kind__in=EMBASSY_KINDS).order_by("name")
