"""API shapes: the stateless assessment and saved screenings."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.accounts.models import User
from rumdoh.core.limits import BoundedModelSerializer
from rumdoh.core.places import PROVINCES
from rumdoh.people.access import visible_persons
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules import catalogue, decision

ANSWERS = [a.value for a in decision.Answer]


@extend_schema_field({"type": "string", "pattern": "^(yes|no|unknown)$"})
class AnswerField(serializers.ChoiceField):
    """yes, no or unknown (one inline schema, shared by every tri-state field)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ANSWERS, **kwargs)


class ObservationsField(serializers.DictField):
    """Indicator code to yes / no / unknown; codes outside the catalogue are refused by name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=AnswerField(), **kwargs)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if isinstance(data, dict):
            for code in data:
                if code not in catalogue.CODES:
                    raise serializers.ValidationError(
                        _("unknown indicator code: %(code)s") % {"code": code}
                    )
        return dict(super().to_internal_value(data))


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a misspelt key is not silently ignored."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                _("unknown field: %(names)s") % {"names": ", ".join(map(str, unknown))}
            )
        return attrs


class AssessSerializer(StrictSerializer):
    age = serializers.IntegerField(
        min_value=0,
        max_value=decision.MAX_AGE,
        required=False,
        allow_null=True,
        help_text="Age in whole years; omit or null when unknown (never treated as adult).",
    )
    observations = ObservationsField(
        help_text="Indicator code to yes, no or unknown; codes not given count as unknown."
    )


class DerivationSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code established by derivation.")
    sources = serializers.ListField(child=serializers.CharField(), help_text="Observed codes.")


class FindingSerializer(serializers.Serializer):
    element = serializers.ChoiceField(choices=[e.value for e in decision.Element])
    status = AnswerField(help_text="yes: met; unknown: still open; no: ruled out.")
    # A field called as Field's own ``required`` attribute, which the stubs type as a bool; the
    # serializer's metaclass takes it as a field.
    required = serializers.BooleanField(  # type: ignore[assignment]
        help_text="False for means when the person is a child."
    )
    satisfied_by = serializers.ListField(child=serializers.CharField())
    derived = DerivationSerializer(many=True)
    unknown = serializers.ListField(child=serializers.CharField())


class ExplanationSerializer(serializers.Serializer):
    age = serializers.IntegerField(allow_null=True)
    child = AnswerField()
    trafficking = AnswerField()
    forced_labour = AnswerField()
    elements = FindingSerializer(many=True)


class AssessmentSerializer(serializers.Serializer):
    determination = serializers.ChoiceField(choices=[d.value for d in decision.Determination])
    next_step = serializers.ChoiceField(choices=[s.value for s in decision.NextStep])
    catalogue_version = serializers.CharField()
    explanation = ExplanationSerializer()


def assessment_data(result: decision.Assessment) -> dict[str, Any]:
    return {
        "determination": result.determination.value,
        "next_step": result.next_step.value,
        "catalogue_version": result.catalogue_version,
        "explanation": result.explanation(),
    }


class ScreeningSerializer(BoundedModelSerializer):
    reference = serializers.CharField(read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    screener = serializers.CharField(source="screener.username", read_only=True)
    observations = ObservationsField()
    next_step = serializers.CharField(read_only=True)
    explanation = ExplanationSerializer(read_only=True)
    province = serializers.CharField(max_length=2, required=False)

    class Meta:
        model = ScreeningRecord
        fields = [
            "id",
            "reference",
            "screened_at",
            "agency",
            "screener",
            "person",
            "form",
            "age",
            "age_estimated",
            "sex",
            "nationality",
            "province",
            "location",
            "context",
            "observations",
            "determination",
            "next_step",
            "explanation",
            "catalogue_version",
        ]
        read_only_fields = ["screened_at", "determination", "catalogue_version"]
        extra_kwargs = {"age": {"max_value": decision.MAX_AGE}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        persons = visible_persons(user) if isinstance(user, User) else None
        field = self.fields["person"]
        field.queryset = persons if persons is not None else field.queryset.none()  # type: ignore[attr-defined]

    def validate_province(self, value: str) -> str:
        if value not in PROVINCES:
            raise serializers.ValidationError(
                _("unknown province code: %(code)s") % {"code": value}
            )
        return value
