"""API shapes of tips: the tip as read, a tip posted by a partner's system, and an outcome."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.core.api import MAX_ID, MomentField, version_field
from rumdoh.core.limits import (
    ADDRESS_MAX,
    PHONE_MAX,
    PLACE_MAX,
    REASON_MAX,
    TEXT_MAX,
    BoundedModelSerializer,
    BoundedSerializerField,
)
from rumdoh.core.places import PROVINCES
from rumdoh.intake.choices import (
    STAFF_CHANNELS,
    Channel,
    Concern,
    NoActionReason,
    Outcome,
    Status,
    Urgency,
)
from rumdoh.intake.models import Tip
from rumdoh.justice.serializers.common import enum_field

# Each choice names its own schema component: other apps have a status and an outcome too.
TipOutcomeField = enum_field(Outcome, "TipOutcome")
TipChannelField = enum_field(Channel, "TipChannel")
TipStatusField = enum_field(Status, "TipStatus")
TipUrgencyField = enum_field(Urgency, "TipUrgency")
TipConcernField = enum_field(Concern, "TipConcern")
NoActionReasonField = enum_field(NoActionReason, "TipNoActionReason")
STAFF_CHANNEL_VALUES = [value for value, _label in STAFF_CHANNELS]


@extend_schema_field(
    {"type": "string", "enum": STAFF_CHANNEL_VALUES}, component_name="TipRecordedChannel"
)
class RecordedChannelField(serializers.ChoiceField):
    """The channels a tip is recorded from (the public web form is the public's own)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(STAFF_CHANNEL_VALUES, **kwargs)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a misspelt key is not silently ignored."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                _("unknown field: %(names)s") % {"names": ", ".join(map(str, unknown))}
            )
        return attrs


class TipSerializer(BoundedModelSerializer):
    reference = serializers.CharField(read_only=True)
    assigned_agency = serializers.IntegerField(
        source="assigned_agency_id", read_only=True, allow_null=True
    )
    recording_agency = serializers.IntegerField(
        source="recording_agency_id", read_only=True, allow_null=True
    )
    holder = serializers.IntegerField(
        source="holder_id",
        read_only=True,
        allow_null=True,
        help_text="Id of the agency holding the tip (which alone may triage, assign and close "
        "it): the assigned agency while it acts on tips, else the recording agency.",
    )
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    screening = serializers.IntegerField(source="screening_id", read_only=True, allow_null=True)
    identification = serializers.IntegerField(
        source="identification_id", read_only=True, allow_null=True
    )
    criminal_case = serializers.IntegerField(
        source="criminal_case_id", read_only=True, allow_null=True
    )
    operation_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Id of the rescue operation the tip led to."
    )
    is_overdue = serializers.BooleanField(read_only=True)
    province = serializers.CharField(read_only=True, help_text="Two-digit province code, or empty.")
    outcome = serializers.CharField(
        read_only=True, help_text="Empty while open; else one of " + ", ".join(Outcome.values)
    )
    no_action_reason = serializers.CharField(read_only=True)
    channel = TipChannelField(read_only=True)
    status = TipStatusField(read_only=True)
    urgency = TipUrgencyField(read_only=True)
    concern = TipConcernField(read_only=True)

    class Meta:
        model = Tip
        fields = [
            "id",
            "reference",
            "channel",
            "received_at",
            "concern",
            "summary",
            "subject",
            "person",
            "people_count",
            "province",
            "place",
            "urgency",
            "reporter_name",
            "reporter_contact",
            "external_reference",
            "status",
            "recording_agency",
            "assigned_agency",
            "holder",
            "assigned_at",
            "due_at",
            "is_overdue",
            "outcome",
            "outcome_at",
            "no_action_reason",
            "outcome_note",
            "screening",
            "identification",
            "criminal_case",
            "operation_id",
            "version",
        ]
        read_only_fields = fields


class TipCreateSerializer(StrictSerializer):
    channel = RecordedChannelField()
    summary = BoundedSerializerField(max_length=TEXT_MAX, help_text="What was reported.")
    # Checked before the moment is put in Phnom Penh's time (near year 1 that overflows); the
    # service refuses the future.
    received_at = MomentField(
        ahead=None,
        required=False,
        allow_null=True,
        help_text="When the tip was received; now when left out. Not in the future, nor before "
        "2008-01-01.",
    )
    concern = TipConcernField(required=False, default="other")
    urgency = TipUrgencyField(required=False, default="normal")
    subject = BoundedSerializerField(
        max_length=ADDRESS_MAX, required=False, allow_blank=True, default=""
    )
    person = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="Id of a person your agency sees, when the tip is about one.",
    )
    people_count = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False, allow_null=True
    )
    province = serializers.CharField(
        max_length=2,
        required=False,
        allow_blank=True,
        default="",
        help_text="Two-digit province code, or empty when not known.",
    )
    place = BoundedSerializerField(
        max_length=PLACE_MAX, required=False, allow_blank=True, default=""
    )
    reporter_name = BoundedSerializerField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    reporter_contact = BoundedSerializerField(
        max_length=PHONE_MAX * 2, required=False, allow_blank=True, default=""
    )

    def validate_province(self, value: str) -> str:
        if value and value not in PROVINCES:
            raise serializers.ValidationError(_("Not a province code."))
        return value

    external_reference = BoundedSerializerField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text="The tip's number in the partner's own system.",
    )


class OutcomeSerializer(StrictSerializer):
    outcome = TipOutcomeField()
    reason = NoActionReasonField(required=False, allow_blank=True, default="")
    record = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="Id of the screening, identification, criminal case or operation.",
    )
    note = BoundedSerializerField(
        max_length=REASON_MAX, required=False, allow_blank=True, default=""
    )
    version = version_field()
