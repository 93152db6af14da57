"""Forms of the justice pages. Every message in the user's language; dates never in the future."""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency, AgencyKind, User
from rumdoh.accounts.roles import Capability as C
from rumdoh.justice import compensation, offences
from rumdoh.justice.choices import (
    ChargeLevel,
    Closure,
    CompanyKind,
    Condition,
    CustodyOutcome,
    EnforcementKind,
    HearingKind,
    HearingStatus,
    Instance,
    InterviewPurpose,
    NonPunishment,
    Origin,
    PaymentMethod,
    Proposer,
    Relation,
    SentVia,
    SettlementKind,
    Severity,
    Stage,
    Support,
    SuspectKind,
    SuspectRole,
    VerdictOutcome,
    WarrantKind,
    WarrantStatus,
)
from rumdoh.justice.models import (
    CaseVictim,
    Charge,
    CompensationWorksheet,
    CriminalCase,
    JointInterviewInvitation,
    Suspect,
    Verdict,
    Warrant,
)
from rumdoh.people.models import NATIONALITY_CHOICES, Sex
from rumdoh.protection.choices import Exploitation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
TICKS = forms.CheckboxSelectMultiple
NOTE = forms.Textarea(attrs={"rows": 2})


def not_future(value: Any) -> None:
    now = timezone.now() if isinstance(value, datetime) else timezone.localdate()
    if value and value > now:
        raise forms.ValidationError(_("The date cannot be in the future."))


def offence_choices() -> list[tuple[str, str]]:
    language = get_language() or "en"
    rows = []
    for o in offences.OFFENCES:
        article = _("art. %(article)s") % {"article": o.article} if o.article else ""
        rows.append(
            (
                o.code,
                " ".join(p for p in (o.law_label(language), article, "—", o.label(language)) if p),
            )
        )
    return rows


def agencies_of(*kinds: str) -> QuerySet[Agency]:
    return Agency.objects.filter(kind__in=kinds, is_active=True).order_by("name")


class AgencyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name(get_language() or "en"))


class AgenciesField(forms.ModelMultipleChoiceField):
    """Several agencies, named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name(get_language() or "en"))


class Labelled(forms.ModelChoiceField):
    """A choice of records of a case, each named by ``label`` in the reader's language (the
    models' own names are for logs, in English)."""

    def __init__(self, *args: Any, label_with: Callable[[Any], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_with = label_with

    def label_from_instance(self, obj: Any) -> str:
        return self.label_with(obj)


def verdict_label(verdict: Verdict) -> str:
    entry = verdict.charge.catalogue_entry
    offence = entry.label(get_language() or "en") if entry else verdict.charge.offence
    parts = (verdict.charge.suspect.reference, offence, str(verdict.get_outcome_display()))
    return f"{' · '.join(parts)} · {verdict.decided_on:%Y-%m-%d}"


def warrant_label(warrant: Warrant) -> str:
    suspect = warrant.suspect.reference if warrant.suspect_id else "—"
    return f"{warrant.get_kind_display()} · {suspect} · {warrant.issued_on:%Y-%m-%d}"


def invitation_label(invitation: JointInterviewInvitation) -> str:
    agency = invitation.agency.display_name(get_language() or "en")
    return f"{invitation.proposed_for:%Y-%m-%d} · {invitation.get_purpose_display()} · {agency}"


def worksheet_label(worksheet: CompensationWorksheet) -> str:
    total = _("%(amount)s riel") % {"amount": f"{worksheet.total_riel:,}"}
    return f"{worksheet.prepared_at:%Y-%m-%d} · {total}"


class CaseFilterForm(forms.Form):
    q = forms.CharField(
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


class CaseForm(forms.Form):
    origin = forms.ChoiceField(label=_("How the case came to the police"), choices=Origin.choices)
    origin_reference = forms.CharField(
        label=_("Reference of the report, screening, referral or request"),
        max_length=100,
        required=False,
    )
    referring_agency = AgencyField(
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
        label=_("Summary of the facts"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    prosecution_agency = AgencyField(
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


class Versioned(forms.Form):
    """An edit form of a record with a version: the version read is sent back with the changes,
    so that an edit someone else saved in between is refused rather than overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseEditForm(Versioned):
    origin = CaseForm.base_fields["origin"]
    origin_reference = CaseForm.base_fields["origin_reference"]
    province = CaseForm.base_fields["province"]
    exploitation_types = CaseForm.base_fields["exploitation_types"]
    summary = CaseForm.base_fields["summary"]
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
        users = User.objects.filter(agency_id=case.prosecution_agency_id, is_active=True)
        ids = [u.pk for u in users if u.can(C.PROSECUTE)]
        self.fields["prosecutor"].queryset = User.objects.filter(pk__in=ids).order_by("username")  # type: ignore[attr-defined]


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=())
    on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    responsible_agency = AgencyField(
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
    appeal_prosecution_agency = AgencyField(
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


class VictimAddForm(forms.Form):
    person = forms.CharField(
        label=_("Person number"),
        max_length=20,
        help_text=_("The P-number of the victim's record, for example P-0000123."),
    )
    participates = forms.BooleanField(label=_("Takes part in the proceedings"), required=False)

    def clean_person(self) -> int:
        text = self.cleaned_data["person"].strip().upper()
        match = re.fullmatch(r"(?:P-)?0*(\d+)", text)
        if not match:
            raise forms.ValidationError(_("Write the person number, for example P-0000123."))
        return int(match.group(1))


class VictimForm(Versioned):
    participates = forms.BooleanField(label=_("Takes part in the proceedings"), required=False)
    support = forms.MultipleChoiceField(
        label=_("Support received"), choices=Support.choices, widget=TICKS, required=False
    )


class NonPunishmentForm(forms.Form):
    acts = forms.CharField(
        label=_("Acts the victim faces charges for"),
        max_length=300,
        help_text=_(
            "For example: illegal entry (Immigration Law art. 29), fraud in a scam compound."
        ),
    )
    note = forms.CharField(label=_("Why these acts were forced"), widget=NOTE, required=False)


class NonPunishmentReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (NonPunishment.APPLIED, NonPunishment.APPLIED.label),
            (NonPunishment.NOT_APPLIED, NonPunishment.NOT_APPLIED.label),
        ],
    )
    note = forms.CharField(label=_("Reasons for the decision"), widget=NOTE, required=False)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SuspectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SuspectKind.choices)
    family_name = forms.CharField(label=_("Family name"), required=False)
    given_name = forms.CharField(label=_("Given name"), required=False)
    name_km = forms.CharField(label=_("Name in Khmer script"), required=False)
    aliases_text = forms.CharField(
        label=_("Aliases and nicknames"),
        required=False,
        help_text=_("Separate several with commas."),
    )
    handles_text = forms.CharField(
        label=_("Messaging-app handles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line: the app, a colon, the handle. For example: Telegram: @boss_sihanouk"
        ),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=[("", _("Not known")), *NATIONALITY_CHOICES], required=False
    )
    company_name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    company_kind = forms.ChoiceField(
        label=_("Kind of company"), choices=[("", "—"), *CompanyKind.choices], required=False
    )
    registration_number = forms.CharField(
        label=_("Registration or licence number"), max_length=100, required=False
    )
    role = forms.ChoiceField(label=_("Role in the offence"), choices=SuspectRole.choices)
    relation_to_victim = forms.ChoiceField(
        label=_("Relation to the victim"), choices=Relation.choices, initial=Relation.UNKNOWN
    )
    notes = forms.CharField(label=_("Notes"), widget=NOTE, required=False)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year

    def clean_handles_text(self) -> list[dict[str, str]]:
        handles = []
        for line in _lines(self.cleaned_data.get("handles_text", "")):
            app, sep, handle = line.partition(":")
            if not sep:
                app, handle = "", line
            if not handle.strip():
                raise forms.ValidationError(_("Write each handle as app: handle."))
            handles.append({"app": app.strip(), "handle": handle.strip()})
        return handles

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SuspectKind.LEGAL and not data.get("company_name"):
            self.add_error("company_name", _("Give the name of the company."))
        if data.get("kind") == SuspectKind.NATURAL:
            known = [data.get(f) for f in ("family_name", "given_name", "name_km", "aliases_text")]
            if not any(known) and not data.get("handles_text"):
                self.add_error(None, _("Give at least a name, an alias or a messaging-app handle."))
        return data

    def suspect_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["aliases"] = [a.strip() for a in data.pop("aliases_text", "").split(",") if a.strip()]
        data["handles"] = data.pop("handles_text", [])
        return data

    @classmethod
    def initial_for(cls, suspect: Suspect) -> dict[str, Any]:
        fields = [f for f in cls.base_fields if not f.endswith("_text")]
        initial = {f: getattr(suspect, f) for f in fields}
        initial["aliases_text"] = ", ".join(suspect.aliases or [])
        initial["handles_text"] = "\n".join(
            f"{h.get('app', '')}: {h.get('handle', '')}".lstrip(": ") for h in suspect.handles or []
        )
        return initial


class SuspectEditForm(Versioned, SuspectForm):
    pass


class ChargeForm(forms.Form):
    suspect = forms.ModelChoiceField(label=_("Suspect"), queryset=Suspect.objects.none())
    offence = forms.ChoiceField(label=_("Offence"), choices=())
    exploitation = forms.ChoiceField(
        label=_("For which form of exploitation"),
        choices=[("", "—"), *Exploitation.choices],
        required=False,
        help_text=_("Needed for the trafficking articles, which do not name it themselves."),
    )
    article_detail = forms.CharField(
        label=_("Article or paragraph"),
        max_length=100,
        required=False,
        help_text=_("For the laws coded as a whole (gambling, money laundering)."),
    )

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suspect"].queryset = case.suspects.all()  # type: ignore[attr-defined]
        self.fields["offence"].choices = offence_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("offence", "")
        if code and offences.needs_exploitation(code) and not data.get("exploitation"):
            self.add_error(
                "exploitation",
                _("Say for which form of exploitation: the article does not say it."),
            )
        return data


class ArrestForm(forms.Form):
    suspect = forms.ModelChoiceField(label=_("Suspect"), queryset=Suspect.objects.none())
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
        help_text=_("Leave empty for now."),
    )


class WarrantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=WarrantKind.choices)
    suspect = forms.ModelChoiceField(
        label=_("Suspect"), queryset=Suspect.objects.none(), required=False
    )
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
    suspect = forms.ModelChoiceField(label=_("Defendant"), queryset=Suspect.objects.none())
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DATE, validators=[not_future])
    ordered_by = forms.CharField(label=_("Ordered by (judge)"), max_length=200)
    conditions = forms.MultipleChoiceField(
        label=_("Conditions"), choices=Condition.choices, widget=TICKS
    )
    conditions_detail = forms.CharField(label=_("Details"), widget=NOTE, required=False)
    reporting_agency = AgencyField(
        label=_("Reports to"),
        queryset=agencies_of(AgencyKind.POLICE, AgencyKind.GENDARMERIE, AgencyKind.IMMIGRATION),
        required=False,
        help_text=_("Leave empty for the police unit of the case."),
    )
    reporting_every_days = forms.IntegerField(
        label=_("Reports every (days)"), min_value=1, max_value=365, initial=7
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


class HearingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HearingKind.choices)
    scheduled_for = forms.DateTimeField(
        label=_("Date and time"), widget=WHEN, input_formats=WHEN_FORMATS
    )
    court_agency = AgencyField(
        label=_("Court"),
        queryset=agencies_of(AgencyKind.COURT),
        required=False,
        help_text=_("Leave empty for the court of the case."),
    )
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    note = forms.CharField(label=_("Internal note"), widget=NOTE, required=False)


class HearingUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HearingStatus.choices)
    scheduled_for = forms.DateTimeField(
        label=_("New date and time"),
        widget=WHEN,
        input_formats=WHEN_FORMATS,
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
    prison_months = forms.IntegerField(label=_("Prison term (months)"), min_value=0, required=False)
    suspended_months = forms.IntegerField(
        label=_("Of which suspended (months)"), min_value=0, required=False
    )
    fine_riel = forms.IntegerField(label=_("Fine (riel)"), min_value=0, required=False)
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


def charge_label(charge: Charge) -> str:
    entry = charge.catalogue_entry
    label = entry.label(get_language() or "en") if entry else charge.offence
    return f"{charge.suspect.reference} {charge.suspect.display_name} — {label}"


class SettlementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SettlementKind.choices)
    proposed_by = forms.ChoiceField(label=_("Proposed by"), choices=Proposer.choices)
    amount_riel = forms.IntegerField(label=_("Amount (riel)"), min_value=0, required=False)
    agreed_on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    victim = forms.ModelChoiceField(
        label=_("Victim"), queryset=CaseVictim.objects.none(), required=False
    )
    suspect = forms.ModelChoiceField(
        label=_("Suspect"), queryset=Suspect.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), widget=NOTE, required=False)

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.select_related("person")  # type: ignore[attr-defined]
        self.fields["victim"].label_from_instance = victim_label  # type: ignore[attr-defined]
        self.fields["suspect"].queryset = case.suspects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SettlementKind.SETTLEMENT and not data.get("amount_riel"):
            self.add_error("amount_riel", _("Give the amount agreed in the settlement."))
        return data


def victim_label(victim: CaseVictim) -> str:
    """By number only: a form does not know whether the reader may see the victim's name (the
    case page beside it names those the reader may see)."""
    return victim.person.reference


class InterviewForm(forms.Form):
    interviewed_on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    purpose = forms.ChoiceField(label=_("Purpose"), choices=InterviewPurpose.choices)
    case = forms.ModelChoiceField(
        label=_("Criminal case"), queryset=CriminalCase.objects.none(), required=False
    )
    joint = forms.BooleanField(label=_("Joint interview with other agencies"), required=False)
    with_agencies = AgenciesField(
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
    agencies = AgenciesField(
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

    def clean(self, value: Any) -> list[dict[str, Any]]:  # type: ignore[override]
        text = super().clean(value)
        rows = []
        for line in _lines(text):
            description, sep, amount = line.rpartition(":")
            digits = re.sub(r"[,\s.]|riel|khr|៛", "", amount.lower())
            if not sep or not description.strip() or not digits.isdigit():
                raise forms.ValidationError(
                    _("Write “%(line)s” as: what it was, a colon, the amount in riel.")
                    % {"line": line}
                )
            rows.append({"description": description.strip(), "amount": int(digits)})
        return rows


class CalculatorForm(forms.Form):
    wage_currency = forms.ChoiceField(
        label=_("Wages stated in"),
        choices=[(compensation.KHR, _("Riel")), (compensation.USD, _("US dollars"))],
    )
    usd_rate = forms.IntegerField(
        label=_("Riel for one US dollar"), min_value=1, initial=compensation.DEFAULT_USD_RATE
    )
    promised_monthly_wage = forms.DecimalField(
        label=_("Wage promised a month"), min_value=0, required=False, decimal_places=2
    )
    months_worked = forms.DecimalField(
        label=_("Months worked"), min_value=0, required=False, decimal_places=1
    )
    wages_received = forms.DecimalField(
        label=_("Wages actually received in total"), min_value=0, required=False, decimal_places=2
    )
    usual_monthly_earnings = forms.DecimalField(
        label=_("Usual earnings a month before the offence"),
        min_value=0,
        required=False,
        decimal_places=2,
    )
    months_unable_to_work = forms.DecimalField(
        label=_("Months unable to work since"), min_value=0, required=False, decimal_places=1
    )
    material = ItemsField(label=_("Material and property loss"))
    medical = ItemsField(label=_("Medical costs paid"))
    future_medical = ItemsField(label=_("Medical costs still to come"))
    emotional_severity = forms.ChoiceField(
        label=_("Severity of the emotional harm"), choices=Severity.choices
    )
    emotional_amount = forms.IntegerField(
        label=_("Emotional damage claimed (riel)"), min_value=0, required=False
    )
    emotional_basis = forms.CharField(
        label=_("Grounds for the emotional damage"), widget=NOTE, required=False
    )
    punitive_amount = forms.IntegerField(
        label=_("Punitive damages claimed (riel)"), min_value=0, required=False
    )
    punitive_basis = forms.CharField(
        label=_("Grounds for punitive damages"), widget=NOTE, required=False
    )

    def claim(self) -> compensation.Claim:
        from rumdoh.justice.orders import claim_from

        return claim_from(self.cleaned_data)


class OrderForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=CaseVictim.objects.none())
    defendant = forms.ModelChoiceField(label=_("Defendant"), queryset=Suspect.objects.none())
    amount_riel = forms.IntegerField(label=_("Amount (riel)"), min_value=1)
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DATE, validators=[not_future])
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
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

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.select_related("person")  # type: ignore[attr-defined]
        self.fields["victim"].label_from_instance = victim_label  # type: ignore[attr-defined]
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
    amount_riel = forms.IntegerField(label=_("Amount (riel)"), min_value=1)
    method = forms.ChoiceField(label=_("How"), choices=PaymentMethod.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class EnforcementForm(forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=DATE, validators=[not_future])
    kind = forms.ChoiceField(label=_("Step"), choices=EnforcementKind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AbscondForm(forms.Form):
    note = forms.CharField(label=_("What is known"), max_length=200, required=False)
