from typing import Any

from django import template
from django.db.models import QuerySet

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.people.models import Person
from rumdoh.screening.access import person_screenings
from rumdoh.screening.models import ScreeningRecord

register = template.Library()


@register.simple_tag(takes_context=True)
def screenings_of(context: dict[str, Any], person: Person) -> QuerySet[ScreeningRecord]:
    """The person's screenings the signed-in user may see, newest first."""
    user = context.get("user")
    if not isinstance(user, User):
        return ScreeningRecord.objects.none()
    return person_screenings(user, person).order_by("-screened_at", "-id")


@register.filter
def may_screen(user: object) -> bool:
    return isinstance(user, User) and user.can(Capability.SCREEN)
