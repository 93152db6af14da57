"""Who sees which labour record. Fails closed: anything else answers 404.

* Complaints: the labour department or Migrant Resource Centre that received the complaint
  (users who handle complaints), the complainant's case worker named on it, and the police unit or
  prosecutor's office it was referred to (read only).
* Recruitment agencies and worksites: their registers are open to every labour user; brokers'
  names to the licensing officers and labour inspectors only.
* Inspection plans: sealed to the team and whoever planned them until the planned date.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import JUSTICE_CAPABILITIES, LABOUR_CAPABILITIES
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.labour.models import Complaint, Inspection
from rumdoh.labour.rules.risk import plan_visible

LABOUR = tuple(sorted(LABOUR_CAPABILITIES))
COMPLAINT_READERS = (C.HANDLE_LABOUR_COMPLAINTS, C.MANAGE_CASES, *sorted(JUSTICE_CAPABILITIES))
REGISTER_USERS = (C.LICENSE_RECRUITERS, C.HANDLE_LABOUR_COMPLAINTS, C.PLAN_INSPECTIONS)


def visible_complaints(user: User) -> QuerySet[Complaint]:
    if not user.is_authenticated or user.agency_id is None:
        return Complaint.objects.none()
    condition = Q(pk__in=[])
    if user.can(C.HANDLE_LABOUR_COMPLAINTS):
        condition |= Q(agency_id=user.agency_id)
    if user.can(C.MANAGE_CASES):
        condition |= Q(case_worker=user)
    if any(user.can(c) for c in JUSTICE_CAPABILITIES):
        condition |= Q(referrals__to_agency_id=user.agency_id)
    return Complaint.objects.filter(condition).distinct()


def get_complaint(user: User, pk: object) -> Complaint:
    return get_object_or_404(visible_complaints(user), pk=pk)


def handles(user: User, complaint: Complaint) -> bool:
    """Whether the user acts on the complaint: a labour user of the receiving agency."""
    return user.can(C.HANDLE_LABOUR_COMPLAINTS) and complaint.agency_id == user.agency_id


def in_team(user: User, inspection: Inspection) -> bool:
    return inspection.planned_by_id == user.pk or inspection.team.filter(pk=user.pk).exists()


def visible_inspections(user: User) -> QuerySet[Inspection]:
    """Inspections of the user's agency: those dated today or before, and the plans the user is
    in the team of. A plan stays sealed from the rest until its date."""
    if not user.is_authenticated or not user.can(C.PLAN_INSPECTIONS):
        return Inspection.objects.none()
    today = timezone.localdate()
    team = Q(team=user) | Q(planned_by=user)
    rows = Inspection.objects.filter(agency_id=user.agency_key)
    return rows.filter(team | Q(planned_for__lte=today)).distinct()


def get_inspection(user: User, pk: object) -> Inspection:
    inspection = get_object_or_404(visible_inspections(user), pk=pk)
    assert plan_visible(in_team(user, inspection), inspection.planned_for, timezone.localdate())
    return inspection
