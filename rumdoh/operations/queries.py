"""Read helpers the operation pages and API share."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from rumdoh.accounts.models import User
from rumdoh.operations.access import visible_operations
from rumdoh.operations.models import Operation


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
    if since:
        operations = operations.filter(held_on__gte=since)
    if until:
        operations = operations.filter(held_on__lte=until)
    return operations.order_by("-held_on", "-id")
