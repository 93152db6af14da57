"""What the operations API reads and writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from rumdoh.accounts.models import FIELD_AGENCY_KINDS, Agency
from rumdoh.core.limits import (
    DOCUMENT_MAX,
    NAME_MAX,
    REASON_MAX,
    BoundedModelSerializer,
    BoundedSerializerField,
)
from rumdoh.operations.access import NOT_A_PARTICIPANT
from rumdoh.operations.board import COLUMNS
from rumdoh.operations.models import Deportation, Operation, RosterEntry
from rumdoh.operations.rules.roster import MAX_ROWS


class OperationSerializer(BoundedModelSerializer):
    reference = serializers.CharField(read_only=True)
    lead_agency = serializers.IntegerField(source="lead_agency_id", read_only=True)
    agencies = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Agency.objects.all(),
        required=False,
        help_text="Ids of the agencies taking part: police, gendarmerie, immigration, social "
        "affairs, labour, transit centres, NGOs (courts, prosecutors, embassies, committees and "
        "international organisations are refused).",
    )

    def validate_agencies(self, agencies: list[Agency]) -> list[Agency]:
        if any(agency.kind not in FIELD_AGENCY_KINDS for agency in agencies):
            raise serializers.ValidationError(str(NOT_A_PARTICIPANT), code="not_a_participant")
        return agencies

    version = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        help_text="When changing: the version the change was based on (else 409).",
    )

    class Meta:
        model = Operation
        fields = [
            "id",
            "reference",
            "kind",
            "held_on",
            "province",
            "place",
            "lead_agency",
            "agencies",
            "status",
            "version",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class BoardLineSerializer(serializers.Serializer):
    nationality = serializers.CharField()
    found = serializers.IntegerField()
    screened = serializers.IntegerField()
    indicated = serializers.IntegerField()
    identified = serializers.IntegerField()
    referred = serializers.IntegerField()
    released = serializers.IntegerField()
    deported = serializers.IntegerField()


class BoardSerializer(serializers.Serializer):
    lines = BoardLineSerializer(many=True)
    total = BoardLineSerializer()


def board_line(nationality: str, counts: dict[str, int]) -> dict[str, Any]:
    return {"nationality": nationality, **{c: counts.get(c, 0) for c in COLUMNS}}


class RosterEntrySerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    operation = serializers.IntegerField(source="operation_id", read_only=True)
    screening = serializers.IntegerField(source="screening_id", read_only=True, allow_null=True)
    determination = serializers.CharField(
        source="screening.determination", read_only=True, allow_null=True, default=None
    )
    family_name = serializers.CharField(source="person.family_name", read_only=True)
    given_name = serializers.CharField(source="person.given_name", read_only=True)
    nationality = serializers.CharField(source="person.nationality", read_only=True)

    class Meta:
        model = RosterEntry
        fields = [
            "id",
            "operation",
            "person",
            "row",
            "family_name",
            "given_name",
            "nationality",
            "language",
            "interpreter_language",
            "screening",
            "determination",
            "released_on",
        ]
        read_only_fields = fields


class NewEntrySerializer(serializers.Serializer):
    operation = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    family_name = BoundedSerializerField(max_length=NAME_MAX, required=False, allow_blank=True)
    given_name = BoundedSerializerField(max_length=NAME_MAX, required=False, allow_blank=True)
    nationality = serializers.CharField(max_length=60)
    document_number = BoundedSerializerField(
        max_length=DOCUMENT_MAX, required=False, allow_blank=True
    )
    language = serializers.CharField(max_length=30, required=False, allow_blank=True)
    sex = serializers.CharField(max_length=10, required=False, allow_blank=True)
    age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True
    )


class RosterImportSerializer(serializers.Serializer):
    operation = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    rows = serializers.ListField(
        child=serializers.ListField(
            child=serializers.CharField(max_length=200, allow_blank=True), max_length=30
        ),
        min_length=1,
        max_length=MAX_ROWS + 1,
        help_text="The roster as a table: the header row first, then one row per person.",
    )


class ImportResultSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    linked = serializers.IntegerField()
    deported = serializers.IntegerField()
    ignored_columns = serializers.ListField(
        child=serializers.CharField(),
        help_text="The headings no roster column has (or a second heading of one): not read.",
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    code = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class RejectedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = RowErrorSerializer(many=True)  # type: ignore[assignment]  # a field named "errors"
    ignored_columns = serializers.ListField(child=serializers.CharField())


class DeportSerializer(serializers.Serializer):
    deported_on = serializers.DateField()
    override_reason = BoundedSerializerField(
        max_length=REASON_MAX,
        required=False,
        allow_blank=True,
        help_text="Immigration supervisors only: records the deportation over the screening "
        "check; the report of deportations that bypassed screening lists it.",
    )


class DeportationSerializer(serializers.ModelSerializer):
    entry = serializers.IntegerField(source="entry_id", read_only=True)
    person = serializers.IntegerField(source="entry.person_id", read_only=True)
    operation = serializers.IntegerField(source="entry.operation_id", read_only=True)
    bypassed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Deportation
        fields = [
            "id",
            "entry",
            "person",
            "operation",
            "deported_on",
            "destination",
            "way",
            "gate",
            "bypassed",
            "reason",
            "recorded_at",
        ]
        read_only_fields = fields
