"""Private recruitment agencies: licence, deposit, branches, brokers, sanctions, fees, code."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES
from rumdoh.core.choices import for_reader
from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField
from rumdoh.labour.choices import SanctionKind
from rumdoh.labour.rules import licences
from rumdoh.people.models import COUNTRY_CHOICES

USER = settings.AUTH_USER_MODEL
SEVERITY = {
    SanctionKind.WARNING: licences.Sanction.WARNING,
    SanctionKind.FINE: licences.Sanction.FINE,
    SanctionKind.SUSPENSION: licences.Sanction.SUSPENSION,
    SanctionKind.REVOCATION: licences.Sanction.REVOCATION,
}


class RecruitmentAgency(models.Model):
    """A licensed private recruitment agency. Its name, licence and sanctions are public.

    The licence number is kept as ``licences.written_licence_number`` writes it, and no two
    agencies hold one number however it is written (its ``licences.licence_key``, kept beside it
    and unique, whatever its case and separators): the public check by number must find the
    licence holder only.
    """

    name = models.CharField(_("name"), max_length=200)
    name_km = models.CharField(_("name in Khmer"), max_length=200, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=40, unique=True)
    # The number's letters and digits (``licences.licence_key``), set on every save.
    licence_key = models.CharField(max_length=40, editable=False)
    issued_on = models.DateField(_("licence issued on"))
    expires_on = models.DateField(_("licence expires on"))
    deposit_usd = models.PositiveIntegerField(_("deposit lodged (USD)"), default=0)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    address = models.CharField(_("head office address"), max_length=300, blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    code_signed_on = models.DateField(_("code of conduct signed on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence_key"],
                name="labour_licence_key_once",
                violation_error_message=_("Another recruitment agency holds this licence number."),
            )
        ]
        verbose_name = _("recruitment agency")
        verbose_name_plural = _("recruitment agencies")

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.licence_key = licences.licence_key(self.licence_number)
        fields = kwargs.get("update_fields")
        if fields is not None and "licence_number" in fields:
            kwargs["update_fields"] = {*fields, "licence_key"}
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The agency's name in the reader's language: its Khmer name on a Khmer page when it
        has one, else its name (as an agency's ``label`` says it). ``name`` stays the one the
        API, the public check's search and the licence keep."""
        return for_reader(self.name, self.name_km)

    @property
    def choice_label(self) -> str:
        """The agency as a form offers it: its name in the reader's language and its licence."""
        return f"{self.label} ({self.licence_number})"

    def sanction_facts(self) -> list[licences.SanctionFact]:
        return [
            licences.SanctionFact(
                SEVERITY[SanctionKind(s.kind)],
                s.starts_on,
                licences.last_day(s.ends_on, s.lifted_on),
            )
            for s in self.standing_sanctions()
        ]

    def standing_sanctions(self) -> list["SanctionRecord"]:
        """The sanctions that stand: all but those withdrawn as recorded by mistake (read from
        the sanctions fetched with the agency, when they were)."""
        return [s for s in self.sanctions.all() if s.withdrawn_at is None]

    def status_on(self, today):
        return licences.licence_status(
            self.issued_on, self.expires_on, today, self.sanction_facts()
        )

    @property
    def deposit_shortfall(self) -> int:
        return licences.deposit_shortfall(self.deposit_usd)


class Branch(models.Model):
    agency = models.ForeignKey(RecruitmentAgency, on_delete=models.CASCADE, related_name="branches")
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    address = models.CharField(_("address"), max_length=300)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)

    class Meta:
        ordering = ["province", "id"]
        verbose_name = _("branch")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.address}"


class Broker(models.Model):
    """A sub-licensed broker (or one recruiting without a licence). Names, aliases and handles are
    sealed; a broker may be linked to suspects of criminal cases."""

    agency = models.ForeignKey(
        RecruitmentAgency, on_delete=models.SET_NULL, null=True, blank=True, related_name="brokers"
    )
    given_name = EncryptedTextField(_("given name"), max_length=100, blank=True)
    family_name = EncryptedTextField(_("family name"), max_length=100, blank=True)
    aliases = EncryptedJSONField(_("aliases"), default=list, blank=True)
    handles = EncryptedJSONField(_("messaging-app handles"), default=list, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    sub_licence_number = models.CharField(_("sub-licence number"), max_length=40, blank=True)
    suspects = models.ManyToManyField(
        "justice.Suspect", blank=True, related_name="labour_brokers", verbose_name=_("suspects")
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["id"]
        verbose_name = _("broker")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"BR-{self.pk:06d}" if self.pk else "BR-new"

    @property
    def display_name(self) -> str:
        latin = " ".join(p for p in (self.family_name, self.given_name) if p)
        known = [*(self.aliases or []), *(self.handles or [])]
        return latin or next((a for a in known if a), self.reference)


class SanctionRecord(models.Model):
    agency = models.ForeignKey(
        RecruitmentAgency, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(_("sanction"), max_length=12, choices=SanctionKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    grounds = models.CharField(_("grounds (public)"), max_length=300)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    # Lifted (ended early): in force until the day before ``lifted_on``, and shown so.
    lifted_on = models.DateField(null=True, blank=True)
    lift_reason = models.CharField(max_length=300, blank=True)
    lifted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Withdrawn as recorded by mistake: no longer shown to the public nor counted, kept for staff.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    withdrawn_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("sanction")

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_on}"

    @property
    def liftable(self) -> bool:
        """A suspension or revocation that stands and was not lifted already."""
        lasting = self.kind in (SanctionKind.SUSPENSION, SanctionKind.REVOCATION)
        return lasting and self.withdrawn_at is None and self.lifted_on is None


class LicenceTerm(models.Model):
    """One step of a licence's history: issued, renewed, or its dates corrected, with the dates
    before and after: the renewed term's own dates for a renewal (the agency keeps only the
    dates of its licence now, from the first day of the unbroken licence to its last)."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RENEWED = "renewed", _("Renewed")
        CORRECTED = "corrected", _("Dates corrected")

    agency = models.ForeignKey(
        RecruitmentAgency, on_delete=models.CASCADE, related_name="licence_terms"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    issued_on = models.DateField(_("licence issued on"))
    expires_on = models.DateField(_("licence expires on"))
    previous_issued_on = models.DateField(null=True, blank=True)
    previous_expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.issued_on} to {self.expires_on}"


class FeeRecord(models.Model):
    """A fee a migrant paid an agency or its broker, for the figures on what migration costs."""

    agency = models.ForeignKey(RecruitmentAgency, on_delete=models.CASCADE, related_name="fees")
    destination = models.CharField(_("destination"), max_length=2, choices=COUNTRY_CHOICES)
    fee_usd = models.PositiveIntegerField(_("fee paid (USD)"))
    paid_on = models.DateField(_("paid on"))
    complaint = models.ForeignKey(
        "labour.Complaint", on_delete=models.SET_NULL, null=True, blank=True, related_name="fees"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("fee")

    def __str__(self) -> str:
        return f"{self.fee_usd} USD"


class ConductPrinciple(models.Model):
    """A principle of the recruitment agencies' code of conduct (ACRA, MAC and the labour ministry
    with the ILO's TRIANGLE in ASEAN, January 2020), as the licensing office records it: its number
    in the code when known, its wording in Khmer and English, and the version of the code."""

    code_version = models.CharField(_("version of the code"), max_length=40)
    number = models.PositiveSmallIntegerField(_("number in the code"), null=True, blank=True)
    wording_en = models.CharField(_("wording in English"), max_length=300)
    wording_km = models.CharField(_("wording in Khmer"), max_length=300)
    source = models.CharField(_("where the wording comes from"), max_length=300, blank=True)
    active = models.BooleanField(_("in force"), default=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["code_version", models.F("number").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_version", "number"], name="labour_principle_number_once"
            )
        ]
        verbose_name = _("principle of the code of conduct")

    def __str__(self) -> str:
        return self.wording_en

    @property
    def label(self) -> str:
        """The wording in the reader's language, as a form offers the principle
        (``core.formfields.LabelChoiceField``); ``__str__`` is the English one, for logs."""
        return self.wording(get_language())

    def wording(self, language: str | None) -> str:
        """The wording in the reader's language: Khmer for Khmer readers, else English."""
        if language and language.startswith("km") and self.wording_km:
            return self.wording_km
        return self.wording_en


class ConductAssessment(models.Model):
    """Whether an agency kept one principle of the code of conduct, as found on a given day."""

    agency = models.ForeignKey(
        RecruitmentAgency, on_delete=models.CASCADE, related_name="assessments"
    )
    principle = models.ForeignKey(
        ConductPrinciple,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("principle"),
    )
    assessed_on = models.DateField(_("assessed on"))
    kept = models.BooleanField(_("kept"))
    note = EncryptedTextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.principle_id} {self.assessed_on}"
