"""The protection panel on a person's page: identification, referrals, cases and what to do next."""

from typing import Any

from django import template

from rumdoh.accounts.access import may
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.people.models import Person
from rumdoh.protection import access, services
from rumdoh.protection import choices as lists
from rumdoh.protection import identification_requests as requests
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules.decision import NEXT_STEP, Determination, NextStep

register = template.Library()


@register.simple_tag
def protection_panel(person: Person, user: User) -> dict[str, Any]:
    """Records of ``person`` the user's agency may see, and the buttons its role allows."""
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    cases = access.visible_cases(user).filter(person=person).select_related("agency", "case_worker")
    referrals = access.visible_referrals(user).filter(person=person)
    own_open = any(c.is_open and c.agency_id == user.agency_id for c in cases)
    suspected = access.is_suspected_victim(person)
    return {
        "identifications": list(
            access.visible_identifications(user).filter(person=person).select_related("agency")
        ),
        "referrals": list(referrals.select_related("provider", "referring_agency")),
        "cases": list(cases),
        "suspected": suspected,
        "can_identify": access.may_identify(user),
        "can_refer": user.can(C.REFER),
        "refer_refusal": services.referral_refusal(user, person) if user.can(C.REFER) else None,
        "can_open_case": user.can(C.MANAGE_CASES) and suspected and not own_open,
    }


@register.simple_tag
def screening_next_steps(record: ScreeningRecord, user: User) -> dict[str, Any]:
    """What the reader of a screening result can do about it: ask for a formal identification,
    refer. Each only for a reader who may open the page it leads to; refusals say why not."""
    step = NEXT_STEP[Determination(record.determination)]
    if record.person is None or step == NextStep.NO_ACTION or not isinstance(user, User):
        return {}
    person = record.person
    may_request = may(user, *requests.REQUESTERS)
    may_refer = may(user, C.REFER)
    open_request = requests.open_request_of(person) if may_request else None
    refusal = (
        requests.request_refusal(user, person, already_open=open_request is not None)
        if may_request
        else None
    )
    return {
        "may_request": may_request,
        "request_refusal": refusal,
        "open_request": open_request,
        "may_record_consent": may(user, C.RECORD_PERSONS),
        "may_refer": may_refer,
        "refer_refusal": services.referral_refusal(user, person) if may_refer else None,
    }


@register.filter
def choice_label(code: str, choices: str) -> str:
    """The label of a stored code: ``{{ code|choice_label:"ServiceArea" }}``."""
    table = getattr(lists, choices)
    try:
        return str(table(code).label)
    except ValueError:
        return code


@register.filter
def choice_labels(codes: list[str], choices: str) -> str:
    return ", ".join(choice_label(c, choices) for c in codes or [])


@register.filter
def riel(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}"
