"""What the filter forms of the list pages share; the API lists read the same forms."""

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

R = TypeVar("R", bound=QuerySet[Any])

# Django's own message for a date it cannot read has no Khmer; this one also says how to write it.
NOT_A_DATE = {"invalid": _("Write the date as year-month-day, such as 2026-11-20.")}


def refuse_backwards(
    form: forms.Form, data: dict[str, Any], start: str = "since", end: str = "until"
) -> None:
    """The form's end date (``until``) refused when it is before its start date (``since``)."""
    since, until = data.get(start), data.get(end)
    if since and until and since > until:
        backwards = _("The end date is before the start date.")
        form.add_error(end, forms.ValidationError(backwards, code="before_since"))


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


def within(
    rows: QuerySet[Any], field: str, since: date | None, until: date | None
) -> QuerySet[Any]:
    """``rows`` whose ``field`` (a date, or ``at__date`` for a time) falls from ``since`` until
    ``until``, either bound left open when it is not given."""
    if since:
        rows = rows.filter(**{f"{field}__gte": since})
    if until:
        rows = rows.filter(**{f"{field}__lte": until})
    return rows


def narrowed(form: forms.Form | None, narrow: Callable[..., R], *args: Any) -> R:
    """A list page's rows: ``narrow(*args, **filters)`` with the filters ``form`` validated (none
    for a form bound to nothing). When the form refuses a value the page lists nothing, and the
    message beside the field says why, as the list's API answers 400: never every row the reader
    did not ask for, each person of which would be one more logged read."""
    if form is None or not form.is_bound:
        return narrow(*args)
    if not form.is_valid():
        return narrow(*args).none()
    return narrow(*args, **form.cleaned_data)
