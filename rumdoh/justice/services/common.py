"""Checks every justice service makes first: who the user is in the case, whether the case
is open, dates, the version of an edited record, and whether a form was sent twice."""

from datetime import timedelta
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone
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


# A form sent twice (a double click, or sent again after a slow answer) records once.
REPEAT_WINDOW = timedelta(minutes=2)


def sent_again(
    rows: QuerySet[M],
    user: User,
    note: str | None = None,
    *,
    sealed: dict[str, Any] | None = None,
    by: str = "recorded_by",
    at: str = "recorded_at",
    **same: Any,
) -> M | None:
    """The record of ``rows`` that ``user`` made moments ago with the very values ``same`` (and
    ``note`` and the other ``sealed`` fields, compared once read), if any: the same form sent
    twice. ``by`` and ``at`` name who made the record and when.

    Called in the transaction that records: it locks the user's row, so that two sendings of
    one form are answered one after the other and the second finds the first."""
    User.objects.select_for_update().filter(pk=user.pk).exists()
    compared = dict(sealed or {})
    if note is not None:
        compared["note"] = note
    recent = rows.filter(
        **{by: user, f"{at}__gte": timezone.now() - REPEAT_WINDOW}, **same
    ).order_by(f"-{at}", "-id")
    for found in recent:
        if all(getattr(found, field) == value for field, value in compared.items()):
            return found
    return None
