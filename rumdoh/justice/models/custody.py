"""Warrants, arrests with their custody clock, and supervision with its check-ins."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.justice.choices import (
    CustodyOutcome,
    SentVia,
    SupervisionStatus,
    WarrantKind,
    WarrantStatus,
)
from rumdoh.justice.models.cases import USER, CriminalCase
from rumdoh.justice.models.parties import Suspect


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
