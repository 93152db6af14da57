"""A day out of time (before 2008 for what an agency did, before 1900 for a business's history,
after today for what happened, years ahead for what is planned) is refused with a message that
says to check the year, in English and Khmer, by the forms and the services alike."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django import forms
from django.utils import timezone, translation

from rumdoh.core.errors import (
    EARLIEST_DAY,
    PLAN_AHEAD,
    FieldRefused,
    Refused,
    out_of_time,
    refuse_future,
    refuse_out_of_time,
)
from rumdoh.core.formfields import PastDateField, not_future, planned


def test_days_of_something_done_run_from_2008_to_today() -> None:
    today = timezone.localdate()
    assert out_of_time(date(2008, 1, 1)) is None and out_of_time(today) is None
    assert (
        out_of_time(date(2007, 12, 31)) == "The date cannot be before 2008-01-01: check the year."
    )
    assert out_of_time(date(1, 1, 1)) is not None
    assert out_of_time(today + timedelta(days=1)) == "The date cannot be in the future."


def test_a_day_planned_may_be_ahead_but_not_years_ahead() -> None:
    today = timezone.localdate()
    assert out_of_time(today + timedelta(days=400), ahead=PLAN_AHEAD) is None
    far = out_of_time(date(9999, 12, 31), ahead=PLAN_AHEAD)
    assert far == (
        f"The date cannot be later than {(today + PLAN_AHEAD).isoformat()}: check the year."
    )
    assert out_of_time(date(9999, 12, 31), ahead=None) is None


def test_services_refuse_by_the_field_named() -> None:
    with pytest.raises(FieldRefused) as refused:
        refuse_out_of_time(date(202, 5, 1), "sent_on")
    assert refused.value.field == "sent_on"
    with pytest.raises(Refused):
        refuse_future(date(1999, 1, 1))
    refuse_future(None)
    refuse_out_of_time(date(1950, 1, 1), since=EARLIEST_DAY)


def test_the_message_is_in_khmer_for_a_khmer_reader() -> None:
    with translation.override("km"):
        message = out_of_time(date(1999, 1, 1))
    assert message is not None and "2008-01-01" in message and "check the year" not in message


class Done(forms.Form):
    on = forms.DateField(validators=[not_future])
    at = forms.DateTimeField(required=False, validators=[not_future])
    opened = PastDateField(required=False, since=EARLIEST_DAY)
    due = forms.DateField(required=False, validators=[planned])


@pytest.mark.parametrize(
    "data,field",
    [
        ({"on": "0001-01-01"}, "on"),
        ({"on": "2007-06-01"}, "on"),
        ({"on": "2020-01-01", "at": "1900-01-01T10:00"}, "at"),
        ({"on": "2020-01-01", "opened": "1899-12-31"}, "opened"),
        ({"on": "2020-01-01", "due": "9999-12-31"}, "due"),
    ],
)
def test_forms_refuse_a_day_out_of_time_beside_its_field(data: dict[str, str], field: str) -> None:
    form = Done(data)
    assert not form.is_valid() and list(form.errors) == [field]


def test_forms_take_days_in_their_time() -> None:
    soon = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = Done({"on": "2008-01-01", "at": "2020-05-01T08:00", "opened": "1995-03-01", "due": soon})
    assert form.is_valid(), form.errors
    moment = Done({"on": "2020-01-01", "at": (timezone.now() + timedelta(hours=2)).isoformat()})
    assert not moment.is_valid() and "future" in moment.errors["at"][0]
    assert isinstance(form.cleaned_data["at"], datetime)
