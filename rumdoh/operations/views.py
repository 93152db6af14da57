"""Operation pages: each view asks for its reader first, then does one thing."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import FieldRefused, Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.formfields import show_refusal
from rumdoh.core.pagination import page_of
from rumdoh.core.versions import keep_input_after_stale
from rumdoh.operations import services
from rumdoh.operations.access import (
    READERS,
    bypassed_deportations,
    get_entry_for_user,
    get_operation_for_user,
    may_change,
)
from rumdoh.operations.board import COLUMNS, board
from rumdoh.operations.forms import (
    DeportForm,
    EntryForm,
    OperationFilterForm,
    OperationForm,
    OperationScreeningForm,
    ReleaseForm,
    RosterFilterForm,
    RosterUploadForm,
    SubmissionsUploadForm,
)
from rumdoh.operations.models import Operation, Status
from rumdoh.operations.problems import describe
from rumdoh.operations.queries import filtered_operations, filtered_roster
from rumdoh.operations.rules.gate import Gate
from rumdoh.operations.rules.gate import gate as gate_of
from rumdoh.operations.tables import rows_of
from rumdoh.screening import checked, imports
from rumdoh.screening.models import DeterminationChoice, ScreeningRecord
from rumdoh.screening.services import ScreeningInput
from rumdoh.screening.views import result_context


@login_required
def operation_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *READERS)
    form = OperationFilterForm(request.GET or None)
    page = page_of(request, narrowed(form, filtered_operations, user))
    context = {"form": form, "page": page, "may_create": user.can(C.RUN_OPERATIONS)}
    return render(request, "operations/list.html", context)


@login_required
def operation_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.RUN_OPERATIONS)
    initial = {"province": user.agency.province if user.agency else "", "status": "under_way"}
    form = OperationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.create_operation(
                user, form.data_for_service(), form.cleaned_data["agencies"], request
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, _("Operation %(ref)s saved.") % {"ref": operation.reference})
            return redirect("operations:detail", operation.pk)
    return render(request, "operations/form.html", {"form": form})


@login_required
def operation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RUN_OPERATIONS)
    operation = get_operation_for_user(user, pk)
    initial = {
        "kind": operation.kind,
        "held_on": operation.held_on,
        "province": operation.province,
        "place": operation.place,
        "status": operation.status,
        "agencies": list(operation.agencies.all()),
        "version": operation.version,
    }
    form = OperationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_operation(
                user,
                operation,
                form.data_for_service(),
                form.cleaned_data["agencies"],
                expected_version=form.cleaned_data["version"] or 0,
                request=request,
            )
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except FieldRefused as refused:
            show_refusal(form, refused)
        except Refused as refused:  # closing refused: the status chosen
            form.add_error("status", str(refused))
        else:
            messages.success(request, _("Operation %(ref)s saved.") % {"ref": operation.reference})
            return redirect("operations:detail", operation.pk)
    return render(request, "operations/form.html", {"form": form, "operation": operation})


@login_required
def operation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *READERS)
    operation = get_operation_for_user(user, pk)
    form = RosterFilterForm(request.GET or None)
    roster = operation.roster.select_related("person", "screening")
    page = page_of(request, narrowed(form, filtered_roster, user, roster).order_by("pk"))
    entries = list(page)
    facts = services.facts_for(entries)
    labels = gate_labels()
    for entry in entries:
        state = gate_of(facts[entry.pk]).value
        entry.gate_open = state == Gate.OPEN
        entry.gate_label = labels[state]
    victims = services.identified_victims(entries)
    log_bulk_read(
        "operation.roster_listed",
        user=user,
        request=request,
        person_ids=[e.person_id for e in entries],
        reason=operation.reference,
    )
    lines, total = board(operation, get_language() or "en")
    context = {
        "operation": operation,
        "agencies": operation.agencies.order_by("name"),
        "form": form,
        "page": page,
        "victims": victims,
        "lines": lines,
        "total": total,
        "columns": COLUMNS,
        "may_change": may_change(user, operation),
        "may_screen": user.can(C.SCREEN),
        "may_deport": user.can(C.RECORD_DEPORTATIONS),
        "may_refer": user.can(C.REFER),
        "offline_import": user.can(C.SCREEN),
        "closed": operation.status == Status.CLOSED,
        "today": timezone.localdate(),
    }
    return render(request, "operations/detail.html", context)


def _closed(request: HttpRequest, operation: Operation) -> HttpResponse | None:
    """A closed operation takes nobody on its roster: back to it, saying so."""
    if operation.status != Status.CLOSED:
        return None
    messages.error(request, services.closed_message())
    return redirect("operations:detail", operation.pk)


@login_required
def roster_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RUN_OPERATIONS)
    operation = get_operation_for_user(user, pk)
    if closed := _closed(request, operation):
        return closed
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_roster(user, operation, rows_of(upload, upload.name), request)
        except services.RosterRejected as rejected:
            form.add_error(None, str(rejected))
            problems = [describe(error) for error in rejected.errors]
            if rejected.ignored_columns:
                form.add_error(None, services.ignored_columns_message(rejected.ignored_columns))
        except Refused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(
                request,
                _("%(added)s people added to the roster, %(linked)s found already recorded.")
                % {"added": result.added, "linked": result.linked},
            )
            if result.ignored_columns:
                messages.warning(request, services.ignored_columns_message(result.ignored_columns))
            return redirect("operations:detail", operation.pk)
    context = {"operation": operation, "form": form, "problems": problems}
    return render(request, "operations/import.html", context)


@login_required
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.RUN_OPERATIONS)
    operation = get_operation_for_user(user, pk)
    if closed := _closed(request, operation):
        return closed
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_entry(user, operation, form.cleaned_data, request)
        except services.RosterRejected as rejected:
            for error in rejected.errors:
                field = error.column if error.column in form.fields else None
                form.add_error(field, describe(error)["message"])
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("%(ref)s added to the roster.") % {"ref": entry.person.reference}
            )
            if "another" in request.POST:
                return redirect("operations:entry_add", operation.pk)
            return redirect("operations:detail", operation.pk)
    return render(request, "operations/entry_form.html", {"operation": operation, "form": form})


@login_required
def screen_next(request: HttpRequest, pk: int) -> HttpResponse:
    """Start screening: the first person on the roster not screened yet."""
    user = acting_user(request, C.SCREEN)
    operation = get_operation_for_user(user, pk)
    after = request.GET.get("after")
    current = get_entry_for_user(user, operation, after) if after else None
    entry = services.next_to_screen(operation, current)
    if entry is None:
        messages.success(request, _("Everyone on the roster has been screened."))
        return redirect("operations:detail", operation.pk)
    return redirect("operations:screen", operation.pk, entry.pk)


@login_required
def screen(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """The short form for one person of the roster; saving goes on to the next person."""
    user = acting_user(request, C.SCREEN)
    operation = get_operation_for_user(user, pk)
    entry = get_entry_for_user(user, operation, entry_pk)
    person = entry.person
    initial = {"interpreter_language": entry.interpreter_language or entry.language}
    form = OperationScreeningForm(request.POST or None, person=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = services.screen_entry(
            user,
            operation,
            entry,
            ScreeningInput(
                form="short",
                observations=form.observations(),
                context=operation.screening_context,
                age=data["age"],
                age_estimated=data["age_estimated"],
                sex=data["sex"],
                nationality=data["nationality"],
            ),
            interpreter_language=data["interpreter_language"],
            request=request,
        )
        messages.success(
            request,
            _("%(person)s screened: %(result)s.")
            % {"person": person.reference, "result": record.get_determination_display()},
        )
        return redirect(f"{_url('operations:screen_next', operation.pk)}?after={entry.pk}")
    log_action("person.viewed", user=user, request=request, obj=person, person_id=person.pk)
    waiting = operation.roster.filter(screening__isnull=True).count()
    context = {
        "operation": operation,
        "entry": entry,
        "person": person,
        "form": form,
        "waiting": waiting,
    }
    if entry.screening is not None:
        context["previous"] = result_context(
            entry.screening.determination, entry.screening.explanation
        )
    return render(request, "operations/screen.html", context)


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


@login_required
def deport(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = acting_user(request, C.RECORD_DEPORTATIONS)
    operation = get_operation_for_user(user, pk)
    entry = get_entry_for_user(user, operation, entry_pk)
    if request.method != "POST":  # the button's address opened after signing in again
        return redirect("operations:detail", operation.pk)
    form = DeportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the deportation."))
    else:
        try:
            services.record_deportation(
                user,
                operation,
                entry,
                deported_on=form.cleaned_data["deported_on"],
                request=request,
            )
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Deportation of %(ref)s recorded.") % {"ref": entry.person.reference}
            )
    return redirect("operations:detail", operation.pk)


@login_required
def release(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = acting_user(request, C.RUN_OPERATIONS)
    operation = get_operation_for_user(user, pk)
    entry = get_entry_for_user(user, operation, entry_pk)
    if request.method != "POST":  # the button's address opened after signing in again
        return redirect("operations:detail", operation.pk)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the release."))
    else:
        try:
            services.record_release(
                user,
                operation,
                entry,
                released_on=form.cleaned_data["released_on"],
                request=request,
            )
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Release of %(ref)s recorded.") % {"ref": entry.person.reference}
            )
    return redirect("operations:detail", operation.pk)


@login_required
def bypassed(request: HttpRequest) -> HttpResponse:
    """Deportations that did not pass the screening check, for supervisors."""
    user = acting_user(request, C.REVIEW_DEPORTATIONS)
    page = page_of(request, bypassed_deportations(user).order_by("-deported_on", "-id"))
    log_bulk_read(
        "deportation.listed",
        user=user,
        request=request,
        person_ids=[d.entry.person_id for d in page],
        reason=_("deportations that bypassed screening"),
    )
    labels = gate_labels()
    for deportation in page:
        deportation.gate_label = labels.get(deportation.gate, deportation.gate)
    return render(request, "operations/bypassed.html", {"page": page})


def gate_labels() -> dict[str, str]:
    return {
        Gate.NOT_SCREENED.value: _("Not screened"),
        Gate.AWAITING_IDENTIFICATION.value: _("Indicated, no identification decided"),
        Gate.SUSPECTED_VICTIM.value: _("Identified as a suspected victim"),
        Gate.ALREADY_DEPORTED.value: _("Already deported"),
        Gate.RELEASED.value: _("Released"),
        Gate.OPEN.value: _("Passed"),
    }


def _roster_note(state: str | None) -> str:
    """What importing a submission does to the operation's roster, said on the check's page."""
    notes = {
        None: _("New: joins the roster with this screening."),
        services.Joined.JOINS: _(
            "Imported before: joins the roster with the screening recorded then."
        ),
        services.Joined.ON_ROSTER: _("Imported before: already on the roster."),
        services.Joined.WITHHELD: _(
            "Imported before by another agency whose records you do not see: not added to the "
            "roster."
        ),
    }
    return notes[state]


def _earlier_message(joined: Counter[str], withheld: int) -> str:
    counts = {
        "joins": joined[services.Joined.JOINS],
        "on_roster": joined[services.Joined.ON_ROSTER],
        "withheld": withheld,
    }
    return (
        _(
            "Of the submissions imported before, %(joins)s joined the roster with the screening "
            "recorded then, %(on_roster)s were on it already and %(withheld)s were not added, "
            "because another agency whose records you do not see imported them."
        )
        % counts
    )


@login_required
def offline_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Screenings filled in offline (ODK Collect, KoboToolbox) imported against the operation:
    checked first if asked, then all or nothing; submissions imported before are skipped."""
    user = acting_user(request, C.SCREEN)
    operation = get_operation_for_user(user, pk)
    if closed := _closed(request, operation):
        return closed

    form = SubmissionsUploadForm(request.POST or None, request.FILES or None)
    report = None
    joined: Counter[str] = Counter()
    kept = None

    def on_known(record: ScreeningRecord, *_rest: object) -> None:
        joined[services.add_known(user, operation, record)] += 1

    if request.method == "POST" and form.is_valid():
        try:
            upload = checked.chosen(user, form.cleaned_data)
            report = imports.import_submissions(
                upload,
                user=user,
                context=operation.screening_context,
                reference=operation.reference,
                on_screening=lambda record, *_rest: services.add_screened(user, operation, record),
                on_known=on_known,
                dry_run=form.cleaned_data["check_only"],
                request=request,
            )
        except Refused as refused:
            form.add_error("file", str(refused))
        else:
            if report.ok and report.submission_import is not None:
                counts = {
                    "ref": report.submission_import.reference_code,
                    "created": report.created,
                    "skipped": report.skipped,
                }
                messages.success(
                    request,
                    _(
                        "Import %(ref)s saved: %(created)s new screenings, %(skipped)s already "
                        "imported."
                    )
                    % counts,
                )
                if report.skipped:
                    withheld = sum(1 for o in report.outcomes if o.skipped and not o.person_id)
                    messages.info(request, _earlier_message(joined, withheld))
                return redirect("operations:detail", operation.pk)
            if report.ok:  # checked and found good: keep it for the import itself, next
                kept = checked.keep(user, upload)
                form = SubmissionsUploadForm(initial={"checked": kept.pk})
    outcomes = report.outcomes if report else []
    plan = services.roster_plan(operation, outcomes)
    rows = [
        (o, DeterminationChoice(o.determination).label, _roster_note(plan.get(o.position)))
        for o in outcomes
    ]
    context = {"operation": operation, "form": form, "report": report, "rows": rows}
    context["roster_column"] = True
    context["kept"] = kept
    return render(request, "operations/offline_import.html", context)
