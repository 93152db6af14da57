"""Labour complaints, their history and their referrals to the police or the prosecutor."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.limits import REASON_MAX
from rumdoh.labour.choices import Receiver, Stage
from rumdoh.people.models import COUNTRY_CHOICES, Person

USER = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    """A worker's complaint to a labour department or a Migrant Resource Centre."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    received_at = models.CharField(
        _("received at"), max_length=24, choices=Receiver.choices, default=Receiver.MRC
    )
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    complainant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="labour_complaints",
        verbose_name=_("complainant"),
    )
    workers = models.PositiveSmallIntegerField(_("workers complaining"), default=1)
    recruiter = models.ForeignKey(
        "labour.RecruitmentAgency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("recruitment agency complained against"),
    )
    broker = models.ForeignKey(
        "labour.Broker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("broker"),
    )
    worksite = models.ForeignKey(
        "labour.Worksite",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("worksite"),
    )
    employer = EncryptedTextField(_("employer"), max_length=200, blank=True)
    destination = models.CharField(
        _("country of work"), max_length=2, choices=COUNTRY_CHOICES, blank=True
    )
    filed_on = models.DateField(_("filed on"))
    description = EncryptedTextField(_("what the complaint is about"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.FILED)
    inspector = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("labour inspector"),
    )
    case_worker = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complainant's case worker"),
    )
    hearing_on = models.DateField(_("conciliation hearing on"), null=True, blank=True)
    concluded_on = models.DateField(_("conciliation ended on"), null=True, blank=True)
    agreement_terms = EncryptedTextField(_("terms agreed"), blank=True)
    amount_agreed_usd = models.PositiveIntegerField(_("amount agreed (USD)"), null=True, blank=True)
    court_filed_on = models.DateField(_("taken to court on"), null=True, blank=True)
    screenings = models.ManyToManyField(
        "screening.ScreeningRecord", blank=True, related_name="labour_complaints"
    )
    no_referral_reason = EncryptedTextField(
        _("why it was not referred to the police"), max_length=REASON_MAX, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    conciliation_alerted_at = models.DateTimeField(null=True, blank=True)
    court_alerted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["agency", "stage"], name="labour_complaint_stage")]
        verbose_name = _("labour complaint")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"LC-{self.pk:06d}" if self.pk else "LC-new"

    @property
    def is_open(self) -> bool:
        return self.stage not in {Stage.CLOSED}


class ComplaintEvent(models.Model):
    """One move of a complaint, kept: who, when, from which stage to which, and why."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    on = models.DateField()
    note = EncryptedTextField(blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_stage} → {self.to_stage}"


class ComplaintReferral(models.Model):
    """A complaint sent to the police or the prosecutor because a crime is suspected."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="referrals")
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("referred to")
    )
    referred_on = models.DateField(_("referred on"))
    note = EncryptedTextField(_("note"), blank=True)
    criminal_case = models.ForeignKey(
        "justice.CriminalCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="labour_referrals",
        verbose_name=_("criminal case opened"),
    )
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.to_agency_id}"
