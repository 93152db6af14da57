"""Who may see and handle which tip. Every read goes through here; it fails closed.

A tip is seen by the agency that recorded it and by the agency it is assigned to, by their users
who record or supervise tips. It is handled (triaged, assigned on, closed) by the agency holding
it: the one assigned, else the one that recorded it. A public report is assigned when received.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from rumdoh.accounts.models import FIELD_AGENCY_KINDS, Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.intake.choices import Outcome
from rumdoh.intake.models import Tip, public_report_agency
from rumdoh.justice.access import has_justice_role
from rumdoh.operations.access import may_read as may_read_operations
from rumdoh.people.access import may_see_persons

TIP_CAPABILITIES = (C.RECORD_TIPS, C.SUPERVISE_TIPS)

NOT_A_TIP_HOLDER = gettext_lazy(
    "A tip can be assigned only to an agency that acts on tips: police or gendarmerie, "
    "immigration, social affairs, labour, a transit centre or an NGO; not a court, a "
    "prosecutor, an embassy, a committee or an international organisation."
)


def tip_holders() -> QuerySet[Agency]:
    """The agencies a tip may be assigned to: active, and of a kind that acts on tips."""
    return Agency.objects.filter(is_active=True, kind__in=FIELD_AGENCY_KINDS).order_by("name")


def works_with_tips(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.agency_id is not None
        and any(user.can(c) for c in TIP_CAPABILITIES)
    )


def visible_tips(user: User) -> QuerySet[Tip]:
    if not works_with_tips(user):
        return Tip.objects.none()
    seen = Q(recording_agency_id=user.agency_id) | Q(assigned_agency_id=user.agency_id)
    receiver = public_report_agency()
    if receiver is not None and receiver.pk == user.agency_id:
        # Public reports whose assigned agency no longer acts on tips (closed, or refused as a
        # court or an embassy) have no recorder to go back to: they are with this agency.
        seen |= Q(recording_agency__isnull=True) & (
            Q(assigned_agency__is_active=False) | ~Q(assigned_agency__kind__in=FIELD_AGENCY_KINDS)
        )
    return Tip.objects.filter(seen).select_related("assigned_agency", "recording_agency")


def get_tip_for_user(user: User, pk: int | str) -> Tip:
    """The tip, or 404: the same answer whether it does not exist or may not be seen."""
    try:
        return (
            visible_tips(user)
            .select_related(
                "recording_agency",
                "assigned_agency",
                "recorded_by",
                "person",
                "screening",
                "criminal_case",
            )
            .get(pk=int(pk))
        )
    except (Tip.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def holds(user: User, tip: Tip) -> bool:
    """The user's agency holds the tip and the user works with tips."""
    return works_with_tips(user) and tip.holder_id == user.agency_id


def outcomes_for(user: User) -> list[str]:
    """The outcomes the user's role may record: a tip is linked only to a record the user sees
    (``services.record_outcome``), so an outcome whose records the role sees none of is not
    offered. Each kind asks what its own access module asks of a role: a screening, the right to
    screen or to see persons (``screening.access``); an identification, to see persons
    (``protection.access``); a criminal case, a justice role or to see persons or manage cases
    (``justice.access``); an operation, to read operations (``operations.access``). A hotline
    operator, who sees none of them, closes a tip with no action or assigns it on."""
    may = {
        Outcome.NO_ACTION: True,
        Outcome.SCREENING: user.can(C.SCREEN) or may_see_persons(user),
        Outcome.IDENTIFICATION: may_see_persons(user),
        Outcome.CRIMINAL_CASE: has_justice_role(user)
        or may_see_persons(user)
        or user.can(C.MANAGE_CASES),
        Outcome.OPERATION: may_read_operations(user),
    }
    return [outcome for outcome in Outcome.values if may[Outcome(outcome)]]
