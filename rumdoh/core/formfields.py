"""Form fields offering records each named by its ``label``, in the reader's language (an
agency's or a provider's Khmer name on a Khmer page): the models' own names, in English, are
for logs and the console."""

from typing import Any

from django import forms


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)
