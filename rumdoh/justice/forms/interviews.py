"""Forms of interviews and of invitations to interview together."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.formfields import LabelMultipleChoiceField
from rumdoh.justice.choices import InterviewPurpose
from rumdoh.justice.forms.common import (
    DATE,
    TICKS,
    Labelled,
    invitation_label,
    not_future,
)
from rumdoh.justice.models import CriminalCase, JointInterviewInvitation


class InterviewForm(forms.Form):
    interviewed_on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    purpose = forms.ChoiceField(label=_("Purpose"), choices=InterviewPurpose.choices)
    case = forms.ModelChoiceField(
        label=_("Criminal case"), queryset=CriminalCase.objects.none(), required=False
    )
    joint = forms.BooleanField(label=_("Joint interview with other agencies"), required=False)
    with_agencies = LabelMultipleChoiceField(
        label=_("Other agencies present"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    invitation = Labelled(
        label=_("Held on the invitation"),
        queryset=JointInterviewInvitation.objects.none(),
        required=False,
        label_with=invitation_label,
    )

    def __init__(
        self,
        *args: Any,
        cases: QuerySet[CriminalCase],
        invitations: QuerySet[JointInterviewInvitation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["invitation"].queryset = invitations.select_related("agency")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        joint = data.get("joint") or data.get("invitation")
        if joint and not data.get("with_agencies") and not data.get("invitation"):
            self.add_error("with_agencies", _("Name the other agencies present."))
        return data


class InviteForm(forms.Form):
    proposed_for = forms.DateField(label=_("Proposed date"), widget=DATE)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=InterviewPurpose.choices)
    agencies = LabelMultipleChoiceField(
        label=_("Agencies to invite"), queryset=Agency.objects.none(), widget=TICKS
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            pk__in=[a.pk for a in agencies]
        ).order_by("name")

    def clean_proposed_for(self) -> Any:
        day = self.cleaned_data["proposed_for"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The proposed date cannot be in the past."))
        return day
