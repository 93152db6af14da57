"""Model fields whose values are sealed before they reach the database."""

import json
from typing import Any

from django.db import models

from rumdoh.core.keys import sealer


class EncryptedTextField(models.TextField):
    """Text stored sealed (AES-GCM). Cannot be filtered on: search through a blind index."""

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
