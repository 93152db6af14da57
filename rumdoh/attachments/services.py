"""Every change to attachments, and every opening of one: checked, atomic, audited."""

import hashlib
from typing import IO

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.core.keys import sealer
from rumdoh.core.twice import REPEAT_WINDOW
from rumdoh.justice.models import CriminalCase

from .access import Parent, may_delete
from .models import Attachment, Kind
from .rules import content


def max_bytes() -> int:
    return int(settings.RUMDOH_ATTACHMENT_MAX_BYTES)


def _context(digest: str) -> bytes:
    # Binds the sealed content to its digest: content moved to another row does not open.
    return f"rumdoh:attachment:{digest}".encode()


def checked_content_type(size: int, head: bytes) -> str:
    """The content type the file's first bytes prove, or ``Refused`` with the reason."""
    if size == 0:
        raise Refused(_("The file is empty. Choose the scanned file again."))
    if size > max_bytes():
        raise Refused(
            _(
                "The file is %(size)s; the largest file accepted is %(limit)s. Scan it at a "
                "lower resolution or in several parts, then upload it again."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )
    found = content.sniff(head)
    if found is None:
        raise Refused(
            _(
                "This file is not a PDF, JPEG, PNG or WebP file: its content was checked, not "
                "its name. Save or scan it as one of these, then upload it again."
            )
        )
    return found


def require_may_change(user: User, parent: Parent) -> None:
    if not parent.may_change or user.agency_id is None:
        raise NotAllowed(_("Only those who may change this record can add files to it."))


def require_may_delete(user: User, attachment: Attachment, parent: Parent) -> None:
    if not may_delete(user, attachment, parent):
        raise NotAllowed(
            _("Only the agency that added this file can delete it, while it may change the record.")
        )


def _audit_data(attachment: Attachment, parent: Parent) -> dict[str, object]:
    return {
        "record": parent.kind,
        "record_id": parent.record.pk,
        "kind": attachment.kind,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


class AlreadyUploaded(Refused):
    """The file sent is kept with the record already (``attachment``): the form sent twice."""

    def __init__(self, attachment: Attachment) -> None:
        super().__init__(
            _(
                "This file is already kept with this record as %(ref)s: your agency added the "
                "very same file moments ago. Nothing was added."
            )
            % {"ref": attachment.reference}
        )
        self.attachment = attachment


def same_upload(user: User, parent: Parent, digest: str) -> Attachment | None:
    """The file with the digest ``digest`` that ``user``'s agency added to the record moments
    ago, if any. Only the record's recent files of the agency are compared: a digest is never
    looked for across records or agencies."""
    return (
        Attachment.objects.filter(
            **parent.filter,
            agency_id=user.acting_agency_id(),
            uploaded_at__gte=timezone.now() - REPEAT_WINDOW,
            sha256=digest,
        )
        .defer("content")
        .order_by("-uploaded_at", "-id")
        .first()
    )


@transaction.atomic
def upload(
    user: User,
    parent: Parent,
    *,
    kind: str,
    title: str,
    file: IO[bytes],
    size: int,
    request: HttpRequest | None = None,
) -> Attachment:
    """Check the file by its content and size, seal it, keep it with the record.

    The very same file added to the record by the same agency moments ago is not kept twice:
    ``AlreadyUploaded`` names the one kept. The record's row is locked while the service looks,
    so that two sendings at once are answered one after the other."""
    require_may_change(user, parent)
    if kind not in Kind.values:
        raise Refused(_("Choose what kind of document this is."))
    data = file.read(max_bytes() + 1) if size <= max_bytes() else b""
    content_type = checked_content_type(max(size, len(data)), data[: content.HEAD])
    digest = hashlib.sha256(data).hexdigest()
    type(parent.record)._default_manager.select_for_update().filter(pk=parent.record.pk).exists()
    found = same_upload(user, parent, digest)
    if found is not None:
        raise AlreadyUploaded(found)
    attachment = Attachment.objects.create(
        **parent.filter,
        kind=kind,
        title=title,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        content=sealer().seal_bytes(data, _context(digest)),
        agency_id=user.acting_agency_id(),
        uploaded_by=user,
    )
    log_action(
        "attachment.uploaded",
        user=user,
        request=request,
        obj=attachment,
        person_id=parent.person_id,
        data=_audit_data(attachment, parent),
    )
    return attachment


def open_content(
    user: User,
    attachment: Attachment,
    parent: Parent,
    *,
    request: HttpRequest | None = None,
    reason: str = "",
) -> bytes:
    """The file in clear, for a user who may see its record; the reading is in the trail."""
    sealed = Attachment.objects.values_list("content", flat=True).get(pk=attachment.pk)
    data = sealer().open_bytes(bytes(sealed), _context(attachment.sha256))
    log_action(
        "attachment.downloaded",
        user=user,
        request=request,
        obj=attachment,
        person_id=parent.person_id,
        reason=reason,
        data=_audit_data(attachment, parent),
    )
    return data


@transaction.atomic
def delete(
    user: User, attachment: Attachment, parent: Parent, *, request: HttpRequest | None = None
) -> None:
    require_may_delete(user, attachment, parent)
    log_action(
        "attachment.deleted",
        user=user,
        request=request,
        obj=attachment,
        person_id=parent.person_id,
        data=_audit_data(attachment, parent),
    )
    attachment.delete()


def erase_case_files(sender: object, case: CriminalCase, **kwargs: object) -> int:
    """A criminal case reached the end of its retention: its files go with its personal data.

    Receives ``justice.retention.case_erased`` inside the erasure's transaction, which audits it.
    """
    deleted, _by_model = Attachment.objects.filter(criminal_case=case).delete()
    return deleted
