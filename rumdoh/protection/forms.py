from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.choices import lazy_choices
from rumdoh.core.formfields import AmountField, LabelChoiceField, not_future, planned, show_problems
from rumdoh.core.limits import (
    NOTES_MAX,
    REASON_MAX,
    SEARCH_MAX_CHARS,
    TEXT_MAX,
    BoundedCharField,
)
from rumdoh.core.places import LANGUAGES, NATIONALITIES
from rumdoh.core.rules.references import parse_reference
from rumdoh.core.versions import VersionField
from rumdoh.protection import queries
from rumdoh.protection.choices import (
    Basis,
    ClosureReason,
    Designation,
    Entitlement,
    Exploitation,
    FollowUpOutcome,
    ReferralStatus,
    Sector,
    ServiceArea,
    Sexes,
    Stage,
)
from rumdoh.protection.models import PROVIDER_FIELDS, ProtectionCase, ServiceProvider
from rumdoh.protection.provider_services import provider_problems

DATE = forms.DateInput(attrs={"type": "date"})
TICKS = forms.CheckboxSelectMultiple
ANY_PROVINCE = [("", _("Any province")), *PROVINCE_CHOICES]


class IdentificationForm(forms.Form):
    designation = forms.ChoiceField(
        label=_("Determination"), choices=Designation.choices, initial=Designation.SUSPECTED
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation"), choices=Exploitation.choices, widget=TICKS, required=False
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, widget=TICKS, required=False
    )
    basis = forms.ChoiceField(label=_("Basis of the identification"), choices=Basis.choices)
    identified_on = forms.DateField(
        label=_("Date of identification"), widget=DATE, validators=[not_future]
    )
    screening_id = BoundedCharField(
        label=_("Screening number"),
        required=False,
        max_length=20,
        help_text=_("The screening's S-number, such as S-0000012."),
    )
    foreign_authority = BoundedCharField(
        label=_("Identifying authority abroad"), max_length=200, required=False
    )
    notes = BoundedCharField(
        max_length=NOTES_MAX,
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_screening_id(self) -> int | None:
        """The S-number as the screening pages show it (``S-0000012``), or just its digits."""
        text = self.cleaned_data["screening_id"].strip()
        if not text:
            return None
        number = parse_reference(text, "S")
        if number is None:
            raise forms.ValidationError(_("Give an S-number, such as S-0000012."))
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        suspected = data.get("designation") == Designation.SUSPECTED
        if suspected and not data.get("exploitation_types"):
            self.add_error("exploitation_types", _("Record at least one form of exploitation."))
        if data.get("basis") == Basis.FOREIGN and not data.get("foreign_authority"):
            self.add_error("foreign_authority", _("Name the authority that identified the person."))
        return data


class ProviderForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=ServiceArea.choices, widget=TICKS
    )
    sexes = forms.MultipleChoiceField(
        label=_("Sexes accepted"),
        choices=Sexes.choices,
        widget=TICKS,
        required=False,
        help_text=_("Leave empty if the provider accepts everyone."),
    )
    nationalities = forms.MultipleChoiceField(
        label=_("Nationalities accepted"),
        choices=lazy_choices(NATIONALITIES),
        widget=TICKS,
        required=False,
        help_text=_("Leave empty for any nationality."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken by staff"),
        choices=lazy_choices(LANGUAGES),
        widget=TICKS,
        required=False,
    )
    version = VersionField()

    class Meta:
        model = ServiceProvider
        fields = PROVIDER_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = dict.fromkeys(
            ["name", "name_km", "description", "contact"], BoundedCharField
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # a new provider has no version to check yet
            del self.fields["version"]
        else:
            self.initial.setdefault("version", self.instance.version)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = provider_problems(
            free_places=data.get("free_places"),
            capacity=data.get("capacity"),
            min_age=data.get("min_age"),
            max_age=data.get("max_age"),
        )
        show_problems(self, problems)
        return data

    def provider_data(self) -> dict[str, Any]:
        data = {f: self.cleaned_data.get(f) for f in self.Meta.fields}
        for field in ("services", "sexes", "nationalities", "languages"):
            data[field] = list(data[field] or [])
        return data


class ProviderFilterForm(forms.Form):
    """The filters of the provider directory, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_providers`` applies
    them."""

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Search"),
        required=False,
        help_text=_("Part of the provider's name, in English or Khmer, or of its agency's name."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=[("", _("Any service")), *ServiceArea.choices]
    )
    province = forms.ChoiceField(label=_("Province"), required=False, choices=ANY_PROVINCE)
    with_places = forms.BooleanField(label=_("Only with free places"), required=False)


class MatchForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("What the person needs"), choices=ServiceArea.choices, widget=TICKS
    )
    province = forms.ChoiceField(
        label=_("Preferred province"), required=False, choices=ANY_PROVINCE
    )


class ReferForm(forms.Form):
    provider = forms.IntegerField(widget=forms.HiddenInput)
    needs = forms.MultipleChoiceField(choices=ServiceArea.choices, widget=forms.MultipleHiddenInput)
    rereferral_of = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = BoundedCharField(
        max_length=TEXT_MAX,
        label=_("Note to the provider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(forms.Form):
    reason = BoundedCharField(label=_("Reason for declining"), max_length=REASON_MAX)


class ReasonForm(forms.Form):
    reason = BoundedCharField(label=_("Reason"), max_length=REASON_MAX, required=False)


class ReferralFilterForm(forms.Form):
    """The filters of the referral list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_referrals`` applies
    them."""

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Referral or person number"),
        help_text=_(
            "R-000012 finds that referral, P-0000041 that person's referrals; a number alone, "
            "such as 12, finds either."
        ),
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[
            ("", _("All")),
            ("received", _("Received by my agency")),
            ("made", _("Made by my agency")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ReferralStatus.choices]
    )


class CaseFilterForm(forms.Form):
    """The filters of the case list, on the page and in the API (which answers 400 with these
    messages for a value that does not validate); ``queries.filtered_cases`` applies them."""

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Case or person number"),
        help_text=_(
            "C-000012 finds that case, P-0000041 that person's cases; a number alone, such as "
            "12, finds either."
        ),
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    state = forms.ChoiceField(
        label=_("Open or closed"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("closed", _("Closed"))],
    )
    scope = forms.ChoiceField(
        label=_("Whose cases"),
        required=False,
        choices=[
            ("", _("Our agency's cases")),
            (queries.SHARED, _("Other agencies' cases of people shared with us")),
        ],
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)

    def clean_scope(self) -> str:
        # The page's first choice, sent empty, is the agency's own cases: its work list.
        return str(self.cleaned_data["scope"] or queries.AGENCY)


class CaseApiFilterForm(CaseFilterForm):
    """The case list's filters in the API: those of the page, with one more ``scope``. Without
    one the API lists every case the agency may see, as it always has; ``agency`` lists the
    page's default list, ``shared`` the page's other list."""

    scope = forms.ChoiceField(
        label=_("Whose cases"),
        required=False,
        choices=[
            (queries.EVERY, _("Every case we may see")),
            (queries.AGENCY, _("Our agency's cases")),
            (queries.SHARED, _("Other agencies' cases of people shared with us")),
        ],
    )

    def clean_scope(self) -> str:
        return str(self.cleaned_data["scope"])


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Move to stage"), choices=[(s.value, s.label) for s in Stage if s != Stage.CLOSURE]
    )
    reason = BoundedCharField(label=_("Why"), max_length=REASON_MAX, required=False)


class PlanForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=ServiceArea.choices, widget=TICKS, required=False
    )
    goals = BoundedCharField(
        max_length=NOTES_MAX,
        label=_("Goals"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    version = VersionField()


class ServiceForm(forms.Form):
    area = forms.ChoiceField(label=_("Area of care"), choices=ServiceArea.choices)
    entitlement = forms.ChoiceField(
        label=_("Entitlement paid"),
        required=False,
        choices=[("", _("None")), *Entitlement.choices],
    )
    amount_riel = AmountField(
        label=_("Amount in riel"),
        required=False,
        min_value=0,
        help_text=_("Filled in from the entitlement when left empty."),
    )
    delivered_on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    provider = LabelChoiceField(
        label=_("Provided by"),
        queryset=ServiceProvider.objects.filter(is_active=True),
        required=False,
    )
    note = BoundedCharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DATE, validators=[planned])
    purpose = BoundedCharField(label=_("Purpose"), max_length=200, required=False)


class FollowUpDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Visited on"), widget=DATE, validators=[not_future])
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FollowUpOutcome.choices)
    note = BoundedCharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    closure_reason = forms.ChoiceField(label=_("Reason for closing"), choices=ClosureReason.choices)
    note = BoundedCharField(label=_("Note"), max_length=REASON_MAX, required=False)


class StaffChoiceField(forms.ModelChoiceField):
    """A choice of users, each shown by their full name (their username if they have none)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AssignForm(forms.Form):
    """Hand a case to another case worker of the agency that owns it."""

    case_worker = StaffChoiceField(
        label=_("Case worker"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose a case worker of this agency.")},
    )

    def __init__(self, *args: Any, case: ProtectionCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(agency_id=case.agency_id, is_active=True)
        managing = [u.pk for u in staff if u.can(C.MANAGE_CASES)]
        field = self.fields["case_worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=managing).order_by("username")


class IdentificationRequestForm(forms.Form):
    note = BoundedCharField(
        label=_("Note to the identifier"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the person is now and how to reach them. No more than needed."),
    )
