"""Forms of the compensation calculator, orders, payments and enforcement."""

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.core.formfields import AmountField, within
from rumdoh.core.rules.amounts import plain_amount
from rumdoh.justice.choices import EnforcementKind, PaymentMethod, Severity
from rumdoh.justice.forms.common import (
    DATE,
    NOTE,
    Labelled,
    SuspectField,
    VictimField,
    lines_of,
    not_future,
    verdict_label,
    worksheet_label,
)
from rumdoh.justice.models import CaseVictim, CompensationWorksheet, CriminalCase, Suspect, Verdict
from rumdoh.justice.rules import compensation
from rumdoh.justice.rules.limits import (
    MONEY_DIGITS,
    MONTHS_DIGITS,
    ORDER_DUE_AHEAD,
    RIEL_MAX,
    USD_RATE_MAX,
)

# The digits of the calculator's figures, as the API takes them.
MONEY: dict[str, Any] = {"max_digits": MONEY_DIGITS, "decimal_places": 2}
MONTHS: dict[str, Any] = {"max_digits": MONTHS_DIGITS, "decimal_places": 1}

ITEM_HELP = _(
    "One a line: what it was, a colon, the amount in riel. For example: Recruitment fee: 2400000"
)


class ItemsField(forms.CharField):
    """Lines of ``description: amount`` → a list of {description, amount}."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", ITEM_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[dict[str, Any]]:
        text = super().clean(value)
        rows = []
        for line in lines_of(text):
            description, sep, amount = line.rpartition(":")
            digits = plain_amount(amount)  # "2,400,000 ៛" as a sum field reads it
            if not sep or not description.strip() or not digits.isdigit():
                raise forms.ValidationError(
                    _("Write “%(line)s” as: what it was, a colon, the amount in riel.")
                    % {"line": line}
                )
            # Counted before read: Python reads no number of more than 4,300 digits.
            if len(digits) > len(str(RIEL_MAX)) or int(digits) > RIEL_MAX:
                raise forms.ValidationError(
                    _("“%(line)s”: an amount can be at most %(limit)s riel.")
                    % {"line": line, "limit": f"{RIEL_MAX:,}"}
                )
            rows.append({"description": description.strip(), "amount": int(digits)})
        return rows


class CalculatorForm(forms.Form):
    wage_currency = forms.ChoiceField(
        label=_("Wages stated in"),
        choices=[(compensation.KHR, _("Riel")), (compensation.USD, _("US dollars"))],
    )
    usd_rate = AmountField(
        label=_("Riel for one US dollar"),
        min_value=1,
        max_value=USD_RATE_MAX,
        initial=compensation.DEFAULT_USD_RATE,
    )
    promised_monthly_wage = forms.DecimalField(
        label=_("Wage promised a month"), min_value=0, required=False, **MONEY
    )
    months_worked = forms.DecimalField(
        label=_("Months worked"), min_value=0, required=False, **MONTHS
    )
    wages_received = forms.DecimalField(
        label=_("Wages actually received in total"), min_value=0, required=False, **MONEY
    )
    usual_monthly_earnings = forms.DecimalField(
        label=_("Usual earnings a month before the offence"), min_value=0, required=False, **MONEY
    )
    months_unable_to_work = forms.DecimalField(
        label=_("Months unable to work since"), min_value=0, required=False, **MONTHS
    )
    material = ItemsField(label=_("Material and property loss"))
    medical = ItemsField(label=_("Medical costs paid"))
    future_medical = ItemsField(label=_("Medical costs still to come"))
    emotional_severity = forms.ChoiceField(
        label=_("Severity of the emotional harm"), choices=Severity.choices
    )
    emotional_amount = AmountField(
        label=_("Emotional damage claimed (riel)"), min_value=0, max_value=RIEL_MAX, required=False
    )
    emotional_basis = forms.CharField(
        label=_("Grounds for the emotional damage"), widget=NOTE, required=False
    )
    punitive_amount = AmountField(
        label=_("Punitive damages claimed (riel)"), min_value=0, max_value=RIEL_MAX, required=False
    )
    punitive_basis = forms.CharField(
        label=_("Grounds for punitive damages"), widget=NOTE, required=False
    )

    def claim(self) -> compensation.Claim:
        from rumdoh.justice.orders import claim_from

        return claim_from(self.cleaned_data)


class OrderForm(forms.Form):
    victim = VictimField(label=_("Victim"), queryset=CaseVictim.objects.none())
    defendant = SuspectField(label=_("Defendant"), queryset=Suspect.objects.none())
    amount_riel = AmountField(label=_("Amount (riel)"), min_value=1, max_value=RIEL_MAX)
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DATE, validators=[not_future])
    due_on = forms.DateField(
        label=_("Due on"), widget=DATE, validators=[within(ahead=ORDER_DUE_AHEAD)]
    )
    verdict = Labelled(
        label=_("Verdict"),
        queryset=Verdict.objects.none(),
        required=False,
        label_with=verdict_label,
    )
    worksheet = Labelled(
        label=_("Worksheet"),
        queryset=CompensationWorksheet.objects.none(),
        required=False,
        label_with=worksheet_label,
    )

    def __init__(
        self, *args: Any, case: CriminalCase, shown: Collection[int] = (), **kwargs: Any
    ) -> None:
        """``shown``: the persons the reader may see by name (``people.access.reveal_names``)."""
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.select_related("person")  # type: ignore[attr-defined]
        self.fields["victim"].shown = shown  # type: ignore[attr-defined]
        self.fields["defendant"].queryset = case.suspects.all()  # type: ignore[attr-defined]
        self.fields["verdict"].queryset = case.verdicts.select_related("charge__suspect")  # type: ignore[attr-defined]
        self.fields["worksheet"].queryset = case.worksheets.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due_on") and data.get("ordered_on") and data["due_on"] < data["ordered_on"]:
            self.add_error("due_on", _("The due date cannot be before the order."))
        return data


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, validators=[not_future])
    amount_riel = AmountField(label=_("Amount (riel)"), min_value=1, max_value=RIEL_MAX)
    method = forms.ChoiceField(label=_("How"), choices=PaymentMethod.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class EnforcementForm(forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    kind = forms.ChoiceField(label=_("Step"), choices=EnforcementKind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
