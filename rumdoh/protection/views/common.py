"""Helpers shared by the protection pages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.core.errors import Refused, StaleEdit


def log_person_shown(request: HttpRequest, user: User, person_id: int, page: str) -> None:
    """A form page that shows a person's name is a read like any other."""
    log_action("person.shown", user=user, request=request, person_id=person_id, reason=page)


def attempt(request: HttpRequest, change: Callable[[], Any], success: str) -> Any:
    """Run a service call; show its refusal as a message. Not allowed at all: the 403 page."""
    try:
        result = change()
    except (Refused, StaleEdit) as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success)
    return result
