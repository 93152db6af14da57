"""The cross-border panel on a person's page: her repatriations and the deportation lists she was
on, and the cross-border work the reader's role allows for her."""

from typing import Any

from django import template

from rumdoh.accounts.access import may
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.crossborder import messages as words
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Deportee
from rumdoh.people.models import Person

register = template.Library()


@register.simple_tag
def crossborder_panel(person: Person, user: User) -> dict[str, Any]:
    """Records of ``person`` the reader may open, and the links their role allows; empty for a
    reader who does no cross-border work."""
    if not may(user, C.MANAGE_REPATRIATIONS, C.RECEIVE_DEPORTEES, C.IDENTIFY):
        return {}
    repatriations: list[Any] = []
    if user.agency_id is not None and may(
        user, C.MANAGE_REPATRIATIONS, C.VIEW_NATIONALS_REPATRIATIONS
    ):
        found = services.repatriations_for(user).filter(person=person).select_related("agency")
        repatriations = [(r, words.stage_label(r.stage)) for r in found.order_by("-requested_on")]
    rows: list[Deportee] = []
    if user.agency_id is not None and may(user, C.RECEIVE_DEPORTEES):
        rows = list(
            services.deportees_for(user)
            .filter(person=person)
            .select_related("deportation_list", "screening")
            .order_by("-deportation_list__expected_on", "row")
        )
    return {
        "shown": True,
        "repatriations": repatriations,
        "rows": rows,
        "can_recognise": may(user, C.IDENTIFY),
        "can_repatriate": may(user, C.MANAGE_REPATRIATIONS),
    }
