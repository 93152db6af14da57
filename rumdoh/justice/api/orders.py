"""Compensation orders, payments and enforcement through the API, and the calculator."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rumdoh.accounts.api import api_user
from rumdoh.core.api import valid
from rumdoh.justice import access, orders
from rumdoh.justice.access import CALCULATOR_USERS
from rumdoh.justice.api.common import LIST_BY_CASE, CaseScoped, case_or_400, member
from rumdoh.justice.messages import basis_line
from rumdoh.justice.models import (
    CaseVictim,
    CompensationOrder,
    CompensationWorksheet,
    Suspect,
    Verdict,
)
from rumdoh.justice.serializers import (
    CompensationAssessmentSerializer,
    CompensationClaimSerializer,
    CompensationOrderSerializer,
    EnforcementSerializer,
    PaymentSerializer,
)
from rumdoh.people.api_audit import NoPersonalData, Reads, named


@LIST_BY_CASE
class CompensationOrderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Compensation orders per victim and defendant; payments reduce the balance."""

    model = CompensationOrder
    serializer_class = CompensationOrderSerializer
    audit = Reads(
        "compensation_order", persons=(named("victim__person_id"),), suspects=("defendant_id",)
    )

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        victim = member(CaseVictim.objects.all(), case, data["victim_id"], "victim")
        defendant = member(Suspect.objects.all(), case, data["defendant_id"], "defendant")
        verdict = member(Verdict.objects.all(), case, data.get("verdict_id"), "verdict")
        worksheet = member(
            CompensationWorksheet.objects.all(), case, data.get("worksheet_id"), "worksheet"
        )
        assert victim is not None and defendant is not None
        order = orders.record_order(
            user,
            case,
            victim=victim,
            defendant=defendant,
            amount_riel=data["amount_riel"],
            ordered_on=data["ordered_on"],
            due_on=data["due_on"],
            verdict=verdict,
            worksheet=worksheet,
            request=request,
        )
        return self.created(order)

    @extend_schema(methods=["GET"], request=None, responses=PaymentSerializer(many=True))
    @extend_schema(methods=["POST"], request=PaymentSerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=PaymentSerializer)
    def payments(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        if request.method == "GET":
            return Response(PaymentSerializer(order.payments.all(), many=True).data)
        user = self.user()
        data = valid(PaymentSerializer(data=request.data))
        payment = orders.record_payment(user, order, request=request, **data)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=EnforcementSerializer(many=True))
    @extend_schema(methods=["POST"], request=EnforcementSerializer, responses=EnforcementSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=EnforcementSerializer)
    def enforcement(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        if request.method == "GET":
            return Response(EnforcementSerializer(order.enforcement_steps.all(), many=True).data)
        user = self.user()
        data = valid(EnforcementSerializer(data=request.data))
        step = orders.record_enforcement(user, order, request=request, **data)
        return Response(EnforcementSerializer(step).data, status=status.HTTP_201_CREATED)


class CalculatorView(APIView):
    """The compensation calculator: each head of damage with its basis. With ``victim``, the
    worksheet is saved with the case (for the police unit, the prosecutor or the court)."""

    audit = NoPersonalData("amounts computed from the claim sent; a saved worksheet is audited")

    @extend_schema(
        operation_id="compensation_calculate",
        request=CompensationClaimSerializer,
        responses=CompensationAssessmentSerializer,
    )
    def post(self, request: Request) -> Response:
        user = api_user(request, *CALCULATOR_USERS)
        data = valid(CompensationClaimSerializer(data=request.data))
        victim_id = data.pop("victim")
        claim = orders.claim_from(data)
        worksheet = None
        if victim_id is not None:
            victim = CaseVictim.objects.filter(
                pk=victim_id, case__in=access.participating_cases(user)
            ).first()
            if victim is None:
                raise ValidationError({"victim": _("No such victim.")})
            worksheet = orders.save_worksheet(user, victim, claim, request=request)
        assessment = orders.calculate(claim)
        payload = {
            "parts": [
                {
                    "head": p.head.value,
                    "amount": p.amount,
                    "basis": [basis_line(line) for line in p.lines],
                }
                for p in assessment.parts
            ],
            "compensatory": assessment.compensatory,
            "punitive": assessment.punitive,
            "total": assessment.total,
            "worksheet": worksheet.pk if worksheet else None,
        }
        return Response(CompensationAssessmentSerializer(payload).data)
