"""Labels of catalogue codes in the reader's language, clocks, and the panel on a person's page."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rumdoh.accounts.access import may
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.templatetags.core_tags import bdi
from rumdoh.justice import access, interviews
from rumdoh.justice import choices as lists
from rumdoh.justice.rules import clocks, offences
from rumdoh.people.models import Person

register = template.Library()


def _language() -> str:
    return get_language() or "en"


@register.filter
def offence_label(code: str) -> str:
    """``Criminal Code (2009) art. 239 — Rape``."""
    entry = offences.get(code)
    if entry is None:
        return code
    language = _language()
    values = {"law": entry.law_label(language), "offence": entry.label(language)}
    if entry.article:
        return _("%(law)s art. %(article)s — %(offence)s") % {**values, "article": entry.article}
    return _("%(law)s — %(offence)s") % values


@register.filter
def offence_name(code: str) -> str:
    entry = offences.get(code)
    return entry.label(_language()) if entry else code


@register.filter
def is_trafficking(code: str) -> bool:
    return offences.is_trafficking(code)


@register.filter
def justice_label(code: str, choices: str) -> str:
    """The label of a stored code: ``{{ code|justice_label:"Support" }}``."""
    table = getattr(lists, choices)
    try:
        return str(table(code).label)
    except ValueError:
        return code


@register.filter
def justice_labels(codes: list[str], choices: str) -> str:
    return ", ".join(justice_label(c, choices) for c in codes or [])


@register.filter
def clock_text(clock: clocks.CustodyClock) -> str:
    if clock.resolved:
        return str(lists.CustodyState(clock.state).label)
    if clock.overdue:
        over = -clock.remaining
        hours, minutes = int(over.total_seconds() // 3600), int(over.total_seconds() // 60) % 60
        return _("Overdue by %(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(h)d h %(m)02d min left") % {"h": clock.hours_left, "m": clock.minutes_left}


@register.filter
def clock_badge(clock: clocks.CustodyClock) -> str:
    return {
        clocks.CustodyState.RUNNING: "ok",
        clocks.CustodyState.ENDING: "warn",
        clocks.CustodyState.OVERDUE: "bad",
        clocks.CustodyState.RESOLVED_LATE: "warn",
    }.get(clock.state, "")


@register.simple_tag
def justice_panel(person: Person, user: User) -> dict[str, Any]:
    """Interviews of the person and the criminal cases they are a victim in, as far as visible."""
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    rows = interviews.visible_interviews(user).filter(person=person).select_related("agency")
    cases = (
        access.visible_cases(user).filter(victims__person=person).select_related("police_agency")
    )
    return {
        "count": interviews.interviews_of(person).count(),
        "recent": list(rows.order_by("-interviewed_on", "-id")[:3]),
        "invitations": list(interviews.visible_invitations(user, person)),
        "cases": list(cases.distinct()),
        "can_interview": interviews.may_interview(user, person),
        "can_open_case": user.can(C.INVESTIGATE),
        "sees_interviews": may(user, *interviews.INTERVIEWERS),
    }


@register.filter
def suspect_label(suspect: Any) -> SafeString:
    """``SP-0000097 Sok Dara``: a suspect's number and name, the name isolated in ``<bdi>``."""
    return format_html("{} {}", suspect.reference, bdi(suspect.display_name))
