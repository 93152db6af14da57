from datetime import date

from django.utils.translation import gettext as _
from rest_framework import serializers

from rumdoh.core.limits import (
    ALIASES_MAX,
    BoundedModelSerializer,
    NameSerializerField,
)
from rumdoh.people.models import Consent, Person, Sex
from rumdoh.people.services import PERSON_FIELDS, clean_names, phone_problem


class PersonSerializer(BoundedModelSerializer):
    reference = serializers.CharField(read_only=True)
    owner_agency = serializers.CharField(source="owner_agency.name", read_only=True)
    aliases = serializers.ListField(
        child=NameSerializerField(), max_length=ALIASES_MAX, required=False
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "reference",
            "owner_agency",
            "version",
            *PERSON_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at", "age_precision"]

    def to_representation(self, instance: Person) -> dict[str, object]:
        data = super().to_representation(instance)
        data["date_of_birth"] = instance.date_of_birth or None
        return data

    def validate_phone(self, value: str) -> str:
        problem = phone_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value.strip()

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        attrs = clean_names(attrs)
        dob = attrs.get("date_of_birth")
        if isinstance(dob, date):
            # Not before 1900 nor in the future: the service refuses it by the field.
            attrs["birth_year"] = dob.year
            attrs["age_precision"] = "date"
            attrs["date_of_birth"] = dob.isoformat()
        elif "date_of_birth" in attrs:
            attrs["date_of_birth"] = ""
        if attrs.get("birth_year") and "age_precision" not in attrs:
            attrs["age_precision"] = "year"
        names = ("given_name", "family_name", "name_km", "aliases")
        # A change keeps a name too: the names it leaves are those it sends and the record's
        # others (a PATCH emptying every name made a person with none).
        kept = {f: attrs[f] if f in attrs else getattr(self.instance, f, None) for f in names}
        if not any(kept.values()):
            raise serializers.ValidationError(_("Give at least one name or nickname."))
        return attrs


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["id", "scope", "agency", "method", "given_on", "recorded_at", "withdrawn_at"]
        read_only_fields = ["recorded_at", "withdrawn_at"]


class LikelyMatchQuery(serializers.Serializer):
    given_name = NameSerializerField(required=False, default="", allow_blank=True)
    family_name = NameSerializerField(required=False, default="", allow_blank=True)
    name_km = NameSerializerField(required=False, default="", allow_blank=True)
    birth_year = serializers.IntegerField(
        required=False, default=None, allow_null=True, min_value=1900, max_value=2100
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="")

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        return clean_names(attrs)


class LikelyMatchSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    owner_agency = serializers.CharField(source="owner_agency.name", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "reference",
            "owner_agency",
            "given_name",
            "family_name",
            "name_km",
            "sex",
            "birth_year",
            "province",
        ]
        read_only_fields = fields


class LikelyMatchPage(serializers.Serializer):
    """The answer of likely matches: one page, as every API list answers."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = LikelyMatchSerializer(many=True)
