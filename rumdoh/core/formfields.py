"""Form fields offering records each named by its ``label``, in the reader's language (an
agency's or a provider's Khmer name on a Khmer page): the models' own names, in English, are
for logs and the console; the check every date of something done already passes; and how a
form shows what a service refused."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.core.errors import FieldRefused, Refused


def not_future(value: Any) -> None:
    """A date (or a moment) of something that has happened: not after today (or now)."""
    now = timezone.now() if isinstance(value, datetime) else timezone.localdate()
    if value and value > now:
        raise forms.ValidationError(_("The date cannot be in the future."))


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class PastDateField(forms.DateField):
    """The day something already happened: a day after today is refused by the field."""

    default_validators = [not_future]


def show_refusal(form: forms.BaseForm, refused: Refused) -> None:
    """A service's refusal on the form that asked for the change: beside the field it names
    (``FieldRefused``) when the form has that field, else above the form."""
    field = getattr(refused, "field", None) if isinstance(refused, FieldRefused) else None
    form.add_error(field if field in form.fields else None, str(refused))


def show_problems(form: forms.BaseForm, problems: list[tuple[str, str]]) -> None:
    """Show each ``(field, message)`` a service's rules found by its field, unless the field
    already says what is wrong with it (a value it could not read is not checked again)."""
    for field, message in problems:
        if field not in form.errors:
            form.add_error(field, message)
