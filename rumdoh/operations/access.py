"""Who sees which operation. Fails closed.

An operation is seen by the users of its lead agency and of the agencies taking part in it, whose
role lets them run operations, screen or see persons. The people on its roster are visible to
those agencies through ``PersonAccess`` grants of source "operation".
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from rumdoh.accounts.models import FIELD_AGENCY_KINDS, Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.operations.models import Deportation, Operation, RosterEntry

NOT_A_PARTICIPANT = gettext_lazy(
    "Only agencies that take part in raids, detention screening and labour inspections can "
    "join an operation: police or gendarmerie, immigration, social affairs, labour, transit "
    "centres and NGOs; not courts, prosecutors, embassies, committees or international "
    "organisations, who would see everyone found."
)


def participants() -> QuerySet[Agency]:
    """The agencies that may lead or take part in an operation (and so see its roster)."""
    return Agency.objects.filter(kind__in=FIELD_AGENCY_KINDS).order_by("name")


# Who opens the operation pages at all.
READERS = (C.RUN_OPERATIONS, C.SCREEN, C.VIEW_PERSONS)


def may_read(user: User) -> bool:
    return bool(
        user.is_authenticated and user.agency_id is not None and any(user.can(c) for c in READERS)
    )


def visible_operations(user: User) -> QuerySet[Operation]:
    if not may_read(user):
        return Operation.objects.none()
    mine = Q(lead_agency_id=user.agency_id) | Q(agencies__id=user.agency_id)
    return Operation.objects.filter(
        pk__in=Operation.objects.filter(mine).values("pk")
    ).select_related("lead_agency")


def get_operation_for_user(user: User, pk: int | str) -> Operation:
    """The operation, or 404: the same answer whether it does not exist or may not be seen."""
    try:
        return visible_operations(user).get(pk=int(pk))
    except (Operation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_entry_for_user(user: User, operation: Operation, pk: int | str) -> RosterEntry:
    try:
        return operation.roster.select_related("person", "screening").get(pk=int(pk))
    except (RosterEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_change(user: User, operation: Operation) -> bool:
    """The lead agency's and participants' users who run operations change it and its roster."""
    return user.can(C.RUN_OPERATIONS) and user.agency_id in operation.agency_ids()


def bypassed_deportations(user: User) -> QuerySet[Deportation]:
    """Deportations that did not pass the screening check, in operations the agency sees."""
    if not (user.can(C.REVIEW_DEPORTATIONS) and user.agency_id is not None):
        return Deportation.objects.none()
    return (
        Deportation.objects.exclude(gate="open")
        .filter(entry__operation__in=visible_operations(user).values("pk"))
        .select_related("entry__operation", "entry__person", "recorded_by")
    )
