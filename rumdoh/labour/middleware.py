"""Labour deadlines are checked while people use the system, as the justice deadlines are.

At most once a minute a signed-in request first raises the alerts of labour complaints' passed
deadlines, a bounded number per run; ``manage.py labour_alerts`` on a timer does no harm as each
deadline alerts once. A failure is logged and the page is served.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from rumdoh.labour.alerts import raise_due_alerts

CHECK_KEY = "labour:deadlines-checked"
EVERY_SECONDS = 60
PER_REQUEST = 50

log = logging.getLogger(__name__)


class LabourAlertsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.asked_at = float("-inf")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        enabled = getattr(settings, "RUMDOH_ALERTS_ON_REQUEST", True)
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        if enabled and signed_in and self._due():
            try:
                raise_due_alerts(limit=PER_REQUEST)
            except Exception:
                log.exception("labour alerts failed; the timer or the next minute will retry")
        return self.get_response(request)

    def _due(self) -> bool:
        now = time.monotonic()
        if now - self.asked_at < EVERY_SECONDS:
            return False
        self.asked_at = now
        try:
            return bool(cache.add(CHECK_KEY, 1, EVERY_SECONDS))
        except Exception:
            log.exception("cache unavailable; labour alerts skipped for this minute")
            return False
