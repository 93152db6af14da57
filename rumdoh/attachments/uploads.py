"""Uploaded files stay in memory, never in a temporary file on disk, and never past the limit.

Django writes uploads above 2.5 MB to a temporary file: for a scanned identity document that is
personal data in clear on disk. This handler keeps each file in memory up to
``RUMDOH_ATTACHMENT_MAX_BYTES`` and only counts the bytes past it, so a file that is too big is
refused by its size (``rumdoh.attachments.services``) without being held whole anywhere.
"""

from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class BoundedMemoryUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= int(settings.RUMDOH_ATTACHMENT_MAX_BYTES):
            self.buffer.write(raw_data)
        elif self.buffer.tell():
            self.buffer = BytesIO()  # too big: drop what was kept; the size alone decides

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
