"""Who may see which screening. Every read goes through here; it fails closed.

A screening belongs to the agency that made it. A screening against a person is also visible to
agencies that can see that person; an anonymous screening only to the agency that made it.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.people.access import visible_person_ids
from rumdoh.people.models import Person
from rumdoh.screening.models import ScreeningRecord


def visible_screenings(user: User) -> QuerySet[ScreeningRecord]:
    if not user.is_authenticated or user.agency_id is None:
        return ScreeningRecord.objects.none()
    if not (user.can(Capability.SCREEN) or user.can(Capability.VIEW_PERSONS)):
        return ScreeningRecord.objects.none()
    allowed = Q(agency_id=user.agency_key)
    if user.can(Capability.VIEW_PERSONS):
        allowed |= Q(person__isnull=False, person_id__in=visible_person_ids(user))
    return ScreeningRecord.objects.filter(allowed)


def get_screening_for_user(user: User, pk: int | str) -> ScreeningRecord:
    """The screening, or 404: the same answer whether it does not exist or may not be seen."""
    try:
        return (
            visible_screenings(user).select_related("agency", "screener", "person").get(pk=int(pk))
        )
    except (ScreeningRecord.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def person_screenings(user: User, person: Person) -> QuerySet[ScreeningRecord]:
    return visible_screenings(user).filter(person=person).select_related("agency")
