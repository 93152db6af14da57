"""Form fields that offer agencies, each named in the reader's language (``Agency.label``): the
model's own name, in English, is for logs and the console."""

from typing import Any

from django import forms


class AgencyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class AgenciesField(forms.ModelMultipleChoiceField):
    """Several agencies, named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)
