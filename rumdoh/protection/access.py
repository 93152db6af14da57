"""Who sees which protection record. Fails closed: no visible person, no record.

- Identifications: anyone who may see the person.
- Referrals: the referring agency and the provider's agency, and agencies that see the whole
  record of the person (its owner and partners the person consented to share with).
- Cases: the owning agency, and agencies that see the whole record of the person.
An agency that sees the person only because it received a referral sees just that referral and
the cases it owns itself.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from rumdoh.accounts.models import User
from rumdoh.people.access import visible_persons
from rumdoh.people.models import AccessSource, PersonAccess
from rumdoh.protection.models import (
    Identification,
    ProtectionCase,
    Referral,
    ServiceProvider,
)


def full_record_person_ids(user: User) -> QuerySet[PersonAccess]:
    """Persons whose whole record the user's agency may see (owner or consent to share)."""
    return PersonAccess.objects.filter(
        agency_id=user.agency_id,
        revoked_at__isnull=True,
        source__in=[AccessSource.OWNER, AccessSource.CONSENT],
    ).values("person_id")


def visible_identifications(user: User) -> QuerySet[Identification]:
    return Identification.objects.filter(person__in=visible_persons(user))


def visible_referrals(user: User) -> QuerySet[Referral]:
    mine = Q(referring_agency_id=user.agency_id) | Q(provider__agency_id=user.agency_id)
    shared = Q(person_id__in=full_record_person_ids(user))
    return Referral.objects.filter(person__in=visible_persons(user)).filter(mine | shared)


def visible_cases(user: User) -> QuerySet[ProtectionCase]:
    mine = Q(agency_id=user.agency_id)
    shared = Q(person_id__in=full_record_person_ids(user))
    return ProtectionCase.objects.filter(person__in=visible_persons(user)).filter(mine | shared)


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


def owns_case(user: User, case: ProtectionCase) -> bool:
    return user.agency_id is not None and case.agency_id == user.agency_id


def answers_referral(user: User, referral: Referral) -> bool:
    return user.agency_id is not None and referral.provider.agency_id == user.agency_id


def made_referral(user: User, referral: Referral) -> bool:
    return user.agency_id is not None and referral.referring_agency_id == user.agency_id


def manages_provider(user: User, provider: ServiceProvider) -> bool:
    return user.agency_id is not None and provider.agency_id == user.agency_id
