"""Forms of criminal cases: the list filter, opening, facts, internal notes, the prosecutor
in charge and stage moves."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.formfields import LabelChoiceField
from rumdoh.core.limits import SEARCH_MAX_CHARS, BoundedCharField
from rumdoh.core.versions import Versioned
from rumdoh.justice.choices import Closure, Origin, Stage
from rumdoh.justice.forms.common import DATE, TICKS, agencies_of, not_future
from rumdoh.justice.models import CriminalCase
from rumdoh.protection.choices import Exploitation


class CaseFilterForm(forms.Form):
    """The filters of the case list, on the page and in the API (which answers 400 with these
    messages for a value that does not validate); ``queries.filtered_cases`` applies them."""

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Case, person, or suspect name, alias or handle"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    offence_class = forms.ChoiceField(
        label=_("Offences"),
        required=False,
        choices=[
            ("", _("All")),
            ("trafficking", _("Trafficking offences")),
            ("related", _("Related offences only")),
            ("none", _("No charge yet")),
        ],
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("Any province")), *PROVINCE_CHOICES]
    )
    state = forms.ChoiceField(
        label=_("Open or ended"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("final", _("Ended"))],
    )

    def __init__(self, *args: Any, suspects: bool = True, **kwargs: Any) -> None:
        """``suspects``: whether the search looks at suspects' names for the reader, as it does
        for the police, the prosecutors and the courts in their own cases; for others it finds a
        case by its number or by a victim's."""
        super().__init__(*args, **kwargs)
        if not suspects:
            self.fields["q"].label = _("Case or person number")


class CaseForm(forms.Form):
    # Nothing chosen in advance and a summary asked for: a form sent empty opens no case.
    origin = forms.ChoiceField(
        label=_("How the case came to the police"), choices=[("", "---------"), *Origin.choices]
    )
    origin_reference = forms.CharField(
        label=_("Reference of the report, screening, referral or request"),
        max_length=100,
        required=False,
    )
    referring_agency = LabelChoiceField(
        label=_("Referred by"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("The agency that referred the case hears back about its outcome."),
    )
    province = forms.ChoiceField(label=_("Province"), choices=PROVINCE_CHOICES)
    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation suspected"),
        choices=Exploitation.choices,
        widget=TICKS,
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary of the facts"), widget=forms.Textarea(attrs={"rows": 4})
    )
    prosecution_agency = LabelChoiceField(
        label=_("Prosecutor's office supervising the investigation"),
        queryset=agencies_of(AgencyKind.PROSECUTION),
        required=False,
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE, validators=[not_future])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("origin") == Origin.REFERRAL and not data.get("referring_agency"):
            self.add_error("referring_agency", _("Name the agency that referred the case."))
        return data


class CaseEditForm(Versioned):
    origin = forms.ChoiceField(label=_("How the case came to the police"), choices=Origin.choices)
    origin_reference = CaseForm.base_fields["origin_reference"]
    province = CaseForm.base_fields["province"]
    exploitation_types = CaseForm.base_fields["exploitation_types"]
    summary = forms.CharField(
        label=_("Summary of the facts"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    investigator = forms.ModelChoiceField(
        label=_("Lead investigator"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = User.objects.filter(agency_id=case.police_agency_id, is_active=True)
        ids = [u.pk for u in users if u.can(C.INVESTIGATE)]
        self.fields["investigator"].queryset = User.objects.filter(pk__in=ids).order_by("username")  # type: ignore[attr-defined]


class NotesForm(Versioned):
    court_notes = forms.CharField(
        label=_("Internal notes of the prosecutor and court"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Never shown to the police, the NGO or the social worker following the case."),
    )


class ProsecutorForm(forms.Form):
    prosecutor = forms.ModelChoiceField(
        label=_("Prosecutor in charge"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = case.prosecution_agency_id
        users = User.objects.filter(agency_id=office, is_active=True) if office else []
        ids = [u.pk for u in users if u.can(C.PROSECUTE)]
        self.fields["prosecutor"].queryset = User.objects.filter(pk__in=ids).order_by("username")  # type: ignore[attr-defined]


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=())
    on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    responsible_agency = LabelChoiceField(
        label=_("Agency now responsible"),
        queryset=agencies_of(AgencyKind.PROSECUTION, AgencyKind.COURT),
        required=False,
        help_text=_("The prosecutor's office the file is sent to, or the court."),
    )
    responsible_person = forms.CharField(
        label=_("Person responsible"),
        max_length=200,
        required=False,
        help_text=_("For example the deputy prosecutor or the judge."),
    )
    appeal_prosecution_agency = LabelChoiceField(
        label=_("Prosecutor's office at the appeal court"),
        queryset=agencies_of(AgencyKind.PROSECUTION),
        required=False,
        help_text=_(
            "For an appeal: the office that takes over the prosecution, if it changes. The "
            "trial court and the first office keep reading the case."
        ),
    )
    closure = forms.ChoiceField(
        label=_("How the case ended"),
        choices=[("", _("The case goes on")), *Closure.choices],
        required=False,
    )
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)

    def __init__(self, *args: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in stages]  # type: ignore[attr-defined]
        if Stage.APPEAL not in stages:
            del self.fields["appeal_prosecution_agency"]
