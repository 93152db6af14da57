"""Who may see which person. Everything that reads a person goes through here; it fails closed."""

from collections.abc import Iterable, Mapping

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.people.models import AccessSource, Person, PersonAccess

# The grounds on which an agency sees a person's whole record: it recorded the person, or the
# person consented to share with it. A referral or a request for identification shows the
# person, not the whole record.
WHOLE_RECORD = (AccessSource.OWNER, AccessSource.CONSENT)


def visible_person_ids(user: User) -> QuerySet[PersonAccess, Mapping[str, object]]:
    return PersonAccess.objects.filter(agency_id=user.agency_key, revoked_at__isnull=True).values(
        "person_id"
    )


def granted(user: User, *sources: str, person: str = "person_id") -> Exists:
    """The row's person (the outer field ``person``) has an active grant for the user's agency,
    of these sources (any source if none). A correlated EXISTS lets the database probe the
    (agency, person) index for the few rows a page asks about, instead of hashing every grant
    the agency holds."""
    grants = PersonAccess.objects.filter(
        person_id=OuterRef(person), agency_id=user.agency_key, revoked_at__isnull=True
    )
    if sources:
        grants = grants.filter(source__in=sources)
    return Exists(grants)


def may_see_persons(user: User) -> bool:
    """The user's role and agency allow seeing persons at all."""
    return bool(
        user.is_authenticated and user.agency_id is not None and user.can(Capability.VIEW_PERSONS)
    )


def visible_persons(user: User) -> QuerySet[Person]:
    if not may_see_persons(user):
        return Person.objects.none()
    return Person.objects.filter(granted(user, person="pk"))


def whole_record_persons(user: User) -> QuerySet[Person]:
    """Persons whose whole record the user's agency sees (see ``WHOLE_RECORD``)."""
    if not may_see_persons(user):
        return Person.objects.none()
    return Person.objects.filter(granted(user, *WHOLE_RECORD, person="pk"))


def _get(persons: QuerySet[Person], person_id: int | str) -> Person:
    try:
        return persons.get(pk=int(person_id))
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_person_for_user(user: User, person_id: int | str) -> Person:
    """The person, or 404 — the same answer whether it does not exist or may not be seen."""
    return _get(visible_persons(user), person_id)


def get_whole_record_for_user(user: User, person_id: int | str) -> Person:
    """The person, or 404 unless the user's agency sees the whole record (``WHOLE_RECORD``)."""
    return _get(whole_record_persons(user), person_id)


def owns_person(user: User, person: Person) -> bool:
    """The user's agency recorded the person."""
    return user.agency_id is not None and person.owner_agency_id == user.agency_id


def may_change_person(user: User, person: Person) -> bool:
    """The record, its documents, consents and files are changed by the agency that recorded
    the person, by those of its users who record persons."""
    return user.can(Capability.RECORD_PERSONS) and owns_person(user, person)


def sees_whole_record(user: User, person: Person) -> bool:
    """The user's agency sees the whole record (``WHOLE_RECORD``) of a person already fetched;
    asks whether it may, without reading the person again."""
    return whole_record_persons(user).filter(pk=person.pk).exists()


def can_see(user: User, person_id: int) -> bool:
    return visible_persons(user).filter(pk=person_id).exists()


def reveal_names(user: User, persons: Iterable[Person | None]) -> set[int]:
    """Mark which of ``persons`` the user may see by name; return their ids.

    Pages of other apps (a criminal case, an order, a worksheet) list persons that the reader's
    agency does not always see: a prosecutor's office the victim never agreed to share with, say.
    Those show by number only. A person never marked shows by number too: it fails closed.
    """
    found = [p for p in persons if p is not None]
    wanted = {p.pk for p in found}
    shown = set(visible_persons(user).filter(pk__in=wanted).values_list("pk", flat=True))
    for person in found:
        person.name_shown = person.pk in shown  # type: ignore[attr-defined]
    return shown
