"""Tips and reports: what was reported, about whom, where, how urgent, who holds it, what it became.

What was reported, the place, the description of whom it is about and the reporter's contact are
sealed (``EncryptedTextField``). A tip about a known person may link to their record; most are
about someone unnamed. Every tip ends with exactly one outcome, linked to the record it became.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import FIELD_AGENCY_KINDS, PROVINCE_CHOICES, Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.limits import ADDRESS_MAX, PHONE_MAX, PLACE_MAX, REASON_MAX, TEXT_MAX
from rumdoh.core.rules.references import parse_reference
from rumdoh.intake.choices import Channel, Concern, NoActionReason, Outcome, Status, Urgency
from rumdoh.justice.models import CriminalCase
from rumdoh.operations.models import Operation
from rumdoh.people.models import Person
from rumdoh.protection.models import Identification
from rumdoh.screening.models import ScreeningRecord

USER = settings.AUTH_USER_MODEL


class Tip(models.Model):
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recording_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by agency"),
    )
    # What was reported, sealed.
    concern = models.CharField(
        _("what it is about"), max_length=24, choices=Concern.choices, default=Concern.OTHER
    )
    summary = EncryptedTextField(_("what was reported"), max_length=TEXT_MAX)
    subject = EncryptedTextField(_("about whom"), max_length=ADDRESS_MAX, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("person"),
    )
    people_count = models.PositiveIntegerField(_("how many people"), null=True, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES, blank=True)
    place = EncryptedTextField(_("place"), max_length=PLACE_MAX, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    # The reporter: nothing is required of them.
    reporter_name = EncryptedTextField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = EncryptedTextField(
        _("reporter's phone or contact"), max_length=PHONE_MAX * 2, blank=True
    )
    language = models.CharField(_("language of the report"), max_length=10, blank=True)
    external_reference = models.CharField(
        _("reference in the partner's system"), max_length=60, blank=True
    )
    status_secret_hash = models.CharField(max_length=128, blank=True)
    # Triage and assignment.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triage_note = EncryptedTextField(_("triage note"), max_length=REASON_MAX, blank=True)
    assigned_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tips",
        verbose_name=_("assigned to"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("outcome due"), db_index=True)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)
    # The outcome and the record it became.
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    no_action_reason = models.CharField(
        _("reason"), max_length=16, choices=NoActionReason.choices, blank=True
    )
    outcome_note = EncryptedTextField(_("note"), max_length=REASON_MAX, blank=True)
    screening = models.ForeignKey(
        ScreeningRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identification = models.ForeignKey(
        Identification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    criminal_case = models.ForeignKey(
        CriminalCase, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    operation = models.ForeignKey(
        Operation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operation"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["assigned_agency", "-received_at"], name="tip_assigned_time"),
            models.Index(fields=["recording_agency", "-received_at"], name="tip_recorded_time"),
            models.Index(fields=["outcome", "due_at"], name="tip_open_due"),
        ]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return reference_of(self.pk) if self.pk else "T-new"

    @property
    def is_closed(self) -> bool:
        return bool(self.outcome)

    @property
    def is_overdue(self) -> bool:
        return not self.outcome and self.due_at is not None and timezone.now() >= self.due_at

    @property
    def holder(self) -> Agency | None:
        """The agency that holds the tip: the one assigned while it acts on tips, else the one
        that recorded it. A tip is never left with an agency where nobody may handle it: one
        assigned before its agency closed (or before courts and embassies were refused) is back
        with its recorder, to assign again."""
        if self.assigned_agency_id is not None and not self.assignment_lapsed:
            return self.assigned_agency
        if self.recording_agency_id is None:
            # A report of the public form has no recorder: it is back with the agency that
            # receives public reports now (``visible_tips`` shows it there).
            return public_report_agency()
        return self.recording_agency

    @property
    def holder_id(self) -> int | None:
        holder = self.holder
        return None if holder is None else holder.pk

    @property
    def assignment_lapsed(self) -> bool:
        """Assigned to an agency that no longer acts on tips: closed, or of a kind that does not."""
        return self.assigned_agency_id is not None and not acts_on_tips(self.assigned_agency)


def public_report_agency() -> Agency | None:
    """The agency public reports are assigned to (``RUMDOH_PUBLIC_REPORT_AGENCY``: its id or
    name), or None when the setting names none that is active and may hold a tip (a court or
    an embassy may not)."""
    wanted = str(getattr(settings, "RUMDOH_PUBLIC_REPORT_AGENCY", "") or "").strip()
    if not wanted:
        return None
    agencies = Agency.objects.filter(is_active=True, kind__in=FIELD_AGENCY_KINDS)
    if wanted.isdigit():
        return agencies.filter(pk=int(wanted)).first()
    return agencies.filter(name=wanted).first()


def acts_on_tips(agency: Agency | None) -> bool:
    """An agency may hold a tip: active, and of a kind that acts on tips (``FIELD_AGENCY_KINDS``:
    not a court, a prosecutor, an embassy, a committee or an international organisation)."""
    return agency is not None and agency.is_active and agency.kind in FIELD_AGENCY_KINDS


def reference_of(pk: int) -> str:
    return f"T-{pk:07d}"


def pk_of(reference: str) -> int | None:
    """The id in a reference (``T-0000012``, ``t12`` or ``12``), or None; read by the rule of
    every reference (``rumdoh.core.rules.references``)."""
    return parse_reference(reference, "T")
