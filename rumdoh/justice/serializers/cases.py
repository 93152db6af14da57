"""Serializers of criminal cases: the case, its facts and notes, stage moves, the feedback to
the agencies following a victim, and notifications."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.core.api import version_field
from rumdoh.core.limits import NOTES_MAX, REASON_MAX, BoundedSerializerField
from rumdoh.justice.models import CriminalCase, StageTransition
from rumdoh.justice.serializers.common import (
    ClosureField,
    ExploitationField,
    OriginField,
    ProvinceField,
    StageField,
)
from rumdoh.notices.models import Notification


class CriminalCaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    province = ProvinceField()
    origin = OriginField()
    stage = StageField(read_only=True)
    closure = ClosureField(read_only=True, allow_blank=True)
    exploitation_types = serializers.ListField(child=ExploitationField(), required=False)
    offence_class = serializers.SerializerMethodField()
    opened_on = serializers.DateField(
        required=False,
        help_text="The day the case was opened (today if not given); opened_at is when it was "
        "entered.",
    )

    class Meta:
        model = CriminalCase
        fields = [
            "id",
            "reference",
            "police_agency",
            "investigator",
            "opened_at",
            "opened_on",
            "origin",
            "origin_reference",
            "referring_agency",
            "province",
            "exploitation_types",
            "summary",
            "stage",
            "stage_since",
            "closure",
            "prosecution_agency",
            "prosecutor",
            "court_agency",
            "offence_class",
            "version",
        ]
        read_only_fields = [
            "version",
            "police_agency",
            "investigator",
            "opened_at",
            "stage_since",
            "prosecutor",
            "court_agency",
        ]
        # As the page asks: a case is opened with the summary of its facts.
        extra_kwargs = {"summary": {"required": True, "allow_blank": False}}

    def get_offence_class(self, obj: CriminalCase) -> str:
        from rumdoh.justice.queries import class_of

        return class_of(obj)


class CaseFeedbackSerializer(serializers.ModelSerializer):
    """Stage and outcome only, for agencies following a victim."""

    reference = serializers.CharField(read_only=True)
    stage = StageField(read_only=True)
    closure = ClosureField(read_only=True, allow_blank=True)
    police_agency = serializers.CharField(source="police_agency.name", read_only=True)
    province = ProvinceField(read_only=True)
    offence_class = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()

    class Meta:
        model = CriminalCase
        fields = [
            "id",
            "reference",
            "police_agency",
            "province",
            "stage",
            "stage_since",
            "closure",
            "offence_class",
            "outcomes",
        ]

    def get_offence_class(self, obj: CriminalCase) -> str:
        from rumdoh.justice.queries import class_of

        return class_of(obj)

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "defendant": {"type": "string"},
                    "offence": {"type": "string"},
                    "trafficking": {"type": "boolean"},
                    "outcome": {"type": "string"},
                    "decided_on": {"type": "string", "format": "date"},
                },
            },
        }
    )
    def get_outcomes(self, obj: CriminalCase) -> list[dict[str, Any]]:
        from rumdoh.justice.services import outcome_of

        return [
            {
                "defendant": v.charge.suspect.reference,
                "offence": v.charge.offence,
                "trafficking": v.charge.is_trafficking,
                "outcome": v.outcome,
                "decided_on": v.decided_on.isoformat(),
            }
            for v in outcome_of(obj).values()
        ]


class CaseEditSerializer(serializers.Serializer):
    """The facts of the case, changed by its police unit; only the fields sent are changed."""

    origin = OriginField(required=False)
    origin_reference = BoundedSerializerField(max_length=100, required=False, allow_blank=True)
    province = ProvinceField(required=False)
    exploitation_types = serializers.ListField(child=ExploitationField(), required=False)
    summary = BoundedSerializerField(max_length=NOTES_MAX, required=False, allow_blank=True)
    investigator = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A police investigator of the case's unit; null for none.",
    )
    version = version_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not set(attrs) - {"version"}:
            raise serializers.ValidationError(_("Send at least one field to change."))
        return attrs


class NotesSerializer(serializers.Serializer):
    """Internal notes of the prosecutor and the court: never shown to the police or followers."""

    court_notes = BoundedSerializerField(max_length=NOTES_MAX, allow_blank=True)
    version = version_field(source="notes_version")


class ProsecutorSerializer(serializers.Serializer):
    prosecutor = serializers.IntegerField(
        allow_null=True,
        help_text="A prosecutor of the case's prosecutor's office; null for none.",
    )


class StageMoveSerializer(serializers.Serializer):
    to_stage = StageField()
    on = serializers.DateField(required=False)
    reason = BoundedSerializerField(
        max_length=REASON_MAX, required=False, allow_blank=True, default=""
    )
    closure = ClosureField(required=False, allow_blank=True, default="")
    responsible_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    responsible_person = BoundedSerializerField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    appeal_prosecution_agency = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For an appeal: the prosecutor's office at the appeal court, if it changes.",
    )


class TransitionSerializer(serializers.ModelSerializer):
    from_stage = StageField(allow_blank=True)
    to_stage = StageField()
    closure = ClosureField(allow_blank=True)

    class Meta:
        model = StageTransition
        fields = [
            "on",
            "recorded_at",
            "by",
            "from_stage",
            "to_stage",
            "responsible_agency",
            "responsible_person",
            "reason",
            "closure",
        ]


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "params", "message", "url", "created_at", "read_at"]
