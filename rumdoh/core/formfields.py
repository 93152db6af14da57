"""Form fields offering records each named by its ``label``, in the reader's language (an
agency's or a provider's Khmer name on a Khmer page): the models' own names, in English, are
for logs and the console; and the check every date of something done already passes."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
