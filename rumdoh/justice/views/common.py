"""Helpers shared by the justice pages."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.formfields import show_refusal
from rumdoh.core.versions import keep_input_after_stale
from rumdoh.justice import access
from rumdoh.justice.access import JUSTICE
from rumdoh.justice.models import CriminalCase
from rumdoh.justice.rules.transitions import Actor
from rumdoh.people.access import reveal_names


def justice_user(request: HttpRequest) -> User:
    """A signed-in user with a role in the criminal process (police, prosecutor, court)."""
    return acting_user(request, *JUSTICE)


def participating(request: HttpRequest, pk: int, *wanted: Actor) -> tuple[User, CriminalCase]:
    """The user and a case their agency takes part in (404 otherwise), for a page that changes
    it: 403 unless the user plays a part in it now (one of ``wanted``, if named). An office or
    court that held the case before reads it and changes nothing."""
    user = justice_user(request)
    case = access.get_participating_case(user, pk)
    found = access.actors(user, case)
    if not found:
        raise PermissionDenied(_("Your agency does not act in this case at this point."))
    if wanted and not found & set(wanted):
        raise PermissionDenied(_("Another agency taking part in this case does this, not yours."))
    return user, case


def form_page(
    request: HttpRequest,
    form: forms.Form,
    change: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    success: str,
    done: Callable[[Any], HttpResponse],
    case: CriminalCase | None = None,
    intro: str = "",
) -> HttpResponse:
    """Show ``form``; on a valid POST run ``change`` and go on, else show the errors in place.

    A refusal, or an edit someone else saved first, is shown with the form and the user's input
    kept; not allowed at all is the 403 page."""
    if request.method == "POST" and form.is_valid():
        try:
            result = change(form.cleaned_data)
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, success)
            return done(result)
    context = {"form": form, "title": title, "case": case, "intro": intro}
    return render(request, "justice/form.html", context)


def victims_named(request: HttpRequest, user: User, case: CriminalCase) -> set[int]:
    """The victims of ``case`` the user may see by name; a form naming them is a read of each
    in the audit trail."""
    shown = reveal_names(user, [v.person for v in case.victims.select_related("person")])
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=sorted(shown),
        reason=_("criminal case %(ref)s") % {"ref": case.reference},
    )
    return shown


def to_case(case: CriminalCase, anchor: str = "") -> Callable[[Any], HttpResponse]:
    def go(_result: Any) -> HttpResponse:
        response = redirect("justice:case_detail", case.pk)
        if anchor:
            response["Location"] += f"#{anchor}"
        return response

    return go
