"""Requests for formal identification: the screener asks, the province's identifiers answer."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_bulk_read
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.pagination import page_of
from rumdoh.people.access import get_person_for_user
from rumdoh.protection import access
from rumdoh.protection import identification_requests as requests
from rumdoh.protection.forms import IdentificationRequestForm
from rumdoh.protection.models import IdentificationRequest
from rumdoh.protection.views.common import attempt, log_person_shown
from rumdoh.screening.access import get_screening_for_user


@login_required
def request_identification(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the request does, and a note. POST: ask for the formal identification."""
    user = acting_user(request, *requests.REQUESTERS)
    screening = get_screening_for_user(user, pk)
    if screening.person_id is None:
        raise Http404
    person = get_person_for_user(user, screening.person_id)
    form = IdentificationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: requests.request_identification(
                user, person, screening, note=form.cleaned_data["note"], request=request
            ),
            _("Formal identification requested: the identifiers of the province are notified."),
        )
        if done is not None:
            return redirect("screening:detail", screening.pk)
    log_person_shown(request, user, person.pk, _("identification request form"))
    context = {
        "form": form,
        "person": person,
        "screening": screening,
        "refusal": requests.request_refusal(user, person),
        "identifiers": requests.eligible_identifiers(screening.province).count(),
    }
    return render(request, "protection/request_identification.html", context)


@login_required
def identification_queue(request: HttpRequest) -> HttpResponse:
    """Open requests of the identifier's province, oldest first."""
    user = acting_user(request, C.IDENTIFY)
    if not access.may_identify(user):
        raise PermissionDenied(_("Your agency is not an eligible identifier."))
    rows = requests.open_requests_for(user).select_related("person", "agency", "requested_by")
    page = page_of(request, rows)
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[row.person_id for row in page],
        reason=_("identification requests"),
    )
    return render(request, "protection/identification_queue.html", {"page": page})


@login_required
def withdraw_request(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what withdrawing does, to confirm. POST: withdraw. Only the requesting agency's."""
    user = acting_user(request, *requests.REQUESTERS)
    wanted = get_object_or_404(
        IdentificationRequest.objects.select_related("person"), pk=pk, agency_id=user.agency_key
    )
    back = (
        redirect("screening:detail", wanted.screening_id)
        if wanted.screening_id
        else redirect("people:detail", wanted.person_id)
    )
    if not wanted.is_open:
        return back
    if request.method == "POST":
        done = attempt(
            request,
            lambda: requests.withdraw_request(user, wanted, request=request),
            _("Request withdrawn: the identifiers of the province no longer see the person."),
        )
        if done is not None:
            return back
    log_person_shown(request, user, wanted.person_id, _("withdrawal of an identification request"))
    return render(request, "protection/withdraw_request.html", {"wanted": wanted})
