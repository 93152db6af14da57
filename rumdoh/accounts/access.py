"""Access helpers called first thing in every view."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from rumdoh.accounts.models import User
from rumdoh.accounts.roles import Capability


def acting_user(request: HttpRequest, *capabilities: Capability) -> User:
    """The signed-in user, who must hold at least one of ``capabilities`` (if any are given)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    if capabilities and not any(user.can(c) for c in capabilities):
        raise PermissionDenied
    return user
