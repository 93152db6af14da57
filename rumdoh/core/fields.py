"""Model fields whose values are sealed before they reach the database."""

import json
from typing import Any

from django.db import models

from rumdoh.core.keys import sealer
from rumdoh.core.limits import NOTES_MAX, BoundedCharField, LengthLimit


class EncryptedTextField(models.TextField):
    """Text stored sealed (AES-GCM). Cannot be filtered on: search through a blind index.

    The column has no length (a sealed value is longer than its text), so the length is held
    here: ``max_length`` when given, else ``NOTES_MAX``, in model validation, forms and the API.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(LengthLimit(self.text_limit))

    @property
    def text_limit(self) -> int:
        return self.max_length or NOTES_MAX

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(
            **{"form_class": BoundedCharField, "max_length": self.text_limit, **kwargs}
        )

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return sealer().seal(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return sealer().open(value)


class EncryptedJSONField(models.TextField):
    """A JSON value (list or dict) stored sealed."""

    # What the model attribute holds, for the type checker's Django plugin: the list or dict,
    # not the text a TextField holds.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return sealer().seal(json.dumps(value, ensure_ascii=False))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return json.loads(sealer().open(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value
