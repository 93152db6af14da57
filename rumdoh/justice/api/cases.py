"""Criminal cases through the API: the case, its facts and notes, the prosecutor, stage moves,
victims added, and the feedback to the agencies following a victim."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import expected_version, schema_only, valid, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.justice import access, queries, services
from rumdoh.justice.access import JUSTICE
from rumdoh.justice.api.common import agency_user_or_400
from rumdoh.justice.forms import CaseFilterForm
from rumdoh.justice.models import CriminalCase
from rumdoh.justice.serializers import (
    CaseEditSerializer,
    CaseFeedbackSerializer,
    CriminalCaseSerializer,
    NotesSerializer,
    ProsecutorSerializer,
    StageMoveSerializer,
    TransitionSerializer,
    VictimSerializer,
)
from rumdoh.people.access import visible_persons
from rumdoh.people.api_audit import AuditedViewSet, Reads, named
from rumdoh.people.models import Person

FILTERS = filter_parameters(
    CaseFilterForm,
    descriptions={
        "q": "A J-number, a victim's P-number, or a suspect's name, alias or handle.",
    },
)


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class CriminalCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AuditedViewSet,
):
    """Criminal cases the caller's agency takes part in: police unit, prosecutor's office, court.
    The list takes the filters of the case list page (``q``, ``stage``, ``offence_class``,
    ``province``, ``state``)."""

    serializer_class = CriminalCaseSerializer
    audit = Reads("criminal_case", persons=(named("victims__person_id"),))

    def get_queryset(self) -> QuerySet[CriminalCase]:
        if schema_only(self):
            return CriminalCase.objects.none()
        user = api_user(self.request, *JUSTICE)
        cases = access.participating_cases(user)
        if self.action == "list":
            # The page's filters, read by the page's form: a value it refuses answers 400 with
            # the message the page shows beside the field.
            form = valid_filters(CaseFilterForm(self.request.query_params))
            cases = queries.filtered_cases(user, cases, **form.cleaned_data)
        return queries.with_opened_on(queries.with_class(cases))

    @extend_schema(
        responses={
            201: OpenApiResponse(CriminalCaseSerializer, description="The case opened."),
            200: OpenApiResponse(
                CriminalCaseSerializer,
                description=(
                    "The same request sent again within two minutes of the first (a retry after "
                    "a lost answer): no second case is opened, and the answer is the case the "
                    "first opened. Same request: the same caller, with the same origin and its "
                    "reference, referring agency, province, forms of exploitation, summary, "
                    "prosecutor's office and date."
                ),
            ),
        }
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """A police unit opens a criminal case. Sent twice (a retry), it opens one: the second
        answer is 200 with the case the first opened, as the page goes to it."""
        user = api_user(request, C.INVESTIGATE)
        data = valid(self.get_serializer(data=request.data))
        fields = ["origin", "origin_reference", "referring_agency", "province"]
        fields += ["exploitation_types", "summary", "prosecution_agency", "opened_on"]
        kwargs_ = {k: data[k] for k in fields if k in data}
        with transaction.atomic():
            twin = services.just_opened(user, kwargs_)
            if twin is not None:
                return Response(self.get_serializer(twin).data, status=status.HTTP_200_OK)
            case = services.open_case(user, request=request, **kwargs_)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseEditSerializer, responses=CriminalCaseSerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        """The police unit corrects the facts of its case: only the fields sent change."""
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        data = valid(CaseEditSerializer(data=request.data, partial=True))
        data.pop("version", None)
        version = expected_version(request.data)
        if "investigator" in data:
            data["investigator"] = agency_user_or_400(
                data["investigator"], case.police_agency_id, C.INVESTIGATE, "investigator"
            )
        case = services.update_case(user, case, data, expected_version=version, request=request)
        return Response(CriminalCaseSerializer(case).data)

    @extend_schema(methods=["GET"], request=None, responses=NotesSerializer)
    @extend_schema(methods=["PUT"], request=NotesSerializer, responses=NotesSerializer)
    @action(detail=True, methods=["get", "put"], serializer_class=NotesSerializer)
    def notes(self, request: Request, pk: str | None = None) -> Response:
        """Internal notes of the prosecutor and the court, kept from the police and followers."""
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        if request.method == "PUT":
            data = valid(NotesSerializer(data=request.data))
            version = data.pop("notes_version")
            case = services.update_case(user, case, data, expected_version=version, request=request)
        elif not access.reads_court_notes(user, case):
            raise PermissionDenied(_("Only the prosecutor and the court keep internal notes."))
        return Response(NotesSerializer(case).data)

    @extend_schema(request=ProsecutorSerializer, responses=CriminalCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=ProsecutorSerializer)
    def prosecutor(self, request: Request, pk: str | None = None) -> Response:
        """The prosecutor in charge, chosen by the prosecutor's office; null for none."""
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        chosen = agency_user_or_400(
            valid(ProsecutorSerializer(data=request.data))["prosecutor"],
            case.prosecution_agency_id,
            C.PROSECUTE,
            "prosecutor",
        )
        case = services.assign_prosecutor(user, case, chosen, request=request)
        return Response(CriminalCaseSerializer(case).data)

    @extend_schema(request=StageMoveSerializer, responses=CriminalCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=StageMoveSerializer)
    def stage(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        data = valid(StageMoveSerializer(data=request.data))
        agency, appeal_office = None, None
        if data["responsible_agency"] is not None:
            agency = Agency.objects.filter(pk=data["responsible_agency"]).first()
            if agency is None:
                raise ValidationError({"responsible_agency": _("No such agency.")})
        if data["appeal_prosecution_agency"] is not None:
            appeal_office = Agency.objects.filter(pk=data["appeal_prosecution_agency"]).first()
            if appeal_office is None:
                raise ValidationError({"appeal_prosecution_agency": _("No such agency.")})
        case = services.change_stage(
            user,
            case,
            data["to_stage"],
            on=data.get("on"),
            reason=data["reason"],
            closure=data["closure"],
            responsible_agency=agency,
            responsible_person=data["responsible_person"],
            appeal_prosecution_agency=appeal_office,
            request=request,
        )
        return Response(CriminalCaseSerializer(case).data)

    @extend_schema(request=None, responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=TransitionSerializer)
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        """Every stage move: who, when, why, and who was responsible."""
        case = self.get_object()
        return Response(TransitionSerializer(case.transitions.all(), many=True).data)

    @extend_schema(methods=["GET"], request=None, responses=VictimSerializer(many=True))
    @extend_schema(methods=["POST"], request=VictimSerializer, responses=VictimSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=VictimSerializer)
    def victims(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        if request.method == "POST":
            data = valid(VictimSerializer(data=request.data))
            person = _person_or_400(user, data["person_id"])
            victim = services.add_victim(
                user,
                case,
                person,
                participates=data.get("participates", False),
                support=data.get("support", []),
                request=request,
            )
            return Response(
                VictimSerializer(victim, context={"request": request}).data,
                status=status.HTTP_201_CREATED,
            )
        victims = list(case.victims.all())
        shown = set(
            visible_persons(user)
            .filter(pk__in=[v.person_id for v in victims])
            .values_list("pk", flat=True)
        )
        return Response(VictimSerializer(victims, many=True, context={"shown": shown}).data)


def _person_or_400(user: User, pk: int) -> Person:
    try:
        return visible_persons(user).get(pk=pk)
    except Person.DoesNotExist:
        raise ValidationError({"person": _("No such person.")}) from None


class CaseFeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    """Stage and outcome of the criminal cases of victims the caller's agency works with."""

    serializer_class = CaseFeedbackSerializer
    audit = Reads("criminal_case", persons=(named("victims__person_id"),))

    def get_queryset(self) -> QuerySet[CriminalCase]:
        if schema_only(self):
            return CriminalCase.objects.none()
        user = api_user(self.request, *JUSTICE, C.VIEW_PERSONS, C.MANAGE_CASES)
        cases = queries.with_class(access.visible_cases(user)).select_related("police_agency")
        return cases.prefetch_related(services.verdicts_in_order()).order_by("-id")
