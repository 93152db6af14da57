"""The OpenAPI schema says what the API answers, for every operation at once.

- A choice field that can hold "" (the model field is blank-able, or the serializer field allows
  blank) lists "" among its values. DRF drops ``allow_blank`` from read-only model fields and
  fields documented with ``extend_schema_field`` bypass drf-spectacular's own blank handling, so
  without this the schema says e.g. ``closure_reason`` is one of its reasons while an open case
  answers "". The answer keeps "" (as the pages and the stored data do) rather than switching to
  null, so clients written against the API keep working.
- Only ``list`` actions are paginated: detail actions that answer a plain array (``timeline``,
  ``consents``, ``payments``) are documented as arrays, which they are.
- Every operation documents its error answers: 400 (a body or query parameter that does not
  validate), 401 and 403, 404 (a record, or a page, that does not exist or may not be seen) and
  409 (a change with a stale ``version``).
- A list that reads a page's filter form documents its query parameters from that form
  (``filter_parameters``), so the documentation cannot drift from what the form takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from drf_spectacular import authentication as spectacular_authentication
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_basic_type, force_instance
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers

BLANK = ResolvedComponent(
    name="BlankEnum", type=ResolvedComponent.SCHEMA, object="BlankEnum", schema={"enum": [""]}
)
ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="Error",
    schema={
        "type": "object",
        "description": "Why the request was refused.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
FIELD_ERRORS = ResolvedComponent(
    name="FieldErrors",
    type=ResolvedComponent.SCHEMA,
    object="FieldErrors",
    schema={
        "type": "object",
        "description": "The messages for each field that did not validate (or `detail`).",
        "additionalProperties": {},
    },
)
ERRORS: dict[str, tuple[ResolvedComponent, str]] = {
    "400": (FIELD_ERRORS, "The request did not validate."),
    "401": (ERROR, "No valid credentials were given."),
    "403": (ERROR, "The caller may not do this."),
    "404": (ERROR, "No such record (or page), or the caller may not see it."),
    "409": (ERROR, "The record changed since it was read; read it again."),
}


# A choice field with at most this many values lists what each value means in its description;
# longer lists (provinces, nationalities) are codes that speak for themselves.
CHOICES_DESCRIBED = 12


def filter_parameters(
    form_class: type[forms.Form],
    *extra: OpenApiParameter,
    descriptions: Mapping[str, str] | None = None,
) -> list[OpenApiParameter]:
    """The query parameters of an API list that reads the page's filter form ``form_class``: one
    per form field, named as the field, typed from it (a choice lists its values), described by
    its help text (or label) in English, or by ``descriptions[name]`` where the API says more.
    ``extra`` are the parameters the list takes besides the form (such as an id), after them.

    The form is made unbound, so choices its ``__init__`` sets are read as a request meets them.
    """
    descriptions = dict(descriptions or {})
    fields = form_class().fields
    unknown = set(descriptions) - set(fields) | {p.name for p in extra} & set(fields)
    if unknown:
        raise ValueError(
            f"{form_class.__name__}: {sorted(unknown)} described but not a field of the form, "
            "or given as an extra although the form has it"
        )
    with translation.override("en"):
        params = [
            form_parameter(name, field, descriptions.get(name)) for name, field in fields.items()
        ]
    return [*params, *extra]


def form_parameter(name: str, field: forms.Field, description: str | None) -> OpenApiParameter:
    """The query parameter of one filter form field (called with English active)."""
    schema: dict[str, Any]
    enum: list[str] | None = None
    text = description or str(field.help_text or field.label or "")
    if isinstance(field, forms.ModelChoiceField):
        # A record by its id (or its ``to_field_name``); the rows are not listed.
        schema = basic_type(str if field.to_field_name else int)
    elif isinstance(field, forms.ChoiceField):
        choices = [(str(value), str(label)) for value, label in flat_choices(field.choices)]
        enum = [value for value, _label in choices if value != ""]
        schema = basic_type(str)
        if enum and description is None and len(enum) <= CHOICES_DESCRIBED:
            meanings = "\n".join(f"* `{value}` - {label}" for value, label in choices if value)
            text = f"{text}\n\n{meanings}" if text else meanings
    elif isinstance(field, forms.BooleanField):
        schema = basic_type(bool)
    elif isinstance(field, forms.IntegerField):
        schema = basic_type(int)
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    elif isinstance(field, forms.DateField):
        schema = basic_type(OpenApiTypes.DATE)
    elif isinstance(field, forms.DateTimeField):
        schema = basic_type(OpenApiTypes.DATETIME)
    else:
        schema = basic_type(str)
        if isinstance(field, forms.CharField) and field.max_length is not None:
            schema["maxLength"] = field.max_length
    return OpenApiParameter(
        name,
        schema,
        OpenApiParameter.QUERY,
        required=field.required,
        description=text,
        enum=enum or None,
    )


def basic_type(kind: Any) -> dict[str, Any]:
    schema = build_basic_type(kind)
    assert schema is not None
    return dict(schema)


def flat_choices(choices: Any) -> list[tuple[Any, Any]]:
    """A field's choices with their groups opened."""
    flat = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat += list(label)
        else:
            flat.append((value, label))
    return flat


def may_be_blank(field: serializers.Field[Any, Any, Any, Any]) -> bool:
    """Whether a choice field can hold "" when "" is not one of its choices."""
    if not isinstance(field, serializers.ChoiceField) or "" in field.choices:
        return False
    if getattr(field, "allow_blank", False):
        return True
    if not field.read_only or not field.source or "." in field.source or field.source == "*":
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None:
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return bool(model_field.blank) and isinstance(model_field, models.CharField | models.TextField)


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if not schema or not may_be_blank(field):
            return schema
        if "enum" in schema:
            if "" not in schema["enum"]:
                schema["enum"] = [*schema["enum"], ""]
            return schema
        meta = dict(schema)
        if "$ref" in meta:
            inner = {"$ref": meta.pop("$ref")}
        elif len(meta.get("allOf", [])) == 1:
            inner = meta.pop("allOf")[0]
        else:
            return schema
        self.registry.register_on_missing(BLANK)
        return {"oneOf": [inner, BLANK.ref], **meta}

    def _get_paginator(self) -> Any:
        if getattr(self.view, "action", None) != "list":
            return None
        return super()._get_paginator()

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = dict(super()._get_response_bodies(direction))
        for code in self.error_codes():
            component, description = ERRORS[code]
            if code not in responses:
                self.registry.register_on_missing(component)
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": component.ref}},
                }
        return responses

    def error_codes(self) -> list[str]:
        codes = []
        writes = self.method in ("POST", "PUT", "PATCH")
        if writes or self._get_filter_parameters() or self.get_override_parameters():
            codes.append("400")
        if not all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path or self._get_pagination_parameters():
            codes.append("404")
        if self.method in ("PUT", "PATCH") and self.checks_version():
            codes.append("409")
        return codes

    def checks_version(self) -> bool:
        serializer = force_instance(self.get_request_serializer())
        return isinstance(serializer, serializers.Serializer) and "version" in serializer.fields


class SessionScheme(spectacular_authentication.SessionScheme):
    """The project's session authentication (which says its CSRF refusal in the caller's
    language) is the REST framework's cookie sign-in in the schema."""

    target_class = "rumdoh.accounts.authentication.SessionAuthentication"
