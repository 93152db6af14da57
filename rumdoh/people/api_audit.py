"""Every API read of personal data is written to the audit trail, declared once per endpoint.

Each view under ``/api/v1/`` says what its answers hold with an ``audit`` class attribute:

- ``Reads(kind, persons=..., suspects=...)``: its answers hold personal data. The view must be an
  ``AuditedViewSet`` (or use ``AuditedReads``): every successful GET then writes, after the
  answer is built, the same rows the pages write (``rumdoh.accounts.audit``):

  - one record (``retrieve``, or a detail action such as ``timeline``): one ``<kind>.viewed`` row
    for the record, with the person when it names one (``data["view"]`` names the action), and
    the persons it names in ``data["persons"]`` when there are several;
  - a page of a list: one ``person.listed`` row per person named on the page, as a list page
    writes, and one ``<kind>.listed`` row naming the records (``data["ids"]``) and, as above,
    the person or persons.

  Suspects are not persons of the people register; those named are kept in
  ``data["suspects"]``. ``named(path)`` keeps only the persons the reader may see by name, for
  answers that show the others by number only.
- ``NoPersonalData(why)``: its answers hold none (statistics, code lists, the provider
  directory); ``why`` says so for the reader of the code.

The records of an answer are those the view fetched with ``get_object()`` (one record; a view
that replaces it passes its record to ``audited()``) or ``paginate_queryset()`` (a page). A
detail action whose service writes its own read row (a file downloaded) is named in
``audited_by_service``. A successful GET that fetched neither is refused (a JSON 500 asking the
caller to tell the administrator, and the error logged) rather than answered unaudited. The
system check ``rumdoh.E002`` (run by ``manage.py check`` and by the tests) walks every API
route and fails on a view that declares neither, so a new endpoint cannot forget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import checks
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _
from rest_framework import status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.people.access import visible_persons

logger = logging.getLogger(__name__)

API_PREFIX = "api/v1/"
READ_METHODS = ("GET", "HEAD")

# Where a subject's id is in a returned record: a field of the record ("person_id"), an ORM
# lookup from it ("case__person_id", "victims__person_id"), answered by one query per answer, or
# a function of the records and the reader.
# A field path, or a function of the rows the view read (of its own model) and the user.
Subject = str | Callable[[Sequence[Any], User], Iterable[int | None]]


def subject_ids(rows: Sequence[Model], where: Sequence[Subject], user: User) -> list[int]:
    """The distinct ids ``where`` points at in ``rows``, sorted."""
    found: set[int] = set()
    for path in where:
        if callable(path):
            values: Iterable[int | None] = path(rows, user)
        elif "__" in path:
            model = type(rows[0])
            pks = [row.pk for row in rows]
            values = model._base_manager.filter(pk__in=pks).values_list(path, flat=True)
        else:
            values = [getattr(row, path) for row in rows]
        found.update(int(v) for v in values if v is not None)
    return sorted(found)


def named(path: str) -> Subject:
    """The persons at ``path`` whom the reader may see by name. Others (a victim in a case whose
    prosecutor she has not agreed to share with) are shown by number only, and only the persons
    actually named are recorded (docs/data-protocol.md)."""

    def persons(rows: Sequence[Model], user: User) -> Iterable[int]:
        ids = subject_ids(rows, (path,), user)
        return visible_persons(user).filter(pk__in=ids).values_list("pk", flat=True)

    return persons


@dataclass(frozen=True)
class Reads:
    """The answers hold personal data: ``kind`` names the audit actions, ``persons`` and
    ``suspects`` say where the ids of the people named are in a returned record."""

    kind: str
    persons: tuple[Subject, ...] = ()
    suspects: tuple[Subject, ...] = ()
    # Detail actions whose service writes the read's own audit row (a file downloaded).
    audited_by_service: tuple[str, ...] = ()

    def write(self, request: Request, action: str | None, rows: list[Model], many: bool) -> None:
        if not rows or action in self.audited_by_service:
            return
        user = request.user
        assert isinstance(user, User)  # the views' permission classes let no one else read
        persons = subject_ids(rows, self.persons, user)
        suspects = subject_ids(rows, self.suspects, user)
        reason = request.headers.get("X-Access-Reason") or "api"
        data: dict[str, Any] = {"suspects": suspects} if suspects else {}
        if len(persons) > 1:
            data["persons"] = persons
        person_id = persons[0] if len(persons) == 1 else None
        if many:
            if rows[0]._meta.label_lower != "people.person":  # else the person rows say it all
                data["ids"] = [row.pk for row in rows]
                log_action(
                    f"{self.kind}.listed",
                    user=user,
                    request=request,
                    person_id=person_id,
                    reason=reason,
                    data=data,
                )
            log_bulk_read(
                "person.listed",
                user=user,
                request=request,
                person_ids=persons,
                reason=f"api {self.kind} list",
            )
            return
        if action and action != "retrieve":
            data["view"] = action
        for row in rows:
            log_action(
                f"{self.kind}.viewed",
                user=user,
                request=request,
                obj=row,
                person_id=person_id,
                reason=reason,
                data=data,
            )


@dataclass(frozen=True)
class NoPersonalData:
    """The answers hold no personal data; ``why`` says what they hold instead."""

    why: str


class AuditedReads(GenericAPIView):
    """Writes the audit rows its ``audit`` declaration asks for, for every successful GET."""

    audit: Reads | NoPersonalData

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self._audit_rows: list[Model] = []
        self._audit_many = False
        self._audit_fetched = False
        super().initial(request, *args, **kwargs)

    def get_object(self) -> Any:
        return self.audited(super().get_object())

    def audited(self, obj: Any) -> Any:
        """Record ``obj`` as answered; a view with its own ``get_object`` passes its record."""
        if not any(row.pk == obj.pk for row in self._audit_rows):
            self._audit_rows.append(obj)
        self._audit_fetched = True
        return obj

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self._audit_rows, self._audit_many, self._audit_fetched = list(page or []), True, True
        return page

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        read = request.method in READ_METHODS and 200 <= response.status_code < 300
        if read and isinstance(self.audit, Reads):
            if not getattr(self, "_audit_fetched", False):
                logger.error(
                    "%s answered a read without get_object() or paginate_queryset(): the "
                    "persons it returned cannot be audited, so the answer was refused.",
                    type(self).__name__,
                )
                refusal = Response(
                    {
                        "detail": _(
                            "This read could not be recorded in the audit trail, so it is not "
                            "answered. Please tell the system administrator."
                        )
                    },
                    status=status.HTTP_500_INTERNAL_SERVER_ERROR,
                )
                return super().finalize_response(request, refusal, *args, **kwargs)
            action = getattr(self, "action", None)
            self.audit.write(request, action, self._audit_rows, self._audit_many)
        return response


class AuditedViewSet(AuditedReads, viewsets.GenericViewSet):
    """The base of every API viewset: declare ``audit`` (``Reads`` or ``NoPersonalData``)."""


def api_views(
    patterns: Iterable[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> list[tuple[str, Any]]:
    """Every (route, view class) under ``/api/v1/``."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    found: list[tuple[str, Any]] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += api_views(pattern.url_patterns, route)
        elif route.startswith(API_PREFIX):
            view = getattr(pattern.callback, "cls", None) or getattr(
                pattern.callback, "view_class", pattern.callback
            )
            found.append((route, view))
    return found


def undeclared(views: Iterable[tuple[str, Any]]) -> list[str]:
    """The problems with the audit declarations of ``views``, one line per route."""
    from drf_spectacular.views import SpectacularAPIView

    problems, seen = [], set()
    for route, view in views:
        if view in seen or (isinstance(view, type) and issubclass(view, SpectacularAPIView)):
            continue  # one line per view; the schema itself holds no data
        seen.add(view)
        audit = getattr(view, "audit", None)
        name = getattr(view, "__name__", repr(view))
        if not isinstance(audit, Reads | NoPersonalData):
            problems.append(
                f"{route}: {name} does not declare `audit` (Reads(...) or NoPersonalData(...))."
            )
        elif isinstance(audit, Reads) and not issubclass(view, AuditedReads):
            problems.append(f"{route}: {name} declares Reads but is not an AuditedViewSet.")
    return problems


@checks.register(checks.Tags.security)
def check_api_audit(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """rumdoh.E002: an API view that does not say whether, and how, its reads are audited."""
    return [
        checks.Error(problem, id="rumdoh.E002", hint="See rumdoh/people/api_audit.py.")
        for problem in undeclared(api_views())
    ]
