"""Hearings, verdicts and settlements through the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.core.api import valid
from rumdoh.justice import court
from rumdoh.justice.api.common import (
    LIST_BY_CASE,
    CaseScoped,
    case_or_400,
    member,
)
from rumdoh.justice.models import CaseVictim, Charge, Hearing, Settlement, Suspect, Verdict
from rumdoh.justice.serializers import (
    HearingSerializer,
    HearingUpdateSerializer,
    SettlementSerializer,
    VerdictSerializer,
)
from rumdoh.people.api_audit import Reads, named


@LIST_BY_CASE
class HearingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Hearings; scheduling one tells the victims' case workers."""

    model = Hearing
    serializer_class = HearingSerializer
    audit = Reads("hearing")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        hearing = court.schedule_hearing(
            user,
            case,
            kind=data["kind"],
            scheduled_for=data["scheduled_for"],
            court_agency=data.get("court_agency"),
            room=data.get("room", ""),
            request=request,
        )
        return self.created(hearing)

    @extend_schema(request=HearingUpdateSerializer, responses=HearingSerializer)
    @action(detail=True, methods=["post"], serializer_class=HearingUpdateSerializer)
    def status(self, request: Request, pk: str | None = None) -> Response:
        """Held, or postponed to a new date and time with the reason: the postponed hearing
        stays on record and the answer is the new hearing; the victims' case workers are told
        of the new date."""
        user = self.user()
        hearing = self.get_object()
        data = valid(HearingUpdateSerializer(data=request.data))
        hearing = court.update_hearing(
            user,
            hearing,
            status=data["status"],
            scheduled_for=data["scheduled_for"],
            reason=data["reason"],
            request=request,
        )
        return Response(HearingSerializer(hearing).data)


@LIST_BY_CASE
class VerdictViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Verdicts per defendant and per charge, with the sentence."""

    model = Verdict
    serializer_class = VerdictSerializer
    audit = Reads("verdict", suspects=("charge__suspect_id",))
    related = ("charge",)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        charge = member(Charge.objects.all(), case, data.pop("charge_id"), "charge")
        retrial_of = member(Verdict.objects.all(), case, data.pop("retrial_of_id"), "retrial_of")
        assert charge is not None
        verdict = court.record_verdict(
            user, case, charge, retrial_of=retrial_of, request=request, **data
        )
        return self.created(verdict)


@LIST_BY_CASE
class SettlementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, CaseScoped):
    """Out-of-court settlements and withdrawals: who proposed them, and the amount."""

    model = Settlement
    serializer_class = SettlementSerializer
    audit = Reads("settlement", persons=(named("victim__person_id"),), suspects=("suspect_id",))

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        victim = member(CaseVictim.objects.all(), case, data.pop("victim_id"), "victim")
        suspect = member(Suspect.objects.all(), case, data.pop("suspect_id"), "suspect")
        settlement = court.record_settlement(
            user, case, victim=victim, suspect=suspect, request=request, **data
        )
        return self.created(settlement)
