"""Alerts of the labour complaints' deadlines, and notices of referrals to the police.

Notifications name the complaint by its reference only. The conciliation deadline alerts the
inspector (or, with none named, the receiving agency's complaint handlers); the two months to
go to court alert the complainant's case worker — the one named on the complaint, else the case
workers of the complainant's open protection cases at agencies that may still see them.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import roles_with
from rumdoh.labour.choices import Stage
from rumdoh.labour.models import Complaint, ComplaintReferral
from rumdoh.labour.rules import clocks
from rumdoh.notices import kinds
from rumdoh.notices.services import notify
from rumdoh.people.models import PersonAccess
from rumdoh.protection.models import ProtectionCase

CONCILIATION_OVERDUE = "labour.conciliation_overdue"
COURT_DEADLINE = "labour.court_deadline"
REFERRED = "labour.referred"
CRIME_INDICATED = "labour.crime_indicated"


def register_kinds() -> None:
    messages = {
        CONCILIATION_OVERDUE: _(
            "Labour complaint %(complaint)s has had no conciliation hearing within three weeks."
        ),
        COURT_DEADLINE: _(
            "Labour complaint %(complaint)s must be taken to court by %(deadline)s or the claim "
            "lapses."
        ),
        REFERRED: _(
            "Labour complaint %(complaint)s was referred to your office: trafficking, forced "
            "labour or another crime is suspected."
        ),
        CRIME_INDICATED: _(
            "A screening in labour complaint %(complaint)s indicates trafficking or forced "
            "labour: refer it to the police or the prosecutor."
        ),
    }
    for kind, message in messages.items():
        kinds.register(kind, message)
    kinds.register_area("labour", _("Labour"))


def complaint_url(complaint: Complaint) -> str:
    return reverse("labour:complaint_detail", args=[complaint.pk])


def agency_users(agency_id: int | None, *capabilities: C) -> list[User]:
    if agency_id is None:
        return []
    users = User.objects.filter(
        agency_id=agency_id, is_active=True, role__in=roles_with(*capabilities)
    )
    return list(users.order_by("pk"))


def handlers(complaint: Complaint) -> list[User]:
    if complaint.inspector is not None and complaint.inspector.is_active:
        return [complaint.inspector]
    return agency_users(complaint.agency_id, C.HANDLE_LABOUR_COMPLAINTS)


def case_workers(complaint: Complaint) -> list[User]:
    if complaint.case_worker is not None and complaint.case_worker.is_active:
        return [complaint.case_worker]
    if complaint.complainant_id is None:
        return []
    found: list[User] = []
    cases = ProtectionCase.objects.filter(
        person_id=complaint.complainant_id, closed_at__isnull=True
    ).select_related("case_worker")
    for pcase in cases:
        sees = PersonAccess.objects.filter(
            agency_id=pcase.agency_id, person_id=pcase.person_id, revoked_at__isnull=True
        ).exists()
        if not sees:
            continue
        if pcase.case_worker is not None and pcase.case_worker.is_active:
            found.append(pcase.case_worker)
        else:
            found += agency_users(pcase.agency_id, C.MANAGE_CASES)
    return found


def _send(users: Iterable[User], kind: str, complaint: Complaint, **params: str) -> int:
    return notify(
        users, kind, {"complaint": complaint.reference, **params}, complaint_url(complaint)
    )


def referred(referral: ComplaintReferral) -> int:
    users = agency_users(referral.to_agency_id, C.INVESTIGATE, C.PROSECUTE)
    return _send(users, REFERRED, referral.complaint)


def crime_indicated(complaint: Complaint) -> int:
    return _send(handlers(complaint), CRIME_INDICATED, complaint)


@transaction.atomic
def raise_due_alerts(now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Alerts for deadlines passed or near since the last run; each alerts once. Rows another
    process is alerting are skipped, not waited for; ``limit`` bounds each kind per run."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"conciliation": 0, "court": 0}
    late = Complaint.objects.select_for_update(of=("self",), skip_locked=True).filter(
        stage__in=[Stage.FILED, Stage.HEARING_SCHEDULED],
        concluded_on__isnull=True,
        conciliation_alerted_at__isnull=True,
        filed_on__lt=clocks.conciliation_overdue_filed_before(today),
    )
    for complaint in late.select_related("inspector").order_by("pk")[:limit]:
        _send(handlers(complaint), CONCILIATION_OVERDUE, complaint)
        complaint.conciliation_alerted_at = now
        complaint.save(update_fields=["conciliation_alerted_at"])
        counts["conciliation"] += 1
    waiting = Complaint.objects.select_for_update(of=("self",), skip_locked=True).filter(
        stage=Stage.NON_CONCILIATION,
        court_filed_on__isnull=True,
        court_alerted_at__isnull=True,
        concluded_on__isnull=False,
    )
    for complaint in waiting.select_related("case_worker").order_by("pk")[:limit]:
        assert complaint.concluded_on is not None
        clock = clocks.court_clock(complaint.concluded_on, today, None)
        if clock.state not in {clocks.ClockState.ENDING, clocks.ClockState.OVERDUE}:
            continue
        users = case_workers(complaint) + handlers(complaint)
        _send(users, COURT_DEADLINE, complaint, deadline=clock.deadline.isoformat())
        complaint.court_alerted_at = now
        complaint.save(update_fields=["court_alerted_at"])
        counts["court"] += 1
    return counts
