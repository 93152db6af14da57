"""Serializers of victims, suspects and charges, and of the offence catalogue."""

from typing import Any

from rest_framework import serializers

from rumdoh.core.api import VERSION_HELP, version_field
from rumdoh.core.limits import (
    ALIASES_MAX,
    REASON_MAX,
    TEXT_MAX,
    BoundedModelSerializer,
    BoundedSerializerField,
    NameSerializerField,
)
from rumdoh.justice import choices as c
from rumdoh.justice.models import CaseVictim, Charge, Suspect
from rumdoh.justice.rules.limits import BIRTH_YEAR_MAX, BIRTH_YEAR_MIN
from rumdoh.justice.serializers.common import (
    ChargeLevelField,
    CompanyKindField,
    DecisionField,
    NonPunishmentField,
    OffenceField,
    RelationField,
    SupportField,
    SuspectKindField,
    SuspectRoleField,
    SuspectStatusField,
    ref,
)
from rumdoh.justice.services.parties import SUSPECT_FIELDS
from rumdoh.people.access import can_see


class VictimSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    support = serializers.ListField(child=SupportField(), required=False)
    non_punishment = NonPunishmentField(read_only=True, allow_blank=True)

    class Meta:
        model = CaseVictim
        fields = [
            "id",
            "case",
            "person",
            "protection_case",
            "participates",
            "support",
            "non_punishment",
            "non_punishment_acts",
            "added_at",
            "version",
        ]
        read_only_fields = [
            "case",
            "protection_case",
            "non_punishment_acts",
            "added_at",
            "version",
        ]

    def to_representation(self, instance: CaseVictim) -> dict[str, Any]:
        """The victim's protection case (where she is cared for) only to a reader who may see
        her record, as on the pages: ``context["shown"]`` (person ids) or the request's user."""
        data: dict[str, Any] = super().to_representation(instance)
        shown = self.context.get("shown")
        if shown is None:
            user = getattr(self.context.get("request"), "user", None)
            visible = user is not None and can_see(user, instance.person_id)
            shown = {instance.person_id} if visible else set()
        if instance.person_id not in shown:
            data["protection_case"] = None
        return data


class VictimChangeSerializer(serializers.Serializer):
    """Whether the victim takes part in the proceedings and the support received; a field not
    sent keeps its value."""

    participates = serializers.BooleanField(required=False)
    support = serializers.ListField(child=SupportField(), required=False)
    version = version_field()


class NonPunishmentFlagSerializer(serializers.Serializer):
    acts = BoundedSerializerField(
        max_length=REASON_MAX,
        help_text="For example: illegal entry (Immigration Law art. 29).",
    )
    note = BoundedSerializerField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class NonPunishmentReviewSerializer(serializers.Serializer):
    decision = DecisionField()
    note = BoundedSerializerField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class HandleSerializer(serializers.Serializer):
    app = NameSerializerField(max_length=50, required=False, allow_blank=True, default="")
    handle = NameSerializerField()


class SuspectSerializer(BoundedModelSerializer):
    case = ref("case")
    reference = serializers.CharField(read_only=True)
    kind = SuspectKindField(default=c.SuspectKind.NATURAL)
    role = SuspectRoleField()
    relation_to_victim = RelationField(required=False)
    company_kind = CompanyKindField(required=False, allow_blank=True)
    status = SuspectStatusField(read_only=True)
    given_name = NameSerializerField(required=False, allow_blank=True)
    family_name = NameSerializerField(required=False, allow_blank=True)
    name_km = NameSerializerField(required=False, allow_blank=True)
    aliases = serializers.ListField(
        child=NameSerializerField(), max_length=ALIASES_MAX, required=False, default=list
    )
    # many=True makes a ListSerializer, which takes max_length (DRF >= 3.15); the stubs do not
    # know it yet.
    handles = HandleSerializer(  # type: ignore[call-arg]
        many=True, max_length=ALIASES_MAX, required=False, default=list
    )
    version = version_field(
        required=False, help_text=VERSION_HELP + " Required to change a suspect."
    )

    class Meta:
        model = Suspect
        fields = [
            "id",
            "reference",
            "case",
            *SUSPECT_FIELDS,
            "status",
            "version",
        ]
        read_only_fields = ["status"]
        extra_kwargs = {"birth_year": {"min_value": BIRTH_YEAR_MIN, "max_value": BIRTH_YEAR_MAX}}

    def validate_aliases(self, value: list[str]) -> list[str]:
        """The aliases sent, without those that were only direction controls."""
        return [alias for alias in value if alias]


class ChargeSerializer(serializers.ModelSerializer):
    case = ref("case")
    suspect = ref("suspect")
    offence = OffenceField()
    level = ChargeLevelField()
    trafficking = serializers.BooleanField(source="is_trafficking", read_only=True)
    form_of_exploitation = serializers.CharField(read_only=True)

    class Meta:
        model = Charge
        fields = [
            "id",
            "case",
            "suspect",
            "offence",
            "level",
            "exploitation",
            "article_detail",
            "trafficking",
            "form_of_exploitation",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class OffenceSerializer(serializers.Serializer):
    code = serializers.CharField()
    law = serializers.CharField()
    law_label = serializers.CharField()
    article = serializers.CharField()
    # A field called as Field's own ``label`` attribute, which the stubs type as a string; the
    # serializer's metaclass takes it as a field.
    label = serializers.CharField()  # type: ignore[assignment]
    trafficking = serializers.BooleanField()
    exploitation = serializers.CharField()
    cross_border = serializers.BooleanField()
