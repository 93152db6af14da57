"""The linkage API: the review queue, the steward's decisions, and the runs."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import valid_filters
from rumdoh.core.api_schema import ERROR, filter_parameters
from rumdoh.linkage import services
from rumdoh.linkage.forms import QueueFilter
from rumdoh.linkage.models import LinkRun, ReviewPair
from rumdoh.linkage.serializers import (
    DecisionSerializer,
    LinkRunSerializer,
    QueuedPairSerializer,
    ReviewPairSerializer,
)
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData, Reads

QUEUE_PARAMETERS = filter_parameters(
    QueueFilter,
    descriptions={
        "status": "open (the default): waiting for a decision; decided; withdrawn: undecided, "
        "taken out of the queue by a later run that no longer found the pair uncertain; or all.",
        "agency_kind": "Either record's agency is of this kind.",
        "province": "Either record's home province (code).",
        "q": "A person number in the pair, e.g. P-0000041.",
    },
)


@extend_schema_view(list=extend_schema(parameters=QUEUE_PARAMETERS))
class ReviewPairViewSet(mixins.ListModelMixin, AuditedViewSet):
    """Pairs of records in the review band, for the data steward. Every read is audited. The
    list names nobody (a number and the kind of agency per record); one pair shows the names,
    and reading it is written to both persons' audit trails, as opening it on its page is."""

    serializer_class = ReviewPairSerializer
    audit = Reads("link_pair", persons=("left_id", "right_id"))

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return QueuedPairSerializer
        return super().get_serializer_class()

    def get_queryset(self) -> QuerySet[ReviewPair]:
        if getattr(self, "swagger_fake_view", False):
            return ReviewPair.objects.none()
        api_user(self.request, C.REVIEW_LINKS)
        if self.action != "list":
            return ReviewPair.objects.select_related(*services.QUEUE_RELATED)
        form = valid_filters(QueueFilter(self.request.query_params or None))
        return services.ordered_queue(form)

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        user = api_user(request, C.REVIEW_LINKS)
        pair = self.get_object()
        services.log_compared(user, pair, request)
        return Response(ReviewPairSerializer(pair).data)

    @extend_schema(
        request=DecisionSerializer,
        responses={
            200: QueuedPairSerializer,
            409: OpenApiResponse(
                ERROR.ref, description="A record or the decision changed since seen was read."
            ),
        },
    )
    @action(detail=True, methods=["post"], serializer_class=DecisionSerializer)
    def decide(self, request: Request, pk: Any = None) -> Response:
        user = api_user(request, C.REVIEW_LINKS)
        pair = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.decide(
            user,
            pair,
            same=data["same"],
            reason=data["reason"],
            request=request,
            seen=data.get("seen"),
        )
        pair.refresh_from_db()
        return Response(QueuedPairSerializer(pair).data)


class LinkRunViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, AuditedViewSet
):
    """Linkage runs with their progress; POST starts one (``mode``: full or new)."""

    serializer_class = LinkRunSerializer
    audit = NoPersonalData("when runs ran, how far they got and what they counted")

    def get_queryset(self) -> QuerySet[LinkRun]:
        if getattr(self, "swagger_fake_view", False):
            return LinkRun.objects.none()
        api_user(self.request, C.RUN_LINKAGE)
        return LinkRun.objects.order_by("-requested_at", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = api_user(request, C.RUN_LINKAGE)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.start_run(user, serializer.validated_data["mode"], request=request)
        return Response(LinkRunSerializer(run).data, status=status.HTTP_201_CREATED)
