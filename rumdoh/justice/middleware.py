"""Deadlines are checked while people use the system, so no alert waits for a timer.

At most once a minute (the cache decides which request does it) a signed-in request first
raises the alerts of deadlines passed: an arrest held 48 hours without charge or release, a
missed supervision check-in, an overdue compensation order. Each deadline alerts once, so a
timer running ``manage.py justice_alerts`` as well does no harm.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from rumdoh.justice.alerts import raise_due_alerts

CHECK_KEY = "justice:deadlines-checked"
EVERY_SECONDS = 60


class DueAlertsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        enabled = getattr(settings, "RUMDOH_ALERTS_ON_REQUEST", True)
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        if enabled and signed_in and cache.add(CHECK_KEY, 1, EVERY_SECONDS):
            raise_due_alerts()
        return self.get_response(request)
