"""Access helpers called first thing in every view."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability


def may(user: object, *capabilities: Capability) -> bool:
    """Whether ``acting_user`` lets this user through with these capabilities: a page is linked
    only for readers who may open it, by the same test its view makes."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return not capabilities or any(user.can(c) for c in capabilities)


def acting_user(request: HttpRequest, *capabilities: Capability) -> User:
    """The signed-in user, who must hold at least one of ``capabilities`` (if any are given)."""
    user = request.user
    if not isinstance(user, User) or not may(user, *capabilities):
        raise PermissionDenied
    return user
