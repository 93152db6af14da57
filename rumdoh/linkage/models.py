"""The national pseudonymous person id, linkage runs, pairs for review and the steward's decisions.

A ``NationalPerson`` is one person across the register: its number (``N-0000042``) is its own
sequence, derived from nothing about the person. Each person record belongs to at most one
(``PersonLink``); a record not linked yet counts as a person of its own. None of this widens what
an agency sees: access stays with ``people.PersonAccess``.
"""

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.limits import REASON_MAX
from rumdoh.people.models import Person


def national_number(pk: int) -> str:
    return f"N-{pk:07d}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    # A context of its own: a custody clock is "Running" too, and counts (in Khmer, another word).
    RUNNING = "running", pgettext_lazy("linkage run", "Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class RunMode(models.TextChoices):
    FULL = "full", _("Whole register")
    NEW = "new", _("New records only")


# The steps of a run as ``services.Progress`` and the engine record them in ``LinkRun.stage``.
STAGES: dict[str, Any] = {
    "reading": _("Reading the register"),
    "prepare": _("Preparing the records"),
    "train": _("Learning how names, dates and places agree"),
    "predict": _("Comparing pairs of records"),
    "cluster": _("Grouping the records into persons"),
    "collect": _("Collecting the pairs to review"),
    "writing": _("Saving the national ids"),
    "nothing new": _("No new records to link"),
    "linking": _("Linking"),
}

# What asks for a run, as ``LinkRun.reason`` records it (``schedule_linkage``'s callers), and
# how the pages say it.
REASONS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"requested"), _("A data steward asked for it.")),
    (re.compile(r"field import (?P<number>\d+)"), _("Field import %(number)s was saved.")),
    (
        re.compile(r"roster of (?P<reference>.+)"),
        _("The roster of operation %(reference)s was imported."),
    ),
    (re.compile(r"deportee arrivals"), _("Arriving deportees were recorded as new persons.")),
    (re.compile(r"demo data generated"), _("The demo data were generated.")),
    (
        re.compile(r"manage\.py link_persons"),
        _("It was started on the server with manage.py link_persons."),
    ),
)


class LinkRun(models.Model):
    """One run of the linkage over the register: when, why, how far, what it found."""

    mode = models.CharField(_("what is linked"), max_length=8, choices=RunMode.choices)
    reason = models.CharField(_("why"), max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    clusters = models.PositiveIntegerField(default=0)
    review_pairs = models.PositiveIntegerField(default=0)
    ids_kept = models.PositiveIntegerField(default=0)
    ids_new = models.PositiveIntegerField(default=0)
    ids_retired = models.PositiveIntegerField(default=0)
    forced_merges = models.PositiveIntegerField(default=0)
    forced_splits = models.PositiveIntegerField(default=0)
    # The register as a finished run left it (empty for runs finished before they were kept).
    national_persons = models.PositiveIntegerField(_("national persons"), null=True, blank=True)
    records_unlinked = models.PositiveIntegerField(
        _("records not linked yet"), null=True, blank=True
    )
    pairs_waiting = models.PositiveIntegerField(
        _("pairs waiting for a decision"), null=True, blank=True
    )
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"linkage run {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    def stage_display(self) -> str:
        """The step the run is at, in the reader's language (an unknown step as recorded)."""
        label = STAGES.get(self.stage)
        return str(label) if label is not None else self.stage

    def reason_display(self) -> str:
        """Why the run was asked for, in the reader's language (an unknown reason as recorded)."""
        for pattern, message in REASONS:
            if found := pattern.fullmatch(self.reason):
                return str(message) % found.groupdict()
        return self.reason


class NationalPerson(models.Model):
    """One person across agencies. Its number stays with the person across reruns."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by_run = models.ForeignKey(
        LinkRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when no record holds the id any more; a retired id is never given again.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return national_number(self.pk) if self.pk else "N-new"


class PersonLink(models.Model):
    """The national person a person record belongs to."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="national_link")
    national = models.ForeignKey(NationalPerson, on_delete=models.PROTECT, related_name="links")
    run = models.ForeignKey(LinkRun, on_delete=models.SET_NULL, null=True, related_name="+")
    linked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"P-{self.person_id} in N-{self.national_id}"


class LinkDecision(models.Model):
    """The data steward's decision on two records: the same person or not. Applied after the
    engine on every run, so it holds across reruns. ``left`` is the record with the lower id."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField(_("same person"))
    reason = EncryptedTextField(_("reason"), max_length=REASON_MAX)
    probability = models.FloatField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="one_decision_per_pair"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="decision_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"P-{self.left_id} {'=' if self.same else '≠'} P-{self.right_id}"


class ReviewPair(models.Model):
    """Two records the engine could not decide on (probability in the review band)."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    decision = models.ForeignKey(
        LinkDecision, on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When a later run of the whole register no longer found the pair uncertain. The pair is
    # kept, out of the queue, so that a steward who has it open can still decide it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="one_review_per_pair"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="review_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["decision", "-probability"], name="review_queue")]

    def __str__(self) -> str:
        return f"review P-{self.left_id} / P-{self.right_id}"
