from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import expected_version
from rumdoh.core.limits import search_problem
from rumdoh.people import services
from rumdoh.people.access import visible_persons
from rumdoh.people.api_audit import AuditedViewSet, Reads
from rumdoh.people.models import Consent, Person
from rumdoh.people.serializers import ConsentSerializer, PersonSerializer


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="Name in any spelling, phone, document, P-number"
            ),
        ]
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
        persons = visible_persons(user).select_related("owner_agency")
        q = self.request.query_params.get("q", "")
        problem = search_problem(q)
        if problem:
            raise ValidationError({"q": [problem]})
        return services.search_persons(persons, q).order_by("-created_at", "-id")

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
