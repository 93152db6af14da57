"""Criminal cases: suspects, charges, arrests, warrants, supervision, hearings, verdicts,
settlements, victims in the process, their interviews, and compensation.

A case belongs to the police unit that opened it; the prosecutor's office and the court join it
as it moves on. Every free text that can name or locate a person is sealed at rest: suspects'
names, aliases, handles and company names, places, the officials named, reasons, notes and every
narrative field. Sealed values cannot be filtered or ordered on; suspects are found through their
blinded keys (SuspectKey). History is kept: stage moves, check-ins, payments and enforcement steps
are added, never edited.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField
from rumdoh.justice import offences
from rumdoh.justice.choices import (
    ChargeLevel,
    Closure,
    CompanyKind,
    CustodyOutcome,
    EnforcementKind,
    HearingKind,
    HearingStatus,
    Instance,
    InterviewPurpose,
    InvitationStatus,
    NonPunishment,
    Origin,
    PaymentMethod,
    Proposer,
    Relation,
    SentVia,
    SettlementKind,
    Stage,
    SupervisionStatus,
    SuspectKind,
    SuspectRole,
    SuspectStatus,
    VerdictOutcome,
    WarrantKind,
    WarrantStatus,
)
from rumdoh.people.models import NATIONALITY_CHOICES, Person, Sex
from rumdoh.protection.models import ProtectionCase

USER = settings.AUTH_USER_MODEL


class CriminalCase(models.Model):
    police_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("police unit")
    )
    investigator = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead investigator"),
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    origin_reference = models.CharField(
        _("reference of the origin"),
        max_length=100,
        blank=True,
        help_text=_("Report, screening, referral or foreign request number."),
    )
    referring_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    exploitation_types = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    summary = EncryptedTextField(_("summary of the facts"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=32, choices=Stage.choices, default=Stage.INVESTIGATION
    )
    stage_since = models.DateField(_("in this stage since"), default=date.today)
    closure = models.CharField(
        _("how it ended"), max_length=32, choices=Closure.choices, blank=True
    )
    prosecution_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prosecutor's office"),
    )
    prosecutor = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prosecutor"),
    )
    court_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("court"),
    )
    court_notes = EncryptedTextField(_("internal notes of the prosecutor and court"), blank=True)
    personal_data_erased_on = models.DateField(
        _("personal data erased on"),
        null=True,
        blank=True,
        help_text=_("Under the retention rule: ten years after the case became final."),
    )
    # Raised by each saved edit; an edit opened at an older version is refused, not applied.
    # The database default lets the bulk writers (demo data) leave it out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["police_agency", "-opened_at"]),
            models.Index(fields=["prosecution_agency", "-opened_at"]),
            models.Index(fields=["court_agency", "-opened_at"]),
            models.Index(fields=["stage"]),
        ]
        verbose_name = _("criminal case")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"J-{self.pk:06d}" if self.pk else "J-new"

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.FINAL


class HolderRole(models.TextChoices):
    PROSECUTION = "prosecution", _("Prosecutor's office")
    COURT = "court", _("Court")


class CaseHolder(models.Model):
    """A prosecutor's office or court that has held the case, and for how long.

    The case names who holds it now (``prosecution_agency``, ``court_agency``); this keeps who
    held it before: the trial court once the appeal court has it, the office that sent it on.
    They keep reading the case their decisions are part of; only the present holders act.
    """

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="holders")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=12, choices=HolderRole.choices)
    instance = models.CharField(
        _("instance"), max_length=16, choices=Instance.choices, default=Instance.FIRST
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["since", "id"]
        indexes = [models.Index(fields=["agency", "case"])]
        verbose_name = _("agency that held the case")

    def __str__(self) -> str:
        return f"{self.role} {self.agency_id} of {self.case_id}"

    @property
    def is_current(self) -> bool:
        return self.until is None


class StageTransition(models.Model):
    """One move of a case between stages: who, when, why, and who is responsible now."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="transitions")
    recorded_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    on = models.DateField(_("date"))
    responsible_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    responsible_person = EncryptedTextField(_("responsible person"), max_length=200, blank=True)
    reason = EncryptedTextField(_("why"), max_length=300, blank=True)
    closure = models.CharField(max_length=32, choices=Closure.choices, blank=True)

    class Meta:
        ordering = ["on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} → {self.to_stage}"


class CaseVictim(models.Model):
    """A victim in a criminal case, whether they take part and the support they receive."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="victims")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="criminal_cases")
    protection_case = models.ForeignKey(
        ProtectionCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("protection case"),
    )
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    participates = models.BooleanField(_("takes part in the proceedings"), default=False)
    support = models.JSONField(_("support received"), default=list, blank=True)
    non_punishment = models.CharField(
        _("non-punishment"), max_length=12, choices=NonPunishment.choices, blank=True
    )
    non_punishment_acts = EncryptedTextField(
        _("acts the victim faces charges for"),
        max_length=300,
        blank=True,
        help_text=_("For example: illegal entry (Immigration Law art. 29)."),
    )
    non_punishment_note = EncryptedTextField(_("note on non-punishment"), blank=True)
    non_punishment_decision_note = EncryptedTextField(
        _("reasons for the prosecutor's decision"), blank=True
    )
    non_punishment_decided_at = models.DateTimeField(null=True, blank=True)
    # Raised by each saved edit; an edit opened at an older version is refused, not applied.
    # The database default lets the bulk writers (demo data) leave it out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_victim_row_per_case")
        ]

    def __str__(self) -> str:
        return f"P-{self.person_id} in {self.case_id}"


class Suspect(models.Model):
    """A suspect or defendant: a person known by names, aliases and handles, or a company."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="suspects")
    kind = models.CharField(
        _("kind"), max_length=8, choices=SuspectKind.choices, default=SuspectKind.NATURAL
    )
    given_name = EncryptedTextField(_("given name"), blank=True)
    family_name = EncryptedTextField(_("family name"), blank=True)
    name_km = EncryptedTextField(_("name in Khmer script"), blank=True)
    aliases = EncryptedJSONField(_("aliases and nicknames"), default=list, blank=True)
    handles = EncryptedJSONField(_("messaging-app handles"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=2, choices=NATIONALITY_CHOICES, blank=True
    )
    company_name = EncryptedTextField(_("company name"), max_length=200, blank=True)
    company_kind = models.CharField(
        _("kind of company"), max_length=24, choices=CompanyKind.choices, blank=True
    )
    registration_number = EncryptedTextField(_("registration number"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=SuspectRole.choices)
    relation_to_victim = models.CharField(
        _("relation to the victim"),
        max_length=20,
        choices=Relation.choices,
        default=Relation.UNKNOWN,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SuspectStatus.choices, default=SuspectStatus.AT_LARGE
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # Raised by each saved edit; an edit opened at an older version is refused, not applied.
    # The database default lets the bulk writers (demo data) leave it out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["id"]
        verbose_name = _("suspect")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SP-{self.pk:06d}" if self.pk else "SP-new"

    @property
    def display_name(self) -> str:
        if self.kind == SuspectKind.LEGAL:
            return self.company_name or str(_("(company name not given)"))
        latin = " ".join(part for part in (self.family_name, self.given_name) if part)
        if latin or self.name_km:
            return latin or self.name_km
        known_as = [*(self.aliases or []), *(h.get("handle", "") for h in self.handles or [])]
        return next((a for a in known_as if a), str(_("(name not known)")))


class SuspectKey(models.Model):
    """A blinded search key of a suspect: a name word, an alias or a handle."""

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="search_keys")
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suspect", "key"], name="unique_suspect_key")
        ]
        indexes = [models.Index(fields=["key", "suspect"], name="suspect_key_lookup")]

    def __str__(self) -> str:
        return f"search key of SP-{self.suspect_id}"


class Charge(models.Model):
    """A charge against one suspect, coded by law and article from the offence catalogue."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="charges")
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="charges")
    offence = models.CharField(_("offence"), max_length=24)
    level = models.CharField(_("level"), max_length=12, choices=ChargeLevel.choices)
    exploitation = models.CharField(_("form of exploitation"), max_length=24, blank=True)
    article_detail = models.CharField(_("article or paragraph"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level", "id"]
        indexes = [models.Index(fields=["offence", "level"])]

    def __str__(self) -> str:
        return f"{self.offence} against SP-{self.suspect_id}"

    @property
    def catalogue_entry(self) -> offences.Offence | None:
        return offences.get(self.offence)

    @property
    def is_trafficking(self) -> bool:
        return offences.is_trafficking(self.offence)

    @property
    def form_of_exploitation(self) -> str:
        return offences.exploitation_of(self.offence, self.exploitation)


class Warrant(models.Model):
    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="warrants")
    suspect = models.ForeignKey(
        Suspect,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warrants",
        verbose_name=_("suspect"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=WarrantKind.choices)
    issued_on = models.DateField(_("issued on"))
    issued_by = EncryptedTextField(_("issued by"), max_length=200)
    target = EncryptedTextField(
        _("place to search"), max_length=200, blank=True, help_text=_("For a search warrant.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=WarrantStatus.choices, default=WarrantStatus.ISSUED
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_via = models.CharField(_("sent by"), max_length=16, choices=SentVia.choices, blank=True)
    served_on = models.DateField(_("served on"), null=True, blank=True)
    not_served_reason = EncryptedTextField(_("why not served"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} warrant in {self.case_id}"


class Arrest(models.Model):
    """An arrest and its 48-hour custody clock, stopped by a charge or a release."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="arrests")
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="arrests")
    arrested_at = models.DateTimeField(_("arrested at"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    place = EncryptedTextField(_("place"), max_length=200, blank=True)
    warrant = models.ForeignKey(
        Warrant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("under warrant"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=CustodyOutcome.choices, blank=True
    )
    outcome_at = models.DateTimeField(_("when"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    alert_raised_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-arrested_at", "-id"]
        indexes = [models.Index(fields=["outcome", "arrested_at"])]

    def __str__(self) -> str:
        return f"arrest of SP-{self.suspect_id}"


class Supervision(models.Model):
    """Judicial supervision of a defendant: conditions and reporting dates."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="supervisions")
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="supervisions")
    ordered_on = models.DateField(_("ordered on"))
    ordered_by = EncryptedTextField(_("ordered by"), max_length=200)
    conditions = models.JSONField(_("conditions"), default=list)
    conditions_detail = EncryptedTextField(_("details of the conditions"), blank=True)
    reporting_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("reports to")
    )
    reporting_every_days = models.PositiveSmallIntegerField(_("reports every (days)"))
    next_due_on = models.DateField(_("next report due"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SupervisionStatus.choices,
        default=SupervisionStatus.ACTIVE,
    )
    missed_alert_for = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ordered_on", "-id"]
        indexes = [models.Index(fields=["status", "next_due_on"])]

    def __str__(self) -> str:
        return f"supervision of SP-{self.suspect_id}"


class CheckIn(models.Model):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField(_("due on"))
    attended = models.BooleanField(_("reported"))
    recorded_on = models.DateField(_("recorded on"), default=date.today)
    note = EncryptedTextField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "-id"]

    def __str__(self) -> str:
        return f"check-in due {self.due_on}"


class Hearing(models.Model):
    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField(_("kind"), max_length=24, choices=HearingKind.choices)
    scheduled_for = models.DateTimeField(_("date and time"))
    court_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("court")
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    note = EncryptedTextField(_("internal note"), blank=True)
    postponement_reason = EncryptedTextField(_("why it was postponed"), blank=True)
    postponed_to = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postponed_from",
        verbose_name=_("postponed to"),
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_for", "id"]

    def __str__(self) -> str:
        return f"{self.kind} hearing of {self.case_id}"


class Verdict(models.Model):
    """The decision on one charge against one defendant, and the sentence."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="verdicts")
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="verdicts")
    outcome = models.CharField(_("outcome"), max_length=24, choices=VerdictOutcome.choices)
    instance = models.CharField(
        _("instance"), max_length=16, choices=Instance.choices, default=Instance.FIRST
    )
    decided_on = models.DateField(_("decided on"))
    court_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("court")
    )
    prison_months = models.PositiveIntegerField(_("prison term (months)"), null=True, blank=True)
    suspended_months = models.PositiveIntegerField(
        _("of which suspended (months)"), null=True, blank=True
    )
    diversion = models.CharField(_("diversion"), max_length=200, blank=True)
    fine_riel = models.PositiveBigIntegerField(_("fine (riel)"), null=True, blank=True)
    retrial_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="retrials"
    )
    note = EncryptedTextField(_("internal note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suspended_months__isnull=True)
                | models.Q(
                    prison_months__isnull=False, suspended_months__lte=models.F("prison_months")
                ),
                name="suspended_within_prison_term",
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome} on charge {self.charge_id}"

    @property
    def is_conviction(self) -> bool:
        return self.outcome in {VerdictOutcome.CONVICTED, VerdictOutcome.CONVICTED_IN_ABSENTIA}


class Settlement(models.Model):
    """An out-of-court settlement or a withdrawal of the complaint: who proposed it, how much."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="settlements")
    kind = models.CharField(_("kind"), max_length=12, choices=SettlementKind.choices)
    proposed_by = models.CharField(_("proposed by"), max_length=20, choices=Proposer.choices)
    amount_riel = models.PositiveBigIntegerField(_("amount (riel)"), null=True, blank=True)
    agreed_on = models.DateField(_("date"))
    victim = models.ForeignKey(
        CaseVictim,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settlements",
        verbose_name=_("victim"),
    )
    suspect = models.ForeignKey(
        Suspect,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settlements",
        verbose_name=_("suspect"),
    )
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} in {self.case_id}"


class JointInterviewInvitation(models.Model):
    """An invitation to interview a victim together, instead of each agency on its own."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        CriminalCase, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_for = models.DateField(_("proposed date"))
    purpose = models.CharField(_("purpose"), max_length=24, choices=InterviewPurpose.choices)
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name=_("agencies invited"))
    note = EncryptedTextField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposed_for", "id"]

    def __str__(self) -> str:
        return f"joint interview of P-{self.person_id} on {self.proposed_for}"


class Interview(models.Model):
    """One interview of a victim by any agency: the count is what keeps it from the tenth."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interviews")
    case = models.ForeignKey(
        CriminalCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("criminal case"),
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    interviewed_on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=24, choices=InterviewPurpose.choices)
    joint = models.BooleanField(_("joint interview"), default=False)
    with_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("together with")
    )
    invitation = models.ForeignKey(
        JointInterviewInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-interviewed_on", "-id"]
        indexes = [models.Index(fields=["person", "-interviewed_on"])]

    def __str__(self) -> str:
        return f"interview of P-{self.person_id} on {self.interviewed_on}"


class CompensationWorksheet(models.Model):
    """A saved calculation of what a victim claims, for printing and for the order."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="worksheets")
    victim = models.ForeignKey(CaseVictim, on_delete=models.CASCADE, related_name="worksheets")
    claim = EncryptedJSONField(default=dict)
    total_riel = models.PositiveBigIntegerField()
    prepared_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-prepared_at", "-id"]

    def __str__(self) -> str:
        return f"worksheet {self.pk} for {self.victim_id}"


class OrderQuerySet(models.QuerySet["CompensationOrder"]):
    def unpaid(self) -> "OrderQuerySet":
        """Not paid in full."""
        return self.filter(paid_riel__lt=models.F("amount_riel"))

    def overdue(self, today: date) -> "OrderQuerySet":
        """Not paid in full and past the due date."""
        return self.unpaid().filter(due_on__lt=today)


class CompensationOrder(models.Model):
    """A court's order that a defendant pay a victim; payments reduce the balance."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="orders")
    victim = models.ForeignKey(CaseVictim, on_delete=models.PROTECT, related_name="orders")
    defendant = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="orders")
    verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    worksheet = models.ForeignKey(
        CompensationWorksheet, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amount_riel = models.PositiveBigIntegerField(_("amount (riel)"))
    ordered_on = models.DateField(_("ordered on"))
    due_on = models.DateField(_("due on"))
    paid_riel = models.PositiveBigIntegerField(default=0)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_riel__lte=models.F("amount_riel")),
                name="paid_within_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"K-{self.pk:06d}" if self.pk else "K-new"

    @property
    def outstanding_riel(self) -> int:
        return max(0, self.amount_riel - self.paid_riel)


class Payment(models.Model):
    order = models.ForeignKey(CompensationOrder, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount_riel = models.PositiveBigIntegerField(_("amount (riel)"))
    method = models.CharField(_("how"), max_length=10, choices=PaymentMethod.choices)
    note = EncryptedTextField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"payment of {self.amount_riel} on {self.order_id}"


class EnforcementStep(models.Model):
    order = models.ForeignKey(
        CompensationOrder, on_delete=models.CASCADE, related_name="enforcement_steps"
    )
    taken_on = models.DateField(_("date"))
    kind = models.CharField(_("step"), max_length=16, choices=EnforcementKind.choices)
    note = EncryptedTextField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.order_id}"
