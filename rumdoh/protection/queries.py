"""Read helpers the protection list pages and the API share: one function per list, so that a
filter narrows the page and the API alike."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rumdoh.accounts.models import User
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.core.rules.references import parse_reference
from rumdoh.protection import access
from rumdoh.protection.models import ProtectionCase, Referral, ServiceProvider

# The values of the case list's ``scope``: the agency's own cases (the page's default), other
# agencies' cases of persons shared with it, or every case it may see (the API's default).
AGENCY, SHARED, EVERY = "agency", "shared", ""


def record_or_person(text: str, prefix: str) -> Q:
    """The rows a typed number names in a list of records of the kind ``prefix`` (``"C"`` for
    ``C-000012``) that each belong to a person: a reference with that prefix names the record
    alone, a P-number the person's records alone, and a number without a prefix either. Any other
    text names none."""
    record = parse_reference(text, prefix, prefix_required=True)
    if record is not None:
        return Q(pk=record)
    person = parse_person_number(text, prefix_required=True)
    if person is not None:
        return Q(person_id=person)
    number = parse_reference(text, prefix)
    if number is not None:
        return Q(pk=number) | Q(person_id=number)
    return Q(pk__in=[])


def filtered_providers(
    providers: QuerySet[ServiceProvider],
    *,
    q: str = "",
    service: str = "",
    province: str = "",
    with_places: bool = False,
) -> QuerySet[ServiceProvider]:
    """``providers`` narrowed by the filters of the provider directory (``ProviderFilterForm``'s
    cleaned data), by name: ``q`` a part of the provider's name or of its agency's (in either
    language), ``service`` one it offers, ``province`` as stored, ``with_places`` those with a
    free place. The caller joins what it shows (``select_related``) to the answer, not to
    ``providers``: the service filter reads the providers' lists alone."""
    if q:
        names = Q(name__icontains=q) | Q(name_km__icontains=q)
        agency = Q(agency__name__icontains=q) | Q(agency__name_km__icontains=q)
        providers = providers.filter(names | agency)
    if province:
        providers = providers.filter(province=province)
    if with_places:
        providers = providers.filter(free_places__gt=0)
    if service:
        # The services are a JSON list, which SQLite cannot search: one query reads the lists.
        ids = [p.pk for p in providers.only("pk", "services") if service in p.services]
        providers = providers.filter(pk__in=ids)
    return providers.order_by("name", "id")


def filtered_referrals(
    user: User, *, q: str = "", direction: str = "", status: str = ""
) -> QuerySet[Referral]:
    """The referrals ``user`` sees, newest first, narrowed by the filters of the referral list
    (``ReferralFilterForm``'s cleaned data): ``q`` an R-number (that referral), a P-number (that
    person's referrals) or a bare number (either), ``direction`` ``received`` or ``made`` by the
    user's agency, ``status`` as stored."""
    referrals = access.visible_referrals(user)
    if direction == "received":
        referrals = referrals.filter(provider__agency_id=user.agency_key)
    elif direction == "made":
        referrals = referrals.filter(referring_agency_id=user.agency_key)
    if status:
        referrals = referrals.filter(status=status)
    if q:
        referrals = referrals.filter(record_or_person(q, "R"))
    return referrals.order_by("-created_at", "-id")


def filtered_cases(
    user: User,
    *,
    scope: str = AGENCY,
    q: str = "",
    stage: str = "",
    state: str = "",
    mine: bool = False,
) -> QuerySet[ProtectionCase]:
    """The cases ``user`` sees in ``scope``, newest first, narrowed by the filters of the case
    list (``CaseFilterForm``'s cleaned data): ``q`` a C-number (that case), a P-number (that
    person's cases) or a bare number (either), ``stage`` as stored, ``state`` ``open`` or
    ``closed``, ``mine`` those ``user`` works.

    ``scope`` is ``AGENCY`` (the agency's own cases: its work list), ``SHARED`` (other agencies'
    cases of persons shared with it) or ``EVERY`` (both). The page lists one of the first two:
    separate lists keep each one a fast index walk."""
    if scope == SHARED:
        cases = access.shared_cases(user)
    elif scope == AGENCY:
        cases = access.agency_cases(user)
    else:
        cases = access.visible_cases(user)
    if stage:
        cases = cases.filter(stage=stage)
    if state:
        cases = cases.filter(closed_at__isnull=state == "open")
    if mine:
        cases = cases.filter(case_worker=user)
    if q:
        cases = cases.filter(record_or_person(q, "C"))
    return cases.order_by("-opened_at", "-id")
