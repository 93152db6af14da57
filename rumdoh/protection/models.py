"""Formal identification, the service-provider directory, referrals and protection cases.

Every record belongs to the agency that made it. Narrative fields are sealed at rest.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.choices import for_reader
from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.limits import REASON_MAX, TEXT_MAX
from rumdoh.people.models import Person
from rumdoh.protection.choices import (
    Basis,
    ClosureReason,
    Designation,
    Entitlement,
    FollowUpOutcome,
    ReferralStatus,
    ServiceArea,
    Stage,
)

USER = settings.AUTH_USER_MODEL


class Identification(models.Model):
    """A formal determination by an eligible identifier (2015 identification guidelines)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identifications")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    identified_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    identified_at = models.DateTimeField(_("identified on"), default=timezone.now)
    recorded_at = models.DateTimeField(auto_now_add=True)
    designation = models.CharField(
        _("designation"), max_length=20, choices=Designation.choices, default=Designation.SUSPECTED
    )
    exploitation_types = models.JSONField(_("forms of exploitation"), default=list)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    basis = models.CharField(_("basis"), max_length=24, choices=Basis.choices)
    screening_id = models.BigIntegerField(_("screening"), null=True, blank=True)
    foreign_authority = models.CharField(
        _("identifying authority abroad"), max_length=200, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-identified_at", "-id"]
        verbose_name = _("formal identification")

    def __str__(self) -> str:
        return f"I-{self.pk}"

    @property
    def is_suspected_victim(self) -> bool:
        return self.designation == Designation.SUSPECTED


# What a provider's own agency keeps up to date: the form, the API and the service share it.
PROVIDER_FIELDS = [
    "name",
    "name_km",
    "province",
    "services",
    "sexes",
    "min_age",
    "max_age",
    "nationalities",
    "languages",
    "capacity",
    "free_places",
    "description",
    "contact",
    "is_active",
]


class ServiceProvider(models.Model):
    """A facility of an agency in the service directory, and whom it accepts."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="providers")
    name = models.CharField(_("name"), max_length=200)
    name_km = models.CharField(_("name in Khmer"), max_length=200, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    services = models.JSONField(_("services"), default=list)
    sexes = models.JSONField(_("sexes accepted"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age accepted"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age accepted"), null=True, blank=True)
    nationalities = models.JSONField(_("nationalities accepted"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken by staff"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    free_places = models.PositiveIntegerField(_("free places"), default=0)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(free_places__lte=models.F("capacity")),
                name="provider_free_within_capacity",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The provider's name in the reader's language (its Khmer name on a Khmer page when it
        has one); ``name`` is the one logs and the API keep."""
        return for_reader(self.name, self.name_km)


class Referral(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="referrals"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    needs = models.JSONField(_("needs"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = EncryptedTextField(
        _("reason for declining"), max_length=REASON_MAX, blank=True
    )
    note = EncryptedTextField(_("note to the provider"), max_length=TEXT_MAX, blank=True)
    rereferral_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="rereferrals"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            # Lists walk the newest referrals by this index and stop after a page.
            models.Index(fields=["-created_at", "-id"], name="referral_newest"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"R-{self.pk:06d}" if self.pk else "R-new"


class ProtectionCase(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="protection_cases")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case_worker = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case worker"),
    )
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.IDENTIFICATION
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    identification = models.ForeignKey(
        Identification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-opened_at"]),
            # The case list walks the newest cases by this index and stops after a page.
            models.Index(fields=["-opened_at", "-id"], name="case_newest"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{self.pk:06d}" if self.pk else "C-new"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class StageChange(models.Model):
    """One move of a case between stages; kept forever, never edited."""

    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    from_stage = models.CharField(max_length=24, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=24, choices=Stage.choices)
    reason = EncryptedTextField(_("why"), max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} → {self.to_stage}"


class CasePlan(models.Model):
    case = models.OneToOneField(ProtectionCase, on_delete=models.CASCADE, related_name="plan")
    needs = models.JSONField(_("needs"), default=list, blank=True)
    goals = EncryptedTextField(_("goals"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"plan of {self.case}"


class ServiceDelivery(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="services")
    area = models.CharField(_("area of care"), max_length=20, choices=ServiceArea.choices)
    entitlement = models.CharField(
        _("entitlement paid"), max_length=20, choices=Entitlement.choices, blank=True
    )
    amount_riel = models.PositiveIntegerField(_("amount in riel"), null=True, blank=True)
    delivered_on = models.DateField(_("date"), default=date.today)
    provider = models.ForeignKey(
        ServiceProvider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provided by"),
    )
    note = EncryptedTextField(_("note"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.area} for {self.case}"


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def overdue(self, today: date) -> "FollowUpQuerySet":
        return self.filter(due_on__lt=today, done_on__isnull=True, case__closed_at__isnull=True)


class FollowUp(models.Model):
    case = models.ForeignKey(ProtectionCase, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"))
    purpose = EncryptedTextField(_("purpose"), max_length=200, blank=True)
    done_on = models.DateField(_("visited on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=FollowUpOutcome.choices, blank=True
    )
    note = EncryptedTextField(_("note"), max_length=TEXT_MAX, blank=True)
    scheduled_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    done_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"follow-up of {self.case} due {self.due_on}"

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


class IdentificationRequest(models.Model):
    """A screener's request that an eligible identifier of the province formally identify the
    person screened. Open until an identification of the person is recorded."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="identification_requests"
    )
    screening_id = models.BigIntegerField(_("screening"), null=True, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    note = EncryptedTextField(_("note to the identifier"), max_length=TEXT_MAX, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    identification = models.ForeignKey(
        Identification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("identification request")
        indexes = [
            models.Index(fields=["province", "closed_at"], name="idrequest_open_by_province")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"IR-{self.pk:06d}" if self.pk else "IR-new"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
