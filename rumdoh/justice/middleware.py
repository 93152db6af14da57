"""Deadlines are checked while people use the system, so no alert waits for a timer.

At most once a minute (the cache decides which request does it; each process asks the cache
at most once a minute too) a signed-in request first raises the alerts of deadlines passed: an
arrest held 48 hours without charge or release, a missed supervision check-in, an overdue
compensation order — a bounded number per run, so a backlog never holds a user's page. Each
deadline alerts once, so a timer running ``manage.py justice_alerts`` as well does no harm. A
failure is logged and the page is served: an alert is never worth a user's request.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from rumdoh.justice.alerts import raise_due_alerts

CHECK_KEY = "justice:deadlines-checked"
EVERY_SECONDS = 60
PER_REQUEST = 50

log = logging.getLogger(__name__)


class DueAlertsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.asked_at = float("-inf")  # when this process last asked the cache

    def __call__(self, request: HttpRequest) -> HttpResponse:
        enabled = getattr(settings, "RUMDOH_ALERTS_ON_REQUEST", True)
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        if enabled and signed_in and self._due():
            try:
                raise_due_alerts(limit=PER_REQUEST)
            except Exception:
                log.exception("deadline alerts failed; the timer or the next minute will retry")
        return self.get_response(request)

    def _due(self) -> bool:
        now = time.monotonic()
        if now - self.asked_at < EVERY_SECONDS:
            return False
        self.asked_at = now
        try:
            return bool(cache.add(CHECK_KEY, 1, EVERY_SECONDS))
        except Exception:
            log.exception("cache unavailable; deadline alerts skipped for this minute")
            return False
