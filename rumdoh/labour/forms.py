"""Forms of the labour pages. Each field is read by a service that checks it again."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import roles_with
from rumdoh.core.errors import EARLIEST_DAY
from rumdoh.core.filters import DateRangeFilters, date_filter
from rumdoh.core.formfields import (
    AmountField,
    LabelChoiceField,
    PastDateField,
    planned,
    show_problems,
)
from rumdoh.core.limits import REASON_MAX, SEARCH_MAX_CHARS, TEXT_MAX, BoundedCharField
from rumdoh.core.rules.references import parse_reference
from rumdoh.core.versions import Versioned
from rumdoh.labour import limits
from rumdoh.labour.choices import (
    InspectionStatus,
    PreventionKind,
    Receiver,
    SanctionKind,
    Stage,
    WorksiteKind,
)
from rumdoh.labour.models import ConductPrinciple, RecruitmentAgency, Worksite
from rumdoh.labour.models.recruiters import SEVERITY
from rumdoh.labour.rules import licences
from rumdoh.labour.services.complaints import REFERRAL_KINDS
from rumdoh.labour.services.registers import (
    inspection_problems,
    past_plan_message,
    recruiter_problems,
    sanction_dates_message,
)
from rumdoh.people.models import COUNTRY_CHOICES

DATE = forms.DateInput(attrs={"type": "date"})
ANY = [("", _("Any"))]


def _today() -> object:
    return timezone.localdate()


class ComplaintForm(forms.Form):
    filed_on = PastDateField(label=_("Filed on"), widget=DATE, initial=_today)
    received_at = forms.ChoiceField(label=_("Received at"), choices=Receiver.choices)
    province = forms.ChoiceField(label=_("Province"), choices=PROVINCE_CHOICES)
    workers = forms.IntegerField(
        label=_("Workers complaining"),
        min_value=1,
        max_value=limits.COMPLAINT_WORKERS_MAX,
        initial=1,
    )
    description = BoundedCharField(
        label=_("What the complaint is about"), max_length=TEXT_MAX, widget=forms.Textarea
    )
    employer = BoundedCharField(label=_("Employer"), max_length=200, required=False)
    destination = forms.ChoiceField(
        label=_("Country of work"), choices=[("", "—"), *COUNTRY_CHOICES], required=False
    )
    recruiter = forms.ModelChoiceField(
        label=_("Recruitment agency complained against"),
        queryset=RecruitmentAgency.objects.all(),
        required=False,
    )
    worksite = forms.ModelChoiceField(
        label=_("Worksite"), queryset=Worksite.objects.all(), required=False
    )
    inspector = forms.ModelChoiceField(
        label=_("Labour inspector"), queryset=User.objects.none(), required=False
    )
    case_worker = forms.ModelChoiceField(
        label=_("Complainant's case worker"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Told when the two months to go to court run out."),
    )

    def __init__(
        self,
        *args: object,
        agency_id: int | None = None,
        case_workers: object = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # In the reader's language, as an agency is named (its label), not by its English __str__.
        self.fields["recruiter"].label_from_instance = lambda a: a.choice_label  # type: ignore[attr-defined]
        if case_workers is None:
            del self.fields["case_worker"]
        else:
            self.fields["case_worker"].queryset = case_workers  # type: ignore[attr-defined]
        field = self.fields["inspector"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id or 0,
            is_active=True,
            role__in=roles_with(C.HANDLE_LABOUR_COMPLAINTS),
        ).order_by("username")


class ComplaintEditForm(ComplaintForm, Versioned):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["filed_on"]


class ComplaintFilterForm(forms.Form):
    """The filters of the complaint list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_complaints`` applies
    them."""

    q = BoundedCharField(label=_("Reference"), required=False, max_length=20)
    stage = forms.ChoiceField(label=_("Stage"), choices=ANY + Stage.choices, required=False)
    referral = forms.ChoiceField(
        label=_("Referral"),
        choices=[("", _("Any")), ("outstanding", _("Referral outstanding"))],
        required=False,
    )


class HearingForm(Versioned):
    hearing_on = forms.DateField(label=_("Hearing on"), widget=DATE, validators=[planned])


class ConciliationForm(Versioned):
    agreed = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Agreement (enforceable report)")), ("0", _("Non-conciliation"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    on = PastDateField(label=_("Report signed on"), widget=DATE, initial=_today)
    terms = BoundedCharField(
        label=_("Terms agreed"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )
    amount_usd = AmountField(
        label=_("Amount agreed (USD)"),
        min_value=0,
        max_value=limits.AMOUNT_USD_MAX,
        required=False,
    )


class DatedForm(Versioned):
    on = PastDateField(label=_("Date"), widget=DATE, initial=_today)


class CloseForm(DatedForm):
    note = BoundedCharField(label=_("Note"), max_length=REASON_MAX, required=False)


class ReasonForm(Versioned):
    reason = BoundedCharField(
        label=_("Why the complaint is not referred to the police"),
        max_length=REASON_MAX,
        widget=forms.Textarea,
    )


class ReferralForm(forms.Form):
    to_agency = LabelChoiceField(label=_("Refer to"), queryset=Agency.objects.none())
    on = PastDateField(label=_("Referred on"), widget=DATE, initial=_today)
    note = BoundedCharField(
        label=_("What is suspected"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["to_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            kind__in=REFERRAL_KINDS, is_active=True
        ).order_by("name")


class ScreeningPickForm(forms.Form):
    screening = forms.CharField(
        label=_("Screening number"), max_length=12, help_text=_("As on the screening: S-0000012.")
    )

    def clean_screening(self) -> int:
        number = parse_reference(self.cleaned_data["screening"], "S")
        if number is None:
            raise forms.ValidationError(_("Give the screening's number, such as S-0000012."))
        return number


class RecruiterForm(forms.ModelForm):
    """An agency's licence: the number as the register writes it
    (``licences.written_licence_number``; one with no letter or digit is none), and each refusal
    of ``services.registers.recruiter_problems`` by its field."""

    deposit_usd = RecruitmentAgency._meta.get_field("deposit_usd").formfield(
        form_class=AmountField, max_value=limits.AMOUNT_USD_MAX
    )

    class Meta:
        model = RecruitmentAgency
        fields = [
            "name",
            "name_km",
            "licence_number",
            "issued_on",
            "expires_on",
            "deposit_usd",
            "province",
            "address",
            "phone",
            "code_signed_on",
        ]
        widgets = {"issued_on": DATE, "expires_on": DATE, "code_signed_on": DATE}

    def clean_licence_number(self) -> str:
        field = self.fields["licence_number"]
        number = licences.written_licence_number(self.cleaned_data["licence_number"])
        if not licences.licence_key(number):
            raise forms.ValidationError(field.error_messages["required"], code="required")
        field.run_validators(number)
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = recruiter_problems(
            licence_number=data.get("licence_number"),
            issued_on=data.get("issued_on"),
            expires_on=data.get("expires_on"),
            code_signed_on=data.get("code_signed_on"),
            today=timezone.localdate(),
            pk=self.instance.pk,
        )
        show_problems(self, problems)
        return data


class RecruiterEditForm(RecruiterForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RecruiterFilterForm(forms.Form):
    """The filters of the recruiter list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_recruiters`` applies
    them."""

    q = BoundedCharField(label=_("Name or licence number"), required=False, max_length=100)
    province = forms.ChoiceField(
        label=_("Province"), choices=ANY + list(PROVINCE_CHOICES), required=False
    )


class PrincipleForm(forms.Form):
    code_version = forms.CharField(label=_("Version of the code"), max_length=40, initial="2020")
    number = forms.IntegerField(
        label=_("Number in the code"), min_value=1, max_value=99, required=False
    )
    wording_en = BoundedCharField(label=_("Wording in English"), max_length=300)
    wording_km = BoundedCharField(label=_("Wording in Khmer"), max_length=300)
    source = BoundedCharField(
        label=_("Where the wording comes from"), max_length=300, required=False
    )
    active = forms.BooleanField(label=_("In force"), required=False, initial=True)


class PrincipleEditForm(PrincipleForm, Versioned):
    pass


class AssessmentForm(forms.Form):
    principle = LabelChoiceField(
        label=_("Principle"), queryset=ConductPrinciple.objects.filter(active=True)
    )
    assessed_on = PastDateField(label=_("Assessed on"), widget=DATE, initial=_today)
    kept = forms.BooleanField(label=_("Kept"), required=False)
    note = BoundedCharField(
        label=_("Note"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sanction"), choices=SanctionKind.choices)
    starts_on = forms.DateField(label=_("From"), widget=DATE, initial=_today, validators=[planned])
    ends_on = forms.DateField(label=_("Until"), widget=DATE, required=False, validators=[planned])
    grounds = BoundedCharField(label=_("Grounds (shown to the public)"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, starts_on = data.get("kind"), data.get("starts_on")
        if kind and starts_on:
            problem = licences.sanction_dates(
                SEVERITY[SanctionKind(kind)],
                starts_on,
                data.get("ends_on"),
                timezone.localdate(),
            )
            if problem is not None:
                field = (
                    "starts_on" if problem == licences.SanctionDates.NOT_YET_GIVEN else "ends_on"
                )
                self.add_error(field, sanction_dates_message(problem))
        return data


class LiftSanctionForm(Versioned):
    lifted_on = PastDateField(label=_("Lifted on"), widget=DATE, initial=_today)
    reason = BoundedCharField(
        label=_("Reason for lifting (shown to the public)"),
        max_length=REASON_MAX,
        widget=forms.Textarea,
    )


class WithdrawSanctionForm(Versioned):
    reason = BoundedCharField(
        label=_("Why it was recorded by mistake"), max_length=REASON_MAX, widget=forms.Textarea
    )


class RenewLicenceForm(Versioned):
    issued_on = forms.DateField(
        label=_("Renewed licence issued on"), widget=DATE, validators=[planned]
    )
    expires_on = forms.DateField(label=_("Renewed licence expires on"), widget=DATE)


class BranchForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"), choices=PROVINCE_CHOICES)
    address = BoundedCharField(label=_("Address"), max_length=300)
    opened_on = PastDateField(label=_("Opened on"), widget=DATE, required=False, since=EARLIEST_DAY)


class FeeForm(forms.Form):
    destination = forms.ChoiceField(label=_("Destination"), choices=COUNTRY_CHOICES)
    fee_usd = AmountField(label=_("Fee paid (USD)"), min_value=0, max_value=limits.FEE_USD_MAX)
    paid_on = PastDateField(label=_("Paid on"), widget=DATE)


class BrokerForm(forms.Form):
    given_name = BoundedCharField(label=_("Given name"), max_length=100, required=False)
    family_name = BoundedCharField(label=_("Family name"), max_length=100, required=False)
    aliases = BoundedCharField(
        label=_("Aliases, one per line"), max_length=1000, widget=forms.Textarea, required=False
    )
    handles = BoundedCharField(
        label=_("Messaging-app handles, one per line"),
        max_length=1000,
        widget=forms.Textarea,
        required=False,
    )
    province = forms.ChoiceField(label=_("Province"), choices=PROVINCE_CHOICES)
    sub_licence_number = forms.CharField(
        label=_("Sub-licence number"), max_length=40, required=False
    )


class SuspectLinkForm(forms.Form):
    suspect = forms.CharField(label=_("Suspect number (SP-…)"), max_length=12)

    def clean_suspect(self) -> int:
        number = parse_reference(self.cleaned_data["suspect"], "SP")
        if number is None:
            raise forms.ValidationError(_("No such suspect."))
        return number


class WorksiteForm(forms.ModelForm):
    class Meta:
        model = Worksite
        fields = ["name", "kind", "province", "address", "operator"]


class WorksiteFilterForm(forms.Form):
    """The filters of the worksite list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_worksites`` applies
    them."""

    q = BoundedCharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + WorksiteKind.choices, required=False)
    province = forms.ChoiceField(
        label=_("Province"), choices=ANY + list(PROVINCE_CHOICES), required=False
    )


class TipLinkForm(forms.Form):
    reference = forms.CharField(label=_("Tip (T-…)"), max_length=20)


class OperationLinkForm(forms.Form):
    reference = forms.CharField(label=_("Operation (OP-…)"), max_length=20)


class InspectionPlanForm(forms.Form):
    planned_for = forms.DateField(label=_("Planned for"), widget=DATE, validators=[planned])
    # The inspector who plans is always on the team (ticked at first): another inspector is
    # added by ticking, and none need be.
    team = forms.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: object, agency_id: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        team = self.fields["team"]
        team.queryset = User.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id or 0, is_active=True, role__in=roles_with(C.PLAN_INSPECTIONS)
        ).order_by("username")
        team.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean_planned_for(self) -> Any:
        day = self.cleaned_data["planned_for"]
        if day < timezone.localdate():
            raise forms.ValidationError(past_plan_message(), code="past")
        return day


class InspectionFilterForm(DateRangeFilters):
    """The filters of the inspection list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_inspections`` applies
    them."""

    q = BoundedCharField(
        label=_("Worksite or inspection number"),
        required=False,
        max_length=SEARCH_MAX_CHARS,
        help_text=_("Part of the worksite's name, or an IN-number such as IN-000012."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ANY + InspectionStatus.choices, required=False
    )
    province = forms.ChoiceField(
        label=_("Province of the worksite"), choices=ANY + list(PROVINCE_CHOICES), required=False
    )
    violations = forms.ChoiceField(
        label=_("Violations"),
        choices=[
            ("", _("Any")),
            ("yes", _("Violations found")),
            ("no", _("Carried out, no violations found")),
        ],
        required=False,
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        choices=[("", _("Any")), ("overdue", _("Follow-up overdue"))],
        required=False,
        help_text=_(
            "Overdue: the follow-up was due before today, and the worksite has not been "
            "inspected again since."
        ),
    )
    since = date_filter(_("Planned from"))
    until = date_filter(_("Planned until"))


class InspectionResultForm(Versioned):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (InspectionStatus.DONE, InspectionStatus.DONE.label),
            (InspectionStatus.CANCELLED, InspectionStatus.CANCELLED.label),
        ],
    )
    carried_out_on = forms.DateField(label=_("Carried out on"), widget=DATE, required=False)
    workers_present = forms.IntegerField(
        label=_("Workers present"),
        min_value=0,
        max_value=limits.WORKERS_PRESENT_MAX,
        required=False,
    )
    violations_found = forms.BooleanField(label=_("Violations found"), required=False)
    findings = BoundedCharField(
        label=_("Findings"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )
    follow_up = BoundedCharField(
        label=_("Follow-up"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )
    follow_up_due = forms.DateField(label=_("Follow-up due"), widget=DATE, required=False)
    referrals_made = forms.IntegerField(
        label=_("Workers referred"),
        min_value=0,
        max_value=limits.WORKERS_PRESENT_MAX,
        initial=0,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = inspection_problems(
            status=data.get("status"),
            carried_out_on=data.get("carried_out_on"),
            follow_up_due=data.get("follow_up_due"),
            workers_present=data.get("workers_present"),
            referrals_made=data.get("referrals_made"),
            today=timezone.localdate(),
        )
        show_problems(self, problems)
        return data


class PreventionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PreventionKind.choices)
    title = BoundedCharField(label=_("Title"), max_length=200)
    held_on = PastDateField(label=_("Held on"), widget=DATE, initial=_today)
    province = forms.ChoiceField(label=_("Province"), choices=PROVINCE_CHOICES)
    sessions = forms.IntegerField(
        label=_("Sessions or briefings"),
        min_value=1,
        max_value=limits.SESSIONS_MAX,
        initial=1,
    )
    women = forms.IntegerField(
        label=_("Women and girls"), min_value=0, max_value=limits.PARTICIPANTS_MAX, initial=0
    )
    men = forms.IntegerField(
        label=_("Men and boys"), min_value=0, max_value=limits.PARTICIPANTS_MAX, initial=0
    )


class PreventionFilterForm(DateRangeFilters):
    """The filters of the prevention list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_preventions`` applies
    them. The page's totals of the year are not narrowed by them."""

    q = BoundedCharField(label=_("Title"), required=False, max_length=SEARCH_MAX_CHARS)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + PreventionKind.choices, required=False)
    province = forms.ChoiceField(
        label=_("Province"), choices=ANY + list(PROVINCE_CHOICES), required=False
    )
    since = date_filter(_("Held from"))
    until = date_filter(_("Held until"))


class CaseLinkForm(forms.Form):
    case = forms.CharField(label=_("Criminal case (J-…)"), max_length=20)
