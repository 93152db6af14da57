"""Saved screenings: one record per interview, against a person or anonymous.

An anonymous screening keeps only sex, age and nationality: never a name. The answers and the
rule's explanation are kept with the catalogue version they were assessed under.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.limits import PLACE_MAX
from rumdoh.people.models import NATIONALITY_CHOICES, Person, Sex
from rumdoh.screening.rules.decision import NEXT_STEP, Determination, NextStep


class FormChoice(models.TextChoices):
    SHORT = "short", _("Short form")
    DETAILED = "detailed", _("Detailed form")


class DeterminationChoice(models.TextChoices):
    TRAFFICKING = Determination.TRAFFICKING.value, _("Trafficking indicated")
    FORCED_LABOUR = Determination.FORCED_LABOUR.value, _("Forced labour indicated")
    FURTHER_ASSESSMENT = Determination.FURTHER_ASSESSMENT.value, _("Further assessment needed")
    NOT_INDICATED = Determination.NOT_INDICATED.value, _("Not indicated")


class Context(models.TextChoices):
    DEPORTATION = "deportation", _("Deportation or return")
    RAID = "raid", _("Raid or rescue")
    DETENTION = "detention", _("Immigration or other detention")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    HOTLINE = "hotline", _("Hotline")
    OUTREACH = "outreach", _("Outreach")
    OTHER = "other", _("Other")


class ScreeningRecord(models.Model):
    screened_at = models.DateTimeField(_("screened at"), default=timezone.now, db_index=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("agency")
    )
    screener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("screener"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("person"),
    )
    form = models.CharField(_("form"), max_length=10, choices=FormChoice.choices)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_estimated = models.BooleanField(_("age is an estimate"), default=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(
        _("nationality"), max_length=2, choices=NATIONALITY_CHOICES, default="XX"
    )
    province = models.CharField(_("province screened in"), max_length=2, choices=PROVINCE_CHOICES)
    location = EncryptedTextField(_("place"), max_length=PLACE_MAX, blank=True)
    context = models.CharField(_("context"), max_length=20, choices=Context.choices)
    observations = models.JSONField(_("observations"), default=dict)
    determination = models.CharField(
        _("result"), max_length=32, choices=DeterminationChoice.choices, db_index=True
    )
    explanation = models.JSONField(_("explanation"), default=dict)
    catalogue_version = models.CharField(_("catalogue version"), max_length=20)

    class Meta:
        ordering = ["-screened_at", "-id"]
        indexes = [models.Index(fields=["agency", "-screened_at"], name="screening_agency_time")]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"S-{self.pk}"

    @property
    def reference(self) -> str:
        return f"S-{self.pk:07d}" if self.pk else "S-new"

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None

    @property
    def next_step(self) -> NextStep:
        return NEXT_STEP[Determination(self.determination)]
