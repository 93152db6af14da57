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


class FieldSource(models.TextChoices):
    CENTRAL_CSV = "odk-central-csv", _("ODK Central, CSV")
    CENTRAL_JSON = "odk-central-json", _("ODK Central, JSON")
    KOBO_CSV = "kobo-csv", _("KoboToolbox, CSV")
    KOBO_JSON = "kobo-json", _("KoboToolbox, JSON")


class SubmissionImport(models.Model):
    """One import of an ODK Central or KoboToolbox export: all of its new submissions or none.

    ``context`` and ``reference`` say what the submissions were collected for (an operation and
    its number, given by the app that imports against it); they are not personal data.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, db_index=True)
    source = models.CharField(_("export"), max_length=20, choices=FieldSource.choices)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    context = models.CharField(_("collected for"), max_length=40, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    submissions = models.PositiveIntegerField(_("submissions in the file"), default=0)
    created = models.PositiveIntegerField(_("screenings created"), default=0)
    skipped = models.PositiveIntegerField(_("already imported"), default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["agency", "-imported_at"], name="submission_import_time")]
        verbose_name = _("submission import")
        verbose_name_plural = _("submission imports")

    def __str__(self) -> str:
        return self.reference_code

    @property
    def reference_code(self) -> str:
        return f"FI-{self.pk:06d}" if self.pk else "FI-new"


class FieldSubmission(models.Model):
    """A submission of a field form, known by its instance ID: imported once, whoever imports it."""

    submission_import = models.ForeignKey(
        SubmissionImport, on_delete=models.CASCADE, related_name="field_submissions"
    )
    instance_id = models.CharField(_("instance ID"), max_length=64, unique=True)
    screening = models.OneToOneField(
        ScreeningRecord, on_delete=models.PROTECT, related_name="field_submission"
    )
    position = models.PositiveIntegerField(_("position in the file"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["submission_import", "position"]
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")

    def __str__(self) -> str:
        return self.instance_id


class CheckedFile(models.Model):
    """An export checked with "Check the file only", kept for the import that follows so the
    user need not choose it again: sealed like an attachment (it names the people screened),
    owned by the user who checked it, one per user, and kept only briefly
    (``rumdoh.screening.checked``)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = EncryptedTextField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    # ``v1.<key id>.`` then nonce and AES-GCM ciphertext (``Sealer.seal_bytes``); never in clear.
    content = models.BinaryField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"checked file {self.pk}"
