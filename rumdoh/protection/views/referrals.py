"""Referrals: find a provider, refer, answer, withdraw, and re-refer after a decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused
from rumdoh.core.filters import narrowed
from rumdoh.core.limits import TEXT_MAX
from rumdoh.core.pagination import page_of
from rumdoh.people.access import get_person_for_user
from rumdoh.people.models import Person
from rumdoh.protection import access, directory, services
from rumdoh.protection.choices import ReferralStatus, ServiceArea
from rumdoh.protection.forms import (
    DeclineForm,
    MatchForm,
    ReasonForm,
    ReferForm,
    ReferralFilterForm,
)
from rumdoh.protection.models import ProtectionCase, Referral
from rumdoh.protection.queries import filtered_referrals
from rumdoh.protection.views.common import attempt, log_person_shown


def match_context(person: Person, needs: list[str], province: str, exclude: set[int]) -> dict:
    result, rows = directory.match_for(person, needs, province, exclude)
    return {
        "matches": [
            {
                "match": m,
                "row": rows[m.provider.id],
                "caveats": [directory.reason_message(c) for c in m.caveats],
            }
            for m in result.matches
        ],
        "rejections": [
            {
                "row": rows[r.provider.id],
                "reasons": [directory.reason_message(x) for x in r.reasons],
            }
            for r in result.rejections
        ],
        "needs": needs,
    }


@login_required
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose needs and see matching providers. POST: refer to one of them."""
    user = acting_user(request, C.REFER)
    person = get_person_for_user(user, pk)
    if request.method == "POST":
        return _create(request, user, person)
    form = MatchForm(request.GET or None, initial={"province": person.province})
    return _refer_page(request, user, person, form)


def _refer_page(
    request: HttpRequest,
    user: User,
    person: Person,
    form: MatchForm,
    failed: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict = {"person": person, "refusal": services.referral_refusal(user, person)}
    if not context["refusal"] and form.is_valid():
        needs, province = form.cleaned_data["needs"], form.cleaned_data["province"]
        context |= match_context(person, needs, province, directory.declined_provider_ids(person))
        context["refer_form"] = ReferForm()
    context |= {"form": form, "failed": failed, "note_max": TEXT_MAX}
    if failed:
        context["rereferral_of"] = failed["rereferral_of"]
        rows = [m["row"].pk for m in context.get("matches", [])]
        failed["beside_provider"] = failed["provider"] in rows
    log_person_shown(request, user, person.pk, _("referral form"))
    return render(request, "protection/refer.html", context, status=status)


def _refer_again(
    request: HttpRequest, user: User, person: Person, errors: list[str]
) -> HttpResponse:
    """The refer page again, with the providers for the needs sent, and the note typed kept
    beside the provider chosen with what was wrong: a refused referral loses nothing."""
    needs = [n for n in request.POST.getlist("needs") if n in ServiceArea.values]
    search = MatchForm({"needs": needs, "province": request.POST.get("province", "")})
    failed = {
        "provider": _int_or_none(request.POST.get("provider")),
        "note": request.POST.get("note", ""),
        "errors": errors,
        "rereferral_of": _int_or_none(request.POST.get("rereferral_of")),
    }
    return _refer_page(request, user, person, search, failed, status=400)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _create(request: HttpRequest, user: User, person: Person) -> HttpResponse:
    form = ReferForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        return _refer_again(request, user, person, errors)
    data = form.cleaned_data
    provider = access.get_provider(data["provider"])
    earlier = None
    if data["rereferral_of"]:
        earlier = access.get_referral_for_user(user, data["rereferral_of"])
    try:
        referral = services.refer(
            user,
            person,
            provider,
            needs=data["needs"],
            note=data["note"],
            rereferral_of=earlier,
            request=request,
        )
    except services.AlreadyReferred as exc:
        # Sent twice: the referral sent the first time, which the provider has to answer.
        messages.info(request, str(exc))
        return redirect("protection:referral_detail", exc.referral.pk)
    except Refused as exc:
        return _refer_again(request, user, person, [str(exc)])
    messages.success(request, _("Referral sent to %(provider)s.") % {"provider": provider.name})
    return redirect("protection:referral_detail", referral.pk)


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *access.REFERRAL_LIST)
    form = ReferralFilterForm(request.GET or None)
    related = ("person", "provider__agency", "referring_agency", "referred_by")
    page = page_of(request, narrowed(form, filtered_referrals, user).select_related(*related))
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[row.person_id for row in page],
        reason=_("referral list"),
    )
    return render(request, "protection/referral_list.html", {"form": form, "page": page})


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.VIEW_PERSONS)
    referral = access.get_referral_for_user(user, pk)
    return _detail_page(request, user, referral)


def _detail_page(
    request: HttpRequest,
    user: User,
    referral: Referral,
    *,
    decline_form: DeclineForm | None = None,
    withdraw_form: ReasonForm | None = None,
) -> HttpResponse:
    """The referral's page; with a form sent and refused, that form as it was sent, what was
    wrong beside its field (400): a reason typed is never lost."""
    log_action(
        "referral.viewed", user=user, request=request, obj=referral, person_id=referral.person_id
    )
    context = {
        "referral": referral,
        "can_answer": referral.status == "pending"
        and access.answers_referral(user, referral)
        and user.can(C.RESPOND_REFERRALS),
        "can_withdraw": referral.status == "pending"
        and access.made_referral(user, referral)
        and user.can(C.REFER),
        "decline_form": decline_form or DeclineForm(auto_id="decline-%s"),
        "withdraw_form": withdraw_form or ReasonForm(auto_id="withdraw-%s"),
        "rereferrals": referral.rereferrals.select_related("provider"),
        "cases": _cases_of(user, referral),
    }
    if _needs_rereferral(user, referral):
        excluded = directory.declined_provider_ids(referral.person)
        context |= match_context(referral.person, referral.needs, "", excluded)
        context["refer_form"] = ReferForm()
    refused = decline_form is not None or withdraw_form is not None
    return render(
        request, "protection/referral_detail.html", context, status=400 if refused else 200
    )


def _cases_of(user: User, referral: Referral) -> QuerySet[ProtectionCase]:
    """The case the referral opened or, accepted while the person's case at the provider's agency
    was open, that case: what the reader may open of them."""
    cases = access.visible_cases(user).select_related("agency")
    if referral.status != ReferralStatus.ACCEPTED or referral.responded_at is None:
        return cases.filter(referral=referral)
    going_on = (
        Q(person_id=referral.person_id, agency_id=referral.provider.agency_id)
        & Q(opened_at__lte=referral.responded_at)
        & (Q(closed_at__isnull=True) | Q(closed_at__gt=referral.responded_at))
    )
    return cases.filter(Q(referral=referral) | going_on)


def _needs_rereferral(user: User, referral: Referral) -> bool:
    return (
        referral.status == "declined" and access.made_referral(user, referral) and user.can(C.REFER)
    )


@login_required
@require_POST
def referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RESPOND_REFERRALS)
    referral = access.get_referral_for_user(user, pk)
    going_on = services.open_case_of(referral.person, user.agency_key)
    accepted = attempt(
        request,
        lambda: services.accept_referral(user, referral, request=request),
        _("Referral accepted. A case has been opened at your agency.")
        if going_on is None
        else _("Referral accepted. The person's open case at your agency goes on."),
    )
    # The case worker who accepts goes on to the case, to plan the person's reception.
    case = services.open_case_of(referral.person, user.agency_key)
    if accepted is not None and case is not None and user.can(C.MANAGE_CASES):
        return redirect("protection:case_detail", case.pk)
    return redirect("protection:referral_detail", referral.pk)


@login_required
@require_POST
def referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RESPOND_REFERRALS)
    referral = access.get_referral_for_user(user, pk)
    form = DeclineForm(request.POST, auto_id="decline-%s")
    if not form.is_valid():
        return _detail_page(request, user, referral, decline_form=form)
    reason = form.cleaned_data["reason"]
    attempt(
        request,
        lambda: services.decline_referral(user, referral, reason=reason, request=request),
        _("Referral declined. The referring agency will see your reason."),
    )
    return redirect("protection:referral_detail", referral.pk)


@login_required
@require_POST
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.REFER)
    referral = access.get_referral_for_user(user, pk)
    form = ReasonForm(request.POST, auto_id="withdraw-%s")
    if not form.is_valid():  # a reason too long is refused, not dropped
        return _detail_page(request, user, referral, withdraw_form=form)
    reason = form.cleaned_data["reason"]
    attempt(
        request,
        lambda: services.withdraw_referral(user, referral, reason=reason, request=request),
        _("Referral withdrawn."),
    )
    return redirect("protection:referral_detail", referral.pk)
