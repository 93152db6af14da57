"""Read helpers the operation pages and API share."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from rumdoh.accounts.models import User
from rumdoh.core.filters import within
from rumdoh.operations.access import visible_operations
from rumdoh.operations.models import Deportation, Operation, RosterEntry
from rumdoh.operations.rules.gate import INDICATING
from rumdoh.people.access import visible_persons
from rumdoh.people.services import find_persons


def filtered_operations(
    user: User,
    *,
    q: str = "",
    kind: str = "",
    status: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Operation]:
    """The operations ``user`` sees, newest first, narrowed by what is given: ``q`` an
    OP-number (anything else finds none), ``kind`` and ``status`` as stored, and the days held
    from ``since`` until ``until``."""
    operations = visible_operations(user)
    if q.strip():
        number = Operation.pk_of(q)
        operations = operations.filter(pk=number) if number else operations.none()
    if kind:
        operations = operations.filter(kind=kind)
    if status:
        operations = operations.filter(status=status)
    operations = within(operations, "held_on", since, until)
    return operations.order_by("-held_on", "-id")


def filtered_roster(
    user: User,
    entries: QuerySet[RosterEntry],
    *,
    q: str = "",
    nationality: str = "",
    state: str = "",
) -> QuerySet[RosterEntry]:
    """``entries`` narrowed by the filters of a roster (``RosterFilterForm``'s cleaned data),
    each marked ``deported``: ``q`` a name, passport or P-number of a person ``user`` sees,
    ``nationality`` the person's, and ``state`` how far the entry got (``waiting`` to be
    screened, ``screened``, ``indicated``, ``deported``, ``released``)."""
    entries = entries.annotate(deported=Exists(Deportation.objects.filter(entry_id=OuterRef("pk"))))
    if q.strip():
        persons, _more = find_persons(visible_persons(user), q, cap=1000)
        entries = entries.filter(person__in=persons.filter())
    if nationality:
        entries = entries.filter(person__nationality=nationality)
    if state == "waiting":
        entries = entries.filter(screening__isnull=True)
    elif state == "screened":
        entries = entries.filter(screening__isnull=False)
    elif state == "indicated":
        entries = entries.filter(screening__determination__in=INDICATING)
    elif state == "deported":
        entries = entries.filter(deported=True)
    elif state == "released":
        entries = entries.filter(released_on__isnull=False)
    return entries
