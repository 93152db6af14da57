"""Hearings, verdicts and settlements."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.justice import access, court
from rumdoh.justice.choices import HearingKind, Stage
from rumdoh.justice.forms import HearingForm, HearingUpdateForm, SettlementForm, VerdictForm
from rumdoh.justice.models import Hearing, Verdict
from rumdoh.justice.rules.transitions import Actor
from rumdoh.justice.views.common import (
    form_page,
    justice_user,
    participating,
    to_case,
    victims_named,
)

# The kind of hearing the case's stage calls for, chosen in advance on the form.
HEARING_OF_STAGE: dict[str, HearingKind] = {
    Stage.INVESTIGATING_JUDGE: HearingKind.INVESTIGATING_JUDGE,
    Stage.TRIAL: HearingKind.TRIAL,
    Stage.APPEAL: HearingKind.APPEAL,
}


@login_required
def hearing_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.COURT)
    form = HearingForm(request.POST or None, initial={"kind": HEARING_OF_STAGE.get(case.stage)})
    return form_page(
        request,
        form,
        lambda data: court.schedule_hearing(user, case, request=request, **data),
        title=_("Schedule a hearing"),
        success=_("Hearing scheduled. The victims' case workers have been told."),
        done=to_case(case, "hearings"),
        case=case,
    )


@login_required
def hearing_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = justice_user(request)
    hearing = get_object_or_404(
        Hearing.objects.select_related("case"), pk=pk, case__in=access.participating_cases(user)
    )
    form = HearingUpdateForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: court.update_hearing(user, hearing, request=request, **data),
        title=_("Hearing held or postponed"),
        success=_("Hearing updated."),
        done=to_case(hearing.case, "hearings"),
        case=hearing.case,
    )


@login_required
def verdict_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.COURT)
    form = VerdictForm(
        request.POST or None, case=case, initial={"decided_on": timezone.localdate()}
    )

    def change(data: dict[str, Any]) -> Verdict:
        charge = data.pop("charge")
        return court.record_verdict(user, case, charge, request=request, **data)

    return form_page(
        request,
        form,
        change,
        title=_("Record a verdict"),
        success=_("Verdict recorded. Those following the victims have been told."),
        done=to_case(case, "verdicts"),
        case=case,
        intro=_("One verdict per defendant and per charge."),
    )


@login_required
def settlement_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk)
    today = timezone.localdate()
    shown = victims_named(request, user, case)
    form = SettlementForm(
        request.POST or None, case=case, shown=shown, initial={"agreed_on": today}
    )
    return form_page(
        request,
        form,
        lambda data: court.record_settlement(user, case, request=request, **data),
        title=_("Record a settlement or a withdrawal"),
        success=_("Recorded."),
        done=to_case(case, "settlements"),
        case=case,
    )
