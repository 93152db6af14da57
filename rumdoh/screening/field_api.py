"""API of offline field collection: the XLSForms, and imports of ODK Central or Kobo exports."""

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.limits import BoundedSerializerField
from rumdoh.people.api_audit import NoPersonalData
from rumdoh.screening import field
from rumdoh.screening.imports import import_submissions
from rumdoh.screening.rules import decision


class FieldFormSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=field.KINDS)
    title = serializers.CharField()
    form_id = serializers.CharField(help_text="The XLSForm form_id, as ODK Central shows it.")
    version = serializers.CharField(help_text="Catalogue version and a digest of the form.")
    questions = serializers.IntegerField()
    file_name = serializers.CharField()
    xlsx = serializers.CharField(help_text="Path of the XLSForm workbook.")


class FieldFormsView(APIView):
    """The short and detailed screening forms, as XLSForms for ODK Collect and KoboToolbox."""

    audit = NoPersonalData("descriptions of the two forms; no record is read")

    @extend_schema(operation_id="screening_field_forms", responses=FieldFormSerializer(many=True))
    def get(self, request: Request) -> Response:
        api_user(request, C.SCREEN)
        rows = [
            {**field.describe(kind), "xlsx": f"{request.path.rstrip('/')}/{kind}/xlsx"}
            for kind in field.KINDS
        ]
        return Response(FieldFormSerializer(rows, many=True).data)


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the workbook by its type; errors are still answered in JSON."""

    media_type = field.XLSX_TYPE
    format = "xlsx"
    charset = None

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        return data if isinstance(data, bytes) else b""


class FieldFormFileView(APIView):
    """One form as an XLSForm workbook (.xlsx) to upload to ODK Central or KoboToolbox."""

    audit = NoPersonalData("the form's questions; no record is read")
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        operation_id="screening_field_form_xlsx",
        parameters=[OpenApiParameter("form", str, OpenApiParameter.PATH, enum=list(field.KINDS))],
        responses={
            (200, field.XLSX_TYPE): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such form."),
        },
    )
    def get(self, request: Request, form: str) -> HttpResponse:
        api_user(request, C.SCREEN)
        if form not in field.KINDS:
            raise Http404
        response = HttpResponse(field.workbook(form), content_type=field.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{field.file_name(form)}"'
        return response


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A CSV or JSON export of submissions from ODK Central or KoboToolbox."
    )
    reference = BoundedSerializerField(
        max_length=60, required=False, default="", help_text="What the submissions were for."
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Check the file and report; save nothing."
    )


class OutcomeSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Row or entry of the file, from 1.")
    instance_id = serializers.CharField()
    form = serializers.ChoiceField(choices=field.KINDS)
    determination = serializers.ChoiceField(choices=[d.value for d in decision.Determination])
    skipped = serializers.BooleanField(help_text="Imported before; left as it was.")
    screening = serializers.IntegerField(allow_null=True)
    person = serializers.IntegerField(allow_null=True)


class ProblemSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Row or entry of the file; 0 for the file.")
    instance_id = serializers.CharField(allow_blank=True)
    field = serializers.CharField(allow_blank=True, help_text="The field as the file names it.")
    problem = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    reference = serializers.CharField(allow_null=True, help_text="FI-number of the import.")
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]  # "source" field
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    submissions = serializers.IntegerField()
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    outcomes = OutcomeSerializer(many=True)
    errors = ProblemSerializer(many=True)  # type: ignore[assignment]  # a field named "errors"


def invalid_upload(errors: dict[str, Any]) -> dict[str, Any]:
    """A refused upload (no file, a bad flag) in the shape of an import report."""
    problems = [
        {"position": 0, "instance_id": "", "field": name, "problem": "invalid", "message": str(m)}
        for name, messages in errors.items()
        for m in (messages if isinstance(messages, list) else [messages])
    ]
    report: dict[str, Any] = {
        "id": None,
        "reference": None,
        "source": "",
        "dry_run": False,
        "ok": False,
    }
    report |= {"submissions": 0, "created": 0, "skipped": 0, "outcomes": [], "errors": problems}
    return ImportReportSerializer(report).data


class SubmissionImportView(APIView):
    """Import an ODK Central or Kobo export as persons and screenings: all of it or nothing."""

    audit = NoPersonalData("the report names screenings and persons by number only")
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="screening_import_submissions",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            201: ImportReportSerializer,
            200: OpenApiResponse(ImportReportSerializer, description="Dry run: nothing saved."),
            400: OpenApiResponse(
                ImportReportSerializer, description="Problems found; nothing saved."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        user = api_user(request, C.SCREEN)
        upload = ImportUploadSerializer(data=request.data)
        if not upload.is_valid():
            return Response(invalid_upload(upload.errors), status=status.HTTP_400_BAD_REQUEST)
        data: dict[str, Any] = dict(upload.validated_data)
        report = import_submissions(
            data["file"],
            user=user,
            reference=data["reference"],
            dry_run=data["dry_run"],
            request=request,
        )
        code: int
        if not report.ok:
            code = status.HTTP_400_BAD_REQUEST
        else:
            code = status.HTTP_200_OK if report.dry_run else status.HTTP_201_CREATED
        return Response(ImportReportSerializer(report.to_dict()).data, status=code)
