"""Who may see which person. Everything that reads a person goes through here; it fails closed."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from rumdoh.accounts.models import User
from rumdoh.accounts.roles import Capability
from rumdoh.people.models import Person, PersonAccess


def visible_person_ids(user: User) -> QuerySet[PersonAccess]:
    return PersonAccess.objects.filter(agency_id=user.agency_id, revoked_at__isnull=True).values(
        "person_id"
    )


def visible_persons(user: User) -> QuerySet[Person]:
    if not user.is_authenticated or user.agency_id is None:
        return Person.objects.none()
    if not user.can(Capability.VIEW_PERSONS):
        return Person.objects.none()
    # A correlated EXISTS lets the database probe the (agency, person) index for the few persons
    # a page or a search asks about, instead of hashing every grant the agency holds.
    grants = PersonAccess.objects.filter(
        person_id=OuterRef("pk"), agency_id=user.agency_id, revoked_at__isnull=True
    )
    return Person.objects.filter(Exists(grants))


def get_person_for_user(user: User, person_id: int | str) -> Person:
    """The person, or 404 — the same answer whether it does not exist or may not be seen."""
    try:
        return visible_persons(user).get(pk=int(person_id))
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


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
