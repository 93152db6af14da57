"""Arrests, warrants and supervision through the API."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.core.api import schema_only, valid
from rumdoh.justice import access, custody
from rumdoh.justice.api.common import LIST_BY_CASE, CaseScoped, case_or_400, member
from rumdoh.justice.models import Arrest, Supervision, Suspect, Warrant
from rumdoh.justice.serializers import (
    ArrestSerializer,
    CheckInSerializer,
    CustodyOutcomeSerializer,
    SupervisionSerializer,
    WarrantSerializer,
    WarrantStatusSerializer,
)
from rumdoh.people.api_audit import Reads


@LIST_BY_CASE
class ArrestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Arrests with their 48-hour custody clock."""

    model = Arrest
    serializer_class = ArrestSerializer
    audit = Reads("arrest", suspects=("suspect_id",))

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        suspect = member(Suspect.objects.all(), case, data["suspect_id"], "suspect")
        warrant = member(Warrant.objects.all(), case, data.get("warrant_id"), "warrant")
        assert suspect is not None
        arrest = custody.record_arrest(
            user,
            case,
            suspect,
            arrested_at=data["arrested_at"],
            place=data.get("place", ""),
            warrant=warrant,
            request=request,
        )
        return self.created(arrest)

    @extend_schema(request=CustodyOutcomeSerializer, responses=ArrestSerializer)
    @action(detail=True, methods=["post"], serializer_class=CustodyOutcomeSerializer)
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """Charged or released: the custody clock stops."""
        user = self.user()
        data, arrest = valid(CustodyOutcomeSerializer(data=request.data)), self.get_object()
        arrest = custody.record_custody_outcome(
            user, arrest, outcome=data["outcome"], at=data["at"], request=request
        )
        return Response(ArrestSerializer(arrest).data)


@LIST_BY_CASE
class WarrantViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Summonses, arrest and search warrants: issued, sent, served or not."""

    model = Warrant
    serializer_class = WarrantSerializer
    audit = Reads("warrant", suspects=("suspect_id",))

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        suspect = member(Suspect.objects.all(), case, data.get("suspect_id"), "suspect")
        warrant = custody.issue_warrant(
            user,
            case,
            kind=data["kind"],
            issued_on=data["issued_on"],
            issued_by=data["issued_by"],
            suspect=suspect,
            target=data.get("target", ""),
            request=request,
        )
        return self.created(warrant)

    @extend_schema(request=WarrantStatusSerializer, responses=WarrantSerializer)
    @action(detail=True, methods=["post"], serializer_class=WarrantStatusSerializer)
    def status(self, request: Request, pk: str | None = None) -> Response:
        user = self.user()
        data, warrant = valid(WarrantStatusSerializer(data=request.data)), self.get_object()
        warrant = custody.update_warrant(user, warrant, request=request, **data)
        return Response(WarrantSerializer(warrant).data)


@LIST_BY_CASE
class SupervisionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Judicial supervision: conditions and reporting dates, with each report or missed report."""

    model = Supervision
    serializer_class = SupervisionSerializer
    audit = Reads("supervision", suspects=("suspect_id",))

    def get_queryset(self) -> QuerySet[Any]:
        """As the pages: also the supervisions reported to the caller's police unit."""
        if schema_only(self):
            return Supervision.objects.none()
        user = self.user()
        in_case = access.participating_cases(user).filter(pk=OuterRef("case_id"))
        rows = custody.visible_supervisions(user).annotate(in_case=Exists(in_case))
        return self.of_case_asked(rows).order_by("-id")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        suspect = member(Suspect.objects.all(), case, data.pop("suspect_id"), "suspect")
        assert suspect is not None
        supervision = custody.order_supervision(user, case, suspect, request=request, **data)
        supervision.in_case = True  # type: ignore[attr-defined]  # ordered by a participant
        return self.created(supervision)

    @extend_schema(methods=["GET"], request=None, responses=CheckInSerializer(many=True))
    @extend_schema(methods=["POST"], request=CheckInSerializer, responses=CheckInSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="check-ins",
        serializer_class=CheckInSerializer,
    )
    def check_ins(self, request: Request, pk: str | None = None) -> Response:
        supervision = self.get_object()
        if request.method == "GET":
            return Response(CheckInSerializer(supervision.check_ins.all(), many=True).data)
        user = self.user()
        data = valid(CheckInSerializer(data=request.data))
        check_in = custody.record_check_in(
            user,
            supervision,
            attended=data["attended"],
            due_on=data.get("due_on"),
            note=data.get("note", ""),
            request=request,
        )
        return Response(CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SupervisionSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """End judicial supervision: no more reports are due."""
        user = self.user()
        supervision = self.get_object()
        supervision = custody.end_supervision(user, supervision, request=request)
        return Response(SupervisionSerializer(supervision).data)
