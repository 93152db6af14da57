"""A Content-Security-Policy header on every response; staff pages in the staff languages.

CSP:

The policy lives in ``settings.CONTENT_SECURITY_POLICY`` as directives and their sources. Scripts
come only from the site itself, or carry this response's nonce (``request.csp_nonce``, written
into ``script-src``): an inline script or an ``on...=`` handler injected into a page does not
run.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
