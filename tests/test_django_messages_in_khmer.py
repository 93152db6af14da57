"""The messages of Django's and the REST framework's own fields and validators speak Khmer, and
so do the REST framework's refusals of a request.

Django's Khmer catalogue leaves most of its form, model and validator messages in English, and
the REST framework has no Khmer at all, so the project's catalogue carries them. The messages
are taken from the fields and validators themselves, not retyped, so a message Django or the
REST framework rewords in a new version shows up here as English again. The same goes for the
refusals of a request before any field is read (not signed in, a wrong token, a method the
address does not take, a body that is not JSON): taken from the REST framework's exceptions and
from the authentication and parser classes the API uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from io import BytesIO
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.constraints import BaseConstraint
from django.test import Client
from django.utils import translation
from rest_framework import exceptions as api_exceptions
from rest_framework import fields as api_fields
from rest_framework import pagination as api_pagination
from rest_framework import relations as api_relations
from rest_framework import serializers
from rest_framework import validators as api_validators
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.permissions import IsVerifiedUser
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import api_exception_handler
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


def _exceptions() -> Iterator[type]:
    """The REST framework's exceptions: each says by default what went wrong with a request."""
    for value in vars(api_exceptions).values():
        if isinstance(value, type) and issubclass(value, api_exceptions.APIException):
            yield value


def request_messages() -> Iterator[tuple[str, Any]]:
    """What the API answers a request it refuses before any field is read: the REST framework's
    exceptions' words (a throttled request adds when to come back), the REST framework's page
    number refusal, and the project's own permission."""
    for cls in _exceptions():
        for attribute in ("default_detail", "extra_detail_singular", "extra_detail_plural"):
            if attribute in vars(cls):
                yield f"{cls.__module__}.{cls.__name__}.{attribute}", getattr(cls, attribute)
    pages = api_pagination.PageNumberPagination
    yield f"{pages.__module__}.{pages.__name__}.invalid_page_message", pages.invalid_page_message
    yield f"{IsVerifiedUser.__module__}.{IsVerifiedUser.__name__}.message", IsVerifiedUser.message


def messages() -> list[tuple[str, Any]]:
    found = [
        (f"{cls.__module__}.{cls.__name__}.{key}", message)
        for cls in (*FORM_FIELDS, *MODEL_FIELDS, *API_FIELDS)
        for key, message in error_messages(cls).items()
    ]
    return [*found, *validator_messages(), *model_messages(), *request_messages()]


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
        "Authentication credentials were not provided.",
        'Method "{method}" not allowed.',
        "Expected available in {wait} seconds.",
        "Invalid page.",
        "Authentication with a second factor is required for this account.",
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


# --- the refusals of the API's authentication and parser -----------------------------------

# The refusals below are raised by the classes the API is configured with, through the
# project's exception handler, so they are what a client reads. The REST framework writes some
# of them in English only, whatever the language: "CSRF Failed: …" and "JSON parse error - …".

FACTORY = APIRequestFactory(enforce_csrf_checks=True)


def _authentication(kind: type) -> Any:
    """The API's authentication of that kind, as the REST framework's settings name it."""
    classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    return next(cls for cls in classes if issubclass(cls, kind))()


def _token_refusal(header: str) -> Callable[[], object]:
    def refuse() -> object:
        request = Request(FACTORY.get("/api/v1/persons/", HTTP_AUTHORIZATION=header))
        return _authentication(TokenAuthentication).authenticate(request)

    return refuse


def _session_refusal(user: User) -> Callable[[], object]:
    """A signed-in session posting without its CSRF token."""

    def refuse() -> object:
        request = FACTORY.post("/api/v1/persons/", {}, format="json")
        request.user = user
        return _authentication(SessionAuthentication).authenticate(Request(request))

    return refuse


def _not_json() -> object:
    json = next(
        parser()
        for parser in api_settings.DEFAULT_PARSER_CLASSES
        if parser.media_type == "application/json"
    )
    return json.parse(BytesIO(b"{not json"))


def answered(refusal: Callable[[], object], language: str) -> str:
    """The detail the API answers a refusal with, in a language."""
    with translation.override(language):
        with pytest.raises(api_exceptions.APIException) as raised:
            refusal()
        response = api_exception_handler(raised.value, {})
    assert response is not None
    return str(response.data["detail"])


@pytest.fixture
def request_refusals(db: None) -> dict[str, Callable[[], object]]:
    user = make_user(Role.CASE_WORKER, make_agency())
    gone = make_user(Role.CASE_WORKER, make_agency())
    gone_token = Token.objects.create(user=gone)
    gone.is_active = False
    gone.save()
    return {
        "token header without a token": _token_refusal("Token"),
        "token header with a space in the token": _token_refusal("Token abc def"),
        "token header not in UTF-8": _token_refusal("Token \xff"),
        "unknown token": _token_refusal("Token " + "0" * 40),
        "token of an inactive user": _token_refusal(f"Token {gone_token.key}"),
        "session without its CSRF token": _session_refusal(user),
        "body that is not JSON": _not_json,
    }


def test_the_request_refusals_are_the_authentication_and_parser_s_own(request_refusals):
    english = {where: answered(refusal, "en") for where, refusal in request_refusals.items()}
    assert english["token header without a token"] == (
        "Invalid token header. No credentials provided."
    )
    assert english["token header with a space in the token"] == (
        "Invalid token header. Token string should not contain spaces."
    )
    assert english["token header not in UTF-8"] == (
        "Invalid token header. Token string should not contain invalid characters."
    )
    assert english["unknown token"] == "Invalid token."
    assert english["token of an inactive user"] == "User inactive or deleted."
    assert english["session without its CSRF token"] == "CSRF Failed: CSRF cookie not set."
    assert english["body that is not JSON"].startswith("JSON parse error - Expecting property")


def test_every_refusal_of_the_api_s_authentication_and_parser_has_khmer(request_refusals):
    still_english = []
    for where, refusal in request_refusals.items():
        english = answered(refusal, "en")
        if answered(refusal, "km") == english:
            still_english.append(f"{where}: {english}")
    assert still_english == []


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


# --- the API refuses a request in the caller's language ------------------------------------

JSON_ERROR = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"


def _refused_requests(world: Any, language: str) -> dict[str, tuple[int, Any]]:
    """Requests the API refuses before reading a field, each as (status, body)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    owner = login(world.owner)
    without_second_factor = Client()
    without_second_factor.force_login(make_user(Role.AGENCY_ADMIN, world.owner_agency))
    without_csrf_token = Client(enforce_csrf_checks=True)
    without_csrf_token.force_login(world.owner)
    answers = {
        "not signed in": Client().get("/api/v1/persons/", **headers),
        "unknown token": Client().get(
            "/api/v1/persons/", HTTP_AUTHORIZATION="Token " + "0" * 40, **headers
        ),
        "role without the right": owner.get("/api/v1/statistics/", **headers),
        "second factor missing": without_second_factor.get("/api/v1/persons/", **headers),
        "session without its CSRF token": without_csrf_token.post(
            "/api/v1/persons/", {}, content_type="application/json", **headers
        ),
        "unknown method": owner.delete("/api/v1/persons/", **headers),
        "body that is not JSON": owner.post(
            "/api/v1/persons/", "{not json", content_type="application/json", **headers
        ),
    }
    return {name: (answer.status_code, answer.json()) for name, answer in answers.items()}


@pytest.mark.django_db
def test_the_api_refuses_a_request_in_khmer(world):
    assert _refused_requests(world, "km") == {
        "not signed in": (401, {"detail": "សំណើនេះមិនមានព័ត៌មានសម្រាប់ចូលប្រព័ន្ធទេ។"}),
        "unknown token": (401, {"detail": "សញ្ញាសម្គាល់មិនត្រឹមត្រូវ។"}),
        "role without the right": (403, {"detail": "អ្នកមិនមានសិទ្ធិធ្វើសកម្មភាពនេះទេ។"}),
        "second factor missing": (
            403,
            {"detail": "គណនីនេះត្រូវចូលប្រព័ន្ធដោយការផ្ទៀងផ្ទាត់ពីរជំហាន។"},
        ),
        "session without its CSRF token": (
            403,
            {"detail": "ការផ្ទៀងផ្ទាត់ CSRF បរាជ័យ៖ CSRF cookie not set."},
        ),
        "unknown method": (405, {"detail": "មិនអនុញ្ញាតវិធីសាស្ត្រ “DELETE” ទេ។"}),
        "body that is not JSON": (400, {"detail": f"មិនអាចអាន JSON បានទេ៖ {JSON_ERROR}"}),
    }


@pytest.mark.django_db
def test_the_api_still_refuses_a_request_in_english_in_english(world):
    assert _refused_requests(world, "en") == {
        "not signed in": (401, {"detail": "Authentication credentials were not provided."}),
        "unknown token": (401, {"detail": "Invalid token."}),
        "role without the right": (
            403,
            {"detail": "You do not have permission to perform this action."},
        ),
        "second factor missing": (
            403,
            {"detail": "Authentication with a second factor is required for this account."},
        ),
        "session without its CSRF token": (403, {"detail": "CSRF Failed: CSRF cookie not set."}),
        "unknown method": (405, {"detail": 'Method "DELETE" not allowed.'}),
        "body that is not JSON": (400, {"detail": f"JSON parse error - {JSON_ERROR}"}),
    }


def test_durations_read_in_khmer_as_the_overdue_follow_ups_show_them():
    """The case worker's start page says how long a follow-up is overdue with Django's
    ``timesince``, whose units Django's Khmer catalogue leaves in English."""
    from datetime import date

    from django.utils.timesince import TIME_STRINGS, timesince

    start, today = date(2025, 7, 25), date(2026, 12, 5)
    with translation.override("km"):
        said = timesince(start, today)
        units = [str(TIME_STRINGS[unit] % {"num": 2}) for unit in TIME_STRINGS]
    assert said == "1\xa0ឆ្នាំ, 4\xa0ខែ"  # no break between number and unit
    assert not [unit for unit in units if any("a" <= c <= "z" for c in unit)]
    with translation.override("en"):
        assert timesince(start, today) == "1\xa0year, 4\xa0months"
