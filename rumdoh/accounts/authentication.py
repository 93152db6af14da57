"""API tokens that expire, and whose guessing is throttled.

A token stands in for the two-step login (a script cannot type a code), so it must not live for
ever: a token older than ``RUMDOH_API_TOKEN_DAYS`` (30 by default) is refused, and the system
administrator issues a new one with ``manage.py create_api_token USERNAME --rotate``.

An unknown token counts as a failed token guess for the client address
(``rumdoh.accounts.throttle``), apart from password and two-step failures: a script left running
with a revoked token does not lock its office out of the sign-in page. An address with too many
wrong tokens is refused before any token is looked up.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

from rumdoh.accounts import throttle


def token_lifetime() -> timedelta:
    return timedelta(days=settings.RUMDOH_API_TOKEN_DAYS)


class TokenExpired(AuthenticationFailed):
    """A real token past its lifetime: a rotation was missed, nobody is guessing."""


class AccountClosed(AuthenticationFailed):
    """A real token of an account whose agency was deactivated: nobody is guessing."""


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        if not get_authorization_header(request).lower().startswith(self.keyword.lower().encode()):
            return None  # no token offered: nothing to count
        address = throttle.client_address(request)
        if throttle.token_address_locked(address):
            raise AuthenticationFailed(
                _("Too many failed attempts from this address. Try again later.")
            )
        try:
            return super().authenticate(request)
        except (TokenExpired, AccountClosed):
            raise
        except AuthenticationFailed:
            throttle.record_token_failure(address)
            raise

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if user.agency_id is not None and not user.agency.is_active:
            # The token of an account of a deactivated agency, as its sign-in (throttle): the
            # REST framework refuses only a suspended account's.
            raise AccountClosed(_("User inactive or deleted."))
        if token.created < timezone.now() - token_lifetime():
            raise TokenExpired(
                _("This API token has expired: ask the system administrator for a new one.")
            )
        return user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """The REST framework's, refusing a signed-in request without its CSRF token in the caller's
    language (the REST framework writes "CSRF Failed: " in English whatever the language; Django's
    reason after it stays as Django gives it)."""

    def enforce_csrf(self, request: Any) -> None:
        try:
            super().enforce_csrf(request)
        except PermissionDenied as refusal:
            reason = str(refusal.detail).removeprefix("CSRF Failed: ")
            raise PermissionDenied(_("CSRF Failed: %(reason)s") % {"reason": reason}) from refusal
