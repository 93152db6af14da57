"""API tokens that expire.

A token stands in for the two-step login (a script cannot type a code), so it must not live for
ever: a token older than ``RUMDOH_API_TOKEN_DAYS`` (30 by default) is refused, and the system
administrator issues a new one with ``manage.py create_api_token USERNAME --rotate``.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def token_lifetime() -> timedelta:
    return timedelta(days=settings.RUMDOH_API_TOKEN_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - token_lifetime():
            raise AuthenticationFailed(
                _("This API token has expired: ask the system administrator for a new one.")
            )
        return user, token
