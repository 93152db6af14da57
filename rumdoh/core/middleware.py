"""A Content-Security-Policy header on every response; staff pages in the staff languages.

CSP:

The policy lives in ``settings.CONTENT_SECURITY_POLICY`` as directives and their sources. Scripts
come only from the site itself, or carry this response's nonce (``request.csp_nonce``, written
into ``script-src``): an inline script or an ``on...=`` handler injected into a page does not
run.
"""

from __future__ import annotations

import logging
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

alerts_log = logging.getLogger("rumdoh.alerts")

HEADER = "Content-Security-Policy"


def policy(nonce: str) -> str:
    """The header value for one response, its nonce added to ``script-src``."""
    parts = []
    for directive, sources in settings.CONTENT_SECURITY_POLICY.items():
        values = list(sources)
        if directive == "script-src":
            values.append(f"'nonce-{nonce}'")
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(nonce)
        return response


class StaffLanguageMiddleware:
    """Staff pages only in Khmer or English; the public pages in every language of LANGUAGES.

    Runs after Django's LocaleMiddleware. A visitor who chose Thai on the report form and then
    opens a staff page reads it in Khmer (the default), not in a half-translated Thai.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if translation.get_language() not in settings.STAFF_LANGUAGES and not is_public(request):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


def is_public(request: HttpRequest) -> bool:
    """A page of the public site, open to anyone and in all the public languages."""
    return request.path.startswith(settings.PUBLIC_PATH_PREFIXES)


class AlertsOnRequestMiddleware(ABC):
    """Deadlines checked while people use the system, so that no alert waits for a timer.

    At most once a minute (the cache decides which request does it; each process asks the cache
    at most once a minute too) a signed-in request first raises an app's alerts — a bounded
    number per run, so a backlog never holds a user's page. Each deadline alerts once, so a
    timer running the app's alerts command as well does no harm. A failure is logged and the
    page is served: an alert is never worth a user's request. An app subclasses this with its
    ``check_key``, the ``what`` its log lines name, and ``raise_alerts``.
    """

    check_key = ""
    what = ""
    every_seconds = 60
    per_request = 50

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.asked_at = float("-inf")  # when this process last asked the cache

    @abstractmethod
    def raise_alerts(self, limit: int) -> None:
        """Raise at most ``limit`` of the app's alerts that are due."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        enabled = getattr(settings, "RUMDOH_ALERTS_ON_REQUEST", True)
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        if enabled and signed_in and self._due():
            try:
                self.raise_alerts(self.per_request)
            except Exception:
                alerts_log.exception(
                    "%s alerts failed; the timer or the next minute will retry", self.what
                )
        return self.get_response(request)

    def _due(self) -> bool:
        now = time.monotonic()
        if now - self.asked_at < self.every_seconds:
            return False
        self.asked_at = now
        try:
            return bool(cache.add(self.check_key, 1, self.every_seconds))
        except Exception:
            alerts_log.exception("cache unavailable; %s alerts skipped for this minute", self.what)
            return False
