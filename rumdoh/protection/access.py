"""Who sees which protection record. Fails closed: no visible person, no record.

- Identifications: anyone who may see the person.
- Referrals: the referring agency and the provider's agency, and agencies that see the whole
  record of the person (its owner and partners the person consented to share with).
- Cases: the owning agency, and agencies that see the whole record of the person.
An agency that sees the person only because it received a referral sees just that referral and
the cases it owns itself.
"""

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.people.access import WHOLE_RECORD, granted, may_see_persons, visible_persons
from rumdoh.people.models import Person
from rumdoh.protection.choices import Designation
from rumdoh.protection.models import (
    Identification,
    ProtectionCase,
    Referral,
    ServiceProvider,
)

M = TypeVar("M", bound=Model)

# What the list pages ask of their reader: their views check it, and links to them ask the same.
CASE_LIST = (C.MANAGE_CASES,)
REFERRAL_LIST = (C.REFER, C.RESPOND_REFERRALS)


def visible_identifications(user: User) -> QuerySet[Identification]:
    return Identification.objects.filter(person__in=visible_persons(user))


def _visible(model: type[M], user: User, mine: Q) -> QuerySet[M]:
    """Rows that are the agency's own work on a person it sees, or of a person whose whole record
    it sees. Written as correlated EXISTS, not IN-lists: at a million persons PostgreSQL can then
    walk the newest rows by index and stop after a page instead of sorting every match.
    """
    if not may_see_persons(user):
        return model.objects.none()  # type: ignore[attr-defined, no-any-return]
    whole_record = granted(user, *WHOLE_RECORD)
    return model.objects.filter((mine & granted(user)) | Q(whole_record))  # type: ignore[attr-defined, no-any-return]


def visible_referrals(user: User) -> QuerySet[Referral]:
    mine = Q(referring_agency_id=user.agency_key) | Q(provider__agency_id=user.agency_key)
    return _visible(Referral, user, mine)


def visible_cases(user: User) -> QuerySet[ProtectionCase]:
    return _visible(ProtectionCase, user, Q(agency_id=user.agency_key))


def agency_cases(user: User) -> QuerySet[ProtectionCase]:
    """The agency's own cases, of persons it still sees: its work list."""
    if not may_see_persons(user):
        return ProtectionCase.objects.none()
    return ProtectionCase.objects.filter(agency_id=user.agency_key).filter(granted(user))


def shared_cases(user: User) -> QuerySet[ProtectionCase]:
    """Other agencies' cases of persons whose whole record the agency sees."""
    if not may_see_persons(user):
        return ProtectionCase.objects.none()
    whole_record = granted(user, *WHOLE_RECORD)
    return ProtectionCase.objects.exclude(agency_id=user.agency_key).filter(whole_record)


def _get(queryset: QuerySet, pk: int | str):  # type: ignore[no-untyped-def, type-arg]
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_identification_for_user(user: User, pk: int | str) -> Identification:
    return _get(visible_identifications(user), pk)  # type: ignore[no-any-return]


def get_referral_for_user(user: User, pk: int | str) -> Referral:
    queryset = visible_referrals(user).select_related("provider__agency", "person")
    return _get(queryset, pk)  # type: ignore[no-any-return]


def get_case_for_user(user: User, pk: int | str) -> ProtectionCase:
    queryset = visible_cases(user).select_related("person", "agency", "case_worker")
    return _get(queryset, pk)  # type: ignore[no-any-return]


def get_provider(pk: int | str) -> ServiceProvider:
    """The directory is not personal data: every signed-in agency user may read it."""
    return _get(ServiceProvider.objects.select_related("agency"), pk)  # type: ignore[no-any-return]


def may_identify(user: User) -> bool:
    """Eligible identifiers only: the role and the agency must both be eligible."""
    agency = user.agency
    return user.can(C.IDENTIFY) and agency is not None and agency.can_identify


def is_suspected_victim(person: Person) -> bool:
    """The person is formally identified as a suspected victim, by any agency."""
    return person.identifications.filter(designation=Designation.SUSPECTED).exists()


def owns_case(user: User, case: ProtectionCase) -> bool:
    return user.agency_id is not None and case.agency_id == user.agency_id


def may_change_case(user: User, case: ProtectionCase) -> bool:
    """The owning agency's case workers change a case while it is open."""
    return owns_case(user, case) and user.can(C.MANAGE_CASES) and case.is_open


def answers_referral(user: User, referral: Referral) -> bool:
    return user.agency_id is not None and referral.provider.agency_id == user.agency_id


def made_referral(user: User, referral: Referral) -> bool:
    return user.agency_id is not None and referral.referring_agency_id == user.agency_id


def manages_provider(user: User, provider: ServiceProvider) -> bool:
    return user.agency_id is not None and provider.agency_id == user.agency_id
