"""Operations (raids and rescues, detention-centre screening sessions, labour inspections), the
roster of the people found in each, and the deportations immigration records from a roster.

The place is sealed; names and documents live on the person records the roster links to.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.choices import lazy_choices
from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.limits import PLACE_MAX, REASON_MAX
from rumdoh.core.places import LANGUAGES
from rumdoh.core.rules.references import parse_reference
from rumdoh.people.models import Person
from rumdoh.screening.models import Context, ScreeningRecord

USER = settings.AUTH_USER_MODEL
LANGUAGE_CHOICES = lazy_choices(LANGUAGES)


class Kind(models.TextChoices):
    RAID = "raid", _("Raid or rescue")
    DETENTION = "detention", _("Detention-centre screening session")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")


# The screening context of a screening made in an operation of each kind.
SCREENING_CONTEXT = {
    Kind.RAID: Context.RAID,
    Kind.DETENTION: Context.DETENTION,
    Kind.LABOUR_INSPECTION: Context.LABOUR_INSPECTION,
}


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    CLOSED = "closed", _("Closed")


class Operation(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    place = EncryptedTextField(_("place"), max_length=PLACE_MAX, blank=True)
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead agency")
    )
    agencies = models.ManyToManyField(
        Agency, related_name="operations", blank=True, verbose_name=_("participating agencies")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["-held_on", "-id"], name="operation_newest")]
        verbose_name = _("operation")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"OP-{self.pk:06d}" if self.pk else "OP-new"

    @staticmethod
    def pk_of(reference: str) -> int | None:
        """The id in a reference as users type it (``OP-000012``, ``op12`` or ``12``), or None;
        read by the rule of every reference (``rumdoh.core.rules.references``)."""
        return parse_reference(reference, "OP")

    @property
    def screening_context(self) -> str:
        return SCREENING_CONTEXT[Kind(self.kind)].value

    def agency_ids(self) -> set[int]:
        """The lead agency and the participants: everyone who sees the roster."""
        return {self.lead_agency_id, *self.agencies.values_list("pk", flat=True)}


class RosterEntry(models.Model):
    """One person found in an operation, with the screening made of them there."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="roster")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roster_entries")
    row = models.PositiveIntegerField(_("row of the imported roster"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, blank=True)
    interpreter_language = models.CharField(
        _("interpreted from"), max_length=8, choices=LANGUAGE_CHOICES, blank=True
    )
    screening = models.ForeignKey(
        ScreeningRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screening"),
    )
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    released_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["operation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "person"], name="one_entry_per_person")
        ]
        verbose_name = _("roster entry")

    def __str__(self) -> str:
        return f"{self.operation.reference} / P-{self.person_id}"


class DeportationWay(models.TextChoices):
    CHECKED = "checked", _("Recorded after the screening check")
    OVERRIDE = "override", _("Recorded by a supervisor over the check")
    IMPORTED = "imported", _("Imported as already deported")


class Deportation(models.Model):
    entry = models.OneToOneField(RosterEntry, on_delete=models.PROTECT, related_name="deportation")
    deported_on = models.DateField(_("deported on"))
    destination = models.CharField(_("deported to"), max_length=2, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    way = models.CharField(_("how it was recorded"), max_length=10, choices=DeportationWay.choices)
    # What the screening check said when the deportation was recorded ("open" when it let it pass).
    gate = models.CharField(_("screening check"), max_length=24)
    reason = EncryptedTextField(_("reason for overriding"), max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["-deported_on", "-id"]
        verbose_name = _("deportation")

    def __str__(self) -> str:
        return f"D-{self.pk}"

    @property
    def bypassed(self) -> bool:
        return self.gate != "open"
