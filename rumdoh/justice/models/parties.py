"""Victims in the process, suspects and defendants with their blinded search keys, and the
charges against them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField
from rumdoh.core.limits import NAME_MAX
from rumdoh.justice.choices import (
    ChargeLevel,
    CompanyKind,
    NonPunishment,
    Relation,
    SuspectKind,
    SuspectRole,
    SuspectStatus,
)
from rumdoh.justice.models.cases import USER, CriminalCase
from rumdoh.justice.rules import offences
from rumdoh.people.models import NATIONALITY_CHOICES, Person, Sex
from rumdoh.protection.models import ProtectionCase


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
    given_name = EncryptedTextField(_("given name"), max_length=NAME_MAX, blank=True)
    family_name = EncryptedTextField(_("family name"), max_length=NAME_MAX, blank=True)
    name_km = EncryptedTextField(_("name in Khmer script"), max_length=NAME_MAX, blank=True)
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
