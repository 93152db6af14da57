"""Formal identification of a person as a suspected victim."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused
from rumdoh.core.formfields import show_refusal
from rumdoh.core.rules.references import parse_reference
from rumdoh.people.access import get_person_for_user
from rumdoh.protection import access, services
from rumdoh.protection.forms import IdentificationForm
from rumdoh.protection.views.common import log_person_shown


def _when(day: object) -> datetime:
    moment = datetime.combine(day, time(12, 0))  # type: ignore[arg-type]
    return timezone.make_aware(moment)


@login_required
def identify(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.IDENTIFY)
    person = get_person_for_user(user, pk)
    if not access.may_identify(user):
        raise PermissionDenied(_("Your agency is not an eligible identifier."))
    screening = parse_reference(request.GET.get("screening", ""), "S")
    initial = {
        "identified_on": timezone.localdate(),
        "screening_id": f"S-{screening:07d}" if screening else "",
    }
    form = IdentificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.identify(
                user,
                person,
                exploitation_types=data["exploitation_types"],
                sectors=data["sectors"],
                basis=data["basis"],
                designation=data["designation"],
                identified_at=_when(data["identified_on"]),
                screening_id=data["screening_id"],
                foreign_authority=data["foreign_authority"],
                notes=data["notes"],
                request=request,
            )
        except services.AlreadyIdentified as exc:
            # Sent twice: the person's page shows the identification recorded the first time.
            messages.info(request, str(exc))
            url = reverse("people:detail", args=[person.pk])
            return redirect(f"{url}#identification-{exc.identification.pk}")
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Formal identification recorded."))
            return redirect("people:detail", person.pk)
    log_person_shown(request, user, person.pk, _("identification form"))
    return render(request, "protection/identify.html", {"form": form, "person": person})
