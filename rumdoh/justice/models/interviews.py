"""Interviews of victims and invitations to interview together."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.justice.choices import InterviewPurpose, InvitationStatus
from rumdoh.justice.models.cases import USER, CriminalCase
from rumdoh.people.models import Person


class JointInterviewInvitation(models.Model):
    """An invitation to interview a victim together, instead of each agency on its own."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        CriminalCase, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_for = models.DateField(_("proposed date"))
    purpose = models.CharField(_("purpose"), max_length=24, choices=InterviewPurpose.choices)
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name=_("agencies invited"))
    note = EncryptedTextField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposed_for", "id"]

    def __str__(self) -> str:
        return f"joint interview of P-{self.person_id} on {self.proposed_for}"


class Interview(models.Model):
    """One interview of a victim by any agency: the count is what keeps it from the tenth."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interviews")
    case = models.ForeignKey(
        CriminalCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("criminal case"),
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    interviewed_on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=24, choices=InterviewPurpose.choices)
    joint = models.BooleanField(_("joint interview"), default=False)
    with_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("together with")
    )
    invitation = models.ForeignKey(
        JointInterviewInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-interviewed_on", "-id"]
        indexes = [models.Index(fields=["person", "-interviewed_on"])]

    def __str__(self) -> str:
        return f"interview of P-{self.person_id} on {self.interviewed_on}"
