from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rumdoh.portal.navigation import HOME_FOR_ROLE


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The role's own start page. A role without one gets an explanation, never the sign-in page,
    which would send a signed-in user straight back here."""
    home_page = HOME_FOR_ROLE.get(getattr(request.user, "role", ""))
    if home_page is None:
        message = _(
            "Your account has no start page: its role is not one Rumdoh knows. Ask your agency "
            "administrator to check your role."
        )
        return render(request, "403.html", {"exception": message}, status=403)
    return redirect(home_page)
