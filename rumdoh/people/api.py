from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import expected_version, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.people import services
from rumdoh.people.access import visible_persons
from rumdoh.people.api_audit import AuditedViewSet, Reads
from rumdoh.people.forms import PersonFilterForm
from rumdoh.people.models import Consent, Person
from rumdoh.people.queries import filtered_persons
from rumdoh.people.serializers import (
    ConsentSerializer,
    LikelyMatchPage,
    LikelyMatchQuery,
    LikelyMatchSerializer,
    PersonSerializer,
)


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            PersonFilterForm,
            descriptions={
                "province": "Home province (two-digit code).",
                "nationality": "Two-letter country code.",
            },
        )
    )
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    AuditedViewSet,
):
    """Persons visible to the caller's agency. Every read is written to the audit trail."""

    serializer_class = PersonSerializer
    audit = Reads("person", persons=("pk",))

    def get_queryset(self) -> QuerySet[Person]:
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Person.objects.none()
        user = api_user(self.request, C.VIEW_PERSONS)
        return visible_persons(user).select_related("owner_agency").order_by("-created_at", "-id")

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Newest first; a search (``q``, ``birth_year``) lists the best matches first. The
        page's filters, read by the page's form: a value it refuses answers 400 with the message
        the page shows beside the field."""
        form = valid_filters(PersonFilterForm(request.query_params))
        persons, _more = filtered_persons(self.get_queryset(), **form.cleaned_data)
        page = self.paginate_queryset(persons)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(parameters=[LikelyMatchQuery], responses=LikelyMatchPage)
    @action(
        detail=False,
        methods=["get"],
        url_path="likely-matches",
        serializer_class=LikelyMatchSerializer,
    )
    def likely_matches(self, request: Request) -> Response:
        """Persons the caller may see who may be the one about to be recorded, best first: ask
        before creating a person."""
        user = api_user(request, C.RECORD_PERSONS)
        query = LikelyMatchQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        matches = services.likely_matches(visible_persons(user), **query.validated_data)
        page = self.paginate_queryset(matches)
        return self.get_paginated_response(LikelyMatchSerializer(page, many=True).data)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.RECORD_PERSONS)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.create_person(user, serializer.validated_data, request)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.RECORD_PERSONS)
        person = self.get_object()
        if person.owner_agency_id != user.agency_id:
            raise PermissionDenied(_("Only the agency that recorded this person can change it."))
        serializer = self.get_serializer(person, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        person = services.update_person(
            user,
            person,
            serializer.validated_data,
            expected_version=expected_version(request.data),
            request=request,
        )
        return Response(self.get_serializer(person).data)

    @extend_schema(request=ConsentSerializer, responses=ConsentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], serializer_class=ConsentSerializer)
    def consents(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        if request.method == "POST":
            user = api_user(request, C.RECORD_PERSONS)
            serializer = ConsentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            try:
                services.record_consent(
                    user,
                    person,
                    scope=data["scope"],
                    method=data["method"],
                    given_on=data["given_on"],
                    agency=data.get("agency"),
                    request=request,
                )
            except ValueError as exc:
                raise ValidationError({"agency": str(exc)}) from exc
        consents = Consent.objects.filter(person=person)
        return Response(ConsentSerializer(consents, many=True).data)
