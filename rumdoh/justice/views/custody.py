"""Arrests and their custody clock, warrants, and judicial supervision."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.justice import access, custody
from rumdoh.justice.forms import (
    ArrestForm,
    CheckInForm,
    CustodyOutcomeForm,
    SupervisionForm,
    WarrantForm,
    WarrantStatusForm,
)
from rumdoh.justice.models import Arrest, Supervision, Warrant
from rumdoh.justice.rules.transitions import Actor
from rumdoh.justice.views.common import form_page, justice_user, participating, to_case


@login_required
def arrest_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.POLICE)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    form = ArrestForm(request.POST or None, case=case, initial={"arrested_at": now})

    def change(data: dict[str, Any]) -> Arrest:
        suspect = data.pop("suspect")
        return custody.record_arrest(user, case, suspect, request=request, **data)

    return form_page(
        request,
        form,
        change,
        title=_("Record an arrest"),
        success=_("Arrest recorded. The 48-hour custody clock has started."),
        done=to_case(case, "custody"),
        case=case,
    )


@login_required
def arrest_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = justice_user(request)
    arrest = get_object_or_404(
        Arrest.objects.select_related("case"), pk=pk, case__in=access.participating_cases(user)
    )
    form = CustodyOutcomeForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: custody.record_custody_outcome(
            user, arrest, outcome=data["outcome"], at=data["at"], request=request
        ),
        title=_("Charge or release"),
        success=_("Recorded. The custody clock has stopped."),
        done=to_case(arrest.case, "custody"),
        case=arrest.case,
    )


@login_required
def warrant_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk)
    form = WarrantForm(request.POST or None, case=case, initial={"issued_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: custody.issue_warrant(user, case, request=request, **data),
        title=_("Record a warrant"),
        success=_("Warrant recorded."),
        done=to_case(case, "warrants"),
        case=case,
    )


@login_required
def warrant_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = justice_user(request)
    warrant = get_object_or_404(
        Warrant.objects.select_related("case"), pk=pk, case__in=access.participating_cases(user)
    )
    form = WarrantStatusForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: custody.update_warrant(user, warrant, request=request, **data),
        title=_("Warrant sent, served or not served"),
        success=_("Warrant updated."),
        done=to_case(warrant.case, "warrants"),
        case=warrant.case,
    )


@login_required
def supervision_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.PROSECUTOR, Actor.COURT)
    today = timezone.localdate()
    form = SupervisionForm(request.POST or None, case=case, initial={"ordered_on": today})

    def change(data: dict[str, Any]) -> Supervision:
        suspect = data.pop("suspect")
        return custody.order_supervision(user, case, suspect, request=request, **data)

    return form_page(
        request,
        form,
        change,
        title=_("Record judicial supervision"),
        success=_("Judicial supervision recorded."),
        done=to_case(case, "supervision"),
        case=case,
    )


@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    user = justice_user(request)
    supervision = get_object_or_404(
        custody.visible_supervisions(user).select_related("case", "suspect"), pk=pk
    )
    form = CheckInForm(request.POST or None, initial={"due_on": supervision.next_due_on})
    # The unit the defendant reports to may take no part in the case: it goes back to its
    # due-today page, not to a case page it cannot open.
    in_case = access.is_participant(user, supervision.case)
    return form_page(
        request,
        form,
        lambda data: custody.record_check_in(user, supervision, request=request, **data),
        title=_("Reporting of %(suspect)s") % {"suspect": supervision.suspect.reference},
        success=_("Recorded."),
        done=to_case(supervision.case, "supervision")
        if in_case
        else lambda _c: redirect(reverse("justice:home") + "#check-ins"),
        case=supervision.case if in_case else None,
    )


@login_required
def supervision_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = justice_user(request)
    supervision = get_object_or_404(
        Supervision.objects.select_related("case"),
        pk=pk,
        case__in=access.participating_cases(user),
    )
    return form_page(
        request,
        forms.Form(request.POST or None),
        lambda data: custody.end_supervision(user, supervision, request=request),
        title=_("End judicial supervision"),
        success=_("Supervision ended."),
        done=to_case(supervision.case, "supervision"),
        case=supervision.case,
    )
