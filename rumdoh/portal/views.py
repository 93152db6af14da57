from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from rumdoh.portal.navigation import HOME_FOR_ROLE


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(HOME_FOR_ROLE.get(request.user.role, "accounts:login"))  # type: ignore[union-attr]
