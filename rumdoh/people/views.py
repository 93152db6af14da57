from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.csvsafe import csv_download
from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.formfields import show_refusal
from rumdoh.core.limits import NAME_MAX, clean_name
from rumdoh.core.pagination import page_of
from rumdoh.core.versions import keep_input_after_stale
from rumdoh.people import queries, services
from rumdoh.people.access import (
    get_person_for_user,
    may_change_person,
    owns_person,
    visible_persons,
)
from rumdoh.people.forms import (
    ConsentForm,
    DocumentForm,
    PersonFilterForm,
    PersonForm,
    WithdrawConsentForm,
)
from rumdoh.people.models import Consent
from rumdoh.people.search import Ranked


def filtered_persons(
    request: HttpRequest, user: object, cap: int | None = None
) -> tuple[PersonFilterForm, Any, bool]:
    """The persons the list shows, and whether a search matched more than it lists.

    A search lists the best matches first (``services.find_persons``); without one, the list is
    newest first.
    """
    persons = visible_persons(user)  # type: ignore[arg-type]
    form = PersonFilterForm(request.GET or None)
    more = False
    if form.is_valid():
        persons, more = queries.filtered_persons(persons, cap=cap, **form.cleaned_data)
    elif form.is_bound:
        # A search the system does not run (too long) lists nobody; the form says why.
        persons = persons.none()
    if isinstance(persons, Ranked):
        return form, persons, more
    return form, persons.select_related("owner_agency").order_by("-created_at", "-id"), more


# A download may hold every match of a search, not only the first pages.
EXPORT_CAP = 100_000


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.VIEW_PERSONS)
    form, persons, too_many = filtered_persons(request, user)
    page = page_of(request, persons)
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[p.pk for p in page],
        reason=_("person list"),
    )
    return render(
        request,
        "people/list.html",
        {
            "form": form,
            "page": page,
            "can_record": user.can(C.RECORD_PERSONS),
            "can_export": user.can(C.EXPORT_PERSONAL),
            "too_many": too_many,
            "search_cap": services.SEARCH_CAP,
        },
    )


def likely_for(user: Any, data: Any) -> list[Any]:
    """Persons the user may see who may be the one being recorded (from the form as typed)."""
    fields = ("given_name", "family_name", "name_km")
    names = [clean_name(str(data.get(f, "")))[:NAME_MAX] for f in fields]
    year = typed_year(data)
    sex = str(data.get("sex", ""))[:8]
    persons = services.likely_matches(
        visible_persons(user),
        given_name=names[0],
        family_name=names[1],
        name_km=names[2],
        birth_year=year,
        sex=sex,
        limit=LIKELY_SHOWN,
    )
    return persons


def typed_year(data: Any) -> int | None:
    """The year of birth as typed, from the year, the date or the estimated age, if any."""
    year = str(data.get("birth_year", "")).strip()
    if year.isdigit() and 1900 <= int(year) <= 2100:
        return int(year)
    dob = str(data.get("date_of_birth", "")).strip()
    if len(dob) >= 4 and dob[:4].isdigit():
        return int(dob[:4])
    age = str(data.get("estimated_age", "")).strip()
    if age.isdigit() and int(age) <= 110:
        return timezone.localdate().year - int(age)
    return None


LIKELY_SHOWN = 10


def likely_context(request: HttpRequest, user: Any) -> dict[str, Any]:
    matches = likely_for(user, request.POST)
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=[p.pk for p in matches],
        reason=_("likely matches before recording a person"),
    )
    return {"matches": matches, "checked": True}


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.RECORD_PERSONS)
    if request.method == "POST" and request.POST.get("check"):
        # "Check for matches" without scripts: the same form, as typed, with the matches.
        form = PersonForm(initial=typed_initial(request.POST))
        context = {"form": form, "creating": True, **likely_context(request, user)}
        return render(request, "people/form.html", context)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(user, form.person_data(), request)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Person %(ref)s recorded.") % {"ref": person.reference})
            return redirect("people:detail", person.pk)
    return render(request, "people/form.html", {"form": form, "creating": True})


def typed_initial(data: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}
    initial["languages"] = data.getlist("languages")
    return initial


@login_required
@require_POST
def person_likely_matches(request: HttpRequest) -> HttpResponse:
    """The likely matches panel of the create page, asked for by htmx as the name is typed."""
    user = acting_user(request, C.RECORD_PERSONS)
    return render(request, "people/likely_matches.html", likely_context(request, user))


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.VIEW_PERSONS)
    person = get_person_for_user(user, pk)
    log_action(
        "person.viewed",
        user=user,
        request=request,
        obj=person,
        person_id=person.pk,
        reason=request.GET.get("why", "")[:200],
    )
    owned = owns_person(user, person)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "owned": owned,
            "consents": person.consents.select_related("agency", "recorded_by"),
            "documents": person.documents.all(),
            "can_edit": may_change_person(user, person),
            # A person may withdraw consent wherever they are; it only ever narrows sharing.
            "can_withdraw": user.can(C.RECORD_PERSONS),
            "consent_form": ConsentForm(initial={"given_on": timezone.localdate()}),
            "document_form": DocumentForm(),
        },
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RECORD_PERSONS)
    person = get_person_for_user(user, pk)
    services.require_owner(user, person)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                user,
                person,
                form.person_data(),
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", person.pk)
    # The form shows the record (names, birth date, phone, address): a read like the detail's.
    log_action(
        "person.viewed",
        user=user,
        request=request,
        obj=person,
        person_id=person.pk,
        data={"page": "edit"},
    )
    return render(request, "people/form.html", {"form": form, "person": person})


@login_required
@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RECORD_PERSONS)
    person = get_person_for_user(user, pk)
    services.require_owner(user, person)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.record_consent(
            user,
            person,
            scope=form.cleaned_data["scope"],
            method=form.cleaned_data["method"],
            given_on=form.cleaned_data["given_on"],
            agency=form.cleaned_data.get("agency"),
            request=request,
        )
        messages.success(request, _("Consent recorded."))
        return redirect("people:detail", person.pk)
    return render(request, "people/consent_form.html", {"form": form, "person": person})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    user = acting_user(request, C.RECORD_PERSONS)
    person = get_person_for_user(user, pk)
    consent = get_object_or_404(Consent, pk=consent_id, person=person)
    form = WithdrawConsentForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if request.POST.get("confirmed") != "yes" and consent.is_active:
        # Withdrawing ends sharing at once: the first press asks to confirm, with what it ends.
        context = {"person": person, "consent": consent, "reason": reason}
        return render(request, "people/consent_withdraw_confirm.html", context)
    services.withdraw_consent(user, consent, reason=reason, request=request)
    messages.success(request, _("Consent withdrawn. Nothing more is shared on its basis."))
    return redirect("people:detail", person.pk)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RECORD_PERSONS)
    person = get_person_for_user(user, pk)
    services.require_owner(user, person)
    form = DocumentForm(request.POST)
    if form.is_valid():
        services.add_document(user, person, form.cleaned_data, request)
        messages.success(request, _("Document recorded."))
        return redirect("people:detail", person.pk)
    return render(request, "people/document_form.html", {"form": form, "person": person})


@login_required
def person_export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV of the persons matching the filters; personal data, so two-factor roles only."""
    user = acting_user(request, C.EXPORT_PERSONAL)
    _form, persons, _more = filtered_persons(request, user, cap=EXPORT_CAP)
    # The search words are personal data themselves (a name, a phone number): the trail notes
    # that a search narrowed the export, and then which persons left, not what was typed.
    filters = {k: v for k, v in request.GET.items() if k not in {"q", "page"}}
    log_action(
        "person.exported",
        user=user,
        request=request,
        data={"filters": filters, "searched": bool(request.GET.get("q", "").strip())},
        reason=_("export"),
    )
    header = [
        _("Reference"),
        _("Family name"),
        _("Given name"),
        _("Name in Khmer"),
        _("Sex"),
        _("Year of birth"),
        _("Nationality"),
        _("Province"),
    ]

    def rows() -> Iterator[list[object]]:
        shown: list[int] = []
        for p in persons.iterator(chunk_size=500):
            shown.append(p.pk)
            if len(shown) == 500:
                log_bulk_read(
                    "person.exported_row",
                    user=user,
                    request=request,
                    person_ids=shown,
                    reason=_("export"),
                )
                shown = []
            yield [
                p.reference,
                p.family_name,
                p.given_name,
                p.name_km,
                p.sex,
                p.birth_year or "",
                p.nationality,
                p.province,
            ]
        log_bulk_read(
            "person.exported_row", user=user, request=request, person_ids=shown, reason=_("export")
        )

    return csv_download("persons.csv", header, rows())
