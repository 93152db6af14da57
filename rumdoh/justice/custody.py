"""Arrests and the 48-hour clock, warrants, and judicial supervision with its check-ins."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import FieldRefused, Refused
from rumdoh.justice import access, alerts
from rumdoh.justice.choices import (
    Condition,
    CustodyOutcome,
    SupervisionStatus,
    SuspectStatus,
    WarrantKind,
    WarrantStatus,
)
from rumdoh.justice.models import Arrest, CheckIn, CriminalCase, Supervision, Suspect, Warrant
from rumdoh.justice.rules import clocks
from rumdoh.justice.rules.limits import ARREST_BEFORE_OPENING
from rumdoh.justice.services import (
    CT,
    POLICE_KINDS,
    P,
    R,
    not_future,
    require_actor,
    set_status,
)


def visible_supervisions(user: User) -> QuerySet[Supervision]:
    """Supervisions of cases the user's agency takes part in, or reported to its police: the
    unit a defendant reports to records the check-ins even when the case is another unit's."""
    reporting = Q(reporting_agency_id=user.agency_key) if user.can(C.INVESTIGATE) else Q(pk=None)
    return Supervision.objects.filter(Q(case__in=access.participating_cases(user)) | reporting)


def clock(arrest: Arrest, now: datetime | None = None) -> clocks.CustodyClock:
    return clocks.custody_clock(arrest.arrested_at, now or timezone.now(), arrest.outcome_at)


@transaction.atomic
def record_arrest(
    user: User,
    case: CriminalCase,
    suspect: Suspect,
    *,
    arrested_at: datetime,
    place: str = "",
    warrant: Warrant | None = None,
    request: HttpRequest | None = None,
) -> Arrest:
    """The custody clock starts at the moment of arrest."""
    require_actor(user, case, P)
    if not case.is_open and suspect.status != SuspectStatus.ABSCONDED:
        raise Refused(
            _("This case has ended; only a defendant who absconded can still be arrested.")
        )
    if suspect.case_id != case.pk:
        raise Refused(_("The suspect is not in this case."))
    if arrested_at > timezone.now():
        raise Refused(_("The time of arrest cannot be in the future."))
    if timezone.localdate(arrested_at) < case.opened_on - ARREST_BEFORE_OPENING:
        raise FieldRefused(
            "arrested_at",
            _("An arrest cannot be dated more than a week before the case was opened, on %(date)s.")
            % {"date": f"{case.opened_on:%Y-%m-%d}"},
        )
    if suspect.arrests.filter(outcome="").exists():
        raise Refused(_("This suspect is already in custody: record the charge or release first."))
    if warrant is not None and (warrant.case_id != case.pk or warrant.kind != WarrantKind.ARREST):
        raise Refused(_("Choose an arrest warrant of this case."))
    arrest = Arrest.objects.create(
        case=case,
        suspect=suspect,
        arrested_at=arrested_at,
        agency_id=user.acting_agency_id(),
        officer=user,
        place=place,
        warrant=warrant,
    )
    if warrant is not None and warrant.status != WarrantStatus.SERVED:
        warrant.status, warrant.served_on = WarrantStatus.SERVED, timezone.localdate(arrested_at)
        warrant.save(update_fields=["status", "served_on"])
    set_status(suspect, SuspectStatus.IN_CUSTODY)
    log_action(
        "arrest.recorded",
        user=user,
        request=request,
        obj=arrest,
        data={"case": case.pk, "suspect": suspect.pk, "at": arrested_at.isoformat()},
    )
    return arrest


@transaction.atomic
def record_custody_outcome(
    user: User,
    arrest: Arrest,
    *,
    outcome: str,
    at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Arrest:
    """Charged or released: the clock stops."""
    arrest = Arrest.objects.select_for_update().select_related("case", "suspect").get(pk=arrest.pk)
    require_actor(user, arrest.case, P, R)
    if arrest.outcome:
        raise Refused(_("The outcome of this arrest is already recorded."))
    if outcome not in {CustodyOutcome.CHARGED, CustodyOutcome.RELEASED}:
        raise Refused(_("Choose charged or released."))
    at = at or timezone.now()
    if at > timezone.now() or at < arrest.arrested_at:
        raise Refused(_("The time must be after the arrest and not in the future."))
    arrest.outcome, arrest.outcome_at, arrest.outcome_by = outcome, at, user
    arrest.save(update_fields=["outcome", "outcome_at", "outcome_by"])
    status = SuspectStatus.DETAINED if outcome == CustodyOutcome.CHARGED else SuspectStatus.RELEASED
    set_status(arrest.suspect, status)
    late = clock(arrest).state == clocks.CustodyState.RESOLVED_LATE
    log_action(
        "arrest.outcome_recorded",
        user=user,
        request=request,
        obj=arrest,
        data={"outcome": outcome, "at": at.isoformat(), "after_limit": late},
    )
    return arrest


@transaction.atomic
def issue_warrant(
    user: User,
    case: CriminalCase,
    *,
    kind: str,
    issued_on: date,
    issued_by: str,
    suspect: Suspect | None = None,
    target: str = "",
    request: HttpRequest | None = None,
) -> Warrant:
    """Record a warrant issued by the prosecutor or the investigating judge."""
    require_actor(user, case, P, R, CT)
    not_future(issued_on)
    if suspect is not None and suspect.case_id != case.pk:
        raise Refused(_("The suspect is not in this case."))
    if kind in {WarrantKind.SUMMONS, WarrantKind.ARREST} and suspect is None:
        raise Refused(_("A summons or an arrest warrant names a suspect."))
    if kind == WarrantKind.SEARCH and not target.strip() and suspect is None:
        raise Refused(_("Say which place the search warrant is for."))
    if not issued_by.strip():
        raise Refused(_("Say who issued the warrant."))
    warrant = Warrant.objects.create(
        case=case,
        suspect=suspect,
        kind=kind,
        issued_on=issued_on,
        issued_by=issued_by.strip(),
        target=target.strip(),
        recorded_by=user,
    )
    log_action(
        "warrant.recorded",
        user=user,
        request=request,
        obj=warrant,
        data={"case": case.pk, "kind": kind, "suspect": suspect.pk if suspect else None},
    )
    return warrant


WARRANT_MOVES = {
    WarrantStatus.ISSUED: {WarrantStatus.SENT, WarrantStatus.SERVED, WarrantStatus.NOT_SERVED},
    WarrantStatus.SENT: {WarrantStatus.SERVED, WarrantStatus.NOT_SERVED},
    WarrantStatus.NOT_SERVED: {WarrantStatus.SERVED},
    WarrantStatus.SERVED: set(),
}


@transaction.atomic
def update_warrant(
    user: User,
    warrant: Warrant,
    *,
    status: str,
    on: date,
    sent_via: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> Warrant:
    warrant = Warrant.objects.select_for_update().select_related("case").get(pk=warrant.pk)
    require_actor(user, warrant.case, P, R, CT)
    if status not in WARRANT_MOVES.get(WarrantStatus(warrant.status), set()):
        raise Refused(_("A warrant cannot go from its current status to that one."))
    not_future(on)
    if on < warrant.issued_on:
        raise Refused(_("The date cannot be before the warrant was issued."))
    if status == WarrantStatus.SENT:
        warrant.sent_on, warrant.sent_via = on, sent_via
    elif status == WarrantStatus.SERVED:
        warrant.served_on = on
    elif status == WarrantStatus.NOT_SERVED:
        if not reason.strip():
            raise Refused(_("Say why the warrant could not be served."))
        warrant.not_served_reason = reason.strip()
    warrant.status = status
    warrant.save()
    log_action(
        "warrant.updated",
        user=user,
        request=request,
        obj=warrant,
        data={"status": status, "on": on.isoformat()},
    )
    return warrant


@transaction.atomic
def order_supervision(
    user: User,
    case: CriminalCase,
    suspect: Suspect,
    *,
    ordered_on: date,
    ordered_by: str,
    conditions: Iterable[str],
    reporting_every_days: int,
    first_due_on: date,
    conditions_detail: str = "",
    reporting_agency: Agency | None = None,
    ends_on: date | None = None,
    request: HttpRequest | None = None,
) -> Supervision:
    """The investigating judge releases a defendant under judicial supervision."""
    require_actor(user, case, R, CT)
    if suspect.case_id != case.pk:
        raise Refused(_("The suspect is not in this case."))
    not_future(ordered_on)
    chosen = sorted(set(conditions))
    if not chosen or any(c not in Condition.values for c in chosen):
        raise Refused(_("Choose the conditions of the supervision."))
    if reporting_every_days < 1:
        raise Refused(_("Give the number of days between reports: 1 or more."))
    if first_due_on < ordered_on or (ends_on is not None and ends_on < first_due_on):
        raise Refused(_("The first report falls between the order and the end of supervision."))
    agency = reporting_agency or case.police_agency
    if agency.kind not in POLICE_KINDS:
        raise Refused(_("The defendant reports to a police unit."))
    if suspect.supervisions.filter(status=SupervisionStatus.ACTIVE).exists():
        raise Refused(_("This defendant is already under judicial supervision."))
    supervision = Supervision.objects.create(
        case=case,
        suspect=suspect,
        ordered_on=ordered_on,
        ordered_by=ordered_by,
        conditions=chosen,
        conditions_detail=conditions_detail,
        reporting_agency=agency,
        reporting_every_days=reporting_every_days,
        next_due_on=first_due_on,
        ends_on=ends_on,
        recorded_by=user,
    )
    suspect.arrests.filter(outcome="").update(
        outcome=CustodyOutcome.CHARGED, outcome_at=timezone.now(), outcome_by=user
    )
    set_status(suspect, SuspectStatus.UNDER_SUPERVISION)
    log_action(
        "supervision.ordered",
        user=user,
        request=request,
        obj=supervision,
        data={"case": case.pk, "suspect": suspect.pk, "conditions": chosen},
    )
    return supervision


@transaction.atomic
def record_check_in(
    user: User,
    supervision: Supervision,
    *,
    attended: bool,
    due_on: date | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> CheckIn:
    """A report on the due date, or a missed one; a missed report alerts police and prosecutor."""
    supervision = (
        Supervision.objects.select_for_update()
        .select_related("case__police_agency", "suspect")
        .get(pk=supervision.pk)
    )
    reporting_unit = user.agency_id == supervision.reporting_agency_id and user.can(C.INVESTIGATE)
    if not reporting_unit:
        require_actor(user, supervision.case, P, R, CT)
    if supervision.status != SupervisionStatus.ACTIVE:
        raise Refused(_("This supervision is no longer active."))
    due = due_on or supervision.next_due_on
    if due is None:
        raise Refused(_("No report is due under this supervision."))
    today = timezone.localdate()
    if not attended and clocks.check_in_state(due, today) == clocks.CheckInState.UPCOMING:
        raise Refused(_("A report cannot be missed before its date."))
    check_in = CheckIn.objects.create(
        supervision=supervision,
        due_on=due,
        attended=attended,
        recorded_on=today,
        note=note,
        recorded_by=user,
    )
    if supervision.next_due_on is not None and due >= supervision.next_due_on:
        supervision.next_due_on = clocks.next_reporting_date(
            due, supervision.reporting_every_days, supervision.ends_on
        )
        if supervision.next_due_on is None:
            supervision.status = SupervisionStatus.ENDED
    if not attended:
        supervision.missed_alert_for = due
    supervision.save()
    log_action(
        "supervision.check_in",
        user=user,
        request=request,
        obj=supervision,
        data={"due_on": due.isoformat(), "attended": attended},
    )
    if not attended:
        alerts.missed_check_in(supervision, due.isoformat())
    return check_in


@transaction.atomic
def end_supervision(
    user: User, supervision: Supervision, *, request: HttpRequest | None = None
) -> Supervision:
    require_actor(user, supervision.case, R, CT)
    if supervision.status != SupervisionStatus.ACTIVE:
        raise Refused(_("This supervision is no longer active."))
    supervision.status, supervision.next_due_on = SupervisionStatus.ENDED, None
    supervision.save(update_fields=["status", "next_due_on"])
    log_action("supervision.ended", user=user, request=request, obj=supervision)
    return supervision
