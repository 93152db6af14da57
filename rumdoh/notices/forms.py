"""The filters of the notification inbox: what a notification is about, and unread only."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.notices import kinds

# What a notification is about, by the first part of its kind (``justice.verdict``): the work
# areas that notify. A kind of an area not named here is listed under its code.
AREAS = {
    "crossborder": _("Across borders"),
    "identification": _("Identification"),
    "intake": _("Tips"),
    "justice": _("Criminal cases"),
    "labour": _("Labour"),
}


def area_of(kind: str) -> str:
    return kind.split(".", 1)[0]


class InboxFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("What it is about"), required=False, choices=[])
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        codes = sorted({area_of(kind) for kind in kinds.registered()})
        area.choices = [("", _("All")), *((code, AREAS.get(code, code)) for code in codes)]
