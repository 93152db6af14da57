"""API permission: authenticated, and a session user who needs a second factor has passed it."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class IsVerifiedUser(BasePermission):
    message = _("Authentication with a second factor is required for this account.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        via_session = request.auth is None
        if via_session and getattr(user, "needs_two_factor", False):
            return bool(getattr(user, "is_verified", lambda: False)())
        return True
