"""Who sees which criminal case, and how much of it. Fails closed.

* **Participants** see the whole case: the police unit that opened it (and, for a unit
  supervisor, the units under their agency), the prosecutor's office and the court it was sent to,
  and those that held it before (the trial court once the appeal court has it). Their users need a
  justice capability (investigate, supervise, prosecute, record court). Only the present holders
  act (``actors``).
* **Feedback** agencies see the stage and the outcome, never the court's internal notes nor
  the suspects' names: the agencies working with a victim of the case within what the victim
  consented to — those that see the victim's whole record (the agency that recorded them and
  partners they agreed to share with), those with a protection case of the victim, and the agency
  that referred the case, as long as it may still see the victim.
* Everyone else gets 404, the same answer as for a case that does not exist.
"""

from collections.abc import Mapping

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import JUSTICE_CAPABILITIES
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.justice.models import CaseHolder, CaseVictim, CriminalCase
from rumdoh.justice.rules.transitions import Actor
from rumdoh.people.access import visible_person_ids, visible_persons
from rumdoh.people.models import AccessSource, Person, PersonAccess
from rumdoh.protection.models import ProtectionCase

# Who uses the justice pages and API: a role in the criminal process (police, prosecutor, court).
JUSTICE = tuple(sorted(JUSTICE_CAPABILITIES))
# The compensation calculator also serves the case workers and referrers of the victims.
CALCULATOR_USERS = (*JUSTICE, C.MANAGE_CASES, C.REFER)


def has_justice_role(user: User) -> bool:
    return any(user.can(c) for c in JUSTICE_CAPABILITIES)


def _participant_q(user: User) -> Q:
    agency = user.agency_key
    condition = (
        Q(police_agency_id=agency) | Q(prosecution_agency_id=agency) | Q(court_agency_id=agency)
    )
    if user.can(C.SUPERVISE_UNIT):
        condition |= Q(police_agency__parent_id=agency)
    if user.can(C.PROSECUTE) or user.can(C.RECORD_COURT):
        held = CaseHolder.objects.filter(case_id=OuterRef("pk"), agency_id=agency)
        condition |= Q(Exists(held))
    return condition


def participating_cases(user: User) -> QuerySet[CriminalCase]:
    if not user.is_authenticated or user.agency_id is None or not has_justice_role(user):
        return CriminalCase.objects.none()
    return CriminalCase.objects.filter(_participant_q(user))


def feedback_person_ids(user: User) -> QuerySet[PersonAccess, Mapping[str, object]]:
    """Victims whose criminal cases the user's agency hears back about."""
    full = Q(source__in=[AccessSource.OWNER, AccessSource.CONSENT])
    caring = Q(
        person_id__in=ProtectionCase.objects.filter(agency_id=user.agency_key).values("person_id")
    )
    return PersonAccess.objects.filter(
        full | caring, agency_id=user.agency_key, revoked_at__isnull=True
    ).values("person_id")


def feedback_cases(user: User) -> QuerySet[CriminalCase]:
    if not user.is_authenticated or user.agency_id is None:
        return CriminalCase.objects.none()
    if not (user.can(C.VIEW_PERSONS) or user.can(C.MANAGE_CASES)):
        return CriminalCase.objects.none()
    followed = CaseVictim.objects.filter(person_id__in=feedback_person_ids(user))
    referred = CaseVictim.objects.filter(
        case__referring_agency_id=user.agency_key, person_id__in=visible_person_ids(user)
    )
    return CriminalCase.objects.filter(
        Q(pk__in=followed.values("case_id")) | Q(pk__in=referred.values("case_id"))
    )


def visible_cases(user: User) -> QuerySet[CriminalCase]:
    participating = participating_cases(user).values("pk")
    followed = feedback_cases(user).values("pk")
    return CriminalCase.objects.filter(Q(pk__in=participating) | Q(pk__in=followed))


def _get(queryset: QuerySet[CriminalCase], pk: int | str) -> CriminalCase:
    try:
        return queryset.select_related(
            "police_agency", "prosecution_agency", "court_agency", "investigator", "prosecutor"
        ).get(pk=int(pk))
    except (CriminalCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_case_for_user(user: User, pk: int | str) -> CriminalCase:
    """A case the user may see at all (participant or feedback), else 404."""
    return _get(visible_cases(user), pk)


def get_participating_case(user: User, pk: int | str) -> CriminalCase:
    """A case the user's agency takes part in, else 404."""
    return _get(participating_cases(user), pk)


def actors(user: User, case: CriminalCase) -> frozenset[Actor]:
    """Which parts of the process the user plays in this case."""
    agency = user.agency_id
    if agency is None or not user.is_active:
        return frozenset()
    found: set[Actor] = set()
    police = agency == case.police_agency_id or (
        user.can(C.SUPERVISE_UNIT) and case.police_agency.parent_id == agency
    )
    if police and user.can(C.INVESTIGATE):
        found.add(Actor.POLICE)
    if agency == case.prosecution_agency_id and user.can(C.PROSECUTE):
        found.add(Actor.PROSECUTOR)
    if agency == case.court_agency_id and user.can(C.RECORD_COURT):
        found.add(Actor.COURT)
    return frozenset(found)


def is_participant(user: User, case: CriminalCase) -> bool:
    return participating_cases(user).filter(pk=case.pk).exists()


def reads_court_notes(user: User, case: CriminalCase) -> bool:
    """The internal notes of the prosecutor and the court: for the office and court holding the
    case, and those that held it before (their own notes are among them)."""
    if actors(user, case) & {Actor.PROSECUTOR, Actor.COURT}:
        return True
    if not (user.can(C.PROSECUTE) or user.can(C.RECORD_COURT)):
        return False
    return CaseHolder.objects.filter(case=case, agency_id=user.agency_key).exists()


def person_for_interviews(user: User, pk: int) -> Person:
    """A person the user may see, or a victim in a case the user's agency takes part in."""
    cases = participating_cases(user)
    victims = CaseVictim.objects.filter(case__in=cases).values("person_id")
    persons = Person.objects.filter(
        Q(pk__in=visible_persons(user).values("pk")) | Q(pk__in=victims)
    )
    return get_object_or_404(persons, pk=pk)
