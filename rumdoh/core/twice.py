"""A form sent twice records once: a double click, or a retry after a slow answer.

``sent_again`` finds the record the same user made moments ago with the very same values; each
service that records calls it in its own transaction and answers with what it finds.
"""

from datetime import timedelta
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.utils import timezone

M = TypeVar("M", bound=Model)

#: How long after the first sending a second one with the very same values is the same form.
REPEAT_WINDOW = timedelta(minutes=2)


def sent_again(
    rows: QuerySet[M],
    user: Model,
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
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
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
