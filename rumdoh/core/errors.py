"""Refusals of the services, one set for every app.

``str(error)`` is the message for the user, already in their language. The API answers them
through ``api_exception_handler`` and the pages through ``DomainErrorMiddleware``, so neither
an API view nor a page view translates them itself; a page that wants to keep the user's input
catches ``Refused`` or ``StaleEdit`` and shows the message with the form.
"""

from datetime import date, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

# The days' bounds and their check, for the forms and services that take them from here.
from rumdoh.core.days import out_of_time as out_of_time
from rumdoh.core.rules.days import EARLIEST_DAY as EARLIEST_DAY
from rumdoh.core.rules.days import FIRST_DAY as FIRST_DAY
from rumdoh.core.rules.days import PLAN_AHEAD as PLAN_AHEAD


class DomainError(Exception):
    """A change that cannot be made; nothing was written."""


class NotAllowed(DomainError):
    """The user's role or agency does not allow this change at all (403)."""


class Refused(DomainError):
    """Allowed in principle, but not with this input or not now (400)."""


class FieldRefused(Refused):
    """A refusal of the value of one field: a page shows it beside ``field``, and the API
    answers 400 naming it (``{field: [message]}``), as for the field's own checks."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def refuse_out_of_time(
    day: date | None,
    field: str | None = None,
    *,
    since: date = FIRST_DAY,
    ahead: timedelta | None = timedelta(0),
) -> None:
    """Refuse a day out of time (``out_of_time``), by ``field`` when given."""
    message = out_of_time(day, since, ahead) if day is not None else None
    if message:
        raise FieldRefused(field, message) if field else Refused(message)


def refuse_future(day: date | None, field: str | None = None) -> None:
    """Refuse a date after today, or before 2008, for something an agency has done, by
    ``field`` when given."""
    refuse_out_of_time(day, field)


def refuse_problems(problems: list[tuple[str, str]]) -> None:
    """Refuse with every ``(field, message)`` a service's rules found, one after the other: the
    forms show each by its field (``core.formfields.show_problems``), the API says them all."""
    if problems:
        raise Refused(" ".join(message for _field, message in problems))


class StaleEdit(DomainError):
    """Someone else saved the record since it was opened; nothing was overwritten (409).

    ``current_version`` is the version saved now, so a form can offer to save over it once the
    user has seen the other change."""

    def __init__(self, message: str, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


def status_of(error: DomainError) -> int:
    if isinstance(error, NotAllowed):
        return status.HTTP_403_FORBIDDEN
    if isinstance(error, StaleEdit):
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


def _says_only_not_found(exc: Exception) -> bool:
    """A 404 without a message of ours: Django's ``get_object_or_404`` ("No Person matches the
    given query.", in English) or the REST framework's plain "Not found."."""
    if isinstance(exc, Http404):
        return True
    return isinstance(exc, NotFound) and str(exc.detail) == str(NotFound.default_detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST framework's handler, plus the services' refusals as ``{"detail": message}``.

    A record that does not exist and one the caller may not see answer the same words, in the
    caller's language, naming no model. The REST framework's own refusals are in the caller's
    language too: the catalogue carries them, and the project's JSON parser and session
    authentication say the two it writes in English only."""
    if isinstance(exc, FieldRefused):
        set_rollback()
        return Response({exc.field: [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        set_rollback()
        return Response({"detail": str(exc)}, status=status_of(exc))
    if _says_only_not_found(exc):
        exc = NotFound(_("No such record, or you may not see it."))
    return exception_handler(exc, context)


class DomainErrorMiddleware:
    """A refusal no page view caught: the 403 page with the reason, or a page with the message
    and the menu (400, or 409 for an edit someone else saved first)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        code = status_of(exception)
        if code == status.HTTP_403_FORBIDDEN:
            return render(request, "403.html", {"exception": str(exception)}, status=code)
        title = _("Changed by someone else") if code == status.HTTP_409_CONFLICT else _("Not done")
        context = {"title": title, "message": str(exception)}
        return render(request, "core/refused.html", context, status=code)
