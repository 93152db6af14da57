"""Staff pages of tips: the list, a tip, recording one, triage, assignment and the outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user, may
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import JUSTICE_CAPABILITIES
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.formfields import show_refusal
from rumdoh.core.pagination import page_of
from rumdoh.core.versions import keep_input_after_stale
from rumdoh.intake import services
from rumdoh.intake.access import get_tip_for_user, holds, outcomes_for
from rumdoh.intake.forms import AssignForm, OutcomeForm, TipFilterForm, TipForm, TriageForm
from rumdoh.intake.models import Tip
from rumdoh.intake.queries import filtered_tips
from rumdoh.justice.access import visible_cases
from rumdoh.operations.access import may_read as may_read_operations
from rumdoh.operations.access import visible_operations
from rumdoh.people.access import can_see, get_person_for_user
from rumdoh.people.models import Person
from rumdoh.screening.access import visible_screenings

TIPS = (C.RECORD_TIPS, C.SUPERVISE_TIPS)


@login_required
def tip_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *TIPS)
    form = TipFilterForm(request.GET or None)
    tips = narrowed(form, filtered_tips, user).select_related("assigned_agency", "recording_agency")
    page = page_of(request, tips)
    log_bulk_read(
        "tip.listed",
        user=user,
        request=request,
        person_ids=[t.person_id for t in page if t.person_id],
        reason=_("tip list"),
    )
    return render(request, "intake/list.html", {"form": form, "page": page})


def person_from_query(request: HttpRequest, user: User) -> Person | None:
    """The person named by ``?person=``, or 404 if the user may not see them."""
    person_id = request.GET.get("person")
    return get_person_for_user(user, person_id) if person_id else None


@login_required
def new_tip(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *TIPS)
    person = person_from_query(request, user)
    form = TipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tip_input = services.TipInput(**{k: v for k, v in data.items() if k != "received_at"})
        tip_input.received_at = data["received_at"]
        tip_input.person = person
        try:
            tip = services.record_tip(user, tip_input, request)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Tip %(ref)s recorded.") % {"ref": tip.reference})
            return redirect("intake:detail", tip.pk)
    return render(request, "intake/new.html", {"form": form, "person": person})


def _opens(user: User, tip: Tip) -> dict[str, bool]:
    """Which linked records the reader may open: the others show by reference only."""
    opens = {"person": False, "screening": False, "case": False, "operation": False}
    if tip.person_id is not None:
        opens["person"] = can_see(user, tip.person_id)
    if tip.screening_id is not None:
        opens["screening"] = visible_screenings(user).filter(pk=tip.screening_id).exists()
    if tip.criminal_case_id is not None and may(user, *JUSTICE_CAPABILITIES, C.MANAGE_CASES):
        opens["case"] = visible_cases(user).filter(pk=tip.criminal_case_id).exists()
    if tip.operation_id is not None and may_read_operations(user):
        opens["operation"] = visible_operations(user).filter(pk=tip.operation_id).exists()
    return opens


def _detail_context(user: User, tip: Tip) -> dict[str, object]:
    initial = {"version": tip.version}
    return {
        "tip": tip,
        "opens": _opens(user, tip),
        "holds": holds(user, tip),
        "triage_form": TriageForm(
            initial={**initial, "urgency": tip.urgency, "concern": tip.concern}
        ),
        "assign_form": AssignForm(initial=initial),
        "outcome_form": OutcomeForm(initial=initial, outcomes=outcomes_for(user)),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *TIPS)
    tip = get_tip_for_user(user, pk)
    log_action("tip.viewed", user=user, request=request, obj=tip, person_id=tip.person_id)
    return render(request, "intake/detail.html", _detail_context(user, tip))


Act = Callable[[User, Tip, dict[str, Any]], None]


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    name: str,
    act: Act,
    options: Callable[[User], dict[str, Any]] = lambda _user: {},
) -> HttpResponse:
    """``options``: what the form is built with for this user, as the detail page builds it."""
    user = acting_user(request, *TIPS)
    tip = get_tip_for_user(user, pk)
    if request.method != "POST":
        return redirect("intake:detail", tip.pk)
    form = form_class(request.POST, **options(user))
    if form.is_valid():
        try:
            act(user, tip, form.cleaned_data)
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Tip %(ref)s saved.") % {"ref": tip.reference})
            # The form was sent to its section (#triage…); the page saying it was saved opens
            # at its message, where the browser would otherwise keep that section's place.
            return redirect(reverse("intake:detail", args=[tip.pk]) + "#main")
    context = _detail_context(user, tip)
    context[name] = form
    return render(request, "intake/detail.html", context, status=400)


@login_required
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, tip: Tip, data: dict[str, Any]) -> None:
        services.triage(
            user,
            tip,
            urgency=data["urgency"],
            concern=data["concern"],
            note=data["note"],
            version=data["version"],
            request=request,
        )

    return _act(request, pk, TriageForm, "triage_form", act)


@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, tip: Tip, data: dict[str, Any]) -> None:
        services.assign(user, tip, data["agency"], version=data["version"], request=request)

    return _act(request, pk, AssignForm, "assign_form", act)


@login_required
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, tip: Tip, data: dict[str, Any]) -> None:
        services.record_outcome(
            user,
            tip,
            data["outcome"],
            version=data["version"],
            reason=data["reason"],
            note=data["note"],
            record_id=data.get("record"),
            request=request,
        )

    return _act(
        request,
        pk,
        OutcomeForm,
        "outcome_form",
        act,
        options=lambda user: {"outcomes": outcomes_for(user)},
    )
