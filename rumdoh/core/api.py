"""Small pieces every app's API uses."""

from typing import Any

from rest_framework import serializers


def schema_only(view: Any) -> bool:
    """True while drf-spectacular inspects the view without a real request."""
    return bool(getattr(view, "swagger_fake_view", False))


def valid(serializer: serializers.BaseSerializer[Any]) -> dict[str, Any]:
    """The request's data, validated (400 with each field's message otherwise)."""
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
