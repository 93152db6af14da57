from typing import Any

from rest_framework import serializers

from rumdoh.core.limits import TITLE_MAX, BoundedSerializerField

from . import access
from .models import Attachment, Kind


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    """What is known about a file without opening it; the content is at ``download``."""

    reference = serializers.CharField(read_only=True)
    record_type = serializers.SerializerMethodField()
    record_id = serializers.SerializerMethodField()
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "reference",
            "record_type",
            "record_id",
            "kind",
            "title",
            "content_type",
            "size",
            "sha256",
            "agency",
            "agency_name",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    def get_record_type(self, obj: Attachment) -> str:
        if obj.person_id is not None:
            return access.PERSON
        return access.CASE if obj.protection_case_id is not None else access.CRIMINAL_CASE

    def get_record_id(self, obj: Attachment) -> int:
        return int(obj.person_id or obj.protection_case_id or obj.criminal_case_id or 0)

    def get_download(self, obj: Attachment) -> str:
        """The path of the file's content (``GET``, binary)."""
        return f"/api/v1/attachments/{obj.pk}/content/"


class UploadSerializer(serializers.Serializer[Any]):
    """A file to keep with a record: sent as ``multipart/form-data``."""

    record_type = serializers.ChoiceField(
        choices=access.PARENT_KINDS,
        help_text="What the file belongs to: a person, a protection case or a criminal case.",
    )
    record_id = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = BoundedSerializerField(max_length=TITLE_MAX)
    file = serializers.FileField(
        help_text="PDF, JPEG, PNG or WebP, judged by the content, not the name; at most "
        "RUMDOH_ATTACHMENT_MAX_BYTES (10 MB by default)."
    )
