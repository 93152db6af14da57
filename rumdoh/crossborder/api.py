"""The cross-border API: the same services and access as the pages; a counterpart's system
posts signed messages to ``/api/v1/crossborder/messages``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import (
    APIException,
    ParseError,
    UnsupportedMediaType,
    ValidationError,
)
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import id_param, schema_only, valid, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.core.errors import Refused, api_exception_handler
from rumdoh.core.parsers import JSONParser
from rumdoh.crossborder import messages as words
from rumdoh.crossborder import services, signing
from rumdoh.crossborder.forms import (
    DeporteeFilterForm,
    ListFilterForm,
    RepatriationFilterForm,
    RequestFilterForm,
)
from rumdoh.crossborder.models import (
    Arrival,
    CounterpartRequest,
    DeportationList,
    Deportee,
    ForeignIdentification,
    Repatriation,
)
from rumdoh.crossborder.queries import (
    filtered_deportees,
    filtered_lists,
    filtered_repatriations,
    filtered_requests,
)
from rumdoh.crossborder.rules import exchange
from rumdoh.crossborder.rules.deportee_lists import map_headers
from rumdoh.crossborder.serializers import (
    AssessmentSerializer,
    CounterpartRequestSerializer,
    CustodySerializer,
    DeportationListSerializer,
    DeporteeSerializer,
    EmbassyRepatriationSerializer,
    EnvelopeSerializer,
    ExchangeKeySerializer,
    ImportedListSerializer,
    ListUploadSerializer,
    MoveSerializer,
    PlainRefusalSerializer,
    RecognitionSerializer,
    RepatriationSerializer,
    ReplySerializer,
    ScreenDeporteeSerializer,
)
from rumdoh.people.access import get_person_for_user
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData, Reads


def _person(request: Request, person_id: int | None) -> Any:
    if person_id is None:
        return None
    try:
        return get_person_for_user(api_user(request), person_id)
    except Exception as exc:
        raise ValidationError({"person": words.no_such_person()}) from exc


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            ListFilterForm,
            descriptions={
                "q": "A DL-number, such as DL-00012; any other text finds none.",
                "since": "Expected on this day or later.",
                "until": "Expected on this day or earlier; not before since.",
            },
        )
    )
)
class DeportationListViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AuditedViewSet
):
    """Deportation lists received by the caller's agency, with how many arrived and were
    screened; the list takes the filters of the lists' page (``q``, ``crossing``, ``since``,
    ``until``). POST a file (multipart) to import a list: all or nothing, 400 with each row's
    problem otherwise."""

    serializer_class = DeportationListSerializer
    audit = NoPersonalData("a list's details and counts name no one; deportees are read apart")
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[DeportationList]:
        if schema_only(self):
            return DeportationList.objects.none()
        user = api_user(self.request, C.RECEIVE_DEPORTEES)
        rows = services.lists_for(user)
        if self.action == "list":
            # The page's filters, read by the page's form: a value it refuses answers 400 with
            # the message the page shows beside the field.
            form = valid_filters(ListFilterForm(self.request.query_params))
            rows = filtered_lists(rows, **form.cleaned_data)
        return rows.annotate(
            listed=Count("deportees"),
            arrived=Count("deportees", filter=Q(deportees__status=Arrival.ARRIVED)),
            screened=Count("deportees", filter=Q(deportees__screening__isnull=False)),
        )

    @extend_schema(
        request=ListUploadSerializer,
        responses={
            201: ImportedListSerializer,
            400: OpenApiResponse(
                description='A list with problems, nothing imported: {"detail": ..., "rows": '
                '[{"row", "column", "message"}], "ignored_columns": [...]}, one row per problem; '
                "ignored_columns names the headings no column of a list has. Or the messages "
                "of each field that did not validate."
            ),
        },
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.RECEIVE_DEPORTEES)
        data = valid(ListUploadSerializer(data=request.data))
        upload = data["file"]
        try:
            headers, rows = services.read_table(upload.read(), upload.name)
            made = services.import_list(
                user,
                services.ListDetails(
                    data["sent_by"], data["country"], data["crossing"], data["expected_on"]
                ),
                headers,
                rows,
                file_name=upload.name,
                request=request,
                again=data["again"],
            )
        except services.ListRefused as exc:
            return Response(
                {
                    "detail": str(exc),
                    "rows": [
                        {"row": e.row, "column": e.column, "message": words.row_error(e)}
                        for e in exc.errors
                    ],
                    "ignored_columns": exc.ignored_columns,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        answer = self.get_serializer(self.get_queryset().get(pk=made.pk)).data
        # As ImportedListSerializer says it: the list, and the columns of the file not read.
        answer["ignored_columns"] = map_headers(headers)[1]
        return Response(answer, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            DeporteeFilterForm,
            OpenApiParameter(
                "list", int, description="The people of one list, by id; any other text finds none."
            ),
        )
    )
)
class DeporteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """The persons on the agency's deportation lists, and their arrival and screening; the list
    takes the filters of a list's page (``status``, ``screened``) and ``list``."""

    serializer_class = DeporteeSerializer
    audit = Reads("deportee", persons=("person_id",))

    def get_queryset(self) -> QuerySet[Deportee]:
        if schema_only(self):
            return Deportee.objects.none()
        user = api_user(self.request, C.RECEIVE_DEPORTEES)
        rows = services.deportees_for(user).select_related("screening")
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(DeporteeFilterForm(self.request.query_params))
        if "list" in self.request.query_params:
            rows = rows.filter(deportation_list_id=id_param(self.request.query_params["list"]))
        return filtered_deportees(rows, **form.cleaned_data).order_by("deportation_list_id", "row")

    def _answer(self, deportee: Deportee) -> Response:
        return Response(self.get_serializer(self.audited(deportee)).data)

    @extend_schema(request=None, responses=DeporteeSerializer)
    @action(detail=True, methods=["post"])
    def arrived(self, request: Request, pk: str) -> Response:
        user = api_user(request, C.RECEIVE_DEPORTEES)
        return self._answer(services.register_arrival(user, id_param(pk), request=request))

    @extend_schema(request=None, responses=DeporteeSerializer)
    @action(detail=True, methods=["post"])
    def absent(self, request: Request, pk: str) -> Response:
        user = api_user(request, C.RECEIVE_DEPORTEES)
        return self._answer(services.mark_absent(user, id_param(pk), request=request))

    @extend_schema(request=ScreenDeporteeSerializer, responses=DeporteeSerializer)
    @action(detail=True, methods=["post"])
    def screen(self, request: Request, pk: str) -> Response:
        user = api_user(request, C.RECEIVE_DEPORTEES)
        data = valid(ScreenDeporteeSerializer(data=request.data))
        done = services.screen_deportee(user, id_param(pk), data["observations"], request=request)
        return self._answer(done)


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            RepatriationFilterForm,
            descriptions={
                "q": "An RP-number, such as RP-00012, or the person's P-number; any other text "
                "finds none.",
            },
        )
    )
)
class RepatriationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AuditedViewSet
):
    """Repatriations of the caller's agency; an embassy reads its own nationals' only, without
    travel documents or escort. The list takes the filters of the repatriations' page (``q``,
    ``direction``, ``stage``). Stages move one at a time (``stage``)."""

    audit = Reads("repatriation", persons=("person_id",))

    def get_serializer_class(self) -> Any:
        user = self.request.user
        if not schema_only(self) and not getattr(user, "can", lambda c: False)(
            C.MANAGE_REPATRIATIONS
        ):
            return EmbassyRepatriationSerializer
        return RepatriationSerializer

    def get_queryset(self) -> QuerySet[Repatriation]:
        if schema_only(self):
            return Repatriation.objects.none()
        user = api_user(self.request, C.MANAGE_REPATRIATIONS, C.VIEW_NATIONALS_REPATRIATIONS)
        rows = services.repatriations_for(user).select_related("agency", "custody_transfer")
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(RepatriationFilterForm(self.request.query_params))
        return filtered_repatriations(rows, **form.cleaned_data)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.MANAGE_REPATRIATIONS)
        data = valid(RepatriationSerializer(data=request.data))
        person = _person(request, data.pop("person_id"))
        made = services.open_repatriation(user, person, data, request=request)
        return Response(RepatriationSerializer(made).data, status=status.HTTP_201_CREATED)

    def _changed(self) -> Response:
        """The repatriation as the change left it, read through ``get_object``: the same access
        as every other answer of this viewset."""
        return Response(RepatriationSerializer(self.get_object()).data)

    @extend_schema(request=MoveSerializer, responses=RepatriationSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request: Request, pk: str) -> Response:
        user = api_user(request, C.MANAGE_REPATRIATIONS)
        data = valid(MoveSerializer(data=request.data))
        services.move_repatriation(
            user,
            id_param(pk),
            data["stage"],
            on=data["on"],
            version=data["version"],
            note=data["note"],
            request=request,
        )
        return self._changed()

    @extend_schema(request=AssessmentSerializer, responses=RepatriationSerializer)
    @action(detail=True, methods=["post"])
    def assessment(self, request: Request, pk: str) -> Response:
        user = api_user(request, C.MANAGE_REPATRIATIONS)
        services.record_assessment(
            user, id_param(pk), valid(AssessmentSerializer(data=request.data)), request=request
        )
        return self._changed()

    @extend_schema(request=CustodySerializer, responses=RepatriationSerializer)
    @action(detail=True, methods=["post"])
    def custody(self, request: Request, pk: str) -> Response:
        user = api_user(request, C.MANAGE_REPATRIATIONS)
        services.transfer_custody(
            user, id_param(pk), valid(CustodySerializer(data=request.data)), request=request
        )
        return self._changed()


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            RequestFilterForm,
            descriptions={
                "status": "open: no reply yet; late: no reply and past its due date; replied.",
            },
        )
    )
)
class CounterpartRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AuditedViewSet
):
    """Requests to and from counterparts held by the caller's agency, with their deadlines; the
    list takes the filters of the requests' page (``direction``, ``kind``, ``status``) and is in
    its order."""

    serializer_class = CounterpartRequestSerializer
    audit = Reads("counterpart_request", persons=("person_id",))

    def get_queryset(self) -> QuerySet[CounterpartRequest]:
        if schema_only(self):
            return CounterpartRequest.objects.none()
        user = api_user(self.request, C.COUNTERPART_REQUESTS)
        rows = services.requests_for(user)
        if self.action != "list":
            return rows
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(RequestFilterForm(self.request.query_params))
        return filtered_requests(rows, **form.cleaned_data)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.COUNTERPART_REQUESTS)
        data = valid(CounterpartRequestSerializer(data=request.data))
        data["person"] = _person(request, data.pop("person_id", None))
        try:
            made = services.open_request(user, data, request=request)
        except services.SystemRefused as exc:
            raise ValidationError({"send_to_system": str(exc)}) from exc
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReplySerializer, responses=CounterpartRequestSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str) -> Response:
        user = api_user(request, C.COUNTERPART_REQUESTS)
        data = valid(ReplySerializer(data=request.data))
        done = services.record_reply(
            user,
            id_param(pk),
            replied_on=data["replied_on"],
            reply=data["reply"],
            version=data["version"],
            request=request,
        )
        return Response(self.get_serializer(self.audited(done)).data)


class RecognitionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, AuditedViewSet):
    """Identifications made abroad that the caller's agency recognised (ACTIP art. 14)."""

    serializer_class = RecognitionSerializer
    audit = Reads("foreign_identification", persons=("person_id",))

    def get_queryset(self) -> QuerySet[ForeignIdentification]:
        if schema_only(self):
            return ForeignIdentification.objects.none()
        user = api_user(self.request, C.IDENTIFY)
        return ForeignIdentification.objects.filter(agency=user.agency).order_by("-id")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.IDENTIFY)
        data = valid(RecognitionSerializer(data=request.data))
        person = _person(request, data.pop("person_id"))
        made = services.recognise_identification(user, person, data, request=request)
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)


def _refusal_reason(exc: Exception) -> tuple[str, str] | None:
    """The reason code and words of a refusal of a counterpart's message; None for what is not
    a refusal of what it sent (a method not allowed, a server error)."""
    if isinstance(exc, services.MessageRefused):
        return exc.code, str(exc)
    if isinstance(exc, ParseError):
        return "not_json", words.not_json()
    if isinstance(exc, UnsupportedMediaType):
        return "not_json", words.not_json_content()
    if isinstance(exc, Refused):
        return "refused", str(exc)
    return None


def signed_refusal(exc: Exception, context: dict[str, Any]) -> Response | None:
    """A refusal answered as a ``refusal`` envelope signed by this system, with the status the
    plain answer has; the plain ``{"detail": …}`` when this system has no key to sign with."""
    plain = api_exception_handler(exc, context)  # also rolls back what the request wrote
    reason = _refusal_reason(exc)
    if plain is None or reason is None:
        return plain
    try:
        received = context["request"].data
    except APIException:  # a body that could not be read: nothing to reply to
        received = None
    refusal = signing.refusal(*reason, received)
    if refusal is None:
        return plain
    return Response(refusal, status=plain.status_code)


class SignedRefusals:
    """Views a counterpart's system posts to: their refusals are signed like their answers."""

    def get_exception_handler(self) -> Any:
        return signed_refusal


REFUSAL = PolymorphicProxySerializer(
    component_name="ExchangeRefusal",
    serializers=[EnvelopeSerializer, PlainRefusalSerializer],
    resource_type_field_name=None,
)


REFUSED = (
    "Refused, nothing recorded: a `refusal` envelope signed by this system (body `recipient`, "
    '`in_reply_to`, `reason`, `detail`), or `{"detail": …}` unsigned when it has no key.'
)


class ExchangeMessageView(SignedRefusals, APIView):
    """A counterpart's system posts a signed envelope (docs/crossborder.md). The
    signature, verified with the sender's registered key, is the authentication; the same
    message id twice is acted on once."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    audit = NoPersonalData("answers with the message id and the record it made, no one's data")

    @extend_schema(
        request=EnvelopeSerializer,
        responses={
            201: EnvelopeSerializer,
            400: OpenApiResponse(REFUSAL, description=REFUSED),
        },
    )
    def post(self, request: Request) -> Response:
        signing.signing_key()  # no receipt can be signed: refuse before acting
        message = services.receive_message(request.data)
        receipt = signing.envelope(
            "receipt",
            {
                "recipient": message.counterpart.code,
                "in_reply_to": message.message_id,
                "outcome": message.outcome,
            },
        )
        return Response(receipt, status=status.HTTP_201_CREATED)


class ExchangeKeyView(APIView):
    """This system's Ed25519 public key, with which counterparts verify its receipts and the
    messages it sends them (docs/crossborder.md)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    audit = NoPersonalData("publishes the system's public key")

    @extend_schema(responses={200: ExchangeKeySerializer})
    def get(self, request: Request) -> Response:
        return Response(
            {
                "format": exchange.FORMAT,
                "sender": signing.sender(),
                "algorithm": "Ed25519",
                "public_key": signing.public_key_pem(),
            }
        )


class OutboxView(SignedRefusals, APIView):
    """A counterpart's system fetches the messages addressed to it with a signed ``fetch``
    envelope (no account: the signature is the authentication), acknowledging those it has
    stored; the answer is a signed ``outbox`` envelope."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    audit = NoPersonalData(
        "hands a counterpart's system the sealed messages addressed to it; each fetch is audited"
    )

    @extend_schema(
        request=EnvelopeSerializer,
        responses={
            200: EnvelopeSerializer,
            400: OpenApiResponse(REFUSAL, description=REFUSED),
        },
    )
    def post(self, request: Request) -> Response:
        fetched = services.fetch_messages(request.data)
        answer = signing.envelope(
            "outbox",
            {
                "recipient": fetched.counterpart.code,
                "in_reply_to": fetched.fetch_id,
                "acknowledged": fetched.acknowledged,
                "messages": fetched.messages,
            },
        )
        return Response(answer)
