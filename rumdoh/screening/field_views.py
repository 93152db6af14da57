"""Pages of offline field collection: the XLSForms to download, and imports of submissions."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused
from rumdoh.core.filters import narrowed, within
from rumdoh.core.pagination import page_of
from rumdoh.screening import checked, field
from rumdoh.screening.forms import ImportFilterForm, SubmissionUploadForm
from rumdoh.screening.imports import import_submissions
from rumdoh.screening.models import DeterminationChoice, ScreeningRecord, SubmissionImport


def agency_imports(user: User) -> QuerySet[SubmissionImport]:
    if user.agency_id is None:
        return SubmissionImport.objects.none()
    return SubmissionImport.objects.filter(agency_id=user.agency_id)


def get_import_for_user(user: User, pk: int) -> SubmissionImport:
    """The import, or 404 alike whether it does not exist or belongs to another agency."""
    try:
        return agency_imports(user).select_related("imported_by").get(pk=pk)
    except SubmissionImport.DoesNotExist:
        raise Http404 from None


def filtered_imports(
    imports: QuerySet[SubmissionImport], *, q: str = "", since: date | None = None
) -> QuerySet[SubmissionImport]:
    """``imports`` narrowed by the list's filters (``ImportFilterForm``'s cleaned data)."""
    if q.strip():
        imports = imports.filter(reference__icontains=q.strip())
    imports = within(imports, "imported_at__date", since, None)
    return imports.select_related("imported_by").order_by("-imported_at", "-id")


@login_required
def field_forms(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.SCREEN)
    form = ImportFilterForm(request.GET or None)
    page = page_of(request, narrowed(form, filtered_imports, agency_imports(user)))
    forms = [field.describe(kind) for kind in field.KINDS]
    context = {"forms": forms, "filter": form, "page": page, "may_import": _may_import(user)}
    return render(request, "screening/field_forms.html", context)


def _may_import(user: User) -> bool:
    return user.can(C.SCREEN) and user.can(C.RECORD_PERSONS)


@login_required
def download(request: HttpRequest, kind: str) -> HttpResponse:
    acting_user(request, C.SCREEN)
    if kind not in field.KINDS:
        raise Http404
    response = HttpResponse(field.workbook(kind), content_type=field.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{field.file_name(kind)}"'
    return response


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.SCREEN)
    if not _may_import(user):
        raise PermissionDenied
    form = SubmissionUploadForm(request.POST or None, request.FILES or None)
    report = None
    kept = None
    if request.method == "POST" and form.is_valid():
        try:
            upload = checked.chosen(user, form.cleaned_data)
        except Refused as refused:
            form.add_error("file", str(refused))
        else:
            report = import_submissions(
                upload,
                user=user,
                reference=form.cleaned_data["reference"],
                dry_run=form.cleaned_data["check_only"],
                request=request,
            )
            if report.ok and report.submission_import is not None:
                return _saved(request, report.submission_import)
            if report.ok:  # checked and found good: keep it for the import itself, next
                kept = checked.keep(user, upload)
                initial = {"reference": form.cleaned_data["reference"], "checked": kept.pk}
                form = SubmissionUploadForm(initial=initial)
    outcomes = report.outcomes if report else []
    rows = [(o, DeterminationChoice(o.determination).label, "") for o in outcomes]
    context = {"form": form, "report": report, "rows": rows, "kept": kept}
    return render(request, "screening/field_upload.html", context)


def _saved(request: HttpRequest, record: SubmissionImport) -> HttpResponse:
    counts = {"ref": record.reference_code, "created": record.created, "skipped": record.skipped}
    messages.success(
        request,
        _("Import %(ref)s saved: %(created)s new screenings, %(skipped)s already imported.")
        % counts,
    )
    return redirect("screening:field_import", record.pk)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.SCREEN)
    record = get_import_for_user(user, pk)
    screenings = ScreeningRecord.objects.filter(field_submission__submission_import=record)
    page = page_of(
        request, screenings.select_related("person").order_by("field_submission__position")
    )
    log_bulk_read(
        "screening.listed",
        user=user,
        request=request,
        person_ids=[r.person_id for r in page if r.person_id],
        reason=_("field submission import"),
    )
    return render(request, "screening/field_import.html", {"record": record, "page": page})
