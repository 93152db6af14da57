from typing import Any

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from rumdoh.core.limits import strip_bidi
from rumdoh.core.places import LANGUAGES, NATIONALITIES, PROVINCES, label

register = template.Library()

CODE_TABLES = {"languages": LANGUAGES, "nationalities": NATIONALITIES, "provinces": PROVINCES}


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (keeps filters across pages)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return str(params.urlencode())


@register.filter
def bdi(value: Any) -> SafeString:
    """A name isolated from the text around it: ``<bdi>`` and no direction controls of its own.

    A name in Arabic or Hebrew script, or one holding an override character, then cannot
    reorder the rest of the line.
    """
    escaped = conditional_escape("" if value is None else value)
    # Dropping characters from escaped text cannot make markup; the result stays safe.
    return format_html("<bdi>{}</bdi>", mark_safe(strip_bidi(str(escaped))))  # noqa: S308


@register.simple_tag
def staff_languages() -> tuple[str, ...]:
    """The languages staff pages offer (the public pages offer all of ``LANGUAGES``)."""
    return tuple(settings.STAFF_LANGUAGES)


@register.filter
def code_labels(codes: Any, table: str) -> list[str]:
    """A list of codes of a code table (``"languages"``, ``"nationalities"``, ``"provinces"``)
    as their names in the page's language: ``person.languages|code_labels:"languages"``.

    A code the table does not know is shown as recorded."""
    names = CODE_TABLES[table]
    language = get_language() or "en"
    return [label(names, str(code), language) for code in codes or ()]
