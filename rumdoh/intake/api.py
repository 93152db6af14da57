"""Tips over the API: a partner's hotline system posts tips; staff read and close them."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.core.api import valid, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.core.errors import Refused
from rumdoh.intake import services
from rumdoh.intake.access import TIP_CAPABILITIES, visible_tips
from rumdoh.intake.forms import TipFilterForm
from rumdoh.intake.models import Tip
from rumdoh.intake.queries import filtered_tips
from rumdoh.intake.serializers import OutcomeSerializer, TipCreateSerializer, TipSerializer
from rumdoh.people.access import visible_persons
from rumdoh.people.api_audit import AuditedViewSet, Reads


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(
            TipFilterForm,
            descriptions={"q": "A T-number, such as T-0000012; any other text finds none."},
        )
    )
)
class TipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    AuditedViewSet,
):
    """Tips the caller's agency recorded or holds."""

    serializer_class = TipSerializer
    audit = Reads("tip", persons=("person_id",))

    def get_queryset(self) -> QuerySet[Tip]:
        if getattr(self, "swagger_fake_view", False):
            return Tip.objects.none()
        user = api_user(self.request, *TIP_CAPABILITIES)
        if self.action != "list":
            return visible_tips(user)
        # The page's filters, read by the page's form: a value it refuses answers 400 with the
        # message the page shows beside the field.
        form = valid_filters(TipFilterForm(self.request.query_params))
        return filtered_tips(user, **form.cleaned_data)

    @extend_schema(
        request=TipCreateSerializer,
        responses={
            201: TipSerializer,
            200: OpenApiResponse(
                TipSerializer,
                description="The same tip sent again within two minutes (a retry): the tip the "
                "first sending recorded; nothing is added.",
            ),
            400: OpenApiResponse(description="Invalid tip."),
        },
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Record a tip for the caller's agency. Sent twice (a retry), it is recorded once: the
        second answer is 200 with the tip the first recorded."""
        user = api_user(request, *TIP_CAPABILITIES)
        data = valid(TipCreateSerializer(data=request.data))
        person_id = data.pop("person", None)
        person = None
        if person_id is not None:
            person = visible_persons(user).filter(pk=person_id).first()
            if person is None:
                raise Refused(_("No such person that your agency sees."))
        tip_input = services.TipInput(**data, person=person)
        with transaction.atomic():
            twin = services.just_recorded(user, tip_input)
            if twin is not None:
                return Response(TipSerializer(twin).data, status=status.HTTP_200_OK)
            tip = services.record_tip(user, tip_input, request)
        return Response(TipSerializer(tip).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=OutcomeSerializer,
        responses={
            200: TipSerializer,
            400: OpenApiResponse(description="Refused."),
            403: OpenApiResponse(description="Your agency does not hold this tip."),
            409: OpenApiResponse(description="Saved by someone else since you read it."),
        },
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """Close the tip with what it became."""
        tip = self.get_object()
        user = api_user(request, *TIP_CAPABILITIES)
        data = valid(OutcomeSerializer(data=request.data))
        tip = services.record_outcome(
            user,
            tip,
            data["outcome"],
            version=data["version"],
            reason=data["reason"],
            note=data["note"],
            record_id=data.get("record"),
            request=request,
        )
        return Response(TipSerializer(tip).data)
