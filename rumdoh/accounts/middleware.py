"""Roles that handle sensitive exports or administration must pass a second factor."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = (
    "/account/login/",
    "/account/logout/",
    "/account/two-factor/",
    "/static/",
    "/i18n/",
    "/api/",
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "needs_two_factor", False)
            # django_otp's middleware gives the user is_verified; it ships no type information.
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
