"""The operations API: operations and their board, roster entries (one by one or a whole roster),
deportations with the screening check."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import id_param, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.operations import services
from rumdoh.operations.access import (
    READERS,
    bypassed_deportations,
    get_operation_for_user,
    visible_operations,
)
from rumdoh.operations.board import board
from rumdoh.operations.forms import OperationFilterForm, RosterFilterForm
from rumdoh.operations.models import Deportation, Operation, RosterEntry
from rumdoh.operations.problems import describe
from rumdoh.operations.queries import filtered_operations, filtered_roster
from rumdoh.operations.serializers import (
    BoardSerializer,
    DeportationSerializer,
    DeportSerializer,
    ImportResultSerializer,
    NewEntrySerializer,
    OperationSerializer,
    RosterEntrySerializer,
    RosterImportSerializer,
    board_line,
)
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData, Reads

FIELDS = ("kind", "held_on", "province", "place", "status")


FILTERS = filter_parameters(
    OperationFilterForm,
    descriptions={
        "q": "An OP-number, such as OP-000012; any other text finds none.",
        "since": "Held on this day or later.",
        "until": "Held on this day or earlier; not before since.",
    },
)


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class OperationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    AuditedViewSet,
):
    """Operations the caller's agency leads or takes part in."""

    serializer_class = OperationSerializer
    audit = NoPersonalData("operations: kind, date, place and agencies; no person is named")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Operation]:
        if getattr(self, "swagger_fake_view", False):
            return Operation.objects.none()
        user = api_user(self.request, *READERS)
        if self.action != "list":
            return visible_operations(user).prefetch_related("agencies")
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(OperationFilterForm(self.request.query_params))
        return filtered_operations(user, **form.cleaned_data).prefetch_related("agencies")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.RUN_OPERATIONS)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        operation = services.create_operation(
            user, {k: data[k] for k in FIELDS if k in data}, data.get("agencies", []), request
        )
        return Response(self.get_serializer(operation).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.RUN_OPERATIONS)
        operation = self.get_object()
        serializer = self.get_serializer(operation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise ValidationError({"version": [_("Give the version the change is based on.")]})
        operation = services.update_operation(
            user,
            operation,
            {k: data[k] for k in FIELDS if k in data},
            data.get("agencies"),
            expected_version=data["version"],
            request=request,
        )
        return Response(self.get_serializer(operation).data)

    @extend_schema(responses=BoardSerializer)
    @action(detail=True, methods=["get"])
    def board(self, request: Request, pk: str | None = None) -> Response:
        """Screened, indicated, identified, referred, released and deported, per nationality."""
        operation = self.get_object()
        lines, total = board(operation, get_language() or "en")
        return Response(
            {
                "lines": [board_line(line.nationality, line.counts) for line in lines],
                "total": board_line("", total.counts),
            }
        )


def _rejected(error: services.RosterRejected) -> Response:
    return Response(
        {
            "detail": str(error),
            "errors": [describe(e) for e in error.errors],
            "ignored_columns": error.ignored_columns,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


ROSTER_FILTERS = filter_parameters(
    RosterFilterForm,
    OpenApiParameter(
        "operation", int, description="One operation's roster, by id; any other text finds none."
    ),
    descriptions={
        "q": "A name, passport or P-number of a person you see.",
        "nationality": "Two-letter country code.",
    },
)


@extend_schema_view(list=extend_schema(parameters=ROSTER_FILTERS))
class RosterEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """The people found in the operations the caller's agency sees."""

    serializer_class = RosterEntrySerializer
    audit = Reads("roster_entry", persons=("person_id",))

    def get_queryset(self) -> QuerySet[RosterEntry]:
        if getattr(self, "swagger_fake_view", False):
            return RosterEntry.objects.none()
        user = api_user(self.request, *READERS)
        entries = RosterEntry.objects.filter(operation__in=visible_operations(user).values("pk"))
        entries = entries.select_related("person", "screening")
        if self.action != "list":
            return entries
        # The roster page's filters, read by its form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(RosterFilterForm(self.request.query_params))
        operation = self.request.query_params.get("operation")
        if operation:
            entries = entries.filter(operation_id=id_param(operation))
        return filtered_roster(user, entries, **form.cleaned_data).order_by("-id")

    @extend_schema(
        request=NewEntrySerializer,
        responses={
            201: RosterEntrySerializer,
            400: OpenApiResponse(
                description='A field is not valid: the fields\' messages, or {"detail": ..., '
                '"errors": [{"row", "column", "code", "value", "message"}]}.'
            ),
        },
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.RUN_OPERATIONS)
        serializer = NewEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        operation = get_operation_for_user(user, data.pop("operation"))
        try:
            entry = services.add_entry(user, operation, data, request)
        except services.RosterRejected as rejected:
            return _rejected(rejected)
        return Response(RosterEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RosterImportSerializer,
        responses={
            201: ImportResultSerializer,
            400: OpenApiResponse(
                description='Malformed body, or rows with problems: {"detail": ..., "errors": '
                '[{"row", "column", "code", "value", "message"}], "ignored_columns": [...]}, one '
                "error per problem; ignored_columns names the headings no roster column has."
            ),
        },
    )
    @action(
        detail=False, methods=["post"], url_path="import", serializer_class=RosterImportSerializer
    )
    def import_roster(self, request: Request) -> Response:
        """A whole roster, all or nothing: on any bad row nothing is written and every problem
        is listed by row and column. Headings no roster column has are not read, and are named
        in ``ignored_columns``."""
        user = api_user(request, C.RUN_OPERATIONS)
        serializer = RosterImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        operation = get_operation_for_user(user, data["operation"])
        try:
            result = services.import_roster(user, operation, data["rows"], request)
        except services.RosterRejected as rejected:
            return _rejected(rejected)
        payload = {
            "added": result.added,
            "linked": result.linked,
            "deported": result.deported,
            "ignored_columns": result.ignored_columns,
        }
        return Response(payload, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeportSerializer, responses={201: DeportationSerializer})
    @action(detail=True, methods=["post"], serializer_class=DeportSerializer)
    def deportation(self, request: Request, pk: str | None = None) -> Response:
        """Record a deportation: refused (400) unless the person was screened and, if the
        screening indicated trafficking or forced labour, an identifier decided."""
        user = api_user(request, C.RECORD_DEPORTATIONS)
        entry = self.get_object()
        serializer = DeportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        deportation = services.record_deportation(
            user,
            entry.operation,
            entry,
            deported_on=data["deported_on"],
            override_reason=data.get("override_reason", ""),
            request=request,
        )
        return Response(DeportationSerializer(deportation).data, status=status.HTTP_201_CREATED)


class BypassedDeportationViewSet(mixins.ListModelMixin, AuditedViewSet):
    """Deportations that did not pass the screening check, for immigration supervisors."""

    serializer_class = DeportationSerializer
    audit = Reads("deportation", persons=("entry__person_id",))

    def get_queryset(self) -> QuerySet[Deportation]:
        if getattr(self, "swagger_fake_view", False):
            return Deportation.objects.none()
        user = api_user(self.request, C.REVIEW_DEPORTATIONS)
        return bypassed_deportations(user).order_by("-deported_on", "-id")
