"""Forms of hearings, verdicts and settlements."""

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import AgencyKind
from rumdoh.core.formfields import AmountField, LabelChoiceField, planned
from rumdoh.justice.choices import (
    ChargeLevel,
    HearingKind,
    HearingStatus,
    Instance,
    Proposer,
    SettlementKind,
    VerdictOutcome,
)
from rumdoh.justice.forms.common import (
    DATE,
    NOTE,
    WHEN,
    WHEN_FORMATS,
    Labelled,
    SuspectField,
    VictimField,
    agencies_of,
    charge_label,
    not_future,
    verdict_label,
)
from rumdoh.justice.models import CaseVictim, Charge, CriminalCase, Suspect, Verdict
from rumdoh.justice.rules.limits import PRISON_MONTHS_MAX, RIEL_MAX


class HearingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HearingKind.choices)
    scheduled_for = forms.DateTimeField(
        label=_("Date and time"), widget=WHEN, input_formats=WHEN_FORMATS, validators=[planned]
    )
    court_agency = LabelChoiceField(
        label=_("Court"),
        queryset=agencies_of(AgencyKind.COURT),
        required=False,
        help_text=_("Leave empty for the court of the case."),
    )
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    note = forms.CharField(label=_("Internal note"), widget=NOTE, required=False)


class HearingUpdateForm(forms.Form):
    # What became of the hearing: held or postponed. Left "scheduled", it would change nothing.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", "---------"),
            (HearingStatus.HELD, HearingStatus.HELD.label),
            (HearingStatus.POSTPONED, HearingStatus.POSTPONED.label),
        ],
    )
    scheduled_for = forms.DateTimeField(
        label=_("New date and time"),
        widget=WHEN,
        input_formats=WHEN_FORMATS,
        validators=[planned],
        required=False,
        help_text=_("For a postponed hearing."),
    )
    reason = forms.CharField(
        label=_("Why it was postponed"),
        max_length=300,
        required=False,
        help_text=_("For example: the defence lawyer was absent; the interpreter did not come."),
    )


class VerdictForm(forms.Form):
    charge = forms.ModelChoiceField(label=_("Charge"), queryset=Charge.objects.none())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VerdictOutcome.choices)
    instance = forms.ChoiceField(label=_("Instance"), choices=Instance.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, validators=[not_future])
    prison_months = forms.IntegerField(
        label=_("Prison term (months)"), min_value=0, max_value=PRISON_MONTHS_MAX, required=False
    )
    suspended_months = forms.IntegerField(
        label=_("Of which suspended (months)"),
        min_value=0,
        max_value=PRISON_MONTHS_MAX,
        required=False,
    )
    fine_riel = AmountField(label=_("Fine (riel)"), min_value=0, max_value=RIEL_MAX, required=False)
    diversion = forms.CharField(label=_("Diversion"), max_length=200, required=False)
    retrial_of = Labelled(
        label=_("Retrial of the conviction in absentia"),
        queryset=Verdict.objects.none(),
        required=False,
        label_with=verdict_label,
    )
    note = forms.CharField(label=_("Internal note"), widget=NOTE, required=False)

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        charges = case.charges.filter(level=ChargeLevel.CHARGED).select_related("suspect")
        self.fields["charge"].queryset = charges  # type: ignore[attr-defined]
        self.fields["charge"].label_from_instance = charge_label  # type: ignore[attr-defined]
        absentia = case.verdicts.filter(outcome=VerdictOutcome.CONVICTED_IN_ABSENTIA)
        absentia = absentia.select_related("charge__suspect")
        self.fields["retrial_of"].queryset = absentia  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        prison, suspended = data.get("prison_months"), data.get("suspended_months")
        if suspended and (prison is None or suspended > prison):
            self.add_error(
                "suspended_months", _("The suspended part cannot be longer than the prison term.")
            )
        if data.get("instance") == Instance.RETRIAL and not data.get("retrial_of"):
            self.add_error(
                "retrial_of", _("Choose the conviction in absentia that is tried again.")
            )
        return data


class SettlementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SettlementKind.choices)
    proposed_by = forms.ChoiceField(label=_("Proposed by"), choices=Proposer.choices)
    amount_riel = AmountField(
        label=_("Amount (riel)"), min_value=0, max_value=RIEL_MAX, required=False
    )
    agreed_on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    victim = VictimField(label=_("Victim"), queryset=CaseVictim.objects.none(), required=False)
    suspect = SuspectField(label=_("Suspect"), queryset=Suspect.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), widget=NOTE, required=False)

    def __init__(
        self, *args: Any, case: CriminalCase, shown: Collection[int] = (), **kwargs: Any
    ) -> None:
        """``shown``: the persons the reader may see by name (``people.access.reveal_names``)."""
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.select_related("person")  # type: ignore[attr-defined]
        self.fields["victim"].shown = shown  # type: ignore[attr-defined]
        self.fields["suspect"].queryset = case.suspects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SettlementKind.SETTLEMENT and not data.get("amount_riel"):
            self.add_error("amount_riel", _("Give the amount agreed in the settlement."))
        return data
