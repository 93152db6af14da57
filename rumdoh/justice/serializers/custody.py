"""Serializers of arrests and the custody clock, warrants, and supervision with its
check-ins."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.core.api import MomentField
from rumdoh.justice.models import Arrest, CheckIn, Supervision, Warrant
from rumdoh.justice.rules.limits import REPORTING_DAYS_MAX
from rumdoh.justice.serializers.common import (
    ConditionField,
    CustodyOutcomeField,
    CustodyStateField,
    SentViaField,
    SupervisionStatusField,
    WarrantKindField,
    WarrantStatusField,
    ref,
)


class ClockSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField()
    state = CustodyStateField()
    seconds_left = serializers.IntegerField(help_text="Negative once overdue.")


class ArrestSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect")
    warrant = ref("warrant", optional=True)
    arrested_at = MomentField()
    outcome = CustodyOutcomeField(read_only=True, allow_blank=True)
    clock = serializers.SerializerMethodField()

    class Meta:
        model = Arrest
        fields = [
            "id",
            "case",
            "suspect",
            "arrested_at",
            "agency",
            "place",
            "warrant",
            "outcome",
            "outcome_at",
            "clock",
        ]
        read_only_fields = ["agency", "outcome_at"]

    @extend_schema_field(ClockSerializer)
    def get_clock(self, obj: Arrest) -> dict[str, Any]:
        from rumdoh.justice.custody import clock

        found = clock(obj)
        return {
            "deadline": found.deadline,
            "state": found.state.value,
            "seconds_left": int(found.remaining.total_seconds()),
        }


class CustodyOutcomeSerializer(serializers.Serializer):
    outcome = CustodyOutcomeField()
    at = MomentField(required=False, allow_null=True, default=None)


class WarrantSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect", optional=True)
    kind = WarrantKindField()
    status = WarrantStatusField(read_only=True)
    sent_via = SentViaField(read_only=True, allow_blank=True)

    class Meta:
        model = Warrant
        fields = [
            "id",
            "case",
            "suspect",
            "kind",
            "issued_on",
            "issued_by",
            "target",
            "status",
            "sent_on",
            "sent_via",
            "served_on",
            "not_served_reason",
        ]
        read_only_fields = ["sent_on", "served_on", "not_served_reason"]


class WarrantStatusSerializer(serializers.Serializer):
    status = WarrantStatusField()
    on = serializers.DateField()
    sent_via = SentViaField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SupervisionSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect")
    conditions = serializers.ListField(child=ConditionField(), allow_empty=False)
    status = SupervisionStatusField(read_only=True)
    first_due_on = serializers.DateField(write_only=True)

    class Meta:
        model = Supervision
        fields = [
            "id",
            "case",
            "suspect",
            "ordered_on",
            "ordered_by",
            "conditions",
            "conditions_detail",
            "reporting_agency",
            "reporting_every_days",
            "first_due_on",
            "next_due_on",
            "ends_on",
            "status",
        ]
        read_only_fields = ["next_due_on"]
        extra_kwargs = {
            "reporting_agency": {"required": False},
            "reporting_every_days": {"min_value": 1, "max_value": REPORTING_DAYS_MAX},
        }

    def to_representation(self, instance: Supervision) -> dict[str, Any]:
        """The police unit a defendant reports to, when it takes no part in the case, sees the
        reporting dates and conditions, not who ordered them nor their sealed details."""
        data: dict[str, Any] = super().to_representation(instance)
        if not getattr(instance, "in_case", False):  # annotated by the view; else fail closed
            data["ordered_by"] = data["conditions_detail"] = None
        return data


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = ["id", "due_on", "attended", "recorded_on", "note"]
        read_only_fields = ["recorded_on"]
        extra_kwargs = {"due_on": {"required": False}}
