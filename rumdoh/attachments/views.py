"""Attachment pages: the full list of a record's files, upload, download, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.core.errors import Refused
from rumdoh.core.pagination import page_of

from . import access, services
from .forms import AttachmentForm, DeleteForm
from .models import Attachment


def file_response(attachment: Attachment, data: bytes) -> HttpResponse:
    """The file as a download, never shown inline, never sniffed, never cached."""
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.file_name}"'
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def attachment_list(request: HttpRequest, parent: str, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = access.get_parent_for_user(user, parent, pk)
    rows = Attachment.objects.filter(**record.filter).defer("content")
    page = page_of(request, rows.select_related("agency", "uploaded_by"))
    log_action(
        "attachment.listed",
        user=user,
        request=request,
        obj=record.record,
        person_id=record.person_id,
        data={"shown": [a.pk for a in page]},
    )
    deletable = {a.pk for a in page if access.may_delete(user, a, record)}
    context = {"parent": record, "page": page, "deletable": deletable}
    return render(request, "attachments/list.html", context)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, parent: str, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = access.get_parent_for_user(user, parent, pk)
    services.require_may_change(user, record)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            services.upload(
                user,
                record,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                file=file,
                size=file.size,
                request=request,
            )
        except services.AlreadyUploaded as exc:
            # Sent twice: the file kept the first time is in the record's list.
            messages.info(request, str(exc))
            return redirect(record.url + "#attachments")
        except Refused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("File added. It is kept encrypted."))
            return redirect(record.url + "#attachments")
    context = {"parent": record, "form": form}
    return render(request, "attachments/upload.html", context, status=400)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    attachment, record = access.get_attachment_for_user(user, pk)
    reason = request.GET.get("why", "")[:200]
    data = services.open_content(user, attachment, record, request=request, reason=reason)
    return file_response(attachment, data)


@login_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    attachment, record = access.get_attachment_for_user(user, pk)
    services.require_may_delete(user, attachment, record)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete(user, attachment, record, request=request)
        messages.success(request, _("File deleted."))
        return redirect(record.url + "#attachments")
    context = {"parent": record, "attachment": attachment, "form": form}
    return render(request, "attachments/delete.html", context)
