"""Recruitment agency pages for licensing officers: register, licence, sanctions, brokers."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.labour import forms, queries
from rumdoh.labour.access import REGISTER_USERS
from rumdoh.labour.models import Broker, ConductPrinciple, RecruitmentAgency, SanctionRecord
from rumdoh.labour.rules import licences
from rumdoh.labour.services import registers as svc
from rumdoh.labour.views.common import (
    form_page,
    list_page,
    to_record,
    versioned_change,
    versioned_initial,
)


@login_required
def recruiter_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *REGISTER_USERS)
    today = timezone.localdate()
    return list_page(
        request,
        "labour/recruiter_list.html",
        queries.recruiters(),
        form=forms.RecruiterFilterForm(request.GET or None),
        narrow=queries.filtered_recruiters,
        shown=lambda page: {"items": [(a, a.status_on(today)) for a in page]},
        can_license=user.can(C.LICENSE_RECRUITERS),
    )


@login_required
def recruiter_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.LICENSE_RECRUITERS)
    form = forms.RecruiterForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: svc.register_agency(user, request=request, **d),
        title=_("Register a recruitment agency"),
        success=_("Agency registered."),
        done=lambda a: redirect("labour:recruiter_detail", a.pk),
        back=reverse("labour:recruiters"),
    )


@login_required
def recruiter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *REGISTER_USERS)
    agency = get_object_or_404(RecruitmentAgency, pk=pk)
    today = timezone.localdate()
    sees_brokers = user.can(C.LICENSE_RECRUITERS) or user.can(C.HANDLE_LABOUR_COMPLAINTS)
    brokers = list(agency.brokers.prefetch_related("suspects")) if sees_brokers else []
    if brokers:
        log_action(
            "broker.listed",
            user=user,
            request=request,
            obj=agency,
            data={"ids": [b.pk for b in brokers]},
        )
    code = queries.code_of_conduct(agency, get_language())
    context = {
        "a": agency,
        "status": agency.status_on(today),
        "next_sanction": licences.next_sanction(s.kind for s in agency.sanction_facts()),
        "brokers": brokers,
        "complaints": agency.complaints.count(),
        "fees": agency.fees.all()[:20],
        "code": code,
        "can_license": user.can(C.LICENSE_RECRUITERS),
        "history": queries.licence_history(agency),
    }
    return render(request, "labour/recruiter_detail.html", context)


def _licensing(request: HttpRequest, pk: int):
    user = acting_user(request, C.LICENSE_RECRUITERS)
    return user, get_object_or_404(RecruitmentAgency, pk=pk)


def _back(agency: RecruitmentAgency) -> dict[str, Any]:
    return to_record("labour:recruiter_detail", agency.pk)


def _agency_change(
    request: HttpRequest,
    pk: int,
    make_form: Callable[..., django_forms.BaseForm],
    change: Callable[..., Any],
    *,
    title: str,
    success: str,
) -> HttpResponse:
    """A change of one recruitment agency at the version the page was opened at:
    ``make_form(data, agency, initial=…)``, then ``change(user, agency, version, …)``."""
    user, agency = _licensing(request, pk)
    form = make_form(request.POST or None, agency, initial={"version": agency.version})
    return form_page(
        request,
        form,
        versioned_change(change, user, agency, request),
        title=title,
        success=success,
        **_back(agency),
    )


@login_required
def recruiter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_change(
        request,
        pk,
        lambda data, agency, **kw: forms.RecruiterEditForm(data, instance=agency, **kw),
        svc.update_agency,
        title=_("Edit the agency"),
        success=_("Saved."),
    )


def _agency_form(
    request: HttpRequest,
    pk: int,
    form_class: type[django_forms.Form],
    change: Callable[..., Any],
    *,
    title: str,
    success: str,
    capabilities: tuple[C, ...] = (C.LICENSE_RECRUITERS,),
) -> HttpResponse:
    """A form recording something about one recruitment agency: the user acting with one of
    ``capabilities``, then ``change(user, agency, request=…, **fields)``, back to its page."""
    user = acting_user(request, *capabilities)
    agency = get_object_or_404(RecruitmentAgency, pk=pk)
    return form_page(
        request,
        form_class(request.POST or None),
        lambda d: change(user, agency, request=request, **d),
        title=title,
        success=success,
        **_back(agency),
    )


@login_required
def sanction_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_form(
        request,
        pk,
        forms.SanctionForm,
        svc.sanction,
        title=_("Record a sanction"),
        success=_("Sanction recorded."),
    )


@login_required
def licence_renew(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_change(
        request,
        pk,
        lambda data, _agency, **kw: forms.RenewLicenceForm(data, **kw),
        svc.renew_licence,
        title=_("Renew the licence"),
        success=_("Licence renewed."),
    )


def _sanction_step(
    request: HttpRequest,
    pk: int,
    form_class: type[django_forms.Form],
    change: Callable[..., Any],
    *,
    title: str,
    success: str,
) -> HttpResponse:
    """Lift or withdraw one sanction, at the version the page was opened at."""
    user = acting_user(request, C.LICENSE_RECRUITERS)
    row = get_object_or_404(SanctionRecord.objects.select_related("agency"), pk=pk)
    form = form_class(request.POST or None, initial={"version": row.version})
    return form_page(
        request,
        form,
        versioned_change(change, user, row, request),
        title=title,
        success=success,
        intro=f"{row.agency.name} · {row.get_kind_display()} · {row.starts_on:%Y-%m-%d} · "
        f"{row.grounds}",
        **_back(row.agency),
    )


@login_required
def sanction_lift(request: HttpRequest, pk: int) -> HttpResponse:
    return _sanction_step(
        request,
        pk,
        forms.LiftSanctionForm,
        svc.lift_sanction,
        title=_("Lift the sanction"),
        success=_("Sanction lifted."),
    )


@login_required
def sanction_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _sanction_step(
        request,
        pk,
        forms.WithdrawSanctionForm,
        svc.withdraw_sanction,
        title=_("Withdraw as recorded by mistake"),
        success=_("Sanction withdrawn."),
    )


@login_required
def branch_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_form(
        request,
        pk,
        forms.BranchForm,
        svc.add_branch,
        title=_("Add a branch"),
        success=_("Branch added."),
    )


@login_required
def fee_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_form(
        request,
        pk,
        forms.FeeForm,
        svc.record_fee,
        title=_("Record a fee paid by a migrant"),
        success=_("Fee recorded."),
        capabilities=(C.LICENSE_RECRUITERS, C.HANDLE_LABOUR_COMPLAINTS),
    )


@login_required
def broker_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_form(
        request,
        pk,
        forms.BrokerForm,
        svc.add_broker,
        title=_("Add a sub-licensed broker"),
        success=_("Broker added."),
    )


@login_required
def broker_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.LICENSE_RECRUITERS)
    broker = get_object_or_404(Broker, pk=pk)
    form = forms.SuspectLinkForm(request.POST or None)
    back = reverse("labour:recruiter_detail", args=[broker.agency_id]) if broker.agency_id else ""
    return form_page(
        request,
        form,
        lambda d: svc.link_suspect(user, broker, d["suspect"], request=request),
        title=_("Link the broker to a suspect"),
        success=_("Linked."),
        done=lambda _r: redirect(back or "labour:recruiters"),
        back=back,
        intro=_("Give the suspect's number from the criminal case (SP-…)."),
    )


@login_required
def principle_list(request: HttpRequest) -> HttpResponse:
    """The principles of the code of conduct the licensing office has recorded."""
    user = acting_user(request, *REGISTER_USERS)
    language = get_language()
    rows = [(p, p.wording(language)) for p in ConductPrinciple.objects.all()]
    context = {"rows": rows, "can_license": user.can(C.LICENSE_RECRUITERS)}
    return render(request, "labour/principle_list.html", context)


@login_required
def principle_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.LICENSE_RECRUITERS)
    form = forms.PrincipleForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: svc.add_principle(user, request=request, **d),
        title=_("Record a principle of the code of conduct"),
        success=_("Principle recorded."),
        done=lambda _r: redirect("labour:principles"),
        back=reverse("labour:principles"),
        intro=_("Copy the code's own words; do not paraphrase them."),
    )


@login_required
def principle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.LICENSE_RECRUITERS)
    principle = get_object_or_404(ConductPrinciple, pk=pk)
    fields = ("code_version", "number", "wording_en", "wording_km", "source", "active")
    form = forms.PrincipleEditForm(
        request.POST or None, initial=versioned_initial(principle, fields)
    )
    return form_page(
        request,
        form,
        versioned_change(svc.update_principle, user, principle, request),
        title=_("Edit the principle"),
        success=_("Saved."),
        done=lambda _r: redirect("labour:principles"),
        back=reverse("labour:principles"),
    )


@login_required
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_form(
        request,
        pk,
        forms.AssessmentForm,
        svc.assess_conduct,
        title=_("Record whether a principle of the code was kept"),
        success=_("Recorded."),
    )
