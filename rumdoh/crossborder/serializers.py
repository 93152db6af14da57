"""What the cross-border API reads and writes."""

from __future__ import annotations

from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rumdoh.core.api import version_field
from rumdoh.core.limits import BoundedModelSerializer, BoundedSerializerField
from rumdoh.crossborder.messages import NOT_AN_EMBASSY, STAGE_LABELS
from rumdoh.crossborder.models import (
    REQUEST_KIND_CHOICES,
    AssessmentResult,
    CounterpartRequest,
    Crossing,
    DeportationList,
    Deportee,
    ForeignIdentification,
    Repatriation,
    RequestDirection,
)
from rumdoh.crossborder.queries import embassies
from rumdoh.people.models import COUNTRY_CHOICES
from rumdoh.protection.choices import Exploitation

# The repatriation stages as the API names them (schema component RepatriationStageEnum).
STAGE_CHOICES = [(code, code) for code in STAGE_LABELS]


class DeportationListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    listed = serializers.IntegerField(read_only=True)
    arrived = serializers.IntegerField(read_only=True)
    screened = serializers.IntegerField(read_only=True)

    class Meta:
        model = DeportationList
        fields = [
            "id",
            "reference",
            "sent_by",
            "country",
            "crossing",
            "expected_on",
            "source",
            "received_at",
            "listed",
            "arrived",
            "screened",
        ]


class ImportedListSerializer(DeportationListSerializer):
    """A list just imported: the list as read, and the columns of the file that were not read."""

    ignored_columns = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The headings of the file no column of a deportation list has (or a second "
        "heading of one): their cells were not read. Rename such a column and import the list "
        "again as a new list to have it read.",
    )

    class Meta(DeportationListSerializer.Meta):
        fields = [*DeportationListSerializer.Meta.fields, "ignored_columns"]


class ListUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The list as received: CSV (UTF-8) or XLSX.")
    sent_by = BoundedSerializerField(max_length=200)
    country = serializers.ChoiceField(COUNTRY_CHOICES, default="TH")
    crossing = serializers.ChoiceField(Crossing.choices)
    expected_on = serializers.DateField()
    again = serializers.BooleanField(
        default=False,
        help_text="A new list of the same people: without it, a list whose people this agency "
        "imported already is refused (400 on `again`).",
    )


class DeporteeSerializer(serializers.ModelSerializer):
    deportation_list = serializers.IntegerField(source="deportation_list_id", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    screening = serializers.IntegerField(source="screening_id", read_only=True, allow_null=True)
    determination = serializers.CharField(
        source="screening.determination", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Deportee
        fields = [
            "id",
            "deportation_list",
            "row",
            "given_name",
            "family_name",
            "script",
            "sex",
            "birth_year",
            "birth_year_estimated",
            "document_number",
            "nationality",
            "status",
            "arrived_at",
            "person",
            "matched_by",
            "screening",
            "determination",
        ]
        read_only_fields = fields


class ScreenDeporteeSerializer(serializers.Serializer):
    observations = serializers.DictField(
        child=serializers.ChoiceField(["yes", "no", "unknown"]),
        help_text="Short-form answers by indicator code.",
    )


class RepatriationSerializer(BoundedModelSerializer):
    person = serializers.IntegerField(source="person_id")
    stage = serializers.ChoiceField(STAGE_CHOICES, read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    embassy = serializers.PrimaryKeyRelatedField(
        queryset=embassies(),
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": NOT_AN_EMBASSY,
            "incorrect_type": NOT_AN_EMBASSY,
        },
        help_text="An active embassy, consulate or international organisation (agency id): it "
        "sees this repatriation and its stages. Any other agency, or a deactivated one, is "
        "refused (400), as is an embassy of another country than the person's nationality, and "
        "one of Cambodia's embassies not posted in the country abroad. A repatriation keeps "
        "the embassy it was opened with if that is later "
        "deactivated.",
    )

    class Meta:
        model = Repatriation
        fields = [
            "id",
            "direction",
            "person",
            "stage",
            "country",
            "agency",
            "embassy",
            "crossing",
            "requested_on",
            "expected_on",
            "travel_documents",
            "escort",
            "version",
            "updated_at",
        ]
        read_only_fields = ["version", "updated_at"]
        extra_kwargs = {"country": {"required": True}}


class EmbassyRepatriationSerializer(serializers.ModelSerializer):
    """What an embassy sees of its nationals' repatriations: no travel documents, no escort; of
    a child's custody transfer only the day it was made, never to whom, the relationship, the
    authority, its decision number or the documents."""

    person = serializers.IntegerField(source="person_id")
    stage = serializers.ChoiceField(STAGE_CHOICES, read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)
    custody_transferred_on = serializers.SerializerMethodField(
        help_text="The day a child's custody was formally transferred; null when it was not."
    )

    class Meta:
        model = Repatriation
        fields = ["id", "direction", "person", "stage", "country", "agency", "requested_on",
                  "expected_on", "custody_transferred_on", "updated_at"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_custody_transferred_on(self, repatriation: Repatriation) -> date | None:
        custody = getattr(repatriation, "custody_transfer", None)
        return custody.transferred_on if custody is not None else None


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(STAGE_CHOICES)
    on = serializers.DateField()
    note = BoundedSerializerField(max_length=300, required=False, default="")
    version = version_field()


class AssessmentSerializer(serializers.Serializer):
    traced_on = serializers.DateField()
    result = serializers.ChoiceField(AssessmentResult.choices)
    family_contact = BoundedSerializerField(max_length=5000, required=False, default="")
    findings = BoundedSerializerField(max_length=5000)


class CustodySerializer(serializers.Serializer):
    to_whom = BoundedSerializerField(max_length=300)
    relationship = BoundedSerializerField(max_length=100)
    authority = BoundedSerializerField(max_length=200)
    authority_reference = BoundedSerializerField(max_length=100)
    documents = BoundedSerializerField(max_length=5000, required=False, default="")
    transferred_on = serializers.DateField()


class CounterpartRequestSerializer(BoundedModelSerializer):
    direction = serializers.ChoiceField(RequestDirection.choices)
    kind = serializers.ChoiceField(REQUEST_KIND_CHOICES)
    person = serializers.IntegerField(source="person_id", required=False, allow_null=True)
    due_on = serializers.DateField(required=False)
    send_to_system = serializers.SlugField(
        max_length=40,
        required=False,
        write_only=True,
        help_text="A request sent abroad (`outgoing`): the code of the active registered "
        "counterpart whose system is to fetch it, signed; the request's `country` must be the "
        "counterpart's. The same checks as the request page (docs/crossborder.md).",
    )

    class Meta:
        model = CounterpartRequest
        fields = [
            "id",
            "direction",
            "kind",
            "send_to_system",
            "counterpart_name",
            "country",
            "their_reference",
            "subject",
            "person",
            "sent_on",
            "due_on",
            "replied_on",
            "reply",
            "reminders",
            "version",
        ]
        read_only_fields = ["replied_on", "reply", "reminders", "version"]


class ReplySerializer(serializers.Serializer):
    replied_on = serializers.DateField()
    reply = BoundedSerializerField(max_length=5000)
    version = version_field()


class RecognitionSerializer(BoundedModelSerializer):
    person = serializers.IntegerField(source="person_id")
    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(Exploitation.choices), allow_empty=False, write_only=True
    )
    protection_case = serializers.IntegerField(
        source="protection_case_id", read_only=True, allow_null=True
    )

    class Meta:
        model = ForeignIdentification
        fields = [
            "id",
            "person",
            "country",
            "authority",
            "decided_on",
            "decision_reference",
            "summary",
            "exploitation_types",
            "protection_case",
            "recognised_at",
        ]
        read_only_fields = ["recognised_at"]


class EnvelopeSerializer(serializers.Serializer):
    """For the schema: the signed envelope of docs/crossborder.md."""

    format = serializers.CharField()
    sender = serializers.CharField()
    message_id = serializers.CharField()
    sent_at = serializers.CharField()
    kind = serializers.CharField()
    body = serializers.DictField()
    signature = serializers.CharField()


class PlainRefusalSerializer(serializers.Serializer):
    """For the schema: a refusal unsigned, as answered when this system has no signing key."""

    detail = serializers.CharField()


class ExchangeKeySerializer(serializers.Serializer):
    format = serializers.CharField()
    sender = serializers.CharField()
    algorithm = serializers.CharField()
    public_key = serializers.CharField(help_text="Ed25519 public key, PEM (SubjectPublicKeyInfo)")
