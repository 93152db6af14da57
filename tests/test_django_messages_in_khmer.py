"""The messages of Django's and the REST framework's own fields and validators speak Khmer.

Django's Khmer catalogue leaves most of its form, model and validator messages in English, and
the REST framework has no Khmer at all, so the project's catalogue carries them. The messages
are taken from the fields and validators themselves, not retyped, so a message Django or the
REST framework rewords in a new version shows up here as English again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.constraints import BaseConstraint
from django.utils import translation
from rest_framework import fields as api_fields
from rest_framework import relations as api_relations
from rest_framework import serializers
from rest_framework import validators as api_validators

from rumdoh.accounts.models import Agency, AgencyKind
from rumdoh.accounts.rules.roles import Role
from tests.conftest import login, make_agency, make_user

# The field classes whose messages the project's forms, models and API can show; the last test
# of this module checks that the project uses no other.
FORM_FIELDS = (
    forms.Field,
    forms.CharField,
    forms.IntegerField,
    forms.FloatField,
    forms.DecimalField,
    forms.DateField,
    forms.TimeField,
    forms.DateTimeField,
    forms.SplitDateTimeField,
    forms.DurationField,
    forms.RegexField,
    forms.EmailField,
    forms.URLField,
    forms.SlugField,
    forms.GenericIPAddressField,
    forms.UUIDField,
    forms.JSONField,
    forms.BooleanField,
    forms.ChoiceField,
    forms.TypedChoiceField,
    forms.MultipleChoiceField,
    forms.MultiValueField,
    forms.FileField,
    forms.ImageField,
    forms.ModelChoiceField,
    forms.ModelMultipleChoiceField,
)
MODEL_FIELDS = (
    models.Field,
    models.BooleanField,
    models.IntegerField,
    models.BigIntegerField,
    models.FloatField,
    models.DecimalField,
    models.DateField,
    models.DateTimeField,
    models.TimeField,
    models.DurationField,
    models.UUIDField,
    models.JSONField,
    models.ForeignKey,
)
API_FIELDS = (
    api_fields.Field,
    api_fields.BooleanField,
    api_fields.CharField,
    api_fields.EmailField,
    api_fields.RegexField,
    api_fields.SlugField,
    api_fields.URLField,
    api_fields.UUIDField,
    api_fields.IPAddressField,
    api_fields.IntegerField,
    api_fields.BigIntegerField,
    api_fields.FloatField,
    api_fields.DecimalField,
    api_fields.DateTimeField,
    api_fields.DateField,
    api_fields.TimeField,
    api_fields.DurationField,
    api_fields.ChoiceField,
    api_fields.MultipleChoiceField,
    api_fields.FileField,
    api_fields.ImageField,
    api_fields.ListField,
    api_fields.DictField,
    api_fields.JSONField,
    api_fields.ModelField,
    api_relations.PrimaryKeyRelatedField,
    api_relations.ManyRelatedField,
    serializers.Serializer,
    serializers.ListSerializer,
)


def error_messages(cls: type) -> dict[str, Any]:
    """The messages a field class starts with: its own and those it inherits, as Django and the
    REST framework gather them."""
    messages: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        messages.update(getattr(klass, "default_error_messages", {}))
    return messages


def refused(validator: Any, value: Any) -> ValidationError:
    """The refusal of a validator that is a plain function, whose message is written in it."""
    with pytest.raises(ValidationError) as refusal:
        validator(value)
    return refusal.value


VALIDATORS = {
    validators: (
        "RegexValidator",
        "URLValidator",
        "EmailValidator",
        "validate_slug",
        "validate_unicode_slug",
        "integer_validator",
        "MaxValueValidator",
        "MinValueValidator",
        "StepValueValidator",
        "MaxLengthValidator",
        "MinLengthValidator",
        "FileExtensionValidator",
        "ProhibitNullCharactersValidator",
    ),
    api_validators: (
        "UniqueValidator",
        "UniqueTogetherValidator",
        "ProhibitSurrogateCharactersValidator",
    ),
}


def validator_messages() -> Iterator[tuple[str, Any]]:
    for module, names in VALIDATORS.items():
        for name in names:
            yield f"{module.__name__}.{name}", getattr(module, name).message
    for key, message in validators.DecimalValidator.messages.items():
        yield f"django.core.validators.DecimalValidator.{key}", message
    # The IPv4 and IPv6 validators say the same, naming the protocol: "IPv4" is "IPv4" in
    # every language, but not "IPv4 or IPv6".
    refusal = refused(validators.validate_ipv46_address, "not an address")
    yield "django.core.validators.validate_ipv46_address", refusal.message
    yield "django.core.validators.validate_ipv46_address(protocol)", refusal.params["protocol"]


def model_messages() -> Iterator[tuple[str, Any]]:
    """Besides the fields' own: a record that repeats another, and a broken constraint."""
    repeated = Agency().unique_error_message(Agency, ("name", "kind"))
    yield "django.db.models.Model.unique_error_message", repeated.message
    yield "django.db.models.BaseConstraint", BaseConstraint.default_violation_error_message


def messages() -> list[tuple[str, Any]]:
    found = [
        (f"{cls.__module__}.{cls.__name__}.{key}", message)
        for cls in (*FORM_FIELDS, *MODEL_FIELDS, *API_FIELDS)
        for key, message in error_messages(cls).items()
    ]
    return [*found, *validator_messages(), *model_messages()]


class AnyNumber(dict):
    """Fills every placeholder of a message with 2; a plural message reads its count from it."""

    def __missing__(self, key: str) -> int:
        return 2


def text(message: Any, language: str) -> str:
    with translation.override(language):
        return str(message % AnyNumber())


def test_the_messages_are_taken_from_django_and_the_rest_framework():
    english = {text(message, "en") for _where, message in messages()}
    for expected in (
        "Enter a valid date.",
        "Enter a whole number.",
        "Ensure this value is less than or equal to 2.",
        "Ensure this value has at most 2 characters (it has 2).",
        "Enter a valid 2 address.",
        "IPv4 or IPv6",
        "2 with this 2 already exists.",
        "Date has wrong format. Use one of these formats instead: {format}.",
    ):
        assert expected in english


def test_every_django_and_rest_framework_message_has_khmer():
    """Each message still in English, once, with the first field or validator that has it."""
    still_english: dict[str, str] = {}
    for where, message in messages():
        english = text(message, "en")
        if text(message, "km") == english:
            still_english.setdefault(english, where)
    assert sorted(f"{where}: {english}" for english, where in still_english.items()) == []


def _library_class(cls: type) -> type:
    """The class of Django or the REST framework a field of the project is, or is made from."""
    return next(
        klass
        for klass in cls.__mro__
        if klass.__module__.startswith(("django.", "rest_framework."))
    )


def _subclasses(cls: type) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _api_fields(serializer: Any) -> Iterator[Any]:
    """The fields of a serializer, and the items' field of its lists and dictionaries (a nested
    serializer is a subclass of its own, gone through as such)."""
    for field in serializer.fields.values():
        yield field
        if hasattr(field, "child"):
            yield field.child


def _project_field_classes() -> Iterable[type]:
    import_module(settings.ROOT_URLCONF)  # every page and API, and so every form and serializer
    for form in _subclasses(forms.BaseForm):
        if form.__module__.startswith("rumdoh."):
            yield from (type(field) for field in form.base_fields.values())  # type: ignore[attr-defined]
    for serializer in _subclasses(serializers.Serializer):
        if serializer.__module__.startswith("rumdoh.") and (
            not issubclass(serializer, serializers.ModelSerializer) or hasattr(serializer, "Meta")
        ):
            yield serializer
            yield from (type(field) for field in _api_fields(serializer()))
    for model in apps.get_models():
        if model.__module__.startswith("rumdoh."):
            yield from (type(field) for field in model._meta.get_fields())


def test_the_project_uses_no_field_whose_messages_are_not_checked_here():
    checked = {text(message, "en") for _where, message in messages()}
    unchecked = sorted(
        {
            f"{library.__module__}.{library.__name__}.{key}"
            for library in map(_library_class, _project_field_classes())
            for key, message in error_messages(library).items()
            if text(message, "en") not in checked
        }
    )
    assert unchecked == []


# --- a real form and a real API answer ---------------------------------------------------


@pytest.mark.django_db
def test_a_malformed_date_on_the_person_form_is_explained_in_khmer(world):
    client = login(world.owner)
    client.cookies["django_language"] = "km"
    page = client.post(
        "/people/new/",
        {
            "given_name": "Dara",
            "sex": "male",
            "date_of_birth": "2008-02-31",
            "estimated_age": "200",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "សូមបញ្ចូលកាលបរិច្ឆេទឱ្យត្រឹមត្រូវ។" in body
    assert "តម្លៃនេះត្រូវតិចជាង ឬស្មើ 110។" in body
    assert "Enter a valid date." not in body
    assert "Ensure this value" not in body


@pytest.mark.django_db
def test_a_malformed_date_sent_to_the_api_is_refused_in_khmer(world):
    answer = login(world.owner).post(
        "/api/v1/persons/",
        {"given_name": "Dara", "sex": "male", "date_of_birth": "01/03/2008"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="km",
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "date_of_birth": ["កាលបរិច្ឆេទមានទម្រង់មិនត្រឹមត្រូវ។ សូមប្រើទម្រង់មួយក្នុងចំណោមទម្រង់ទាំងនេះ៖ YYYY-MM-DD។"]
    }


@pytest.mark.django_db
def test_an_api_that_reads_a_form_refuses_a_malformed_date_in_khmer():
    """The statistics API checks its period with the page's form, so answers Django's message."""
    analyst = make_user(Role.NCCT_ANALYST, make_agency(kind=AgencyKind.COMMITTEE))
    answer = login(analyst).get(
        "/api/v1/statistics/",
        {"start": "2025-02-30", "end": "2025-03-31"},
        HTTP_ACCEPT_LANGUAGE="km",
    )
    assert answer.status_code == 400
    assert answer.json()["start"][0]["message"] == "សូមបញ្ចូលកាលបរិច្ឆេទឱ្យត្រឹមត្រូវ។"


@pytest.mark.django_db
def test_the_same_refusals_still_speak_english_in_english(world):
    client = login(world.owner)
    client.cookies["django_language"] = "en"
    page = client.post("/people/new/", {"given_name": "Dara", "date_of_birth": "2008-02-31"})
    assert "Enter a valid date." in page.content.decode()
    answer = client.post(
        "/api/v1/persons/",
        {"given_name": "Dara", "sex": "male", "date_of_birth": "01/03/2008"},
        content_type="application/json",
    )
    assert answer.json() == {
        "date_of_birth": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
    }
