"""Checks every justice service makes first: who the user is in the case, whether the case
is open, dates, the version of an edited record, and whether a form was sent twice."""

from typing import TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.justice import access
from rumdoh.justice.models import CriminalCase
from rumdoh.justice.rules.transitions import Actor

M = TypeVar("M", bound=Model)

POLICE_KINDS = {AgencyKind.POLICE, AgencyKind.GENDARMERIE, AgencyKind.IMMIGRATION}
P, R, CT = Actor.POLICE, Actor.PROSECUTOR, Actor.COURT
ACCESS_FIELDS = ["stage", "stage_since", "police_agency", "prosecution_agency", "court_agency"]


def require_actor(user: User, case: CriminalCase, *wanted: Actor) -> frozenset[Actor]:
    """The parts the user plays in the case; NotAllowed unless one of ``wanted``.

    The case is read again first: who takes part changes as it moves on.
    """
    case.refresh_from_db(fields=ACCESS_FIELDS)
    found = access.actors(user, case)
    if not found & set(wanted):
        raise NotAllowed(_("Your role or agency does not allow this change in this case."))
    return found


def require_open(case: CriminalCase) -> None:
    if not case.is_open:
        raise Refused(_("This case has ended."))


def agency_of_kind(agency: Agency | None, *kinds: str) -> None:
    if agency is not None and agency.kind not in kinds:
        raise Refused(_("That agency is not of the right kind for this step."))
