"""Small pieces every app's API uses."""

from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django import forms
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from rumdoh.core.days import out_of_time
from rumdoh.core.rules.days import EARLIEST_DAY, FIRST_DAY
from rumdoh.core.rules.references import MAX_ID

F = TypeVar("F", bound=forms.Form)


def schema_only(view: Any) -> bool:
    """True while drf-spectacular inspects the view without a real request."""
    return bool(getattr(view, "swagger_fake_view", False))


def id_param(value: str) -> int:
    """A record id given as a query parameter; 0 (no row) for anything else, so that a typo or
    an absurd number narrows the answer to nothing instead of failing."""
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        return 0
    return int(value)


def valid(serializer: serializers.BaseSerializer[Any]) -> dict[str, Any]:
    """The request's data, validated (400 with each field's message otherwise)."""
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def valid_filters(form: F) -> F:
    """``form``, a list page's filter form bound to an API list's query, once it validates: a
    value the page would show a message beside answers 400 with that message per field, in the
    reader's language, instead of being ignored. A form bound to nothing passes as it is. The
    list documents the form's fields as its query parameters with
    ``api_schema.filter_parameters``."""
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form


VERSION_HELP = "The version you read; if the record was saved since, 409 and nothing is saved."


class MomentField(serializers.DateTimeField):
    """A date and time in its time (``core.errors.out_of_time``: from 2008, not in the future,
    or up to ``ahead`` for a moment planned). It is checked before the REST framework moves it
    into the server's time zone, which near year 1 overflows into a server error."""

    def __init__(
        self, *, since: date = FIRST_DAY, ahead: timedelta | None = timedelta(0), **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.since, self.ahead = since, ahead

    def enforce_timezone(self, value: datetime) -> datetime:
        message = out_of_time(value, self.since, self.ahead)
        if message:
            raise ValidationError(message)
        return super().enforce_timezone(value)


class StorableMomentField(MomentField):
    """Any moment the database can store once moved into the server's time zone: from 1900 on,
    with no bound ahead. What model serializers give a model's date and time unless a field
    says more of its time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(since=EARLIEST_DAY, ahead=None, **kwargs)


def version_field(**kwargs: Any) -> serializers.IntegerField:
    """The ``version`` a change of a versioned record sends: a whole number from 1."""
    kwargs.setdefault("help_text", VERSION_HELP)
    return serializers.IntegerField(min_value=1, **kwargs)


class VersionSerializer(serializers.Serializer):
    version = version_field()


def expected_version(data: Any) -> int:
    """The ``version`` of the record the client read, which every change of a versioned record
    sends: missing or not a whole number answers 400, never 500."""
    return int(valid(VersionSerializer(data=data))["version"])
