"""Risky worksites, sealed inspection plans and their results, and prevention records."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import PROVINCE_CHOICES, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.labour import access, forms, queries
from rumdoh.labour.access import REGISTER_USERS
from rumdoh.labour.choices import RISK_SOURCE_LABELS, PreventionKind, Stage
from rumdoh.labour.models import Inspection, PreventionActivity, Worksite
from rumdoh.labour.rules import clocks
from rumdoh.labour.services import registers as svc
from rumdoh.labour.views.common import (
    form_page,
    list_page,
    to_record,
    versioned_change,
    versioned_initial,
)


def _scored(page: Any) -> dict[str, Any]:
    scores = queries.risks(page)
    return {"items": sorted(((s, scores[s.pk]) for s in page), key=lambda x: -x[1].score)}


def _planning(request: HttpRequest, pk: int) -> tuple[User, Inspection]:
    """The user planning inspections, and the inspection ``pk`` if they may see its plan (404
    otherwise: a sealed plan is not known to exist)."""
    user = acting_user(request, C.PLAN_INSPECTIONS)
    return user, access.get_inspection(user, pk)


def _planning_at(request: HttpRequest, pk: int) -> tuple[User, Worksite]:
    """The user planning inspections, and the worksite ``pk``."""
    user = acting_user(request, C.PLAN_INSPECTIONS)
    return user, get_object_or_404(Worksite, pk=pk)


@login_required
def worksite_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *REGISTER_USERS)
    return list_page(
        request,
        "labour/worksite_list.html",
        Worksite.objects.all(),
        form=forms.WorksiteFilterForm(request.GET or None),
        narrow=queries.filtered_worksites,
        shown=_scored,
        can_plan=user.can(C.PLAN_INSPECTIONS),
    )


@login_required
def worksite_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.PLAN_INSPECTIONS)
    form = forms.WorksiteForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: svc.register_worksite(user, request=request, **d),
        title=_("Register a worksite"),
        success=_("Worksite registered."),
        done=lambda s: redirect("labour:worksite_detail", s.pk),
        back=reverse("labour:worksites"),
    )


@login_required
def worksite_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *REGISTER_USERS)
    site = get_object_or_404(Worksite, pk=pk)
    inspections = access.visible_inspections(user).filter(worksite=site)
    tips, operations = queries.worksite_links(user, site)
    risk = queries.risks([site])[site.pk]
    log_action(
        "worksite.viewed",
        user=user,
        request=request,
        obj=site,
        data={"tips": [t.pk for t in tips], "operations": [o.pk for o in operations]},
    )
    context = {
        "s": site,
        "risk": risk,
        "risk_parts": [(RISK_SOURCE_LABELS.get(k, k), n) for k, n in risk.parts.items()],
        "inspections": inspections,
        "tips": tips,
        "operations": operations,
        "unseen": queries.worksite_unseen(user, site, tips, operations),
        "can_plan": user.can(C.PLAN_INSPECTIONS),
    }
    return render(request, "labour/worksite_detail.html", context)


@login_required
def tip_link(request: HttpRequest, pk: int) -> HttpResponse:
    user, site = _planning_at(request, pk)
    return form_page(
        request,
        forms.TipLinkForm(request.POST or None),
        lambda d: svc.link_tip(user, site, d["reference"], request=request),
        title=_("Link a tip about this worksite"),
        success=_("Linked. The tip counts in the worksite's risk."),
        **to_record("labour:worksite_detail", site.pk),
        intro=_("Give the reference of a tip your agency holds or recorded."),
    )


@login_required
def operation_link(request: HttpRequest, pk: int) -> HttpResponse:
    user, site = _planning_at(request, pk)
    return form_page(
        request,
        forms.OperationLinkForm(request.POST or None),
        lambda d: svc.link_operation(user, site, d["reference"], request=request),
        title=_("Link an operation held at this worksite"),
        success=_("Linked. A raid counts in the worksite's risk."),
        **to_record("labour:worksite_detail", site.pk),
        intro=_("Give the reference of an operation your agency led or took part in."),
    )


@login_required
def inspection_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, site = _planning_at(request, pk)
    form = forms.InspectionPlanForm(
        request.POST or None, agency_id=user.agency_id, initial={"team": [user.pk]}
    )
    return form_page(
        request,
        form,
        lambda d: svc.plan_inspection(
            user, site, d["planned_for"], list(d["team"]), request=request
        ),
        title=_("Plan an inspection"),
        success=_("Inspection planned. Until its date only the team sees it."),
        done=lambda i: redirect("labour:inspection_detail", i.pk),
        back=reverse("labour:worksite_detail", args=[pk]),
        intro=_("Plans leak: the plan stays sealed from everyone outside the team until its date."),
    )


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.PLAN_INSPECTIONS)
    return list_page(
        request,
        "labour/inspection_list.html",
        access.visible_inspections(user).select_related("worksite"),
        form=forms.InspectionFilterForm(request.GET or None),
        narrow=queries.filtered_inspections,
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, inspection = _planning(request, pk)
    log_action("inspection.viewed", user=user, request=request, obj=inspection)
    context = {
        "i": inspection,
        "team": inspection.team.all(),
        "screenings": inspection.screenings.all(),
    }
    return render(request, "labour/inspection_detail.html", context)


@login_required
def inspection_result(request: HttpRequest, pk: int) -> HttpResponse:
    user, inspection = _planning(request, pk)
    fields = (
        "status",
        "carried_out_on",
        "workers_present",
        "violations_found",
        "findings",
        "follow_up",
        "follow_up_due",
        "referrals_made",
    )
    form = forms.InspectionResultForm(
        request.POST or None, initial=versioned_initial(inspection, fields)
    )
    return form_page(
        request,
        form,
        versioned_change(svc.record_inspection, user, inspection, request),
        title=_("Record the inspection"),
        success=_("Inspection recorded."),
        **to_record("labour:inspection_detail", inspection.pk),
    )


@login_required
def inspection_screening(request: HttpRequest, pk: int) -> HttpResponse:
    user, inspection = _planning(request, pk)
    form = forms.ScreeningPickForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: svc.attach_inspection_screening(
            user, inspection, d["screening"], request=request
        ),
        title=_("Attach a worker's screening"),
        success=_("Screening attached."),
        **to_record("labour:inspection_detail", inspection.pk),
    )


@login_required
def prevention_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.RECORD_PREVENTION, C.VIEW_STATISTICS)
    provinces = dict(PROVINCE_CHOICES)
    totals = [
        {
            **row,
            "kind": PreventionKind(row["kind"]).label,
            "province": provinces.get(row["province"]),
        }
        for row in queries.prevention_totals(timezone.localdate().year)
    ]
    return list_page(
        request,
        "labour/prevention_list.html",
        PreventionActivity.objects.all(),
        form=forms.PreventionFilterForm(request.GET or None),
        narrow=queries.filtered_preventions,
        totals=totals,
        can_record=user.can(C.RECORD_PREVENTION),
    )


@login_required
def prevention_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.RECORD_PREVENTION)
    form = forms.PreventionForm(
        request.POST or None, initial={"province": getattr(user.agency, "province", "")}
    )
    return form_page(
        request,
        form,
        lambda d: svc.record_prevention(user, request=request, **d),
        title=_("Record a prevention activity"),
        success=_("Recorded."),
        done=lambda _r: redirect("labour:prevention"),
        back=reverse("labour:prevention"),
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The labour start page: what is due, and the registers."""
    user = acting_user(request, *access.LABOUR)
    today = timezone.localdate()
    complaints = access.visible_complaints(user) if user.can(C.HANDLE_LABOUR_COMPLAINTS) else None
    late = due_court = []
    if complaints is not None:
        late = list(
            complaints.filter(
                stage__in=[Stage.FILED, Stage.HEARING_SCHEDULED],
                concluded_on__isnull=True,
                filed_on__lt=clocks.conciliation_overdue_filed_before(today),
            )[:20]
        )
        due_court = list(complaints.filter(stage=Stage.NON_CONCILIATION)[:20])
    plans = access.visible_inspections(user).filter(planned_for__gte=today)[:10]
    context = {
        "late": late,
        "due_court": due_court,
        "plans": plans,
        "user_caps": {
            "complaints": user.can(C.HANDLE_LABOUR_COMPLAINTS),
            "license": user.can(C.LICENSE_RECRUITERS),
            "plan": user.can(C.PLAN_INSPECTIONS),
            "prevention": user.can(C.RECORD_PREVENTION),
        },
    }
    return render(request, "labour/home.html", context)
