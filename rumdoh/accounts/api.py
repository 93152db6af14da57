"""What every app's API asks of the caller."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability


def api_user(request: Request, *capabilities: Capability) -> User:
    """The signed-in user of an API request, holding at least one of ``capabilities`` when any
    are named; 403 otherwise."""
    user = request.user
    if not isinstance(user, User) or (capabilities and not any(user.can(c) for c in capabilities)):
        raise PermissionDenied
    return user
