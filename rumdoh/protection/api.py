"""The protection API: the same access helpers and services as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import expected_version, schema_only, valid, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.people.access import get_person_for_user
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData, Reads
from rumdoh.protection import access, directory, provider_services, queries, services
from rumdoh.protection.forms import CaseApiFilterForm, ProviderFilterForm, ReferralFilterForm
from rumdoh.protection.models import (
    CasePlan,
    FollowUp,
    Identification,
    ProtectionCase,
    Referral,
    ServiceProvider,
)
from rumdoh.protection.rules import matching
from rumdoh.protection.serializers import (
    CaseSerializer,
    CloseSerializer,
    FollowUpDoneSerializer,
    FollowUpSerializer,
    IdentificationSerializer,
    MatchRequestSerializer,
    MatchResponseSerializer,
    PlanSerializer,
    ProviderEditSerializer,
    ProviderSerializer,
    ReasonSerializer,
    ReferralSerializer,
    ServiceDeliverySerializer,
    StageChangeSerializer,
    StageSerializer,
)


def person_or_400(request: Request, person_id: int) -> Any:
    try:
        return get_person_for_user(api_user(request), person_id)
    except Exception as exc:
        raise ValidationError({"person": _("No such person.")}) from exc


class IdentificationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AuditedViewSet,
):
    """Formal identifications of persons the caller's agency can see."""

    serializer_class = IdentificationSerializer
    audit = Reads("identification", persons=("person_id",))

    def get_queryset(self) -> QuerySet[Identification]:
        if schema_only(self):
            return Identification.objects.none()
        user = api_user(self.request, C.VIEW_PERSONS)
        return access.visible_identifications(user).select_related("agency").order_by("-id")

    @extend_schema(
        responses={
            201: OpenApiResponse(IdentificationSerializer, description="The identification."),
            200: OpenApiResponse(
                IdentificationSerializer,
                description=(
                    "The same identification sent again (a retry after a lost answer): the "
                    "caller's agency recorded this person on that day with the same "
                    "designation, forms of exploitation, sectors and basis. Nothing is added, "
                    "and the answer is the identification recorded first."
                ),
            ),
        }
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Record a formal identification. Sent twice, it is recorded once: the second answer
        is 200 with the identification the first recorded, as the page goes to it."""
        user = api_user(request, C.IDENTIFY)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = person_or_400(request, data.pop("person_id"))
        try:
            identification = services.identify(user, person, request=request, **data)
        except services.AlreadyIdentified as twice:
            found = self.get_serializer(twice.identification).data
            return Response(found, status=status.HTTP_200_OK)
        return Response(self.get_serializer(identification).data, status=status.HTTP_201_CREATED)


PROVIDER_FILTERS = filter_parameters(
    ProviderFilterForm,
    descriptions={
        "service": "A service it offers.",
    },
)


@extend_schema_view(list=extend_schema(parameters=PROVIDER_FILTERS))
class ProviderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    AuditedViewSet,
):
    """The service-provider directory. Agencies manage their own entries. The list takes the
    directory page's filters and, unlike the page, also lists inactive providers."""

    serializer_class = ProviderSerializer
    audit = NoPersonalData("the directory of service providers: organisations, not persons")

    def get_queryset(self) -> QuerySet[ServiceProvider]:
        if schema_only(self):
            return ServiceProvider.objects.none()
        api_user(self.request, C.VIEW_PERSONS, C.MANAGE_PROVIDERS)
        providers = ServiceProvider.objects.all()
        if self.action == "list":
            # The page's filters, read by the page's form: a value it refuses answers 400 with
            # the message the page shows beside the field.
            form = valid_filters(ProviderFilterForm(self.request.query_params))
            providers = queries.filtered_providers(providers, **form.cleaned_data)
        return providers.select_related("agency").order_by("name", "id")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.MANAGE_PROVIDERS)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        provider = provider_services.create_provider(
            user, serializer.validated_data, request=request
        )
        return Response(self.get_serializer(provider).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProviderEditSerializer, responses=ProviderSerializer)
    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Change a provider of the caller's agency: the fields sent, and the ``version`` read."""
        user = api_user(request, C.MANAGE_PROVIDERS)
        provider = self.get_object()
        serializer = ProviderEditSerializer(provider, data=request.data, partial=True)
        data = dict(valid(serializer))
        data.pop("version", None)
        version = expected_version(request.data)
        provider = provider_services.update_provider(
            user, provider, data, expected_version=version, request=request
        )
        return Response(self.get_serializer(provider).data)

    @extend_schema(request=ProviderEditSerializer, responses=ProviderSerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(request=MatchRequestSerializer, responses=MatchResponseSerializer)
    @action(detail=False, methods=["post"], serializer_class=MatchRequestSerializer)
    def match(self, request: Request) -> Response:
        """Providers that can take the person for the given needs, and why the others cannot."""
        api_user(request, C.REFER, C.RESPOND_REFERRALS, C.MANAGE_CASES)
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = person_or_400(request, data["person"])
        exclude = directory.declined_provider_ids(person) if data["exclude_declined"] else set()
        result, rows = directory.match_for(person, data["needs"], data["province"], exclude)
        return Response(_match_payload(result, rows))


def _reason(reason: matching.Reason) -> dict[str, Any]:
    return {
        "code": reason.code,
        "params": dict(reason.params),
        "message": directory.reason_message(reason),
    }


def _match_payload(
    result: matching.MatchResult, rows: dict[int, ServiceProvider]
) -> dict[str, Any]:
    def provider(pid: int) -> Any:
        return ProviderSerializer(rows[pid]).data

    return {
        "matches": [
            {
                "provider": provider(m.provider.id),
                "same_province": m.same_province,
                "caveats": [_reason(c) for c in m.caveats],
            }
            for m in result.matches
        ],
        "rejections": [
            {"provider": provider(r.provider.id), "reasons": [_reason(x) for x in r.reasons]}
            for r in result.rejections
        ],
    }


REFERRAL_FILTERS = filter_parameters(
    ReferralFilterForm,
    descriptions={
        "direction": "Received by (made to a provider of) or made by the caller's agency.",
    },
)


@extend_schema_view(list=extend_schema(parameters=REFERRAL_FILTERS))
class ReferralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AuditedViewSet,
):
    """Referrals made by or to the caller's agency (or of persons it shares the record of)."""

    serializer_class = ReferralSerializer
    audit = Reads("referral", persons=("person_id",))

    def get_queryset(self) -> QuerySet[Referral]:
        if schema_only(self):
            return Referral.objects.none()
        user = api_user(self.request, C.VIEW_PERSONS)
        if self.action != "list":
            return access.visible_referrals(user).select_related("provider")
        form = valid_filters(ReferralFilterForm(self.request.query_params))
        return queries.filtered_referrals(user, **form.cleaned_data).select_related("provider")

    @extend_schema(
        responses={
            201: OpenApiResponse(ReferralSerializer, description="The referral."),
            200: OpenApiResponse(
                ReferralSerializer,
                description=(
                    "The same referral sent again (a retry after a lost answer): the caller's "
                    "agency has referred this person to this provider already, and the provider "
                    "has not answered yet. Nothing is added, and the answer is the referral "
                    "waiting."
                ),
            ),
        }
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Refer a person to a provider. Sent again while the first waits for its answer, it is
        made once: the second answer is 200 with the referral waiting, as the page goes to it."""
        user = api_user(request, C.REFER)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = person_or_400(request, data["person_id"])
        provider = get_object_or_404(ServiceProvider, pk=data["provider_id"])
        earlier = None
        if data.get("rereferral_of_id"):
            earlier = access.get_referral_for_user(user, data["rereferral_of_id"])
        try:
            referral = services.refer(
                user,
                person,
                provider,
                needs=data["needs"],
                note=data.get("note", ""),
                rereferral_of=earlier,
                request=request,
            )
        except services.AlreadyReferred as twice:
            return Response(self.get_serializer(twice.referral).data, status=status.HTTP_200_OK)
        return Response(self.get_serializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, C.RESPOND_REFERRALS)
        referral = services.accept_referral(user, self.get_object(), request=request)
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def decline(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, C.RESPOND_REFERRALS)
        reason = _reason_from(request)
        referral = self.get_object()
        referral = services.decline_referral(user, referral, reason=reason, request=request)
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"], serializer_class=ReasonSerializer)
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, C.REFER)
        reason = _reason_from(request)
        referral = self.get_object()
        referral = services.withdraw_referral(user, referral, reason=reason, request=request)
        return Response(ReferralSerializer(referral).data)


def _reason_from(request: Request) -> str:
    serializer = ReasonSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return str(serializer.validated_data.get("reason", ""))


CASE_FILTERS = filter_parameters(
    CaseApiFilterForm,
    descriptions={
        "scope": "agency: the agency's own cases (the case page's list); shared: other "
        "agencies' cases of persons shared with it. Without: both.",
        "mine": "Only the cases the caller works.",
    },
)


@extend_schema_view(list=extend_schema(parameters=CASE_FILTERS))
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AuditedViewSet,
):
    """Protection cases the caller's agency owns or may see through the person's consent."""

    serializer_class = CaseSerializer
    audit = Reads("case", persons=("person_id",))

    def get_queryset(self) -> QuerySet[ProtectionCase]:
        if schema_only(self):
            return ProtectionCase.objects.none()
        user = api_user(self.request, C.VIEW_PERSONS, C.MANAGE_CASES)
        if self.action != "list":
            cases = access.visible_cases(user)
        else:
            form = valid_filters(CaseApiFilterForm(self.request.query_params))
            cases = queries.filtered_cases(user, **form.cleaned_data)
        return cases.select_related("person", "agency", "case_worker")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.MANAGE_CASES)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = person_or_400(request, serializer.validated_data["person_id"])
        case = services.open_case(user, person, request=request)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StageSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=StageSerializer)
    def stage(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, C.MANAGE_CASES)
        serializer = StageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, case = serializer.validated_data, self.get_object()
        case = services.change_stage(
            user, case, data["stage"], reason=data["reason"], request=request
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(request=None, responses=StageChangeSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=StageChangeSerializer)
    def history(self, request: Request, pk: str | None = None) -> Response:
        return Response(StageChangeSerializer(self.get_object().history.all(), many=True).data)

    @extend_schema(request=CloseSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=CloseSerializer)
    def close(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, C.MANAGE_CASES)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, case = serializer.validated_data, self.get_object()
        case = services.close_case(
            user,
            case,
            closure_reason=data["closure_reason"],
            note=data["note"],
            request=request,
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(methods=["GET"], request=None, responses=PlanSerializer)
    @extend_schema(methods=["PUT"], request=PlanSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["get", "put"], serializer_class=PlanSerializer)
    def plan(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        if request.method == "PUT":
            return self._save_plan(request, case)
        plan = CasePlan.objects.filter(case=case).first()
        if plan is None:
            raise NotFound
        return Response(PlanSerializer(plan).data)

    def _save_plan(self, request: Request, case: ProtectionCase) -> Response:
        user = api_user(request, C.MANAGE_CASES)
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = services.save_plan(
            user,
            case,
            needs=data.get("needs", []),
            goals=data.get("goals", ""),
            expected_version=data["version"],
            request=request,
        )
        return Response(PlanSerializer(plan).data)

    @extend_schema(methods=["GET"], request=None, responses=ServiceDeliverySerializer(many=True))
    @extend_schema(
        methods=["POST"], request=ServiceDeliverySerializer, responses=ServiceDeliverySerializer
    )
    @action(detail=True, methods=["get", "post"], serializer_class=ServiceDeliverySerializer)
    def services(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(ServiceDeliverySerializer(case.services.all(), many=True).data)
        user = api_user(request, C.MANAGE_CASES)
        serializer = ServiceDeliverySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        delivery = services.record_service(user, case, request=request, **data)
        return Response(ServiceDeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=FollowUpSerializer(many=True))
    @extend_schema(methods=["POST"], request=FollowUpSerializer, responses=FollowUpSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="follow-ups",
        serializer_class=FollowUpSerializer,
    )
    def follow_ups(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        if request.method == "GET":
            return Response(FollowUpSerializer(case.follow_ups.all(), many=True).data)
        user = api_user(request, C.MANAGE_CASES)
        serializer = FollowUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        follow_up = services.schedule_follow_up(
            user, case, due_on=data["due_on"], purpose=data.get("purpose", ""), request=request
        )
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpViewSet(mixins.RetrieveModelMixin, AuditedViewSet):
    """Follow-up visits of visible cases; ``done`` records the visit."""

    serializer_class = FollowUpSerializer
    audit = Reads("follow_up", persons=("case__person_id",))

    def get_queryset(self) -> QuerySet[FollowUp]:
        if schema_only(self):
            return FollowUp.objects.none()
        user = api_user(self.request, C.VIEW_PERSONS, C.MANAGE_CASES)
        return FollowUp.objects.filter(case__in=access.visible_cases(user)).order_by("due_on", "id")

    @extend_schema(request=FollowUpDoneSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"], serializer_class=FollowUpDoneSerializer)
    def done(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, C.MANAGE_CASES)
        serializer = FollowUpDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, follow_up = serializer.validated_data, self.get_object()
        follow_up = services.record_follow_up(user, follow_up, request=request, **data)
        return Response(FollowUpSerializer(follow_up).data)
