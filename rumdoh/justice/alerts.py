"""Who hears about what in a criminal case, and the alerts raised when a deadline passes.

Notifications name the case by its reference only. The people told about a victim's case are
those working with the victim within what the victim consented to (see ``access``): the case
worker of each protection case of the victim at an agency that may still see the victim (or, if
the case has no case worker, that agency's case workers — social affairs and the transit centres
run those cases), the agency that referred the case to the police and, when the case is charged
or a hearing set, the province's department of social affairs if it may see a victim.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import roles_with
from rumdoh.justice.choices import Closure, SupervisionStatus
from rumdoh.justice.models import Arrest, CompensationOrder, CriminalCase, Supervision
from rumdoh.justice.rules import clocks
from rumdoh.notices import kinds
from rumdoh.notices.services import notify
from rumdoh.people.models import PersonAccess
from rumdoh.protection.models import ProtectionCase

CHARGED = "justice.charged"
HEARING = "justice.hearing_scheduled"
VERDICT = "justice.verdict"
ORDER = "justice.compensation_ordered"
ORDER_PAID = "justice.compensation_paid"
ORDER_OVERDUE = "justice.compensation_overdue"
CUSTODY_OVERDUE = "justice.custody_overdue"
MISSED_CHECK_IN = "justice.missed_check_in"
ABSCONDED = "justice.absconded"
FILE_RECEIVED = "justice.file_received"
RETURNED = "justice.returned"
SENT_TO_COURT = "justice.sent_to_court"
NON_PUNISHMENT = "justice.non_punishment"
JOINT_INTERVIEW = "justice.joint_interview"
CASE_CLOSED = "justice.closed"


def register_kinds() -> None:
    messages = {
        CHARGED: _("Case %(case)s has been charged by the prosecutor."),
        HEARING: _("A hearing in case %(case)s is scheduled for %(when)s."),
        VERDICT: _("A verdict has been recorded in case %(case)s."),
        ORDER: _("The court ordered compensation in case %(case)s (order %(order)s)."),
        ORDER_PAID: _("Compensation order %(order)s in case %(case)s is paid in full."),
        ORDER_OVERDUE: _("Compensation order %(order)s in case %(case)s is overdue."),
        CUSTODY_OVERDUE: _(
            "Suspect %(suspect)s in case %(case)s has been held 48 hours with neither a charge "
            "nor a release recorded."
        ),
        MISSED_CHECK_IN: _(
            "Defendant %(suspect)s in case %(case)s did not report on %(due)s as judicial "
            "supervision requires."
        ),
        ABSCONDED: _("Defendant %(suspect)s in case %(case)s has absconded."),
        FILE_RECEIVED: _("The case file of %(case)s has been sent to your office."),
        RETURNED: _("Case %(case)s was returned for further investigation."),
        SENT_TO_COURT: _("Case %(case)s is now before your court."),
        NON_PUNISHMENT: _(
            "A victim in case %(case)s faces charges for acts they may have been forced to "
            "commit: review under the non-punishment principle."
        ),
        JOINT_INTERVIEW: _(
            "Your agency is invited to a joint interview of %(person)s on %(when)s, instead of "
            "a separate one."
        ),
        CASE_CLOSED: _("Case %(case)s has ended: %(closure)s."),
    }
    labels: dict[str, dict[str, Callable[[Any], str]]] = {CASE_CLOSED: {"closure": closure_label}}
    for kind, message in messages.items():
        kinds.register(kind, message, labels.get(kind))
    kinds.register_area("justice", _("Criminal cases"))


def closure_label(code: str) -> str:
    try:
        return str(Closure(code).label)
    except ValueError:  # written before codes were kept: already words
        return code


def case_url(case: CriminalCase) -> str:
    return reverse("justice:case_detail", args=[case.pk])


def agency_users(agency_id: int | None, *capabilities: C) -> list[User]:
    if agency_id is None:
        return []
    users = User.objects.filter(
        agency_id=agency_id, is_active=True, role__in=roles_with(*capabilities)
    )
    return list(users.order_by("pk"))


def supervisors(agency: Agency) -> list[User]:
    """Supervisors of a police unit: at the unit itself and at the agency above it."""
    return agency_users(agency.pk, C.SUPERVISE_UNIT) + agency_users(
        agency.parent_id, C.SUPERVISE_UNIT
    )


def police_unit(case: CriminalCase) -> list[User]:
    investigators = [case.investigator] if case.investigator else []
    if not investigators:
        investigators = agency_users(case.police_agency_id, C.INVESTIGATE)
    return investigators + supervisors(case.police_agency)


def prosecutors(case: CriminalCase) -> list[User]:
    if case.prosecutor is not None:
        return [case.prosecutor]
    return agency_users(case.prosecution_agency_id, C.PROSECUTE)


def court_clerks(case: CriminalCase) -> list[User]:
    return agency_users(case.court_agency_id, C.RECORD_COURT)


def _still_sees(agency_id: int, person_id: int) -> bool:
    return PersonAccess.objects.filter(
        agency_id=agency_id, person_id=person_id, revoked_at__isnull=True
    ).exists()


def victim_workers(case: CriminalCase) -> list[User]:
    """Case workers of the victims' protection cases, within what each victim consented to."""
    found: list[User] = []
    person_ids = list(case.victims.values_list("person_id", flat=True))
    protection = ProtectionCase.objects.filter(
        person_id__in=person_ids, closed_at__isnull=True
    ).select_related("case_worker")
    for pcase in protection:
        if not _still_sees(pcase.agency_id, pcase.person_id):
            continue
        worker = pcase.case_worker
        if worker is not None and worker.is_active:
            found.append(worker)
        else:
            found += agency_users(pcase.agency_id, C.MANAGE_CASES)
    return found


def referring_users(case: CriminalCase) -> list[User]:
    agency = case.referring_agency_id
    if agency is None:
        return []
    person_ids = case.victims.values("person_id")
    allowed = PersonAccess.objects.filter(
        agency_id=agency, person_id__in=person_ids, revoked_at__isnull=True
    ).exists()
    return agency_users(agency, C.MANAGE_CASES, C.REFER) if allowed else []


def social_affairs(case: CriminalCase) -> list[User]:
    """The provincial department of social affairs of the case's province, told early so that
    social services are involved before trial — only if it may see one of the victims (their
    record, by consent or by referral): the notice is within what the victims agreed to."""
    person_ids = case.victims.values("person_id")
    agencies = Agency.objects.filter(
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        province=case.province,
        is_active=True,
        pk__in=PersonAccess.objects.filter(
            person_id__in=person_ids, revoked_at__isnull=True
        ).values("agency_id"),
    )
    return [u for a in agencies for u in agency_users(a.pk, C.MANAGE_CASES)]


def feedback_recipients(case: CriminalCase) -> list[User]:
    """Everyone who hears back about the outcome: police unit, case workers, referring agency."""
    return police_unit(case) + victim_workers(case) + referring_users(case)


def _send(users: Iterable[User], kind: str, case: CriminalCase, **params: str) -> int:
    return notify(users, kind, {"case": case.reference, **params}, case_url(case))


def case_charged(case: CriminalCase) -> int:
    return _send(feedback_recipients(case) + social_affairs(case), CHARGED, case)


def case_closed(case: CriminalCase) -> int:
    return _send(feedback_recipients(case), CASE_CLOSED, case, closure=case.closure)


def file_received(case: CriminalCase) -> int:
    return _send(prosecutors(case), FILE_RECEIVED, case)


def returned(case: CriminalCase) -> int:
    return _send(police_unit(case), RETURNED, case)


def sent_to_court(case: CriminalCase) -> int:
    return _send(court_clerks(case), SENT_TO_COURT, case)


def hearing_scheduled(case: CriminalCase, when: datetime) -> int:
    local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    users = victim_workers(case) + social_affairs(case) + police_unit(case) + prosecutors(case)
    return _send(users, HEARING, case, when=local)


def verdict_recorded(case: CriminalCase) -> int:
    return _send(feedback_recipients(case) + prosecutors(case), VERDICT, case)


def order_recorded(order: CompensationOrder) -> int:
    case = order.case
    users = feedback_recipients(case) + prosecutors(case)
    return _send(users, ORDER, case, order=order.reference)


def order_paid(order: CompensationOrder) -> int:
    case = order.case
    users = feedback_recipients(case) + prosecutors(case)
    return _send(users, ORDER_PAID, case, order=order.reference)


def absconded(case: CriminalCase, suspect_reference: str) -> int:
    users = police_unit(case) + prosecutors(case)
    return _send(users, ABSCONDED, case, suspect=suspect_reference)


def missed_check_in(supervision: Supervision, due: str) -> int:
    case = supervision.case
    users = agency_users(supervision.reporting_agency_id, C.INVESTIGATE)
    users += police_unit(case) + prosecutors(case)
    return _send(users, MISSED_CHECK_IN, case, suspect=supervision.suspect.reference, due=due)


def non_punishment_flagged(case: CriminalCase) -> int:
    return _send(prosecutors(case), NON_PUNISHMENT, case)


def custody_overdue(arrest: Arrest) -> int:
    case = arrest.case
    users = supervisors(arrest.agency) or supervisors(case.police_agency)
    if not users:  # a unit without a supervisor on the system: tell the unit itself
        users = agency_users(arrest.agency_id, C.INVESTIGATE)
    return _send(users, CUSTODY_OVERDUE, case, suspect=arrest.suspect.reference)


@transaction.atomic
def raise_due_alerts(now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Alerts for deadlines passed since the last run; each deadline alerts once. Rows another
    process is alerting are skipped, not waited for; ``limit`` bounds each kind per run."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"custody": 0, "check_ins": 0, "orders": 0}
    overdue_arrests = Arrest.objects.select_for_update(of=("self",), skip_locked=True).filter(
        outcome="",
        alert_raised_at__isnull=True,
        arrested_at__lte=clocks.custody_overdue_since(now),
    )
    overdue_arrests = overdue_arrests.select_related("case__police_agency", "suspect", "agency")
    for arrest in overdue_arrests.order_by("pk")[:limit]:
        custody_overdue(arrest)
        arrest.alert_raised_at = now
        arrest.save(update_fields=["alert_raised_at"])
        counts["custody"] += 1
    missed = Supervision.objects.select_for_update(of=("self",), skip_locked=True).filter(
        status=SupervisionStatus.ACTIVE, next_due_on__lt=today
    )
    missed = missed.filter(Q(missed_alert_for__isnull=True) | ~Q(missed_alert_for=F("next_due_on")))
    missed = missed.select_related("case__police_agency", "suspect")
    for supervision in missed.order_by("pk")[:limit]:
        due = supervision.next_due_on  # never None here: the filter compared it with today
        if due is None or clocks.check_in_state(due, today) != clocks.CheckInState.MISSED:
            continue
        missed_check_in(supervision, due.isoformat())
        supervision.missed_alert_for = supervision.next_due_on
        supervision.save(update_fields=["missed_alert_for"])
        counts["check_ins"] += 1
    orders = CompensationOrder.objects.overdue(today).select_for_update(
        of=("self",), skip_locked=True
    )
    orders = orders.filter(overdue_alerted_at__isnull=True)
    for order in orders.select_related("case__police_agency").order_by("pk")[:limit]:
        case = order.case
        users = prosecutors(case) + victim_workers(case)
        _send(users, ORDER_OVERDUE, case, order=order.reference)
        order.overdue_alerted_at = now
        order.save(update_fields=["overdue_alerted_at"])
        counts["orders"] += 1
    return counts
