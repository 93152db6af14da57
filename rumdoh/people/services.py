"""Every change to a person or a consent: atomic, audited, one function per change."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import Agency, User
from rumdoh.core.crypto import blind_index
from rumdoh.core.keys import index_key
from rumdoh.core.pagination import COUNT_CAP
from rumdoh.people import names
from rumdoh.people.models import (
    AccessSource,
    Consent,
    ConsentScope,
    IdentityDocument,
    Person,
    PersonAccess,
    PersonSearchKey,
)

PERSON_FIELDS = [
    "given_name",
    "family_name",
    "name_km",
    "aliases",
    "sex",
    "date_of_birth",
    "birth_year",
    "age_precision",
    "nationality",
    "languages",
    "phone",
    "village",
    "commune",
    "district",
    "province",
    "foreign_address",
]


class StaleEdit(Exception):
    """Someone else changed the record since it was opened; nothing was overwritten."""


def name_index(value: str) -> str:
    return blind_index(index_key(), value, "name")


def phone_index(value: str) -> str:
    return blind_index(index_key(), names.normalise_phone(value), "phone")


def document_index(value: str) -> str:
    return blind_index(index_key(), names.normalise_document(value), "document")


def person_keys(person: Person) -> set[str]:
    keys = {name_index(k) for k in names.search_keys(person.given_name, person.family_name)}
    keys |= {name_index(k) for k in names.search_keys(person.name_km)}
    for alias in person.aliases or []:
        keys |= {name_index(k) for k in names.search_keys(alias)}
    if names.normalise_phone(person.phone):
        keys.add(phone_index(person.phone))
    for doc in person.documents.all() if person.pk else []:
        keys.add(document_index(doc.number))
    return keys


def linkage_key(person: Person) -> str:
    full = names.full_name_key(person.given_name, person.family_name) or person.name_km
    if not full:
        return ""
    return blind_index(index_key(), f"{full}|{person.birth_year or ''}|{person.sex}", "link")


def _derive(person: Person) -> None:
    if person.date_of_birth and not person.birth_year:
        person.birth_year = date.fromisoformat(str(person.date_of_birth)).year
    person.person_key = linkage_key(person)


def reindex(person: Person) -> None:
    PersonSearchKey.objects.filter(person=person).delete()
    PersonSearchKey.objects.bulk_create(
        [PersonSearchKey(person=person, key=k) for k in sorted(person_keys(person))]
    )


@transaction.atomic
def create_person(user: User, data: dict[str, Any], request: HttpRequest | None = None) -> Person:
    if user.agency is None:
        raise PermissionError(_("Only staff of an agency can record a person."))
    person = Person(owner_agency=user.agency, created_by=user)
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    _derive(person)
    person.save()
    PersonAccess.objects.create(person=person, agency=user.agency, source=AccessSource.OWNER)
    reindex(person)
    log_action(
        "person.created",
        user=user,
        request=request,
        obj=person,
        person_id=person.pk,
        data={"fields": sorted(k for k in data if k in PERSON_FIELDS)},
    )
    return person


def require_owner(user: User, person: Person) -> None:
    """Only the agency that recorded a person changes the record, its documents and consents.

    A partner that may read the record must not widen who else can read it.
    """
    if user.agency_id is None or person.owner_agency_id != user.agency_id:
        raise PermissionDenied(_("Only the agency that recorded this person can change it."))


@transaction.atomic
def update_person(
    user: User,
    person: Person,
    data: dict[str, Any],
    *,
    expected_version: int,
    request: HttpRequest | None = None,
) -> Person:
    """Apply changes if nobody saved the record in between (optimistic concurrency)."""
    require_owner(user, person)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise StaleEdit
    changed = [f for f in PERSON_FIELDS if f in data and getattr(current, f) != data[f]]
    for field in changed:
        setattr(current, field, data[field])
    current.version += 1
    _derive(current)
    current.save()
    reindex(current)
    log_action(
        "person.changed",
        user=user,
        request=request,
        obj=current,
        person_id=current.pk,
        data={"fields": changed},
    )
    return current


@transaction.atomic
def add_document(
    user: User, person: Person, data: dict[str, Any], request: HttpRequest | None = None
) -> IdentityDocument:
    require_owner(user, person)
    doc = IdentityDocument.objects.create(person=person, **data)
    PersonSearchKey.objects.get_or_create(person=person, key=document_index(doc.number))
    log_action(
        "person.document_added",
        user=user,
        request=request,
        obj=doc,
        person_id=person.pk,
        data={"kind": doc.kind},
    )
    return doc


@transaction.atomic
def record_consent(
    user: User,
    person: Person,
    *,
    scope: str,
    method: str,
    given_on: date,
    agency: Agency | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    require_owner(user, person)
    if scope == ConsentScope.SHARE and agency is None:
        raise ValueError(_("Consent to share must name the agency."))
    consent = Consent.objects.create(
        person=person,
        scope=scope,
        method=method,
        given_on=given_on,
        agency=agency if scope == ConsentScope.SHARE else None,
        recorded_by=user,
    )
    if scope == ConsentScope.SHARE and agency is not None:
        PersonAccess.objects.create(
            person=person, agency=agency, source=AccessSource.CONSENT, source_id=consent.pk
        )
    log_action(
        "consent.recorded",
        user=user,
        request=request,
        obj=consent,
        person_id=person.pk,
        data={"scope": scope, "agency": agency.pk if agency else None},
    )
    return consent


@transaction.atomic
def withdraw_consent(
    user: User, consent: Consent, *, reason: str = "", request: HttpRequest | None = None
) -> Consent:
    if consent.withdrawn_at is not None:
        return consent
    now = timezone.now()
    consent.withdrawn_at = now
    consent.withdrawn_by = user
    consent.withdrawal_reason = reason
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    if consent.scope == ConsentScope.SHARE:
        PersonAccess.objects.filter(
            person_id=consent.person_id, source=AccessSource.CONSENT, source_id=consent.pk
        ).update(revoked_at=now)
    log_action(
        "consent.withdrawn",
        user=user,
        request=request,
        obj=consent,
        person_id=consent.person_id,
        reason=reason,
        data={"scope": consent.scope},
    )
    return consent


def has_consent(person: Person, scope: str, agency: Agency | None = None) -> bool:
    consents = Consent.objects.filter(person=person, scope=scope, withdrawn_at__isnull=True)
    if agency is not None and scope == ConsentScope.SHARE:
        consents = consents.filter(agency=agency)
    return consents.exists()


@transaction.atomic
def grant_referral_access(person: Person, agency: Agency, referral_id: int) -> None:
    """A provider that receives a referral may see the person it is asked to help."""
    PersonAccess.objects.get_or_create(
        person=person, agency=agency, source=AccessSource.REFERRAL, source_id=referral_id
    )


def revoke_referral_access(person_id: int, referral_id: int) -> None:
    """A provider that declined, or whose referral was withdrawn, no longer sees the person."""
    PersonAccess.objects.filter(
        person_id=person_id,
        source=AccessSource.REFERRAL,
        source_id=referral_id,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())


def search_persons(queryset: Any, text: str) -> Any:
    """Narrow ``queryset`` to persons whose name, alias, phone or document matches ``text``.

    Every word must match a stored name key, allowing for words written apart that are stored
    together ("Srey Mom" finds "Sreymom"); a phone or document number matches exactly.
    """
    text = text.strip()
    if not text:
        return queryset
    if text.upper().startswith("P-") and text[2:].isdigit():
        return queryset.filter(pk=int(text[2:]))
    # One grouped pass over the search keys (an index scan), not one IN-subquery per word: an OR
    # of IN-subqueries makes PostgreSQL scan every person, which at a million persons is slow.
    exact = sorted({phone_index(text), document_index(text)})
    conditions = Q(exact__gt=0)
    counts: dict[str, Count] = {"exact": Count("key", filter=Q(key__in=exact))}
    wanted = set(exact)
    for n, parts in enumerate(names.segmentations(names.name_tokens(text))):
        keys = sorted({name_index(part) for part in parts})
        if not keys:
            continue
        wanted |= set(keys)
        counts[f"seg{n}"] = Count("key", filter=Q(key__in=keys))
        conditions |= Q(**{f"seg{n}": len(keys)})
    # A person holds each key once (unique_search_key), so plain counts equal distinct counts and
    # the database can hash instead of sort.
    matching = (
        PersonSearchKey.objects.filter(key__in=sorted(wanted))
        .values("person_id")
        .annotate(**counts)
        .filter(conditions)
        .values("person_id")
    )
    # Resolve the match once, newest first and capped, so the page and its count reuse it instead
    # of grouping the keys again for each.
    found = queryset.filter(id__in=matching).order_by("-id").values_list("id", flat=True)
    return queryset.filter(id__in=list(found[: COUNT_CAP + 1]))
