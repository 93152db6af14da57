"""Read helpers: the complaint, recruiter, worksite, inspection and prevention lists (page and
API narrow alike), the worksite risk with pluggable sources, prevention totals."""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from rumdoh.accounts.models import User
from rumdoh.core.filters import within
from rumdoh.core.rules.references import parse_reference
from rumdoh.intake.access import visible_tips
from rumdoh.intake.models import Tip
from rumdoh.labour.choices import InspectionStatus
from rumdoh.labour.models import (
    Complaint,
    ComplaintReferral,
    ConductAssessment,
    ConductPrinciple,
    Inspection,
    PreventionActivity,
    RecruitmentAgency,
    Worksite,
    WorksiteOperation,
    WorksiteTip,
)
from rumdoh.labour.rules import licences, risk
from rumdoh.labour.rules.complaints import CRIME_INDICATED
from rumdoh.operations.access import visible_operations
from rumdoh.operations.models import Kind as OperationKind
from rumdoh.operations.models import Operation
from rumdoh.screening.models import ScreeningRecord

# A source of risk: given worksite ids, a count per id. Intake's tips and operations' raids name
# no worksite: a labour user links them to one (WorksiteTip, WorksiteOperation) and the sources
# below count the links. An app above labour may register more.
RiskSource = Callable[[list[int]], dict[int, int]]
RISK_SOURCES: dict[str, RiskSource] = {}


def register_risk_source(name: str, source: RiskSource) -> None:
    RISK_SOURCES[name] = source


def _counts(rows: QuerySet[Any], key: str) -> dict[int, int]:
    return {row["pk"]: row[key] for row in rows}


def _complaints(ids: list[int]) -> dict[int, int]:
    rows = Worksite.objects.filter(pk__in=ids).annotate(n=Count("complaints", distinct=True))
    return _counts(rows.values("pk", "n"), "n")


def _crime(ids: list[int]) -> dict[int, int]:
    crime = Q(complaints__screenings__determination__in=CRIME_INDICATED) | Q(
        complaints__complainant__screenings__determination__in=CRIME_INDICATED
    )
    rows = Worksite.objects.filter(pk__in=ids).annotate(
        n=Count("complaints", filter=crime, distinct=True)
    )
    return _counts(rows.values("pk", "n"), "n")


def _cases(ids: list[int]) -> dict[int, int]:
    rows = Worksite.objects.filter(pk__in=ids).annotate(n=Count("criminal_cases", distinct=True))
    return _counts(rows.values("pk", "n"), "n")


def _findings(ids: list[int]) -> dict[int, int]:
    found = Q(inspections__violations_found=True)
    rows = Worksite.objects.filter(pk__in=ids).annotate(n=Count("inspections", filter=found))
    return _counts(rows.values("pk", "n"), "n")


def _tips(ids: list[int]) -> dict[int, int]:
    """Tips linked to the worksite (intake's tips name no worksite: a labour user links them)."""
    rows = Worksite.objects.filter(pk__in=ids).annotate(n=Count("tip_links", distinct=True))
    return _counts(rows.values("pk", "n"), "n")


def _raids(ids: list[int]) -> dict[int, int]:
    """Raids (operations of the raid kind) linked to the worksite."""
    raid = Q(operation_links__operation__kind=OperationKind.RAID)
    rows = Worksite.objects.filter(pk__in=ids).annotate(
        n=Count("operation_links", filter=raid, distinct=True)
    )
    return _counts(rows.values("pk", "n"), "n")


register_risk_source("complaints", _complaints)
register_risk_source("crime_indicated", _crime)
register_risk_source("criminal_cases", _cases)
register_risk_source("findings", _findings)
register_risk_source("tips", _tips)
register_risk_source("raids", _raids)


def risks(sites: Iterable[Worksite]) -> dict[int, risk.Risk]:
    """The risk of each worksite, every registered source counted."""
    sites = list(sites)
    ids = [s.pk for s in sites]
    by_source = {name: source(ids) for name, source in RISK_SOURCES.items()} if ids else {}
    return {
        s.pk: risk.risk(s.kind, {name: got.get(s.pk, 0) for name, got in by_source.items()})
        for s in sites
    }


def _referral_outstanding() -> Q:
    """``services.complaints.referral_outstanding`` in SQL: a crime indicated by a screening
    attached to the complaint or by one of its complainant's, and neither a referral nor a reason
    for none recorded."""
    crime = ScreeningRecord.objects.filter(
        Q(labour_complaints=OuterRef("pk")) | Q(person_id=OuterRef("complainant_id")),
        determination__in=CRIME_INDICATED,
    )
    referred = ComplaintReferral.objects.filter(complaint=OuterRef("pk"))
    return Q(Exists(crime)) & ~Q(Exists(referred)) & Q(no_referral_reason="")


def with_referral_outstanding(rows: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """``rows`` annotated with ``outstanding``, what ``referral_outstanding`` would answer for
    each, so that a list says it without a query per complaint."""
    return rows.annotate(
        outstanding=ExpressionWrapper(_referral_outstanding(), output_field=BooleanField())
    )


def filtered_complaints(
    rows: QuerySet[Complaint], *, q: str = "", stage: str = "", referral: str = ""
) -> QuerySet[Complaint]:
    """``rows`` narrowed by the filters of the complaint list (``ComplaintFilterForm``'s cleaned
    data), newest filing first: ``q`` an LC-number, however typed (any other text finds none),
    ``stage`` as stored, and ``referral`` ``outstanding``: a crime indicated by a screening of
    the complaint or of its complainant, and neither a referral nor a reason for none."""
    if q.strip():
        number = parse_reference(q, "LC")
        rows = rows.filter(pk=number) if number else rows.none()
    if stage:
        rows = rows.filter(stage=stage)
    if referral == "outstanding":
        rows = rows.filter(_referral_outstanding())
    return rows.order_by("-filed_on", "-id")


def filtered_recruiters(
    rows: QuerySet[RecruitmentAgency], *, q: str = "", province: str = ""
) -> QuerySet[RecruitmentAgency]:
    """``rows`` narrowed by the filters of the recruiter list (``RecruiterFilterForm``'s cleaned
    data), by name: ``q`` part of the name in Latin or Khmer letters, or the whole licence
    number however typed (read as ``licences.licence_key``: ``pra0101``, ``PRA 0101`` and
    ``PRA-0101`` find the holder of ``PRA-0101``), and ``province`` as stored."""
    text = q.strip()
    if text:
        key = licences.licence_key(text)
        number = Q(licence_key=key) if key else Q(pk__in=[])
        rows = rows.filter(Q(name__icontains=text) | Q(name_km__icontains=text) | number)
    if province:
        rows = rows.filter(province=province)
    return rows.order_by("name", "id")


def recruiters(text: str = "", province: str = "") -> QuerySet[RecruitmentAgency]:
    """Recruitment agencies by name or licence number (and province), their sanctions fetched
    once for all of them: a list shows each agency's licence status without a query per row."""
    rows = RecruitmentAgency.objects.prefetch_related("sanctions")
    return filtered_recruiters(rows, q=text.strip()[:100], province=province)


def filtered_worksites(
    rows: QuerySet[Worksite], *, q: str = "", kind: str = "", province: str = ""
) -> QuerySet[Worksite]:
    """``rows`` narrowed by the filters of the worksite list (``WorksiteFilterForm``'s cleaned
    data), by name: ``q`` part of the name, ``kind`` and ``province`` as stored."""
    text = q.strip()
    if text:
        rows = rows.filter(name__icontains=text)
    if kind:
        rows = rows.filter(kind=kind)
    if province:
        rows = rows.filter(province=province)
    return rows.order_by("name", "id")


def filtered_inspections(
    rows: QuerySet[Inspection],
    *,
    q: str = "",
    status: str = "",
    province: str = "",
    violations: str = "",
    follow_up: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Inspection]:
    """``rows`` (the inspections a user sees) narrowed by the filters of the inspection list
    (``InspectionFilterForm``'s cleaned data), latest planned first: ``q`` part of the
    worksite's name or an IN-number, however typed, ``status`` as stored, ``province`` the
    worksite's, ``violations`` ``yes`` (found) or ``no`` (carried out, none found),
    ``follow_up`` ``overdue`` (due before today, and no inspection of the worksite among
    ``rows`` carried out after this one), and the planned days from ``since`` until
    ``until``."""
    seen = rows
    text = q.strip()
    if text:
        found = Q(worksite__name__icontains=text)
        number = parse_reference(text, "IN")
        if number:
            found |= Q(pk=number)
        rows = rows.filter(found)
    if status:
        rows = rows.filter(status=status)
    if province:
        rows = rows.filter(worksite__province=province)
    if violations == "yes":
        rows = rows.filter(violations_found=True)
    elif violations == "no":
        rows = rows.filter(status=InspectionStatus.DONE, violations_found=False)
    if follow_up == "overdue":
        # The return visit: a later inspection of the same worksite, carried out, that the
        # reader sees (a plan sealed from them does not clear the follow-up on their list).
        again = seen.filter(
            worksite_id=OuterRef("worksite_id"),
            status=InspectionStatus.DONE,
            carried_out_on__gt=OuterRef("carried_out_on"),
        )
        rows = rows.filter(~Exists(again), follow_up_due__lt=timezone.localdate())
    rows = within(rows, "planned_for", since, until)
    return rows.order_by("-planned_for", "-id")


def filtered_preventions(
    rows: QuerySet[PreventionActivity],
    *,
    q: str = "",
    kind: str = "",
    province: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[PreventionActivity]:
    """``rows`` narrowed by the filters of the prevention list (``PreventionFilterForm``'s
    cleaned data), latest held first: ``q`` part of the title, ``kind`` and ``province`` as
    stored, and the days held from ``since`` until ``until``."""
    text = q.strip()
    if text:
        rows = rows.filter(title__icontains=text)
    if kind:
        rows = rows.filter(kind=kind)
    if province:
        rows = rows.filter(province=province)
    rows = within(rows, "held_on", since, until)
    return rows.order_by("-held_on", "-id")


def prevention_totals(year: int | None = None) -> list[dict[str, Any]]:
    """Participants by kind and province (and sex), for the national report."""
    rows = PreventionActivity.objects.all()
    if year:
        rows = rows.filter(held_on__year=year)
    found = (
        rows.values("kind", "province")
        .annotate(sessions=Sum("sessions"), women=Sum("women"), men=Sum("men"))
        .order_by("kind", "province")
    )
    return [dict(row) for row in found]


def principles_in_force() -> QuerySet[ConductPrinciple]:
    return ConductPrinciple.objects.filter(active=True)


def code_of_conduct(
    agency: RecruitmentAgency, language: str | None
) -> list[tuple[ConductPrinciple, str, ConductAssessment | None]]:
    """Each principle in force, in the reader's language, with the agency's latest finding on it
    (and any principle no longer in force that the agency was assessed on)."""
    latest: dict[int, ConductAssessment] = {}
    for found in agency.assessments.order_by("-assessed_on", "-id"):
        latest.setdefault(found.principle_id, found)
    rows = ConductPrinciple.objects.filter(Q(active=True) | Q(pk__in=list(latest)))
    return [(p, p.wording(language), latest.get(p.pk)) for p in rows]


def worksite_links(user: User, site: Worksite) -> tuple[list[Tip], list[Operation]]:
    """The tips and operations linked to the worksite that the user may open; the others count
    in the risk but are not named to the user."""
    tips = visible_tips(user).filter(pk__in=site.tip_links.values("tip_id")).order_by("-pk")
    operations = visible_operations(user).filter(pk__in=site.operation_links.values("operation_id"))
    return list(tips), list(operations.order_by("-held_on", "-pk"))


def worksite_unseen(
    user: User, site: Worksite, tips: list[Tip], operations: list[Operation]
) -> dict[str, int]:
    """How many linked tips and operations the user may not open, told apart: those of the
    user's own agency (which the user's role does not open) and those of other agencies."""
    mine = user.agency_id or 0
    own_tips = site.tip_links.filter(
        Q(tip__recording_agency_id=mine) | Q(tip__assigned_agency_id=mine)
    ).count()
    own_operations = (
        site.operation_links.filter(
            Q(operation__lead_agency_id=mine) | Q(operation__agencies__id=mine)
        )
        .values("operation_id")
        .distinct()
        .count()
    )
    return {
        "own_tips": own_tips - len(tips),
        "other_tips": site.tip_links.count() - own_tips,
        "own_operations": own_operations - len(operations),
        "other_operations": site.operation_links.count() - own_operations,
    }


def worksite_link_ids(user: User, site_ids: list[int]) -> dict[int, tuple[list[int], list[int]]]:
    """For each worksite, the ids of its linked tips and operations the user may open (two
    queries for any number of worksites)."""
    found: dict[int, tuple[list[int], list[int]]] = {pk: ([], []) for pk in site_ids}
    tip_rows = WorksiteTip.objects.filter(
        worksite_id__in=site_ids, tip__in=visible_tips(user)
    ).order_by("-tip_id")
    for site_id, tip_id in tip_rows.values_list("worksite_id", "tip_id"):
        found[site_id][0].append(tip_id)
    operation_rows = WorksiteOperation.objects.filter(
        worksite_id__in=site_ids, operation__in=visible_operations(user)
    ).order_by("-operation__held_on", "-operation_id")
    for site_id, operation_id in operation_rows.values_list("worksite_id", "operation_id"):
        found[site_id][1].append(operation_id)
    return found


def licence_history(agency: RecruitmentAgency) -> list[dict[str, Any]]:
    """The licence's history for staff, oldest first: each issue, renewal and correction of its
    dates (with the dates before), each sanction, and each lift and withdrawal of one (with its
    reason). ``event`` names the step; ``on`` is the day it took effect, or was recorded."""

    def step(on: date, event: str, reason: str = "", **found: Any) -> dict[str, Any]:
        return {"on": on, "event": event, "reason": reason, "term": None, "sanction": None} | found

    rows = []
    for term in agency.licence_terms.all():
        on = term.issued_on if term.kind == "issued" else timezone.localdate(term.recorded_at)
        rows.append(step(on, term.kind, term=term))
    for s in agency.sanctions.all():
        rows.append(step(s.starts_on, "sanctioned", s.grounds, sanction=s))
        if s.lifted_on is not None:
            rows.append(step(s.lifted_on, "lifted", s.lift_reason, sanction=s))
        if s.withdrawn_at is not None:
            withdrawn_on = timezone.localdate(s.withdrawn_at)
            rows.append(step(withdrawn_on, "withdrawn", s.withdrawal_reason, sanction=s))
    order = {"issued": 0, "renewed": 1, "corrected": 1, "sanctioned": 2, "lifted": 3}
    return sorted(rows, key=lambda r: (r["on"], order.get(r["event"], 4)))
