"""Serializers of hearings, verdicts and settlements."""

from rest_framework import serializers

from rumdoh.core.api import MomentField
from rumdoh.core.errors import PLAN_AHEAD
from rumdoh.justice import choices as c
from rumdoh.justice.models import Hearing, Settlement, Verdict
from rumdoh.justice.rules.limits import PRISON_MONTHS_MAX, RIEL_MAX
from rumdoh.justice.serializers.common import (
    HearingKindField,
    HearingStatusField,
    InstanceField,
    ProposerField,
    SettlementKindField,
    VerdictOutcomeField,
    ref,
)


class HearingSerializer(serializers.ModelSerializer):
    case = ref("case")
    kind = HearingKindField()
    scheduled_for = MomentField(ahead=PLAN_AHEAD)
    status = HearingStatusField(read_only=True)

    class Meta:
        model = Hearing
        fields = [
            "id",
            "case",
            "kind",
            "scheduled_for",
            "court_agency",
            "room",
            "status",
            "postponement_reason",
            "postponed_to",
        ]
        read_only_fields = ["postponement_reason", "postponed_to"]
        extra_kwargs = {"court_agency": {"required": False}}


class HearingUpdateSerializer(serializers.Serializer):
    status = HearingStatusField()
    scheduled_for = MomentField(
        ahead=PLAN_AHEAD,
        required=False,
        allow_null=True,
        default=None,
        help_text="The new date and time of a postponed hearing.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Why the hearing was postponed (required to postpone).",
    )


class VerdictSerializer(serializers.ModelSerializer):
    case = ref("case")
    charge = ref("charge")
    retrial_of = ref("retrial_of", optional=True)
    outcome = VerdictOutcomeField()
    instance = InstanceField(default=c.Instance.FIRST)
    defendant = serializers.IntegerField(source="charge.suspect_id", read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "case",
            "charge",
            "defendant",
            "outcome",
            "instance",
            "decided_on",
            "court_agency",
            "prison_months",
            "suspended_months",
            "diversion",
            "fine_riel",
            "retrial_of",
        ]
        read_only_fields = ["court_agency"]
        extra_kwargs = {
            "prison_months": {"max_value": PRISON_MONTHS_MAX},
            "suspended_months": {"max_value": PRISON_MONTHS_MAX},
            "fine_riel": {"max_value": RIEL_MAX},
        }


class SettlementSerializer(serializers.ModelSerializer):
    case = ref("case")
    victim = ref("victim", optional=True)
    suspect = ref("suspect", optional=True)
    kind = SettlementKindField()
    proposed_by = ProposerField()

    class Meta:
        model = Settlement
        fields = [
            "id",
            "case",
            "kind",
            "proposed_by",
            "amount_riel",
            "agreed_on",
            "victim",
            "suspect",
        ]
        extra_kwargs = {"amount_riel": {"max_value": RIEL_MAX}}
