"""Criminal cases, the offices and courts that held them, and their stage moves."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.justice.choices import Closure, Instance, Origin, Stage

USER = settings.AUTH_USER_MODEL


class CriminalCase(models.Model):
    police_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("police unit")
    )
    investigator = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead investigator"),
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    origin_reference = models.CharField(
        _("reference of the origin"),
        max_length=100,
        blank=True,
        help_text=_("Report, screening, referral or foreign request number."),
    )
    referring_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    exploitation_types = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    summary = EncryptedTextField(_("summary of the facts"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=32, choices=Stage.choices, default=Stage.INVESTIGATION
    )
    stage_since = models.DateField(_("in this stage since"), default=date.today)
    closure = models.CharField(
        _("how it ended"), max_length=32, choices=Closure.choices, blank=True
    )
    prosecution_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prosecutor's office"),
    )
    prosecutor = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prosecutor"),
    )
    court_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("court"),
    )
    court_notes = EncryptedTextField(_("internal notes of the prosecutor and court"), blank=True)
    personal_data_erased_on = models.DateField(
        _("personal data erased on"),
        null=True,
        blank=True,
        help_text=_("Under the retention rule: ten years after the case became final."),
    )
    # Raised by each saved edit; an edit opened at an older version is refused, not applied.
    # The database default lets the bulk writers (demo data) leave it out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)
    # The internal notes have their own: the police cannot read them, so a notes edit must not
    # refuse their edit of the facts, nor a facts edit a note.
    notes_version = models.PositiveIntegerField(
        _("version of the internal notes"), default=1, db_default=1
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["police_agency", "-opened_at"]),
            models.Index(fields=["prosecution_agency", "-opened_at"]),
            models.Index(fields=["court_agency", "-opened_at"]),
            models.Index(fields=["stage"]),
        ]
        verbose_name = _("criminal case")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"J-{self.pk:06d}" if self.pk else "J-new"

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.FINAL

    @cached_property
    def opened_on(self) -> date:
        """The day the case was opened, as the police gave it: its first stage move, into the
        investigation, is dated so, and the statistics count the case from it. ``opened_at`` is
        when it was entered, perhaps days later. Lists annotate it as ``opening_day``
        (``queries.with_opened_on``) rather than read it case by case."""
        annotated: date | None = getattr(self, "opening_day", None)
        if annotated is not None:
            return annotated
        opening = self.transitions.filter(from_stage="").order_by("on", "id")
        first = opening.values_list("on", flat=True).first()
        return first if first is not None else timezone.localdate(self.opened_at)


class HolderRole(models.TextChoices):
    PROSECUTION = "prosecution", _("Prosecutor's office")
    COURT = "court", _("Court")


class CaseHolder(models.Model):
    """A prosecutor's office or court that has held the case, and for how long.

    The case names who holds it now (``prosecution_agency``, ``court_agency``); this keeps who
    held it before: the trial court once the appeal court has it, the office that sent it on.
    They keep reading the case their decisions are part of; only the present holders act.
    """

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="holders")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=12, choices=HolderRole.choices)
    instance = models.CharField(
        _("instance"), max_length=16, choices=Instance.choices, default=Instance.FIRST
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["since", "id"]
        indexes = [models.Index(fields=["agency", "case"])]
        verbose_name = _("agency that held the case")

    def __str__(self) -> str:
        return f"{self.role} {self.agency_id} of {self.case_id}"

    @property
    def is_current(self) -> bool:
        return self.until is None


class StageTransition(models.Model):
    """One move of a case between stages: who, when, why, and who is responsible now."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="transitions")
    recorded_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    on = models.DateField(_("date"))
    responsible_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    responsible_person = EncryptedTextField(_("responsible person"), max_length=200, blank=True)
    reason = EncryptedTextField(_("why"), max_length=300, blank=True)
    closure = models.CharField(max_length=32, choices=Closure.choices, blank=True)

    class Meta:
        ordering = ["on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} → {self.to_stage}"
