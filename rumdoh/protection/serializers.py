from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.accounts.models import PROVINCE_CHOICES
from rumdoh.core.api import MomentField, version_field
from rumdoh.core.limits import REASON_MAX, BoundedModelSerializer, BoundedSerializerField
from rumdoh.protection.choices import (
    Basis,
    ClosureReason,
    Designation,
    Entitlement,
    Exploitation,
    FollowUpOutcome,
    ReferralStatus,
    Sector,
    ServiceArea,
    Sexes,
    Stage,
)
from rumdoh.protection.models import (
    PROVIDER_FIELDS,
    CasePlan,
    FollowUp,
    Identification,
    ProtectionCase,
    Referral,
    ServiceDelivery,
    ServiceProvider,
    StageChange,
)


@extend_schema_field({"type": "string", "enum": ServiceArea.values}, component_name="ServiceArea")
class ServiceAreaField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(ServiceArea.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": Stage.values}, component_name="Stage")
class StageField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Stage.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": ReferralStatus.values}, component_name="ReferralStatus"
)
class ReferralStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(ReferralStatus.choices, **kwargs)


def _needs(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=ServiceAreaField(), **kwargs)


class IdentificationSerializer(BoundedModelSerializer):
    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(Exploitation.choices), allow_empty=True
    )
    sectors = serializers.ListField(child=serializers.ChoiceField(Sector.choices), required=False)
    designation = serializers.ChoiceField(Designation.choices, default=Designation.SUSPECTED)
    basis = serializers.ChoiceField(Basis.choices)
    agency = serializers.CharField(source="agency.name", read_only=True)
    person = serializers.IntegerField(source="person_id")
    identified_at = MomentField(required=False)

    class Meta:
        model = Identification
        fields = [
            "id",
            "person",
            "agency",
            "identified_by",
            "identified_at",
            "designation",
            "exploitation_types",
            "sectors",
            "basis",
            "screening_id",
            "foreign_authority",
            "notes",
            "recorded_at",
        ]
        read_only_fields = ["identified_by", "recorded_at"]


@extend_schema_field(
    {"type": "string", "enum": [code for code, _name in PROVINCE_CHOICES]},
    component_name="ProviderProvince",
)
class ProviderProvinceField(serializers.ChoiceField):
    """A provider's province, one schema component for reading, adding and changing it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(PROVINCE_CHOICES, **kwargs)


class ProviderSerializer(BoundedModelSerializer):
    province = ProviderProvinceField()
    services = _needs()
    sexes = serializers.ListField(child=serializers.ChoiceField(Sexes.choices), required=False)
    nationalities = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    agency = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = ServiceProvider
        fields = ["id", "agency", *PROVIDER_FIELDS, "updated_at", "version"]
        read_only_fields = ["updated_at", "version"]


class ProviderEditSerializer(ProviderSerializer):
    """A change of a provider: the fields that change and the ``version`` the client read."""

    version = version_field()

    class Meta(ProviderSerializer.Meta):
        read_only_fields = ["updated_at"]


class ReferralSerializer(BoundedModelSerializer):
    needs = _needs(allow_empty=False)
    reference = serializers.CharField(read_only=True)
    person = serializers.IntegerField(source="person_id")
    provider = serializers.IntegerField(source="provider_id")
    status = ReferralStatusField(read_only=True)
    rereferral_of = serializers.IntegerField(
        source="rereferral_of_id", required=False, allow_null=True
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "created_at",
            "referring_agency",
            "referred_by",
            "provider",
            "person",
            "needs",
            "note",
            "status",
            "responded_at",
            "responded_by",
            "decline_reason",
            "rereferral_of",
        ]
        read_only_fields = [
            "created_at",
            "referring_agency",
            "referred_by",
            "status",
            "responded_at",
            "responded_by",
            "decline_reason",
        ]


class ReasonSerializer(serializers.Serializer):
    reason = BoundedSerializerField(max_length=REASON_MAX, required=False, allow_blank=True)


class CaseSerializer(BoundedModelSerializer):
    reference = serializers.CharField(read_only=True)
    person = serializers.IntegerField(source="person_id")
    stage = StageField(read_only=True)

    class Meta:
        model = ProtectionCase
        fields = [
            "id",
            "reference",
            "person",
            "agency",
            "case_worker",
            "opened_at",
            "stage",
            "closed_at",
            "closure_reason",
            "identification",
            "referral",
        ]
        read_only_fields = [
            "agency",
            "case_worker",
            "opened_at",
            "stage",
            "closed_at",
            "closure_reason",
            "identification",
            "referral",
        ]


class StageSerializer(serializers.Serializer):
    stage = StageField(help_text="Any stage but case_closure: close a case with its close action.")
    reason = BoundedSerializerField(
        max_length=REASON_MAX, required=False, allow_blank=True, default=""
    )


class StageChangeSerializer(BoundedModelSerializer):
    from_stage = StageField(allow_blank=True)
    to_stage = StageField()

    class Meta:
        model = StageChange
        fields = ["at", "by", "from_stage", "to_stage", "reason"]


class CloseSerializer(serializers.Serializer):
    closure_reason = serializers.ChoiceField(ClosureReason.choices)
    note = BoundedSerializerField(
        max_length=REASON_MAX, required=False, allow_blank=True, default=""
    )


class PlanSerializer(BoundedModelSerializer):
    needs = _needs(required=False)
    version = version_field()

    class Meta:
        model = CasePlan
        fields = ["needs", "goals", "version", "updated_at", "updated_by"]
        read_only_fields = ["updated_at", "updated_by"]


class ServiceDeliverySerializer(BoundedModelSerializer):
    area = ServiceAreaField()
    entitlement = serializers.ChoiceField(
        [("", "-"), *Entitlement.choices], required=False, default=""
    )

    class Meta:
        model = ServiceDelivery
        fields = [
            "id",
            "area",
            "entitlement",
            "amount_riel",
            "delivered_on",
            "provider",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["recorded_by", "recorded_at"]


class FollowUpSerializer(BoundedModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "case",
            "due_on",
            "purpose",
            "done_on",
            "outcome",
            "note",
            "scheduled_by",
            "done_by",
            "overdue",
        ]
        read_only_fields = ["case", "done_on", "outcome", "note", "scheduled_by", "done_by"]

    def get_overdue(self, obj: FollowUp) -> bool:
        return obj.is_overdue(timezone.localdate())


class FollowUpDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    outcome = serializers.ChoiceField(FollowUpOutcome.choices)
    note = BoundedSerializerField(required=False, allow_blank=True, default="")


class MatchRequestSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    needs = _needs(allow_empty=False)
    province = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    exclude_declined = serializers.BooleanField(default=True)


class ReasonOutSerializer(serializers.Serializer):
    code = serializers.CharField()
    params = serializers.DictField()
    message = serializers.CharField()


class MatchOutSerializer(serializers.Serializer):
    provider = ProviderSerializer()
    same_province = serializers.BooleanField()
    caveats = ReasonOutSerializer(many=True)


class RejectionOutSerializer(serializers.Serializer):
    provider = ProviderSerializer()
    reasons = ReasonOutSerializer(many=True)


class MatchResponseSerializer(serializers.Serializer):
    matches = MatchOutSerializer(many=True)
    rejections = RejectionOutSerializer(many=True)
