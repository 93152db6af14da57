"""A victim's interviews: how many there have been, record one, or invite others to one."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.justice import access, interviews
from rumdoh.justice.forms import InterviewForm, InviteForm
from rumdoh.justice.models import JointInterviewInvitation
from rumdoh.justice.views.common import form_page
from rumdoh.people.access import reveal_names
from rumdoh.people.models import Person


def _cases_of(user: User, person: Person) -> Any:
    return access.visible_cases(user).filter(victims__person=person)


def _acts_in_a_case_of(user: User, person: Person) -> bool:
    """The agency acts now (not only held before) in a criminal case of the person: one query."""
    cases = access.participating_cases(user).filter(victims__person=person)
    return any(access.actors(user, c) for c in cases.select_related("police_agency"))


def _default_case(request: HttpRequest, user: User, person: Person) -> Any:
    chosen = request.GET.get("case")
    if chosen:
        return chosen
    case = interviews.first_case_of(user, person)
    return case.pk if case else None


@login_required
def person_interviews(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *interviews.INTERVIEWERS)
    person = access.person_for_interviews(user, pk)
    log_action("interview.listed", user=user, request=request, obj=person, person_id=person.pk)
    rows = interviews.visible_interviews(user).filter(person=person)
    rows = rows.select_related("agency").prefetch_related("with_agencies")
    reveal_names(user, [person])
    context = {
        "person": person,
        "interviews": rows.order_by("-interviewed_on", "-id"),
        "count": interviews.interviews_of(person).count(),
        "sees_all": interviews.sees_all_interviews(user, person),
        "invitations": interviews.visible_invitations(user, person).prefetch_related("agencies"),
        "can_record": interviews.may_interview(user, person) or _acts_in_a_case_of(user, person),
    }
    return render(request, "justice/interviews.html", context)


@login_required
def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *interviews.INTERVIEWERS)
    person = access.person_for_interviews(user, pk)
    cases = _cases_of(user, person)
    form = InterviewForm(
        request.POST or None,
        cases=cases,
        invitations=interviews.answerable_invitations(user, person),
        initial={
            "interviewed_on": timezone.localdate(),
            "case": _default_case(request, user, person),
        },
    )
    count = interviews.interviews_of(person).count()

    def change(data: dict[str, Any]) -> Any:
        return interviews.record_interview(
            user,
            person,
            interviewed_on=data["interviewed_on"],
            purpose=data["purpose"],
            case=data["case"],
            joint=data["joint"],
            with_agencies=data["with_agencies"],
            invitation=data["invitation"],
            request=request,
        )

    intro = ""
    if count:
        intro = ngettext(
            "This person has already been interviewed once. Before interviewing again, check "
            "whether that interview answers your questions, or invite the other agencies to one "
            "joint interview.",
            "This person has already been interviewed %(count)s times. Before interviewing "
            "again, check whether an earlier interview answers your questions, or invite the "
            "other agencies to one joint interview.",
            count,
        ) % {"count": count}
    return form_page(
        request,
        form,
        change,
        title=_("Record an interview of %(person)s") % {"person": person.reference},
        success=_("Interview recorded."),
        done=lambda _i: redirect("justice:person_interviews", person.pk),
        intro=intro,
    )


@login_required
def interview_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *interviews.INTERVIEWERS)
    person = access.person_for_interviews(user, pk)
    agencies = interviews.involved_agencies(user, person)
    case_id = request.GET.get("case") or request.POST.get("case")
    case = interviews.first_case_of(user, person)
    if case_id:
        case = access.get_case_for_user(user, case_id)
    form = InviteForm(request.POST or None, agencies=agencies)
    intro = _("The agencies below already work with this person.")
    if not agencies:
        intro = _("No other agency works with this person yet: record the interview instead.")

    def change(data: dict[str, Any]) -> JointInterviewInvitation:
        return interviews.invite(user, person, case=case, request=request, **data)

    return form_page(
        request,
        form,
        change,
        title=_("Invite agencies to a joint interview of %(person)s")
        % {"person": person.reference},
        success=_("Invitation sent."),
        done=lambda _i: redirect("justice:person_interviews", person.pk),
        intro=intro,
    )
