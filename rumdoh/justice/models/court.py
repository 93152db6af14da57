"""Hearings, verdicts and settlements."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.justice.choices import (
    HearingKind,
    HearingStatus,
    Instance,
    Proposer,
    SettlementKind,
    VerdictOutcome,
)
from rumdoh.justice.models.cases import USER, CriminalCase
from rumdoh.justice.models.parties import CaseVictim, Charge, Suspect


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
