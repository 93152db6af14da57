"""Sending notifications: one row per recipient, written with the change that caused it."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from rumdoh.accounts.models import User
from rumdoh.notices.models import Notification


def notify(recipients: Iterable[User], kind: str, params: dict[str, Any], url: str = "") -> int:
    """Notify each active recipient once; returns how many were notified."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, params=params, url=url))
    Notification.objects.bulk_create(rows)
    return len(rows)


def filtered_notifications(
    rows: QuerySet[Notification], *, area: str = "", unread: bool = False
) -> QuerySet[Notification]:
    """``rows`` narrowed by the inbox's filters (``InboxFilterForm``'s cleaned data), newest
    first: ``area`` the first part of the kinds (``justice`` for ``justice.verdict``), and the
    unread ones alone with ``unread``."""
    if area:
        rows = rows.filter(kind__startswith=area + ".")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def unread(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all of them."""
    rows = unread(user)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
