"""What is due today: custody clocks, reporting dates, hearings, decisions and unpaid orders.

One page for every role in the process, each seeing the parts that are theirs: the police unit
its custody clocks, warrants and reporting dates; the supervisor the same for the units below;
the prosecutor the case files waiting, non-punishment reviews and overdue orders; the court its
hearings, the reporting under its supervision orders, the victims awaiting a non-punishment review
(to know before trial) and overdue orders; a case worker the court dates and unpaid compensation
of the victims they work with. A panel that can never hold anything for a role is not shown to it.
"""

from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.justice import access, custody, orders
from rumdoh.justice.access import JUSTICE
from rumdoh.justice.choices import (
    HearingStatus,
    NonPunishment,
    Stage,
    SupervisionStatus,
    WarrantStatus,
)
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    CompensationOrder,
    CriminalCase,
    Hearing,
    Supervision,
    Warrant,
)
from rumdoh.justice.rules import clocks
from rumdoh.notices.services import unread
from rumdoh.people.access import reveal_names
from rumdoh.protection.models import ProtectionCase

LIMIT = 50
FIRST = LIMIT + 1  # one more than is shown, to say that there are more
WEEK = timedelta(days=7)


def sees_custody(user: User) -> bool:
    """The police hold suspects and the prosecutor charges or releases them; the court does not."""
    return user.can(C.INVESTIGATE) or user.can(C.PROSECUTE)


def sees_orders(user: User) -> bool:
    """The prosecutor and the court enforce compensation orders; a case worker follows them."""
    return user.can(C.PROSECUTE) or user.can(C.RECORD_COURT) or user.can(C.MANAGE_CASES)


def open_arrests(user: User) -> list[Arrest]:
    if not sees_custody(user):
        return []
    arrests = Arrest.objects.filter(outcome="", case__in=access.participating_cases(user))
    rows = list(arrests.select_related("case", "suspect", "agency").order_by("arrested_at")[:FIRST])
    now = timezone.now()
    for arrest in rows:
        arrest.clock = custody.clock(arrest, now)  # type: ignore[attr-defined]
    return rows


def due_check_ins(user: User) -> list[Supervision]:
    today = timezone.localdate()
    rows = custody.visible_supervisions(user).filter(
        status=SupervisionStatus.ACTIVE, next_due_on__lte=today
    )
    rows = rows.select_related("case", "suspect", "reporting_agency")
    found = list(rows.order_by("next_due_on")[:FIRST])
    cases = {s.case_id for s in found}
    full = set(access.participating_cases(user).filter(pk__in=cases).values_list("pk", flat=True))
    for supervision in found:
        due = supervision.next_due_on
        state = clocks.check_in_state(due, today) if due else None
        supervision.check_in_state = state  # type: ignore[attr-defined]
        # The unit a defendant reports to knows whom to expect, not the rest of the case.
        supervision.in_case = supervision.case_id in full  # type: ignore[attr-defined]
    return found


def pending_warrants(user: User) -> QuerySet[Warrant]:
    """Warrants for the police to serve, in the cases of their unit and, for a supervisor, of the
    units below (as in access.participating_cases)."""
    if not user.can(C.INVESTIGATE):
        return Warrant.objects.none()
    return Warrant.objects.filter(
        case__in=access.participating_cases(user),
        status__in=[WarrantStatus.ISSUED, WarrantStatus.SENT, WarrantStatus.NOT_SERVED],
    ).select_related("case__police_agency", "suspect")


def week_of(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, Cambodia time, of the week holding the day."""
    monday = day - timedelta(days=day.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, timezone.make_aware(datetime.combine(monday + WEEK, time.min))


def coming_hearings(cases: QuerySet[CriminalCase]) -> QuerySet[Hearing]:
    """The hearings of this week, as the panel says: those to come and those already held, so
    that marking one held does not take it off the week. A postponed hearing is left out: the
    hearing on its new date stands for it."""
    start, end = week_of(timezone.localdate())
    return Hearing.objects.filter(
        case__in=cases,
        status__in=[HearingStatus.SCHEDULED, HearingStatus.HELD],
        scheduled_for__gte=start,
        scheduled_for__lt=end,
    ).select_related("case", "court_agency")


def files_waiting(user: User) -> QuerySet[CriminalCase]:
    if not user.can(C.PROSECUTE):
        return CriminalCase.objects.none()
    return CriminalCase.objects.filter(
        prosecution_agency_id=user.agency_key, stage=Stage.SENT_TO_PROSECUTOR
    ).select_related("police_agency")


def non_punishment_reviews(user: User) -> QuerySet[CaseVictim]:
    """Victims flagged for review: the prosecutor's to decide, the court's to know before trial."""
    agency = user.agency_id
    parts: list[Q] = []
    if user.can(C.PROSECUTE):
        parts.append(Q(case__prosecution_agency_id=agency))
    if user.can(C.RECORD_COURT):
        parts.append(Q(case__court_agency_id=agency))
    if agency is None or not parts:
        return CaseVictim.objects.none()
    return CaseVictim.objects.filter(
        reduce(or_, parts), non_punishment=NonPunishment.REVIEW
    ).select_related("case", "person")


def my_clients(user: User) -> QuerySet[ProtectionCase]:
    """Open protection cases the user works: their own, and their agency's unassigned ones."""
    mine = Q(case_worker=user) | Q(case_worker__isnull=True, agency_id=user.agency_key)
    return ProtectionCase.objects.filter(mine, closed_at__isnull=True)


def overdue_orders(user: User) -> QuerySet[CompensationOrder]:
    """For a prosecutor or the court: the agency's cases. For a case worker: their clients'."""
    today = timezone.localdate()
    if user.can(C.PROSECUTE) or user.can(C.RECORD_COURT):
        cases = access.participating_cases(user)
        rows = CompensationOrder.objects.filter(case__in=cases)
    elif user.can(C.MANAGE_CASES):
        people = my_clients(user).values("person_id")
        cases = access.feedback_cases(user)
        rows = CompensationOrder.objects.filter(case__in=cases, victim__person_id__in=people)
    else:
        return CompensationOrder.objects.none()
    return rows.overdue(today).select_related("case", "victim__person", "defendant")


def client_cases(user: User) -> QuerySet[CriminalCase]:
    if not user.can(C.MANAGE_CASES):
        return CriminalCase.objects.none()
    people = my_clients(user).values("person_id")
    return access.feedback_cases(user).filter(victims__person_id__in=people).distinct()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *JUSTICE, C.MANAGE_CASES)
    today = timezone.localdate()
    participating = access.participating_cases(user)
    clients = client_cases(user)
    followed = CriminalCase.objects.filter(
        Q(pk__in=participating.values("pk")) | Q(pk__in=clients.values("pk"))
    )
    overdue = list(overdue_orders(user).order_by("due_on")[:FIRST])
    for order in overdue:
        order.balance = orders.balance(order, today)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "today": today,
        "arrests": open_arrests(user),
        "check_ins": due_check_ins(user),
        "warrants": list(pending_warrants(user).order_by("issued_on")[:FIRST]),
        "hearings": list(coming_hearings(followed).order_by("scheduled_for")[:FIRST]),
        "files": list(files_waiting(user).order_by("stage_since")[:FIRST]),
        "reviews": list(non_punishment_reviews(user).order_by("added_at", "id")[:FIRST]),
        "may_review": user.can(C.PROSECUTE),
        "overdue": overdue,
        "clients": list(clients.select_related("police_agency")[:FIRST]),
        "unread": unread(user).count(),
        "is_justice": access.has_justice_role(user),
        "sees_custody": sees_custody(user),
        "sees_orders": sees_orders(user),
    }
    more = {key for key, rows in context.items() if isinstance(rows, list) and len(rows) > LIMIT}
    for key in more:
        context[key] = context[key][:LIMIT]
    context["more"], context["limit"] = more, LIMIT
    persons = [v.person for v in context["reviews"]]
    persons += [o.victim.person for o in context["overdue"]]
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=sorted(reveal_names(user, persons)),
        reason=_("justice: due today"),
    )
    suspects = [a.suspect_id for a in context["arrests"]]
    suspects += [s.suspect_id for s in context["check_ins"]]
    suspects += [w.suspect_id for w in context["warrants"] if w.suspect_id]
    if suspects:
        log_action(
            "suspect.listed", user=user, request=request, data={"ids": sorted(set(suspects))}
        )
    return render(request, "justice/home.html", context)
