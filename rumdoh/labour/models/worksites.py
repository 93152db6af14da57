"""Risky worksites and their inspections."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.labour.choices import InspectionStatus, WorksiteKind

USER = settings.AUTH_USER_MODEL


class Worksite(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=WorksiteKind.choices)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # The owner may be a person: sealed, like the employer of a complaint.
    operator = EncryptedTextField(_("operator or owner"), max_length=200, blank=True)
    criminal_cases = models.ManyToManyField(
        "justice.CriminalCase", blank=True, related_name="labour_worksites"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("worksite")

    def __str__(self) -> str:
        return self.name


class WorksiteTip(models.Model):
    """A tip about a worksite, linked by a labour user who may see the tip: it counts in the
    worksite's risk. The tip itself stays in intake and names no worksite."""

    worksite = models.ForeignKey(Worksite, on_delete=models.CASCADE, related_name="tip_links")
    tip = models.ForeignKey("intake.Tip", on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-linked_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["worksite", "tip"], name="labour_worksite_tip_once")
        ]

    def __str__(self) -> str:
        return f"{self.worksite_id} ← {self.tip_id}"


class WorksiteOperation(models.Model):
    """An operation (a raid, a detention screening session, an inspection) held at a worksite,
    linked by a labour user whose agency sees it; raids count in the worksite's risk."""

    worksite = models.ForeignKey(Worksite, on_delete=models.CASCADE, related_name="operation_links")
    operation = models.ForeignKey(
        "operations.Operation", on_delete=models.CASCADE, related_name="+"
    )
    linked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-linked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worksite", "operation"], name="labour_worksite_operation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worksite_id} ← {self.operation_id}"


class Inspection(models.Model):
    """A planned or carried-out inspection. Until its date a plan is seen by its team only."""

    worksite = models.ForeignKey(Worksite, on_delete=models.PROTECT, related_name="inspections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    planned_for = models.DateField(_("planned for"))
    team: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, related_name="labour_inspections", verbose_name=_("team")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    workers_present = models.PositiveIntegerField(_("workers present"), null=True, blank=True)
    violations_found = models.BooleanField(_("violations found"), default=False)
    findings = EncryptedTextField(_("findings"), blank=True)
    follow_up = EncryptedTextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    screenings = models.ManyToManyField(
        "screening.ScreeningRecord", blank=True, related_name="labour_inspections"
    )
    referrals_made = models.PositiveIntegerField(_("workers referred"), default=0)
    planned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)

    class Meta:
        ordering = ["-planned_for", "-id"]
        verbose_name = _("inspection")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"IN-{self.pk:06d}" if self.pk else "IN-new"
