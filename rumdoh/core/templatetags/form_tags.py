"""One way to render a form field: the ids its widget points at are the ids the page holds.

A widget names its help text and its errors in ``aria-describedby`` and says ``aria-invalid``
when the answer was refused; the partial ``core/field.html`` renders the elements with exactly
these ids. The ids are worked out here, once, so the template cannot drift from the widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@dataclass(frozen=True)
class FieldParts:
    """What the field partial needs: the rendered widget and the ids it refers to."""

    widget: SafeString
    help_id: str
    error_id: str
    describedby: str
    invalid: bool
    required: bool
    use_fieldset: bool
    is_checkbox: bool


def describedby_ids(field: BoundField) -> tuple[str, str]:
    """The help-text id and the error id the partial renders (empty when there is none)."""
    if not field.auto_id or field.is_hidden:
        return "", ""
    help_id = f"{field.auto_id}_helptext" if field.help_text else ""
    error_id = f"{field.auto_id}_error" if field.errors else ""
    return help_id, error_id


@register.filter
def field_parts(field: BoundField) -> FieldParts:
    """Render ``field``'s widget with its accessible description and validity state."""
    help_id, error_id = describedby_ids(field)
    invalid = bool(field.errors) and not field.is_hidden
    preset = str(field.field.widget.attrs.get("aria-describedby", "")).split()
    describedby = " ".join([*preset, *(i for i in (help_id, error_id) if i)])
    attrs: dict[str, str] = {}
    if invalid:
        attrs["aria-invalid"] = "true"
    # A group of inputs (radios, ticks) is described on its <fieldset>, not on every input.
    if describedby and not field.use_fieldset:
        attrs["aria-describedby"] = describedby
    widget = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        widget = SafeString(widget + field.as_hidden(only_initial=True))
    return FieldParts(
        widget=SafeString(widget),
        help_id=help_id,
        error_id=error_id,
        describedby=describedby,
        invalid=invalid,
        required=field.field.required,
        use_fieldset=field.use_fieldset,
        is_checkbox=field.widget_type == "checkbox",
    )
