"""The filters of the review queue and the runs page, the decision form and the run form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, AgencyKind
from rumdoh.core.limits import REASON_MAX, BoundedCharField
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.core.versions import OUT_OF_DATE
from rumdoh.linkage.models import RunMode, RunStatus

STATUS_CHOICES = [
    ("open", _("Waiting for a decision")),
    ("decided", _("Decided")),
    ("withdrawn", _("Withdrawn by a later run")),
    ("all", _("All")),
]
BAND_CHOICES = [
    ("", _("Any")),
    ("likely", _("More likely the same person")),
    ("unlikely", _("Less likely the same person")),
]


class QueueFilter(forms.Form):
    """The review queue's filters; ``services.ordered_queue`` applies them."""

    status = forms.ChoiceField(label=_("Pairs"), choices=STATUS_CHOICES, required=False)
    band = forms.ChoiceField(label=_("Probability"), choices=BAND_CHOICES, required=False)
    agency_kind = forms.ChoiceField(
        label=_("Recorded by an agency of kind"),
        choices=[("", _("Any")), *AgencyKind.choices],
        required=False,
    )
    province = forms.ChoiceField(
        label=_("Home province"), choices=[("", _("Any")), *PROVINCE_CHOICES], required=False
    )
    q = forms.CharField(
        label=_("Person number"), max_length=20, required=False, help_text=_("e.g. P-0000041")
    )

    def clean_q(self) -> str:
        """A person number, or nothing: a name typed here would find no pair, and the page would
        say that no pair waits."""
        text = str(self.cleaned_data["q"]).strip()
        if text and parse_person_number(text) is None:
            raise forms.ValidationError(_("Give a P-number, such as P-0000012."), code="invalid")
        return text


class DecisionForm(forms.Form):
    # What the page showed of the pair (``services.pair_state``), sent back with the decision.
    seen = forms.CharField(
        widget=forms.HiddenInput,
        max_length=100,
        error_messages={"required": OUT_OF_DATE, "max_length": OUT_OF_DATE},
    )
    same = forms.TypedChoiceField(
        label=_("Are these two records one person?"),
        choices=[("yes", _("Same person")), ("no", _("Different persons"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = BoundedCharField(
        label=_("Why"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept sealed with the decision, for whoever reviews it later."),
    )


class RunFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *RunStatus.choices], required=False
    )
    mode = forms.ChoiceField(
        label=_("What is linked"), choices=[("", _("Any")), *RunMode.choices], required=False
    )


def filtered_runs(runs: QuerySet[Any], *, status: str = "", mode: str = "") -> QuerySet[Any]:
    """``runs`` narrowed by the runs list's filters (``RunFilter``'s cleaned data)."""
    if status:
        runs = runs.filter(status=status)
    if mode:
        runs = runs.filter(mode=mode)
    return runs


class StartRunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Link"), choices=RunMode.choices, initial=RunMode.NEW, widget=forms.RadioSelect
    )
