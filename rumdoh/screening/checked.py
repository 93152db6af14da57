"""An export checked with "Check the file only", kept for the import that follows.

The file names the people screened, so it is kept as attachments are: sealed (AES-256-GCM, bound
to its digest), in the database, owned by the user who checked it and opened for nobody else,
one per user, and for ``KEEP_FOR`` only; expired files are deleted whenever a file is kept, and
a kept file is deleted once taken for the import.
"""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from typing import IO, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.models import User
from rumdoh.core.errors import Refused
from rumdoh.core.keys import sealer
from rumdoh.screening.imports import MAX_FILE_BYTES
from rumdoh.screening.models import CheckedFile

KEEP_FOR = timedelta(minutes=30)


def _context(digest: str) -> bytes:
    return f"rumdoh:checked-file:{digest}".encode()


def keep(user: User, upload: IO[bytes]) -> CheckedFile:
    """Seal the checked file for the user's next import, in place of any kept before."""
    upload.seek(0)
    data = upload.read(MAX_FILE_BYTES + 1)
    now = timezone.now()
    CheckedFile.objects.filter(Q(owner=user) | Q(expires_at__lte=now)).delete()
    digest = hashlib.sha256(data).hexdigest()
    return CheckedFile.objects.create(
        owner=user,
        file_name=str(getattr(upload, "name", "") or "")[-200:],
        sha256=digest,
        content=sealer().seal_bytes(data, _context(digest)),
        expires_at=now + KEEP_FOR,
    )


def chosen(user: User, cleaned: dict[str, Any]) -> IO[bytes]:
    """The file chosen on the form, else the one the user checked and kept (then deleted);
    ``Refused`` when it is no longer kept."""
    if cleaned.get("file"):
        return cleaned["file"]
    kept = CheckedFile.objects.filter(
        pk=cleaned.get("checked") or 0, owner=user, expires_at__gt=timezone.now()
    ).first()
    if kept is None:
        raise Refused(
            _(
                "The checked file is no longer kept (it is kept for 30 minutes, until it is "
                "imported): choose the file again."
            )
        )
    data = sealer().open_bytes(bytes(kept.content), _context(kept.sha256))
    kept.delete()
    upload = io.BytesIO(data)
    upload.name = kept.file_name
    return upload
