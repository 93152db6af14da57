"""Victims, suspects and charges through the API, and the offence catalogue."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rumdoh.accounts.api import api_user
from rumdoh.core.api import expected_version, valid
from rumdoh.justice import services
from rumdoh.justice.api.common import LIST_BY_CASE, CaseScoped, case_or_400, member
from rumdoh.justice.models import CaseVictim, Charge, Suspect
from rumdoh.justice.rules import offences
from rumdoh.justice.serializers import (
    ChargeSerializer,
    NonPunishmentFlagSerializer,
    NonPunishmentReviewSerializer,
    OffenceSerializer,
    SuspectSerializer,
    VictimChangeSerializer,
    VictimSerializer,
)
from rumdoh.people.api_audit import NoPersonalData, Reads, named


class VictimViewSet(CaseScoped):
    """Victims in the cases the caller's agency takes part in: participation, support, and
    review under the non-punishment principle. They are added through ``criminal-cases``."""

    model = CaseVictim
    serializer_class = VictimSerializer
    audit = Reads("victim", persons=(named("person_id"),))
    related = ("case",)

    @extend_schema(request=VictimChangeSerializer, responses=VictimSerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Whether the victim takes part in the proceedings, and the support received."""
        user = self.user()
        victim = self.get_object()
        data = valid(VictimChangeSerializer(data=request.data, partial=True))
        version = expected_version(request.data)
        victim = services.update_victim(
            user,
            victim,
            participates=data.get("participates", victim.participates),
            support=data.get("support", victim.support),
            expected_version=version,
            request=request,
        )
        return Response(VictimSerializer(victim, context={"request": request}).data)

    @extend_schema(request=NonPunishmentFlagSerializer, responses=VictimSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="non-punishment",
        serializer_class=NonPunishmentFlagSerializer,
    )
    def non_punishment(self, request: Request, pk: str | None = None) -> Response:
        """The victim faces charges for acts they were forced to commit: the prosecutor is asked
        to review (ACTIP art. 14; Criminal Code art. 36)."""
        user = self.user()
        victim = self.get_object()
        data = valid(NonPunishmentFlagSerializer(data=request.data))
        victim = services.flag_non_punishment(user, victim, request=request, **data)
        return Response(VictimSerializer(victim, context={"request": request}).data)

    @extend_schema(request=NonPunishmentReviewSerializer, responses=VictimSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="non-punishment/review",
        serializer_class=NonPunishmentReviewSerializer,
    )
    def non_punishment_review(self, request: Request, pk: str | None = None) -> Response:
        """The prosecutor's or the court's decision on a victim flagged for review."""
        user = self.user()
        victim = self.get_object()
        data = valid(NonPunishmentReviewSerializer(data=request.data))
        victim = services.review_non_punishment(user, victim, request=request, **data)
        return Response(VictimSerializer(victim, context={"request": request}).data)


@LIST_BY_CASE
class SuspectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CaseScoped,
):
    """Suspects and defendants: persons known by names, aliases and handles, or companies."""

    model = Suspect
    serializer_class = SuspectSerializer
    audit = Reads("suspect", suspects=("pk",))
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        data.pop("version", None)
        return self.created(services.add_suspect(user, case, data, request=request))

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        suspect = self.get_object()
        data = valid(self.get_serializer(suspect, data=request.data, partial=True))
        data.pop("case_id", None)
        data.pop("version", None)
        version = expected_version(request.data)
        suspect = services.update_suspect(
            user, suspect, data, expected_version=version, request=request
        )
        return Response(self.get_serializer(suspect).data)

    @extend_schema(request=None, responses=SuspectSerializer)
    @action(detail=True, methods=["post"])
    def absconded(self, request: Request, pk: str | None = None) -> Response:
        """Report that the suspect has fled; the police unit and the prosecutor are alerted."""
        user = self.user()
        suspect = services.report_absconded(user, self.get_object(), request=request)
        return Response(SuspectSerializer(suspect).data)


@LIST_BY_CASE
class ChargeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    CaseScoped,
):
    """Charges coded by law and article: recommended by the police, brought by the prosecutor."""

    model = Charge
    serializer_class = ChargeSerializer
    audit = Reads("charge", suspects=("suspect_id",))

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        suspect = member(Suspect.objects.all(), case, data["suspect_id"], "suspect")
        assert suspect is not None
        charge = services.add_charge(
            user,
            case,
            suspect,
            offence=data["offence"],
            level=data["level"],
            exploitation=data.get("exploitation", ""),
            article_detail=data.get("article_detail", ""),
            request=request,
        )
        return self.created(charge)

    def destroy(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        charge = self.get_object()
        services.remove_charge(user, charge, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OffenceListView(APIView):
    """The offence catalogue charges are coded against, and which are trafficking offences."""

    audit = NoPersonalData("the offence catalogue")

    @extend_schema(operation_id="offences_list", responses=OffenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        api_user(request)
        language = get_language() or "en"
        rows = [
            {
                "code": o.code,
                "law": o.law.value,
                "law_label": o.law_label(language),
                "article": o.article,
                "label": o.label(language),
                "trafficking": o.trafficking,
                "exploitation": o.exploitation,
                "cross_border": o.cross_border,
            }
            for o in offences.OFFENCES
        ]
        return Response(OffenceSerializer(rows, many=True).data)
