"""Read helpers the tip pages and API share."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from rumdoh.accounts.models import User
from rumdoh.intake.access import visible_tips
from rumdoh.intake.models import Tip, pk_of


def filtered_tips(
    user: User,
    *,
    q: str = "",
    status: str = "",
    channel: str = "",
    urgency: str = "",
    overdue: bool = False,
    province: str = "",
) -> QuerySet[Tip]:
    """The tips ``user`` sees, newest first, narrowed by the filters of the tip list
    (``TipFilterForm``'s cleaned data): ``q`` a T-number (anything else finds none), ``status``,
    ``channel``, ``urgency`` and ``province`` as stored, and ``overdue`` those past due without
    an outcome."""
    tips = visible_tips(user)
    if q:
        tips = tips.filter(pk=pk_of(q) or 0)
    for name, value in (
        ("status", status),
        ("channel", channel),
        ("urgency", urgency),
        ("province", province),
    ):
        if value:
            tips = tips.filter(**{name: value})
    if overdue:
        tips = tips.filter(outcome="", due_at__lte=timezone.now())
    return tips.order_by("-received_at", "-id")
