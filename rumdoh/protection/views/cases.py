"""Protection cases: list, detail, and each change a case worker makes."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.formfields import show_refusal
from rumdoh.core.pagination import page_of
from rumdoh.core.versions import keep_input_after_stale
from rumdoh.people.access import get_person_for_user
from rumdoh.protection import access, services
from rumdoh.protection.choices import ClosureReason
from rumdoh.protection.forms import (
    AssignForm,
    CaseFilterForm,
    CloseForm,
    FollowUpDoneForm,
    FollowUpForm,
    PlanForm,
    ServiceForm,
    StageForm,
)
from rumdoh.protection.models import CasePlan, FollowUp, ProtectionCase
from rumdoh.protection.queries import filtered_cases
from rumdoh.protection.views.common import attempt, log_person_shown


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *access.CASE_LIST)
    form = CaseFilterForm(request.GET or None)
    cases = narrowed(form, filtered_cases, user).select_related("person", "agency", "case_worker")
    page = page_of(request, cases)
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[row.person_id for row in page],
        reason=_("case list"),
    )
    return render(request, "protection/case_list.html", {"form": form, "page": page})


def _detail_context(user: User, case: ProtectionCase) -> dict[str, Any]:
    plan = CasePlan.objects.filter(case=case).first()
    today = timezone.localdate()
    # The page holds several forms with fields of the same name: each gets its own ids, so that
    # every label points at its own field.
    follow_ups = [
        (f, FollowUpDoneForm(initial={"done_on": today}, auto_id=f"visit-{f.pk}-%s"))
        for f in case.follow_ups.select_related("done_by")
    ]
    # The referral the case came from, when the reader may open it.
    referral = (
        access.visible_referrals(user).filter(pk=case.referral_id).first()
        if case.referral_id
        else None
    )
    return {
        "case": case,
        "referral": referral,
        "plan": plan,
        "history": case.history.select_related("by"),
        "services": case.services.select_related("provider", "recorded_by"),
        "follow_ups": follow_ups,
        "today": today,
        "editable": access.may_change_case(user, case),
        "stage_form": StageForm(initial={"stage": case.stage}, auto_id="stage-%s"),
        "service_form": ServiceForm(initial={"delivered_on": today}, auto_id="service-%s"),
        "follow_up_form": FollowUpForm(auto_id="schedule-%s"),
        "close_form": CloseForm(auto_id="close-%s"),
        "assign_form": AssignForm(
            case=case, initial={"case_worker": case.case_worker_id}, auto_id="assign-%s"
        ),
    }


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.VIEW_PERSONS, C.MANAGE_CASES)
    case = access.get_case_for_user(user, pk)
    log_action("case.viewed", user=user, request=request, obj=case, person_id=case.person_id)
    return render(request, "protection/case_detail.html", _detail_context(user, case))


@login_required
@require_POST
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.MANAGE_CASES)
    person = get_person_for_user(user, pk)
    case = attempt(
        request,
        lambda: services.open_case(user, person, request=request),
        _("Case opened."),
    )
    if case is None:
        return redirect("people:detail", person.pk)
    return redirect("protection:case_detail", case.pk)


def _require_owner(user: User, case: ProtectionCase) -> None:
    if not access.owns_case(user, case):
        raise PermissionDenied(_("Only the agency that owns this case can change it."))


def _owned_case(request: HttpRequest, pk: int) -> tuple[User, ProtectionCase]:
    user = acting_user(request, C.MANAGE_CASES)
    return user, access.get_case_for_user(user, pk)


@login_required
@require_POST
def case_stage(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _owned_case(request, pk)
    _require_owner(user, case)
    form = StageForm(request.POST, auto_id="stage-%s")
    if not form.is_valid():
        return _form_again(request, user, case, "stage_form", form)
    stage, reason = form.cleaned_data["stage"], form.cleaned_data["reason"]
    try:
        services.change_stage(user, case, stage, reason=reason, request=request)
    except (Refused, StaleEdit) as exc:
        form.add_error(None, str(exc))
        return _form_again(request, user, case, "stage_form", form)
    messages.success(request, _("Stage changed."))
    return redirect("protection:case_detail", case.pk)


@login_required
def case_plan(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _owned_case(request, pk)
    _require_owner(user, case)
    if not case.is_open:
        return redirect("protection:case_detail", case.pk)
    plan = CasePlan.objects.filter(case=case).first()
    initial = {"needs": plan.needs, "goals": plan.goals, "version": plan.version} if plan else {}
    form = PlanForm(request.POST or None, initial=initial or {"version": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_plan(
                user,
                case,
                needs=data["needs"],
                goals=data["goals"],
                expected_version=data["version"],
                request=request,
            )
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        else:
            messages.success(request, _("Case plan saved."))
            return redirect("protection:case_detail", case.pk)
    log_person_shown(request, user, case.person_id, _("case plan"))
    return render(request, "protection/case_plan.html", {"form": form, "case": case, "plan": plan})


def _form_again(
    request: HttpRequest, user: User, case: ProtectionCase, name: str, form: Any
) -> HttpResponse:
    """The case page again with the form as it was sent and what was wrong with it, open: a
    refused service or visit keeps what the case worker typed."""
    log_action("case.viewed", user=user, request=request, obj=case, person_id=case.person_id)
    context = _detail_context(user, case) | {name: form}
    return render(request, "protection/case_detail.html", context, status=400)


@login_required
@require_POST
def case_service(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _owned_case(request, pk)
    form = ServiceForm(request.POST, auto_id="service-%s")
    if not form.is_valid():
        return _form_again(request, user, case, "service_form", form)
    data = form.cleaned_data
    try:
        services.record_service(
            user,
            case,
            area=data["area"],
            delivered_on=data["delivered_on"],
            entitlement=data["entitlement"],
            amount_riel=data["amount_riel"],
            provider=data["provider"],
            note=data["note"],
            request=request,
        )
    except Refused as exc:
        show_refusal(form, exc)
        return _form_again(request, user, case, "service_form", form)
    messages.success(request, _("Service recorded."))
    return redirect("protection:case_detail", case.pk)


@login_required
@require_POST
def case_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _owned_case(request, pk)
    _require_owner(user, case)  # another agency hears it may not, whatever it typed
    form = FollowUpForm(request.POST, auto_id="schedule-%s")
    if not form.is_valid():
        return _form_again(request, user, case, "follow_up_form", form)
    data = form.cleaned_data
    try:
        services.schedule_follow_up(
            user, case, due_on=data["due_on"], purpose=data["purpose"], request=request
        )
    except Refused as exc:
        show_refusal(form, exc)
        return _form_again(request, user, case, "follow_up_form", form)
    messages.success(request, _("Follow-up visit scheduled."))
    return redirect("protection:case_detail", case.pk)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.MANAGE_CASES)
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("case"), pk=pk, case__in=access.visible_cases(user)
    )
    case = follow_up.case
    _require_owner(user, case)  # another agency hears it may not, whatever it typed
    form = FollowUpDoneForm(request.POST, auto_id=f"visit-{follow_up.pk}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_follow_up(
                user,
                follow_up,
                done_on=data["done_on"],
                outcome=data["outcome"],
                note=data["note"],
                request=request,
            )
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Follow-up visit recorded."))
            return redirect("protection:case_detail", case.pk)
    # The case page again, this visit's form as it was sent: the note typed is kept, and what
    # was wrong stands beside its field.
    log_action("case.viewed", user=user, request=request, obj=case, person_id=case.person_id)
    context = _detail_context(user, case)
    context["follow_ups"] = [
        (f, form if f.pk == follow_up.pk else done) for f, done in context["follow_ups"]
    ]
    return render(request, "protection/case_detail.html", context, status=400)


@login_required
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _owned_case(request, pk)
    _require_owner(user, case)
    form = CloseForm(request.POST, auto_id="close-%s")
    if not form.is_valid():
        return _form_again(request, user, case, "close_form", form)
    if request.POST.get("confirmed") != "yes" and case.is_open:
        # Closing cannot be undone: the first press asks to confirm, saying what it ends.
        reason = ClosureReason(form.cleaned_data["closure_reason"]).label
        context = {"case": case, "form": form, "reason": reason}
        log_person_shown(request, user, case.person_id, _("Close the case"))
        return render(request, "protection/case_close_confirm.html", context)
    data = form.cleaned_data
    try:
        services.close_case(
            user, case, closure_reason=data["closure_reason"], note=data["note"], request=request
        )
    except (Refused, StaleEdit) as exc:
        form.add_error(None, str(exc))
        return _form_again(request, user, case, "close_form", form)
    messages.success(request, _("Case closed."))
    return redirect("protection:case_detail", case.pk)


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _owned_case(request, pk)
    _require_owner(user, case)
    form = AssignForm(request.POST, case=case)
    if form.is_valid():
        worker = form.cleaned_data["case_worker"]
        attempt(
            request,
            lambda: services.assign_case_worker(user, case, worker, request=request),
            _("The case is now with %(name)s.") % {"name": worker.get_full_name() or worker},
        )
    else:
        messages.error(request, _("Choose a case worker of this agency."))
    return redirect("protection:case_detail", case.pk)
