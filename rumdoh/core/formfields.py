"""Form fields offering records each named by its ``label``, in the reader's language (an
agency's or a provider's Khmer name on a Khmer page): the models' own names, in English, are
for logs and the console; the check every date of something done already passes; and how a
form shows what a service refused."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django import forms

from rumdoh.core.errors import FIRST_DAY, PLAN_AHEAD, FieldRefused, Refused, out_of_time
from rumdoh.core.rules.amounts import plain_amount


def within(
    since: date = FIRST_DAY, ahead: timedelta | None = timedelta(0)
) -> Callable[[Any], None]:
    """A form validator of a day (or a moment) in its time: ``core.errors.out_of_time``."""

    def check(value: Any) -> None:
        message = out_of_time(value, since, ahead) if value else None
        if message:
            raise forms.ValidationError(message)

    return check


#: A date (or a moment) of something an agency has done: not after today (or now), not before
#: 2008.
not_future = within()
#: A day planned or expected: not before 2008, not years ahead.
planned = within(ahead=PLAN_AHEAD)


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class AmountField(forms.IntegerField):
    """A whole sum of money, as people write it: "1,000,000", "1 000 000", "1.000.000 ៛" or in
    Khmer digits (``rules.amounts.plain_amount``). Typed in a text box that opens the phone's
    digits: a number box drops a sum written with separators as if nothing had been typed."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "numeric"}

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = plain_amount(value)
        return super().to_python(value)


class PastDateField(forms.DateField):
    """The day something already happened: a day after today, or before ``since`` (2008 by
    default; a business's history goes further back), is refused by the field."""

    def __init__(self, *args: Any, since: date = FIRST_DAY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators.append(within(since))


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
