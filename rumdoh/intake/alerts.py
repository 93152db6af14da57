"""The alert raised when a tip has no outcome by its due time.

The supervisors of the agency holding the tip are told (users who supervise tips there, and at
the agency above it); an agency without one on the system hears it through those who record its
tips. The notification names the tip by its reference only. Each tip alerts once per holder:
assigning it to another agency lets that agency's supervisor be alerted in turn.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import roles_with
from rumdoh.intake.models import Tip
from rumdoh.notices import kinds
from rumdoh.notices.services import notify

TIP_OVERDUE = "intake.tip_overdue"


def register_kinds() -> None:
    kinds.register_area("intake", _("Tips"))
    kinds.register(
        TIP_OVERDUE,
        _("Tip %(tip)s has had no outcome since %(received)s: it was due on %(due)s."),
    )


def _users(agency_id: int | None, capability: C) -> list[User]:
    if agency_id is None:
        return []
    rows = User.objects.filter(agency_id=agency_id, is_active=True, role__in=roles_with(capability))
    return list(rows.order_by("pk"))


def supervisors_of(tip: Tip) -> list[User]:
    agency = tip.holder
    if agency is None:
        return []
    found = _users(agency.pk, C.SUPERVISE_TIPS) + _users(agency.parent_id, C.SUPERVISE_TIPS)
    return found or _users(agency.pk, C.RECORD_TIPS)


def tip_overdue(tip: Tip) -> int:
    local = timezone.localtime
    params = {
        "tip": tip.reference,
        "received": local(tip.received_at).strftime("%Y-%m-%d"),
        "due": local(tip.due_at).strftime("%Y-%m-%d"),
    }
    return notify(supervisors_of(tip), TIP_OVERDUE, params, reverse("intake:detail", args=[tip.pk]))


@transaction.atomic
def raise_tip_alerts(now: datetime | None = None, limit: int | None = None) -> int:
    """Alert for every tip past its due time without an outcome, once; rows another process is
    alerting are skipped. Returns how many tips alerted."""
    now = now or timezone.now()
    overdue = Tip.objects.select_for_update(of=("self",), skip_locked=True).filter(
        outcome="", overdue_alerted_at__isnull=True, due_at__lte=now
    )
    count = 0
    rows = overdue.select_related("assigned_agency", "recording_agency").order_by("due_at", "pk")
    for tip in rows[:limit]:
        tip_overdue(tip)
        tip.overdue_alerted_at = now
        tip.save(update_fields=["overdue_alerted_at"])
        count += 1
    return count
