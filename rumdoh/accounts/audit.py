"""The audit trail: every read and change of personal data, who, what, when, from where, why."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from rumdoh.accounts.models import AuditEvent, User
from rumdoh.accounts.throttle import client_address


def log_action(
    action: str,
    *,
    user: User | None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    person_id: int | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. ``action`` is a namespaced code such as ``person.viewed``."""
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        user=user,
        agency=getattr(user, "agency", None),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person_id=person_id,
        ip=client_address(request),
        reason=reason[:200],
        data=data or {},
    )


def log_bulk_read(
    action: str, *, user: User, request: HttpRequest | None, person_ids: list[int], reason: str
) -> None:
    """A list page showing personal data logs one row per person shown (once each; nothing
    when it shows nobody)."""
    person_ids = sorted(set(person_ids))
    if not person_ids:
        return
    agency = getattr(user, "agency", None)
    ip = client_address(request)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=user,
                agency=agency,
                action=action,
                object_type="people.person",
                object_id=str(pid),
                person_id=pid,
                ip=ip,
                reason=reason[:200],
            )
            for pid in person_ids
        ]
    )
