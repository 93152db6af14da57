"""Victims and suspects in a case, and the charges against the suspects."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.core.errors import Refused
from rumdoh.justice import access, services
from rumdoh.justice.choices import ChargeLevel
from rumdoh.justice.forms import (
    AbscondForm,
    ChargeForm,
    NonPunishmentForm,
    NonPunishmentReviewForm,
    PersonSearchForm,
    SuspectEditForm,
    SuspectForm,
    VictimAddForm,
    VictimForm,
)
from rumdoh.justice.models import CaseVictim, Charge, CriminalCase, Suspect
from rumdoh.justice.rules.transitions import Actor
from rumdoh.justice.views.common import form_page, justice_user, participating, to_case
from rumdoh.people.access import reveal_names, visible_persons
from rumdoh.people.models import Person
from rumdoh.people.services import find_persons


def _victim(request: HttpRequest, pk: int) -> tuple[Any, CaseVictim]:
    user = justice_user(request)
    cases = access.participating_cases(user)
    victim = get_object_or_404(
        CaseVictim.objects.select_related("case__police_agency", "person"), pk=pk, case__in=cases
    )
    return user, victim


def _suspect(request: HttpRequest, pk: int) -> tuple[Any, Suspect]:
    user = justice_user(request)
    cases = access.participating_cases(user)
    suspect = get_object_or_404(
        Suspect.objects.select_related("case__police_agency"), pk=pk, case__in=cases
    )
    return user, suspect


# A search for a victim lists at most this many persons; a longer list asks for more of the name.
PICKER_CAP = 20


def victim_choices(
    request: HttpRequest, user: User, case: CriminalCase, search: PersonSearchForm
) -> dict[str, Any]:
    """The persons the search finds among those the user's agency may see, not yet victims in
    the case, best match first; their names are shown, so each is a read in the audit trail."""
    if not search.is_valid() or not search.cleaned_data["q"]:
        return {"searched": False, "found": [], "more": False}
    already = case.victims.values("person_id")
    persons = visible_persons(user).exclude(pk__in=already)
    matches, more = find_persons(persons, search.cleaned_data["q"], cap=PICKER_CAP)
    found = list(matches[:PICKER_CAP])  # best match first
    reveal_names(user, found)
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[p.pk for p in found],
        reason=_("choosing a victim for a criminal case"),
    )
    return {"searched": True, "found": found, "more": more}


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails  # set by django_htmx's middleware


@login_required
def victim_add(request: HtmxRequest, pk: int) -> HttpResponse:
    """Choose a victim among the persons the agency may see: a search, then a choice. The search
    works as a plain form; with htmx the results come as the user types."""
    user, case = participating(request, pk, Actor.POLICE, Actor.PROSECUTOR)
    search = PersonSearchForm(request.GET)
    choices = victim_choices(request, user, case, search)
    if request.htmx:
        return render(request, "justice/_victim_choices.html", choices)
    form = VictimAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = visible_persons(user).get(pk=data["person"])
            services.add_victim(
                user, case, person, participates=data["participates"], request=request
            )
        except Person.DoesNotExist:
            form.add_error("person", _("No person with that number is visible to your agency."))
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Victim added to the case."))
            return to_case(case, "victims")(None)
    context = {"form": form, "search": search, "case": case, **choices}
    return render(request, "justice/victim_add.html", context)


@login_required
def victim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, victim = _victim(request, pk)
    initial = {
        "participates": victim.participates,
        "support": victim.support,
        "version": victim.version,
    }
    form = VictimForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.update_victim(
            user, victim, expected_version=data.pop("version"), request=request, **data
        ),
        title=_("Participation and support of %(person)s") % {"person": victim.person.reference},
        success=_("Changes saved."),
        done=to_case(victim.case, "victims"),
        case=victim.case,
    )


@login_required
def non_punishment_flag(request: HttpRequest, pk: int) -> HttpResponse:
    user, victim = _victim(request, pk)
    form = NonPunishmentForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.flag_non_punishment(user, victim, request=request, **data),
        title=_("Flag for non-punishment review"),
        success=(
            _("Flagged. The prosecutor has been asked to review.")
            if victim.case.prosecution_agency_id
            else _(
                "Flagged. The prosecutor's office will be asked to review when the file is sent."
            )
        ),
        done=to_case(victim.case, "victims"),
        case=victim.case,
        intro=_(
            "Victims must not be punished for acts they were forced to commit as a result of "
            "being trafficked, immigration offences included (ACTIP art. 14; Criminal Code "
            "art. 36 on compulsion)."
        ),
    )


@login_required
def non_punishment_review(request: HttpRequest, pk: int) -> HttpResponse:
    user, victim = _victim(request, pk)
    form = NonPunishmentReviewForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.review_non_punishment(user, victim, request=request, **data),
        title=_("Review under the non-punishment principle"),
        success=_("Review recorded."),
        done=to_case(victim.case, "victims"),
        case=victim.case,
        intro=victim.non_punishment_acts,
    )


@login_required
def suspect_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.POLICE, Actor.PROSECUTOR)
    form = SuspectForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.add_suspect(user, case, form.suspect_data(), request=request),
        title=_("Add a suspect"),
        success=_("Suspect added."),
        done=lambda suspect: redirect("justice:suspect_detail", suspect.pk),
        case=case,
    )


@login_required
def suspect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, suspect = _suspect(request, pk)
    log_action("suspect.viewed", user=user, request=request, obj=suspect)
    context = {
        "suspect": suspect,
        "case": suspect.case,
        "charges": suspect.charges.all(),
        "arrests": suspect.arrests.select_related("agency"),
        "warrants": suspect.warrants.all(),
        "supervisions": suspect.supervisions.all(),
        "others": _same_suspect_elsewhere(user, suspect),
    }
    return render(request, "justice/suspect_detail.html", context)


def _same_suspect_elsewhere(user: Any, suspect: Suspect) -> list[Suspect]:
    """Suspects in the agency's other cases sharing a name, alias or handle with this one."""
    keys = suspect.search_keys.values("key")
    cases = access.participating_cases(user).exclude(pk=suspect.case_id)
    return list(
        Suspect.objects.filter(case__in=cases, search_keys__key__in=keys)
        .distinct()
        .select_related("case")[:20]
    )


@login_required
def suspect_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, suspect = _suspect(request, pk)
    if request.method == "GET":
        log_action("suspect.viewed", user=user, request=request, obj=suspect)
    form = SuspectEditForm(request.POST or None, initial=SuspectEditForm.initial_for(suspect))
    return form_page(
        request,
        form,
        lambda data: services.update_suspect(
            user,
            suspect,
            form.suspect_data(),
            expected_version=data["version"],
            request=request,
        ),
        title=_("Change %(suspect)s") % {"suspect": suspect.reference},
        success=_("Changes saved."),
        done=lambda s: redirect("justice:suspect_detail", s.pk),
        case=suspect.case,
    )


@login_required
def suspect_absconded(request: HttpRequest, pk: int) -> HttpResponse:
    user, suspect = _suspect(request, pk)
    form = AbscondForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.report_absconded(user, suspect, note=data["note"], request=request),
        title=_("Report %(suspect)s absconded") % {"suspect": suspect.reference},
        success=_("Recorded. The police unit and the prosecutor have been alerted."),
        done=to_case(suspect.case, "suspects"),
        case=suspect.case,
    )


def _charge_level(user: Any, case: Any) -> str:
    actors = access.actors(user, case)
    if Actor.PROSECUTOR in actors and case.stage in services.CHARGE_STAGES:
        return ChargeLevel.CHARGED
    return ChargeLevel.RECOMMENDED


@login_required
def charge_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.POLICE, Actor.PROSECUTOR)
    form = ChargeForm(request.POST or None, case=case)
    level = _charge_level(user, case)

    def change(data: dict[str, Any]) -> Charge:
        return services.add_charge(
            user,
            case,
            data["suspect"],
            offence=data["offence"],
            level=level,
            exploitation=data["exploitation"],
            article_detail=data["article_detail"],
            request=request,
        )

    title = (
        pgettext("verb: bring a charge", "Charge")
        if level == ChargeLevel.CHARGED
        else _("Recommend a charge")
    )
    return form_page(
        request,
        form,
        change,
        title=title,
        success=_("Charge recorded."),
        done=to_case(case, "charges"),
        case=case,
    )


@login_required
@require_POST
def charge_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = justice_user(request)
    charge = get_object_or_404(
        Charge.objects.select_related("case"), pk=pk, case__in=access.participating_cases(user)
    )
    try:
        services.remove_charge(user, charge, request=request)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Charge removed."))
    return redirect("justice:case_detail", charge.case_id)
