"""A case worker's home page: cases, referrals waiting for an answer or a new place, visits due."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user, may
from rumdoh.accounts.audit import log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.protection import access
from rumdoh.protection import identification_requests as requests
from rumdoh.protection.choices import ReferralStatus
from rumdoh.protection.models import FollowUp, ProtectionCase, Referral

LIMIT = 50


def my_cases(user: User) -> QuerySet[ProtectionCase]:
    cases = access.visible_cases(user).filter(case_worker=user, closed_at__isnull=True)
    return cases.select_related("person").order_by("-opened_at")


def incoming_referrals(user: User) -> QuerySet[Referral]:
    if not user.can(C.RESPOND_REFERRALS):
        return Referral.objects.none()
    referrals = access.visible_referrals(user).filter(
        provider__agency_id=user.agency_key, status=ReferralStatus.PENDING
    )
    return referrals.select_related("person", "provider", "referring_agency").order_by("created_at")


def declined_to_rerefer(user: User) -> QuerySet[Referral]:
    """Declined referrals made by the agency for which no new referral has been made."""
    if not user.can(C.REFER):
        return Referral.objects.none()
    referrals = access.visible_referrals(user).filter(
        referring_agency_id=user.agency_key,
        status=ReferralStatus.DECLINED,
        rereferrals__isnull=True,
    )
    return referrals.select_related("person", "provider").order_by("-responded_at")


def overdue_follow_ups(user: User) -> QuerySet[FollowUp]:
    """Visits past due on the user's cases and on the agency's cases nobody is assigned to."""
    mine = Q(case__case_worker=user) | Q(case__case_worker__isnull=True)
    # The agency's cases of persons it still sees: those whose page the case worker may open.
    follow_ups = FollowUp.objects.overdue(timezone.localdate()).filter(
        mine, case__in=access.agency_cases(user)
    )
    return follow_ups.select_related("case__person").order_by("due_on")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.MANAGE_CASES, C.RESPOND_REFERRALS)
    context: dict[str, Any] = {
        "cases": list(my_cases(user)[:LIMIT]) if user.can(C.MANAGE_CASES) else [],
        "incoming": list(incoming_referrals(user)[:LIMIT]),
        "declined": list(declined_to_rerefer(user)[:LIMIT]),
        "overdue": list(overdue_follow_ups(user)[:LIMIT]) if user.can(C.MANAGE_CASES) else [],
        "today": timezone.localdate(),
        "may_list_cases": may(user, *access.CASE_LIST),
        "takes_requests": access.may_identify(user),
        "identification_requests": requests.open_requests_for(user).count(),
    }
    shown = [*context["cases"], *context["incoming"], *context["declined"]]
    shown += [f.case for f in context["overdue"]]
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[row.person_id for row in shown],
        reason=_("home page"),
    )
    return render(request, "protection/home.html", context)
