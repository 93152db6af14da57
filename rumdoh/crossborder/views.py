"""Pages of cross-border work: deportation lists and arrivals, repatriations, requests to
counterparts, and the letters that go with them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.formfields import show_refusal
from rumdoh.core.pagination import page_of
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.core.versions import keep_input_after_stale
from rumdoh.crossborder import forms, services
from rumdoh.crossborder import messages as words
from rumdoh.crossborder.models import (
    Arrival,
    CounterpartRequest,
    DeportationList,
    Deportee,
    Repatriation,
)
from rumdoh.crossborder.queries import (
    filtered_deportees,
    filtered_lists,
    filtered_repatriations,
    filtered_requests,
)
from rumdoh.crossborder.rules import deadlines
from rumdoh.crossborder.rules.deportee_lists import map_headers
from rumdoh.crossborder.rules.stages import Direction, Stage, next_stages
from rumdoh.people.access import get_person_for_user
from rumdoh.people.models import Person
from rumdoh.screening.forms import ScreeningForm

# --- deportation lists ------------------------------------------------------------------------


@login_required
def list_index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.RECEIVE_DEPORTEES)
    form = forms.ListFilterForm(request.GET or None)
    rows = narrowed(form, filtered_lists, services.lists_for(user)).annotate(
        listed=Count("deportees"),
        arrived=Count("deportees", filter=Q(deportees__status=Arrival.ARRIVED)),
        screened=Count("deportees", filter=Q(deportees__screening__isnull=False)),
    )
    return render(
        request, "crossborder/list_index.html", {"form": form, "page": page_of(request, rows)}
    )


@login_required
def list_upload(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.RECEIVE_DEPORTEES)
    form = forms.ListUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            headers, rows = services.read_table(upload.read(), upload.name)
            made = services.import_list(
                user,
                services.ListDetails(
                    sent_by=data["sent_by"],
                    country=data["country"],
                    crossing=data["crossing"],
                    expected_on=data["expected_on"],
                ),
                headers,
                rows,
                file_name=upload.name,
                request=request,
                again=data["again"],
            )
        except services.ListRefused as exc:
            form.add_error(None, str(exc))
            if exc.ignored_columns:
                form.add_error(None, words.ignored_columns(exc.ignored_columns))
            errors = [words.row_error(e) for e in exc.errors]
        except services.ListAlreadyImported as exc:
            show_refusal(form, exc)
        except Refused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("List %(ref)s imported: %(count)d person(s) expected.")
                % {"ref": made.reference, "count": made.deportees.count()},
            )
            ignored = map_headers(headers)[1]
            if ignored:
                messages.warning(request, words.ignored_columns(ignored))
            return redirect("crossborder:list_detail", made.pk)
    return render(request, "crossborder/list_upload.html", {"form": form, "errors": errors})


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RECEIVE_DEPORTEES)
    try:
        deportation_list = services.get_list(user, pk)
    except DeportationList.DoesNotExist as exc:
        raise Http404 from exc
    form = forms.DeporteeFilterForm(request.GET or None)
    rows = deportation_list.deportees.select_related("person", "screening")
    rows = narrowed(form, filtered_deportees, rows)
    page = page_of(request, rows.order_by("row"), size=50)
    log_action("crossborder.list_viewed", user=user, request=request, obj=deportation_list)
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[d.person_id for d in page if d.person_id],
        reason=_("deportation list"),
    )
    tally = deportation_list.deportees.aggregate(
        listed=Count("id"),
        arrived=Count("id", filter=Q(status=Arrival.ARRIVED)),
        absent=Count("id", filter=Q(status=Arrival.ABSENT)),
        screened=Count("id", filter=Q(screening__isnull=False)),
    )
    return render(
        request,
        "crossborder/list_detail.html",
        {"list": deportation_list, "page": page, "form": form, "tally": tally},
    )


def _deportee_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = acting_user(request, C.RECEIVE_DEPORTEES)
    deportee = services.get_deportee(user, pk)
    try:
        if action == "arrive":
            done = services.register_arrival(user, pk, request=request)
            how = {
                "document": _("matched to %(person)s by the document number"),
                "name": _("matched to %(person)s by name and year of birth"),
                "new": _("recorded as %(person)s"),
            }[done.matched_by] % {"person": done.person.reference if done.person else ""}
            messages.success(request, _("Arrival registered: %(how)s. Screen now.") % {"how": how})
            return redirect("crossborder:screen", pk)
        services.mark_absent(user, pk, request=request)
        messages.success(request, _("Marked as not arrived."))
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("crossborder:list_detail", deportee.deportation_list_id)


@login_required
@require_POST
def arrive_many(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows ticked on a list registered as arrived in one go, all or none; then the short
    form for the first of them."""
    user = acting_user(request, C.RECEIVE_DEPORTEES)
    try:
        services.get_list(user, pk)
    except DeportationList.DoesNotExist as exc:
        raise Http404 from exc
    ids = [int(v) for v in request.POST.getlist("deportee") if v.isdigit() and len(v) < 10]
    try:
        done = services.register_arrivals(user, pk, ids, request=request)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("crossborder:list_detail", pk)
    messages.success(
        request,
        ngettext(
            "%(count)d arrival registered. Screen now.",
            "%(count)d arrivals registered. Screen them now, one after another.",
            len(done),
        )
        % {"count": len(done)},
    )
    first = min(done, key=lambda d: d.row)
    return redirect("crossborder:screen", first.pk)


@login_required
@require_POST
def arrive(request: HttpRequest, pk: int) -> HttpResponse:
    return _deportee_action(request, pk, "arrive")


@login_required
@require_POST
def absent(request: HttpRequest, pk: int) -> HttpResponse:
    return _deportee_action(request, pk, "absent")


@login_required
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The short form for an arrived deportee; the next unscreened arrival follows."""
    user = acting_user(request, C.RECEIVE_DEPORTEES)
    deportee = services.get_deportee(user, pk)
    if deportee.person is None:
        raise Http404
    person: Person = deportee.person
    initial = {
        "context": "deportation",
        "nationality": person.nationality or "KH",
        "province": user.agency.province if user.agency else "",
    }
    form = ScreeningForm(
        request.POST if request.method == "POST" else None,
        form_kind="short",
        person=person,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.screen_deportee(user, pk, form.observations(), request=request)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            assert done.screening is not None
            messages.success(
                request,
                _("Screening %(ref)s saved: %(result)s.")
                % {
                    "ref": done.screening.reference,
                    "result": done.screening.get_determination_display(),
                },
            )
            following = (
                Deportee.objects.filter(
                    deportation_list=deportee.deportation_list,
                    status=Arrival.ARRIVED,
                    screening__isnull=True,
                )
                .order_by("row")
                .first()
            )
            if following is not None:
                return redirect("crossborder:screen", following.pk)
            return redirect("crossborder:list_detail", deportee.deportation_list_id)
    log_action(
        "person.viewed",
        user=user,
        request=request,
        obj=person,
        person_id=person.pk,
        data={"page": "deportee screening"},
    )
    return render(
        request, "crossborder/screen.html", {"form": form, "deportee": deportee, "person": person}
    )


# --- repatriations ----------------------------------------------------------------------------


def _repatriation(user: User, pk: int) -> Repatriation:
    found = (
        services.repatriations_for(user)
        .select_related("person", "agency", "embassy")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def repatriation_index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.MANAGE_REPATRIATIONS, C.VIEW_NATIONALS_REPATRIATIONS)
    form = forms.RepatriationFilterForm(request.GET or None)
    rows = narrowed(form, filtered_repatriations, services.repatriations_for(user))
    page = page_of(request, rows.select_related("person", "agency", "embassy"))
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[r.person_id for r in page],
        reason=_("repatriation list"),
    )
    return render(
        request,
        "crossborder/repatriation_index.html",
        {"form": form, "page": page, "can_open": user.can(C.MANAGE_REPATRIATIONS)},
    )


def _person_numbered(user: User, text: object) -> Person | None:
    """The person of this P-number whom the user's agency may see, or None."""
    number = parse_person_number(str(text or ""))
    if number is None:
        return None
    try:
        return get_person_for_user(user, number)
    except Http404:
        return None


@login_required
def repatriation_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.MANAGE_REPATRIATIONS)
    initial: dict[str, object] = {"requested_on": timezone.localdate()}
    if request.GET.get("person"):
        initial["person"] = request.GET["person"]
    form = forms.RepatriationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = _person_numbered(user, data.pop("person"))
        if person is None:
            form.add_error("person", _("No person with this number that your agency may see."))
        else:
            try:
                made = services.open_repatriation(user, person, data, request=request)
            except Refused as exc:
                show_refusal(form, exc)
            else:
                messages.success(
                    request, _("Repatriation %(ref)s opened.") % {"ref": made.reference}
                )
                return redirect("crossborder:repatriation_detail", made.pk)
    # Once the person is known, only the embassies that may be named for them are offered.
    known = _person_numbered(
        user, form.data.get("person") if form.is_bound else initial.get("person")
    )
    if known is not None:
        form.offer_embassies_for(known, str(form["country"].value() or ""))
    return render(request, "crossborder/repatriation_form.html", {"form": form})


@login_required
def repatriation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.MANAGE_REPATRIATIONS, C.VIEW_NATIONALS_REPATRIATIONS)
    repatriation = _repatriation(user, pk)
    log_action(
        "crossborder.repatriation_viewed",
        user=user,
        request=request,
        obj=repatriation,
        person_id=repatriation.person_id,
    )
    context = _detail_context(user, repatriation)
    return render(request, "crossborder/repatriation_detail.html", context)


@login_required
@require_POST
def repatriation_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.MANAGE_REPATRIATIONS)
    repatriation = _repatriation(user, pk)
    stages = [
        s.value for s in next_stages(Direction(repatriation.direction), Stage(repatriation.stage))
    ]
    form = forms.MoveForm(request.POST, stages=stages)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move_repatriation(
                user,
                pk,
                data["stage"],
                on=data["on"],
                version=data["version"],
                note=data["note"],
                request=request,
            )
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Stage recorded."))
            return redirect("crossborder:repatriation_detail", pk)
    return _form_again(request, user, pk, "move_form", form)


def _repatriation_change(
    request: HttpRequest,
    pk: int,
    form_class: type[Any],
    name: str,
    change: Any,
    success: str,
) -> HttpResponse:
    """A form posted from a repatriation's page: saved and back to the page, or the page again
    with the user's input and what is wrong (a refusal included), nothing lost."""
    user = acting_user(request, C.MANAGE_REPATRIATIONS)
    _repatriation(user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            change(user, pk, form.cleaned_data, request=request)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, success)
            return redirect("crossborder:repatriation_detail", pk)
    return _form_again(request, user, pk, name, form)


@login_required
@require_POST
def repatriation_assess(request: HttpRequest, pk: int) -> HttpResponse:
    return _repatriation_change(
        request,
        pk,
        forms.AssessmentForm,
        "assessment_form",
        services.record_assessment,
        _("Family tracing and assessment recorded."),
    )


@login_required
@require_POST
def repatriation_custody(request: HttpRequest, pk: int) -> HttpResponse:
    return _repatriation_change(
        request,
        pk,
        forms.CustodyForm,
        "custody_form",
        services.transfer_custody,
        _("Custody transfer recorded."),
    )


def _detail_context(user: User, repatriation: Repatriation, **forms_sent: Any) -> dict[str, Any]:
    manages = user.can(C.MANAGE_REPATRIATIONS) and repatriation.agency_id == user.agency_id
    today = timezone.localdate()
    custody = getattr(repatriation, "custody_transfer", None)
    context: dict[str, Any] = {
        "r": repatriation,
        "manages": manages,
        "stage_label": words.stage_label(repatriation.stage),
        "steps": [
            (step, words.stage_label(step.stage))
            for step in repatriation.steps.select_related("by")
        ],
        "custody": custody if manages else None,
        # An embassy learns that and when a child's custody was transferred, nothing more.
        "custody_on": custody.transferred_on if custody else None,
        "child": services.is_child(repatriation.person, today),
    }
    if manages:
        stages = next_stages(Direction(repatriation.direction), Stage(repatriation.stage))
        context |= {
            "assessments": repatriation.assessments.select_related("assessed_by"),
            "move_form": forms.MoveForm(
                stages=[s.value for s in stages],
                initial={"version": repatriation.version, "on": today},
            ),
            "assessment_form": forms.AssessmentForm(initial={"traced_on": today}),
            "custody_form": forms.CustodyForm(initial={"transferred_on": today}),
            **forms_sent,
        }
    return context


def _form_again(request: HttpRequest, user: User, pk: int, name: str, form: Any) -> HttpResponse:
    """The detail page again with the user's input and its errors in the form they sent."""
    context = _detail_context(user, _repatriation(user, pk), **{name: form})
    return render(request, "crossborder/repatriation_detail.html", context, status=400)


# --- requests to and from counterparts --------------------------------------------------------


def _request(user: User, pk: int) -> CounterpartRequest:
    found = (
        services.requests_for(user).select_related("criminal_case", "person").filter(pk=pk).first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def request_index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.COUNTERPART_REQUESTS)
    form = forms.RequestFilterForm(request.GET or None)
    rows = narrowed(form, filtered_requests, services.requests_for(user))
    page = page_of(request, rows)
    today = timezone.localdate()
    for item in page:
        item.late_days = deadlines.days_late(item.due_on, today) if item.replied_on is None else 0
    return render(request, "crossborder/request_index.html", {"form": form, "page": page})


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.COUNTERPART_REQUESTS)
    systems = [(c.code, f"{c.name} ({c.code})") for c in services.active_systems()]
    form = forms.RequestForm(
        request.POST or None, initial={"sent_on": timezone.localdate()}, systems=systems
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.open_request(user, form.cleaned_data, request=request)
        except services.SystemRefused as exc:
            form.add_error("send_to_system", str(exc))
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _recorded(made))
            return redirect("crossborder:request_detail", made.pk)
    return render(request, "crossborder/request_form.html", {"form": form})


def _recorded(item: CounterpartRequest) -> str:
    if item.counterpart is None:
        return _("Request %(ref)s recorded.") % {"ref": item.reference}
    return _(
        "Request %(ref)s recorded. It waits in the outbox until the system of %(counterpart)s "
        "fetches it."
    ) % {"ref": item.reference, "counterpart": item.counterpart.name}


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.COUNTERPART_REQUESTS)
    item = _request(user, pk)
    log_action(
        "crossborder.request_viewed",
        user=user,
        request=request,
        obj=item,
        person_id=item.person_id,
    )
    form = forms.ReplyForm(
        request.POST or None,
        initial={"version": item.version, "replied_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_reply(
                user,
                pk,
                replied_on=data["replied_on"],
                reply=data["reply"],
                version=data["version"],
                request=request,
            )
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Reply recorded."))
            return redirect("crossborder:request_detail", pk)
    today = timezone.localdate()
    return render(
        request,
        "crossborder/request_detail.html",
        {
            "item": item,
            "form": form,
            "late": deadlines.days_late(item.due_on, today) if item.replied_on is None else 0,
            "sent_to_systems": services.sent_to_systems(item),
        },
    )


@login_required
def request_letter(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The request as a printable letter, in Khmer or English, as HTML or PDF."""
    user = acting_user(request, C.COUNTERPART_REQUESTS)
    if language not in ("km", "en"):
        raise Http404
    item = _request(user, pk)
    log_action(
        "crossborder.letter_printed",
        user=user,
        request=request,
        obj=item,
        person_id=item.person_id,
        data={"language": language},
    )
    with translation.override(language):
        html = render_to_string(
            "crossborder/letter.html",
            {
                "item": item,
                "agency": user.agency,
                "today": timezone.localdate(),
                "language": language,
            },
        )
    if request.GET.get("format") == "pdf":
        from rumdoh.justice.views import pdf

        if pdf.available():
            return pdf.response(html, f"{item.reference}-{language}.pdf")
    return HttpResponse(html)


# --- foreign identifications ------------------------------------------------------------------


@login_required
def recognise(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = acting_user(request, C.IDENTIFY)
    person = get_person_for_user(user, person_pk)
    form = forms.RecognitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recognise_identification(user, person, form.cleaned_data, request=request)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The identification made abroad is recognised."))
            return redirect("people:detail", person.pk)
    # The page names the person: a read like any other.
    log_action(
        "person.shown", user=user, request=request, person_id=person.pk, data={"page": "recognise"}
    )
    return render(request, "crossborder/recognise.html", {"form": form, "person": person})
