"""Serializers of compensation orders, payments, enforcement, and the calculator."""

from decimal import Decimal

from rest_framework import serializers

from rumdoh.core.limits import BoundedSerializerField
from rumdoh.justice import choices as c
from rumdoh.justice.models import CompensationOrder, EnforcementStep, Payment
from rumdoh.justice.rules.compensation import CURRENCIES, DEFAULT_USD_RATE, KHR, OrderState
from rumdoh.justice.rules.limits import MONEY_DIGITS, MONTHS_DIGITS, RIEL_MAX, USD_RATE_MAX
from rumdoh.justice.serializers.common import (
    EnforcementKindField,
    HeadField,
    PaymentMethodField,
    SeverityField,
    ref,
)


class CompensationOrderSerializer(serializers.ModelSerializer):
    case = ref("case")
    victim = ref("victim")
    defendant = ref("defendant")
    verdict = ref("verdict", optional=True)
    worksheet = ref("worksheet", optional=True)
    reference = serializers.CharField(read_only=True)
    outstanding_riel = serializers.IntegerField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = CompensationOrder
        fields = [
            "id",
            "reference",
            "case",
            "victim",
            "defendant",
            "verdict",
            "worksheet",
            "amount_riel",
            "ordered_on",
            "due_on",
            "paid_riel",
            "outstanding_riel",
            "overdue",
        ]
        read_only_fields = ["paid_riel"]
        extra_kwargs = {"amount_riel": {"max_value": RIEL_MAX}}

    def get_overdue(self, obj: CompensationOrder) -> bool:
        from django.utils import timezone

        from rumdoh.justice.orders import balance

        return balance(obj, timezone.localdate()).state == OrderState.OVERDUE


class PaymentSerializer(serializers.ModelSerializer):
    method = PaymentMethodField()

    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount_riel", "method", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]
        extra_kwargs = {"amount_riel": {"max_value": RIEL_MAX}}


class EnforcementSerializer(serializers.ModelSerializer):
    kind = EnforcementKindField()

    class Meta:
        model = EnforcementStep
        fields = ["id", "taken_on", "kind", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]


class CompensationItemSerializer(serializers.Serializer):
    description = BoundedSerializerField(max_length=200)
    amount = serializers.IntegerField(min_value=0, max_value=RIEL_MAX, help_text="Riel.")


class CompensationClaimSerializer(serializers.Serializer):
    wage_currency = serializers.ChoiceField(list(CURRENCIES), default=KHR)
    usd_rate = serializers.IntegerField(
        min_value=1, max_value=USD_RATE_MAX, default=DEFAULT_USD_RATE
    )
    promised_monthly_wage = serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=2, min_value=0, default=Decimal(0)
    )
    months_worked = serializers.DecimalField(
        max_digits=MONTHS_DIGITS, decimal_places=1, min_value=0, default=Decimal(0)
    )
    wages_received = serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=2, min_value=0, default=Decimal(0)
    )
    usual_monthly_earnings = serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=2, min_value=0, default=Decimal(0)
    )
    months_unable_to_work = serializers.DecimalField(
        max_digits=MONTHS_DIGITS, decimal_places=1, min_value=0, default=Decimal(0)
    )
    material = CompensationItemSerializer(many=True, required=False, default=list)
    medical = CompensationItemSerializer(many=True, required=False, default=list)
    future_medical = CompensationItemSerializer(many=True, required=False, default=list)
    emotional_severity = SeverityField(default=c.Severity.NONE)
    emotional_amount = serializers.IntegerField(min_value=0, max_value=RIEL_MAX, default=0)
    emotional_basis = BoundedSerializerField(required=False, allow_blank=True, default="")
    punitive_amount = serializers.IntegerField(min_value=0, max_value=RIEL_MAX, default=0)
    punitive_basis = BoundedSerializerField(required=False, allow_blank=True, default="")
    victim = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A victim of a case you take part in: the worksheet is saved with the case.",
    )


class CompensationPartSerializer(serializers.Serializer):
    head = HeadField()
    amount = serializers.IntegerField()
    basis = serializers.ListField(child=serializers.CharField())


class CompensationAssessmentSerializer(serializers.Serializer):
    parts = CompensationPartSerializer(many=True)
    compensatory = serializers.IntegerField()
    punitive = serializers.IntegerField()
    total = serializers.IntegerField()
    worksheet = serializers.IntegerField(allow_null=True)
