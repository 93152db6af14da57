"""The attachments API: the same access helpers and services as the pages."""

import json
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.models import User
from rumdoh.core.api import schema_only
from rumdoh.core.errors import Refused
from rumdoh.people.api_audit import AuditedViewSet, Reads

from . import access, services
from .models import Attachment
from .rules.content import ALLOWED
from .serializers import AttachmentSerializer, UploadSerializer
from .views import file_response


class FileRenderer(BaseRenderer):
    """Lets a client ask for the file's own type (``Accept: application/pdf``); an error is
    still JSON."""

    media_type = "*/*"
    format = "file"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data).encode()


def person_of(attachment: Attachment) -> int | None:
    """The person whose file this is, if it is one person's (a criminal case has several)."""
    if attachment.protection_case is not None:
        return attachment.protection_case.person_id
    return attachment.person_id


def persons_of(rows: Sequence[Attachment], user: User) -> list[int | None]:
    return [person_of(attachment) for attachment in rows]


RECORD_FILTERS = [
    OpenApiParameter(
        name, int, description=f"Only the files of this {label} (404 if it may not be seen)."
    )
    for name, label in (
        ("person", "person"),
        ("case", "protection case"),
        ("criminal_case", "criminal case"),
    )
]
FILTER_KINDS = {"person": access.PERSON, "case": access.CASE, "criminal_case": access.CRIMINAL_CASE}


@extend_schema_view(
    list=extend_schema(parameters=RECORD_FILTERS),
    create=extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: OpenApiResponse(AttachmentSerializer, description="The file kept."),
            200: OpenApiResponse(
                AttachmentSerializer,
                description=(
                    "The very same file sent again to the same record (a double click, or a "
                    "retry after a lost answer): the caller's agency added it moments ago. "
                    "Nothing is added, and the answer is the file kept the first time."
                ),
            ),
        },
        description="Keep a file with a person, protection case or criminal case the caller's "
        "agency may change. The content decides the type (PDF, JPEG, PNG, WebP); anything else, "
        "and anything over the size limit, answers 400 with the reason.",
    ),
    destroy=extend_schema(
        description="Delete a file: only the agency that added it, while it may change the record."
    ),
)
class AttachmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    AuditedViewSet,
):
    """Files kept with records the caller's agency may see. Every download is in the audit trail."""

    serializer_class = AttachmentSerializer
    audit = Reads("attachment", persons=(persons_of,), audited_by_service=("content",))
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Attachment]:
        if schema_only(self):
            return Attachment.objects.none()
        user = api_user(self.request)
        rows = access.visible_attachments(user)
        for name, kind in FILTER_KINDS.items():
            if name in self.request.query_params:
                parent = access.get_parent_for_user(user, kind, self.request.query_params[name])
                rows = rows.filter(**parent.filter)
        related = ("agency", "uploaded_by", "protection_case")
        return rows.select_related(*related).order_by("-uploaded_at", "-id")

    def get_object(self) -> Attachment:
        attachment, self.parent = access.get_attachment_for_user(
            api_user(self.request), self.kwargs["pk"]
        )
        return self.audited(attachment)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = api_user(request)
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        parent = access.get_parent_for_user(user, data["record_type"], data["record_id"])
        try:
            attachment = services.upload(
                user,
                parent,
                kind=data["kind"],
                title=data["title"],
                file=data["file"],
                size=data["file"].size,
                request=request,
            )
        except services.AlreadyUploaded as twice:
            # Sent twice: the file kept the first time, as protection's referrals answer.
            return Response(self.get_serializer(twice.attachment).data, status=status.HTTP_200_OK)
        except Refused as exc:
            raise ValidationError({"file": [str(exc)]}) from exc
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attachment = self.get_object()
        services.delete(api_user(request), attachment, self.parent, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "X-Access-Reason", str, OpenApiParameter.HEADER, description="Why it is read."
            )
        ],
        responses={
            (200, media): OpenApiResponse(OpenApiTypes.BINARY, description="The file, as kept.")
            for media in ALLOWED
        },
        description="The file in clear, as a download (`Content-Disposition: attachment`, "
        "`X-Content-Type-Options: nosniff`, `Cache-Control: no-store`), of the type stored.",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def content(self, request: Request, pk: str | None = None) -> HttpResponse:
        attachment = self.get_object()
        reason = request.headers.get("X-Access-Reason", "api")[:200]
        data = services.open_content(
            api_user(request), attachment, self.parent, request=request, reason=reason
        )
        return file_response(attachment, data)
