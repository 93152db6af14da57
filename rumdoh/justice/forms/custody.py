"""Forms of arrests, warrants and supervision."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import AgencyKind
from rumdoh.core.formfields import LabelChoiceField
from rumdoh.justice.choices import Condition, CustodyOutcome, SentVia, WarrantKind, WarrantStatus
from rumdoh.justice.forms.common import (
    DATE,
    NOTE,
    TICKS,
    WHEN,
    WHEN_FORMATS,
    Labelled,
    SuspectField,
    agencies_of,
    not_future,
    warrant_label,
)
from rumdoh.justice.models import CriminalCase, Suspect, Warrant
from rumdoh.justice.rules.limits import REPORTING_DAYS_MAX


class ArrestForm(forms.Form):
    suspect = SuspectField(label=_("Suspect"), queryset=Suspect.objects.none())
    arrested_at = forms.DateTimeField(
        label=_("Arrested at"), widget=WHEN, input_formats=WHEN_FORMATS, validators=[not_future]
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    warrant = Labelled(
        label=_("Under warrant"),
        queryset=Warrant.objects.none(),
        required=False,
        label_with=warrant_label,
    )

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suspect"].queryset = case.suspects.all()  # type: ignore[attr-defined]
        arrest_warrants = case.warrants.filter(kind=WarrantKind.ARREST).select_related("suspect")
        self.fields["warrant"].queryset = arrest_warrants  # type: ignore[attr-defined]


class CustodyOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (CustodyOutcome.CHARGED, CustodyOutcome.CHARGED.label),
            (CustodyOutcome.RELEASED, CustodyOutcome.RELEASED.label),
        ],
    )
    at = forms.DateTimeField(
        label=_("When"),
        widget=WHEN,
        input_formats=WHEN_FORMATS,
        validators=[not_future],
        required=False,
        help_text=_("Leave empty for the current time."),
    )


class WarrantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=WarrantKind.choices)
    suspect = SuspectField(label=_("Suspect"), queryset=Suspect.objects.none(), required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE, validators=[not_future])
    issued_by = forms.CharField(
        label=_("Issued by"), max_length=200, help_text=_("The prosecutor or judge who signed it.")
    )
    target = forms.CharField(label=_("Place to search"), max_length=200, required=False)

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suspect"].queryset = case.suspects.all()  # type: ignore[attr-defined]


class WarrantStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in WarrantStatus.choices if c[0] != WarrantStatus.ISSUED],
    )
    on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    sent_via = forms.ChoiceField(
        label=_("Sent by"), choices=[("", "—"), *SentVia.choices], required=False
    )
    reason = forms.CharField(label=_("Why not served"), max_length=300, required=False)


class SupervisionForm(forms.Form):
    suspect = SuspectField(label=_("Defendant"), queryset=Suspect.objects.none())
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DATE, validators=[not_future])
    ordered_by = forms.CharField(label=_("Ordered by (judge)"), max_length=200)
    conditions = forms.MultipleChoiceField(
        label=_("Conditions"), choices=Condition.choices, widget=TICKS
    )
    conditions_detail = forms.CharField(label=_("Details"), widget=NOTE, required=False)
    reporting_agency = LabelChoiceField(
        label=_("Reports to"),
        queryset=agencies_of(AgencyKind.POLICE, AgencyKind.GENDARMERIE, AgencyKind.IMMIGRATION),
        required=False,
        help_text=_("Leave empty for the police unit of the case."),
    )
    reporting_every_days = forms.IntegerField(
        label=_("Reports every (days)"), min_value=1, max_value=REPORTING_DAYS_MAX, initial=7
    )
    first_due_on = forms.DateField(label=_("First report due"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suspect"].queryset = case.suspects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, ordered, ends = data.get("first_due_on"), data.get("ordered_on"), data.get("ends_on")
        if first and ordered and first < ordered:
            self.add_error("first_due_on", _("The first report cannot be before the order."))
        if first and ends and ends < first:
            self.add_error("ends_on", _("Supervision cannot end before the first report."))
        return data


class CheckInForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Did the defendant report?"),
        choices=[("yes", _("Reported")), ("no", _("Did not report"))],
        coerce=lambda v: v == "yes",
    )
    due_on = forms.DateField(label=_("Reporting date"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
