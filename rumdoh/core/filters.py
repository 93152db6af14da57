"""What the filter forms of the list pages share; the API lists read the same forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Django's own message for a date it cannot read has no Khmer; this one also says how to write it.
NOT_A_DATE = {"invalid": _("Write the date as year-month-day, such as 2026-11-20.")}


def refuse_backwards(form: forms.Form, data: dict[str, Any]) -> None:
    """The form's ``until`` refused when it is before its ``since``."""
    since, until = data.get("since"), data.get("until")
    if since and until and since > until:
        backwards = _("The end date is before the start date.")
        form.add_error("until", forms.ValidationError(backwards, code="before_since"))


def date_filter(label: Any) -> forms.DateField:
    """An optional date of a list's filters, which says how to write a date it cannot read."""
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=NOT_A_DATE,
    )


class DateRangeFilters(forms.Form):
    """A list's filters with a ``since`` and an ``until`` (each a ``date_filter``): ``until``
    before ``since`` is refused."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_backwards(self, data)
        return data
