"""How long names and free text may be, in one place, and the fields that hold input to it.

Forms and the API use the same limits and the same message. Sealed text has no column length in
the database (a sealed value is longer than its text), so these fields are where it is enforced.
What a name keeps (``clean_name``) is said in ``core.rules.text``, where the pure readers of a
roster or a deportation list use it too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rumdoh.core.api import StorableMomentField
from rumdoh.core.rules.text import clean_name as clean_name
from rumdoh.core.rules.text import strip_bidi as strip_bidi
from rumdoh.core.rules.text import strip_format as strip_format

NAME_MAX = 100  # one part of a name, or one alias
ALIASES_MAX = 20  # aliases of one person
PHONE_MAX = 40
DOCUMENT_MAX = 60  # a document number
PLACE_MAX = 200  # a village, commune, district or place
ADDRESS_MAX = 500
REASON_MAX = 300  # a reason or a short note given with an action
TITLE_MAX = 200  # the title of a kept file
TEXT_MAX = 5_000  # free text: a note, a description
NOTES_MAX = 10_000  # notes, goals, summaries

SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 10


@deconstructible
class LengthLimit(MaxLengthValidator):
    """At most ``limit_value`` characters, said in the reader's language.

    A kind of ``MaxLengthValidator``, so that a serializer built from a model field with its own
    length (as DRF builds them) keeps one length check, not two.
    """

    message = _("Keep this to at most %(limit_value)d characters; it has %(show_value)d.")


def search_problem(text: str) -> str | None:
    """Why ``text`` is not a search the system runs, or None when it is."""
    if len(text) > SEARCH_MAX_CHARS:
        return str(
            _("A search has at most %(limit)d characters. Search for a name, phone or number.")
            % {"limit": SEARCH_MAX_CHARS}
        )
    if len(text.split()) > SEARCH_MAX_WORDS:
        return str(
            _("A search has at most %(limit)d words. Search for a name, phone or number.")
            % {"limit": SEARCH_MAX_WORDS}
        )
    return None


def _with_limit(validators: list[Any], limit: int | None) -> list[Any]:
    """``validators`` with the framework's length check replaced by ``LengthLimit``."""
    kept = [v for v in validators if type(v) is not MaxLengthValidator]
    if limit is not None and not any(isinstance(v, LengthLimit) for v in kept):
        kept.append(LengthLimit(limit))
    return kept


class BoundedCharField(forms.CharField):
    """A form text field that always has a length limit (``TEXT_MAX`` unless told)."""

    def __init__(self, *, max_length: int | None = TEXT_MAX, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        self.validators = _with_limit(self.validators, max_length)


class BoundedSerializerField(serializers.CharField):
    """An API text field that always has a length limit: its own, its model field's, or
    ``TEXT_MAX``."""

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("max_length") is None:
            given = [v for v in kwargs.get("validators", []) if isinstance(v, LengthLimit)]
            kwargs["max_length"] = given[0].limit_value if given else TEXT_MAX
        super().__init__(**kwargs)
        self.validators = _with_limit(self.validators, self.max_length)


class NameSerializerField(BoundedSerializerField):
    """An API name (an alias): at most ``NAME_MAX`` characters, without the characters that show
    nothing (``clean_name``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", NAME_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        return clean_name(super().to_internal_value(data))


class BoundedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text fields carry the shared limits and message."""

    # Looked up along the model field's class hierarchy: sealed text is a TextField too.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: BoundedSerializerField,
        models.TextField: BoundedSerializerField,
        models.DateTimeField: StorableMomentField,
    }
