from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import id_param, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData, Reads
from rumdoh.screening import services
from rumdoh.screening.access import visible_screenings
from rumdoh.screening.forms import ScreeningFilterForm
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.queries import filtered_screenings
from rumdoh.screening.rules import decision
from rumdoh.screening.serializers import (
    AssessmentSerializer,
    AssessSerializer,
    ScreeningSerializer,
    assessment_data,
)


class AssessView(APIView):
    """Apply the screening decision rule to answers; nothing is stored."""

    audit = NoPersonalData("a determination computed from the answers sent; nothing is read")

    @extend_schema(
        operation_id="screening_assess",
        request=AssessSerializer,
        responses={
            200: AssessmentSerializer,
            400: OpenApiResponse(description="Malformed body, unknown code or bad answer."),
        },
        examples=[
            OpenApiExample(
                "Deceived and threatened adult",
                value={"age": 24, "observations": {"FL-DECEPTION": "yes", "FL-THREATS": "yes"}},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = AssessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = decision.assess(data.get("age"), data["observations"])
        return Response(AssessmentSerializer(assessment_data(result)).data)


FILTERS = filter_parameters(
    ScreeningFilterForm,
    OpenApiParameter(
        "person", int, description="Screenings of one person, by id; any other text finds none."
    ),
    descriptions={
        "since": "Screened on this day or later.",
        "until": "Screened on this day or earlier; not before since.",
    },
)


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class ScreeningViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AuditedViewSet,
):
    """Screenings the caller may see: their agency's, and those of persons visible to it."""

    serializer_class = ScreeningSerializer
    audit = Reads("screening", persons=("person_id",))

    def get_queryset(self) -> QuerySet[ScreeningRecord]:
        if getattr(self, "swagger_fake_view", False):
            return ScreeningRecord.objects.none()
        records = visible_screenings(api_user(self.request)).select_related("agency", "screener")
        if self.action != "list":
            return records
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(ScreeningFilterForm(self.request.query_params))
        person = self.request.query_params.get("person")
        if person:
            records = records.filter(person_id=id_param(person))
        return filtered_screenings(records, **form.cleaned_data)

    @extend_schema(
        responses={
            201: OpenApiResponse(ScreeningSerializer, description="The screening."),
            200: OpenApiResponse(
                ScreeningSerializer,
                description=(
                    "The same screening sent again (a retry after a lost answer): the caller's "
                    "agency screened this person today with the same form, answers, age, sex, "
                    "nationality, context and place. Nothing is added, and the answer is the "
                    "screening saved first. An anonymous screening is always added."
                ),
            ),
        }
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Save a screening. Of a person, sent twice the same day, it is saved once: the second
        answer is 200 with the screening saved first, as the page goes to it."""
        user = api_user(request, C.SCREEN)
        if user.agency is None:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            record = services.record_screening_once(user, services.ScreeningInput(**data), request)
        except services.AlreadyScreened as twice:
            return Response(self.get_serializer(twice.record).data, status=status.HTTP_200_OK)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)
