"""Labour complaint pages: the list, filing, the record with its clocks, and each step."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import NotAllowed
from rumdoh.labour import access, forms, queries
from rumdoh.labour.choices import Stage
from rumdoh.labour.models import Complaint, ComplaintReferral
from rumdoh.labour.rules import clocks
from rumdoh.labour.rules import complaints as rule
from rumdoh.labour.services import complaints as svc
from rumdoh.labour.views.common import (
    form_page,
    list_page,
    to_record,
    versioned_change,
    versioned_initial,
)
from rumdoh.people.access import get_person_for_user, reveal_names

EDIT_FIELDS = (
    "received_at",
    "province",
    "workers",
    "description",
    "employer",
    "destination",
    "recruiter",
    "worksite",
    "inspector",
)


def _reader(request: HttpRequest) -> User:
    return acting_user(request, *access.COMPLAINT_READERS)


def _to(complaint: Complaint) -> dict[str, Any]:
    return to_record("labour:complaint_detail", complaint.pk)


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    rows = access.visible_complaints(user).select_related("agency", "recruiter")

    def shown(page: Any) -> dict[str, Any]:
        people = [c.complainant_id for c in page if c.complainant_id]
        log_bulk_read(
            "person.listed",
            user=user,
            request=request,
            person_ids=people,
            reason="labour complaints",
        )
        return {}

    return list_page(
        request,
        "labour/complaint_list.html",
        rows,
        form=forms.ComplaintFilterForm(request.GET or None),
        narrow=queries.filtered_complaints,
        shown=shown,
        can_file=user.can(C.HANDLE_LABOUR_COMPLAINTS),
    )


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.HANDLE_LABOUR_COMPLAINTS)
    person_id = request.GET.get("person") or request.POST.get("person")
    person = get_person_for_user(user, person_id) if person_id else None
    initial = {"province": getattr(user.agency, "province", "")}
    workers = svc.case_worker_choices(person) if person is not None else None
    form = forms.ComplaintForm(
        request.POST or None, agency_id=user.agency_id, case_workers=workers, initial=initial
    )

    def change(data: dict[str, Any]) -> Complaint:
        return svc.file_complaint(user, complainant=person, request=request, **data)

    return form_page(
        request,
        form,
        change,
        title=_("File a labour complaint"),
        success=_("Complaint filed. The three weeks to the conciliation hearing have started."),
        done=lambda c: redirect("labour:complaint_detail", c.pk),
        back=reverse("labour:complaints"),
    )


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    complaint = access.get_complaint(user, pk)
    today = timezone.localdate()
    heard = complaint.concluded_on if complaint.stage != Stage.FILED else None
    conciliation = clocks.conciliation_clock(complaint.filed_on, today, heard)
    court = None
    if complaint.stage in {Stage.NON_CONCILIATION, Stage.IN_COURT, Stage.LAPSED} and (
        complaint.concluded_on
    ):
        court = clocks.court_clock(complaint.concluded_on, today, complaint.court_filed_on)
    acts = access.handles(user, complaint)
    shown = reveal_names(user, [complaint.complainant]) if complaint.complainant else set()
    log_action(
        "labour_complaint.viewed",
        user=user,
        request=request,
        obj=complaint,
        person_id=complaint.complainant_id,
    )
    context = {
        "c": complaint,
        "conciliation": conciliation,
        "court": court,
        "acts": acts,
        "next": rule.NEXT[rule.Stage(complaint.stage)],
        "required": svc.referral_required(complaint),
        "outstanding": svc.referral_outstanding(complaint),
        "referrals": complaint.referrals.select_related("to_agency", "criminal_case"),
        "events": complaint.events.select_related("by"),
        "screenings": complaint.screenings.all(),
        "name_shown": complaint.complainant_id in shown,
        "reason_shown": acts,
    }
    return render(request, "labour/complaint_detail.html", context)


def _handled(request: HttpRequest, pk: int) -> tuple[User, Complaint]:
    user = acting_user(request, C.HANDLE_LABOUR_COMPLAINTS)
    complaint = access.get_complaint(user, pk)
    if not access.handles(user, complaint):
        raise NotAllowed(_("Only the agency that received the complaint may change it."))
    return user, complaint


def _step(
    request: HttpRequest,
    pk: int,
    form_class: type[django_forms.Form],
    change: Callable[[User, Complaint, dict[str, Any]], Any],
    *,
    title: str,
    success: str,
    intro: str = "",
) -> HttpResponse:
    """A step the receiving agency takes on a complaint: the complaint loaded (refused to any
    other agency), ``form_class`` shown at the complaint's version, ``change(user, complaint,
    data)`` run on a valid form, and back to the complaint's page."""
    user, complaint = _handled(request, pk)
    form = form_class(request.POST or None, initial=versioned_initial(complaint, ()))
    return form_page(
        request,
        form,
        lambda data: change(user, complaint, data),
        title=title,
        success=success,
        intro=intro,
        **_to(complaint),
    )


@login_required
def complaint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, complaint = _handled(request, pk)
    initial = versioned_initial(complaint, EDIT_FIELDS)
    workers = None
    if complaint.complainant is not None:
        workers = svc.case_worker_choices(complaint.complainant)
        initial["case_worker"] = complaint.case_worker
    form = forms.ComplaintEditForm(
        request.POST or None, agency_id=user.agency_id, case_workers=workers, initial=initial
    )

    return form_page(
        request,
        form,
        versioned_change(svc.update_complaint, user, complaint, request),
        title=_("Edit the complaint"),
        success=_("Complaint saved."),
        **_to(complaint),
    )


@login_required
def hearing(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.HearingForm,
        lambda u, c, d: svc.schedule_hearing(u, c, d["hearing_on"], d["version"], request=request),
        title=_("Schedule the conciliation hearing"),
        success=_("Hearing scheduled."),
    )


@login_required
def conciliation(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.ConciliationForm,
        lambda u, c, d: svc.record_conciliation(
            u,
            c,
            agreed=d["agreed"],
            on=d["on"],
            version=d["version"],
            terms=d["terms"],
            amount_usd=d["amount_usd"],
            request=request,
        ),
        title=_("Record the outcome of the hearing"),
        success=_("Outcome recorded."),
    )


@login_required
def court(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.DatedForm,
        lambda u, c, d: svc.record_court_filing(u, c, d["on"], d["version"], request=request),
        title=_("Record that the claim was taken to court"),
        success=_("Recorded."),
    )


@login_required
def lapse(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.DatedForm,
        lambda u, c, d: svc.record_lapse(u, c, d["version"], request=request),
        title=_("Record that the claim lapsed"),
        success=_("Recorded."),
    )


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.CloseForm,
        lambda u, c, d: svc.close_complaint(
            u, c, d["on"], d["version"], d["note"], request=request
        ),
        title=_("Close the complaint"),
        success=_("Complaint closed."),
    )


@login_required
def no_referral(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.ReasonForm,
        lambda u, c, d: svc.record_no_referral_reason(
            u, c, d["reason"], d["version"], request=request
        ),
        title=_("Record why the complaint is not referred"),
        success=_("Reason recorded."),
    )


@login_required
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.ReferralForm,
        lambda u, c, d: svc.refer(u, c, d["to_agency"], d["on"], d["note"], request=request),
        title=_("Refer to the police or the prosecutor"),
        success=_("Referred. The office has been told."),
    )


@login_required
def attach_screening(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.ScreeningPickForm,
        lambda u, c, d: svc.attach_screening(u, c, d["screening"], request=request),
        title=_("Attach a screening"),
        success=_("Screening attached."),
        intro=_("Screen the complainant first (Screening), then give its number here."),
    )


@login_required
def link_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The police unit or prosecutor's office a complaint was referred to names its case."""
    user = acting_user(request, C.INVESTIGATE, C.PROSECUTE)
    referral = get_object_or_404(
        ComplaintReferral.objects.select_related("complaint"), pk=pk, to_agency_id=user.agency_id
    )
    form = forms.CaseLinkForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: svc.link_criminal_case(user, referral, d["case"], request=request),
        title=_("Name the criminal case opened"),
        success=_("Linked."),
        **_to(referral.complaint),
    )
