from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.filters import narrowed
from rumdoh.core.pagination import page_of
from rumdoh.people.access import get_person_for_user
from rumdoh.people.models import Person
from rumdoh.screening import services
from rumdoh.screening.access import get_screening_for_user, visible_screenings
from rumdoh.screening.forms import ScreeningFilterForm, ScreeningForm
from rumdoh.screening.models import DeterminationChoice
from rumdoh.screening.presentation import explanation_view, next_step_view
from rumdoh.screening.queries import filtered_screenings
from rumdoh.screening.rules import decision
from rumdoh.screening.rules.questions import FORMS, FormKind


def person_from_query(request: HttpRequest, user: User) -> Person | None:
    """The person named by ``?person=``, or 404 if the user may not see them."""
    person_id = request.GET.get("person") or request.POST.get("person")
    return get_person_for_user(user, person_id) if person_id else None


def log_shown(request: HttpRequest, user: User, person: Person | None, page: str) -> None:
    """A form page that names the person it screens is a read like any other."""
    if person is not None:
        log_action(
            "person.shown", user=user, request=request, person_id=person.pk, data={"page": page}
        )


@login_required
def start(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.SCREEN)
    person = person_from_query(request, user)
    forms = [(kind.value, len(FORMS[kind])) for kind in FormKind]
    log_shown(request, user, person, "screening start")
    return render(request, "screening/start.html", {"person": person, "forms": forms})


def _form_for(request: HttpRequest, user: User, kind: str, person: Person | None) -> ScreeningForm:
    initial = {"nationality": "KH", "province": user.agency.province if user.agency else ""}
    data = request.POST if request.method == "POST" else None
    return ScreeningForm(data, form_kind=kind, person=person, initial=initial)


def _input_from(form: ScreeningForm) -> services.ScreeningInput:
    data = form.cleaned_data
    return services.ScreeningInput(
        form=form.form_kind,
        observations=form.observations(),
        context=data["context"],
        age=data["age"],
        age_estimated=data["age_estimated"],
        sex=data["sex"],
        nationality=data["nationality"],
        province=data["province"],
        location=data["location"],
        person=form.person,
    )


def _preview(request: HttpRequest, form: ScreeningForm) -> HttpResponse:
    result = decision.assess(form.cleaned_data["age"], form.observations())
    context = result_context(result.determination.value, result.explanation())
    context.update({"form": form, "person": form.person, "preview": True})
    return render(request, "screening/result.html", context)


@login_required
def screen(request: HttpRequest, kind: str) -> HttpResponse:
    user = acting_user(request, C.SCREEN)
    if kind not in FormKind.__members__.values():
        raise Http404
    person = person_from_query(request, user)
    form = _form_for(request, user, kind, person)
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            return _preview(request, form)
        try:
            record = services.record_screening_once(user, _input_from(form), request)
        except services.AlreadyScreened as twice:
            # Sent twice: the screening saved the first time.
            messages.info(request, str(twice))
            return redirect("screening:detail", twice.record.pk)
        messages.success(request, _("Screening %(ref)s saved.") % {"ref": record.reference})
        return redirect("screening:detail", record.pk)
    log_shown(request, user, person, "screening form")
    return render(request, "screening/form.html", {"form": form, "person": person, "kind": kind})


def result_context(determination: str, explanation: dict[str, Any]) -> dict[str, Any]:
    step = decision.NEXT_STEP[decision.Determination(determination)]
    return {
        "determination": determination,
        "determination_label": DeterminationChoice(determination).label,
        "elements": explanation_view(explanation),
        "next_step": next_step_view(step),
        "age_unknown": explanation.get("child") == "unknown",
    }


@login_required
def screening_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.SCREEN, C.VIEW_PERSONS)
    form = ScreeningFilterForm(request.GET or None)
    records = visible_screenings(user).filter(agency_id=user.agency_key)
    page = page_of(
        request, narrowed(form, filtered_screenings, records).select_related("screener", "person")
    )
    log_bulk_read(
        "screening.listed",
        user=user,
        request=request,
        person_ids=[r.person_id for r in page if r.person_id],
        reason=_("screening list"),
    )
    return render(request, "screening/list.html", {"form": form, "page": page})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.SCREEN, C.VIEW_PERSONS)
    record = get_screening_for_user(user, pk)
    log_action(
        "screening.viewed",
        user=user,
        request=request,
        obj=record,
        person_id=record.person_id,
    )
    context = result_context(record.determination, record.explanation)
    context.update({"record": record, "person": record.person})
    return render(request, "screening/result.html", context)
