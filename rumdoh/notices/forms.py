"""The filters of the notification inbox: what a notification is about, and unread only."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.notices import kinds


class InboxFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("What it is about"), required=False, choices=[])
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("All")), *kinds.areas()]
