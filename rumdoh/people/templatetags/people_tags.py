"""How a person is named on pages outside their own record."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from rumdoh.core.templatetags.core_tags import bdi
from rumdoh.people.models import Person

register = template.Library()


@register.filter
def person_label(person: Person | None) -> SafeString | str:
    """``P-000123 Sok Dara`` for a reader who may see the person (``people.access.reveal_names``
    said so), else ``P-000123`` and a note that the name is withheld."""
    if person is None:
        return "—"
    if getattr(person, "name_shown", False):
        return format_html("{} {}", person.reference, bdi(person.display_name))
    return format_html(
        '{} <span class="muted" title="{}">({})</span>',
        person.reference,
        _("The victim has not agreed to share their record with your agency."),
        _("name withheld"),
    )


@register.filter
def name_shown(person: Person | None) -> bool:
    return bool(person is not None and getattr(person, "name_shown", False))
