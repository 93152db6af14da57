"""Compensation worksheets and orders, payments and enforcement steps."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField
from rumdoh.justice.choices import EnforcementKind, PaymentMethod
from rumdoh.justice.models.cases import USER, CriminalCase
from rumdoh.justice.models.court import Verdict
from rumdoh.justice.models.parties import CaseVictim, Suspect


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
