"""Files kept with a record: signed consent forms, identity-document scans, evidence photos.

An attachment belongs to exactly one record — a person, a protection case or a criminal case —
and is seen and changed by exactly who sees and changes that record (``rumdoh.attachments.access``).
Its content is sealed (AES-256-GCM with the project's keys, ``rumdoh.core.rules.crypto``) and kept
in the database, so a backup holds it with the record, a deleted record takes its files along,
and the SQLite demo needs no storage directory. The title is sealed too; the kind, content type,
size and digest stay in clear so lists and checks never open a file.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.limits import TITLE_MAX
from rumdoh.justice.models import CriminalCase
from rumdoh.people.models import Person
from rumdoh.protection.models import ProtectionCase

from .rules import content


class Kind(models.TextChoices):
    CONSENT_FORM = "consent_form", _("Signed consent or referral form")
    IDENTITY_DOCUMENT = "identity_document", _("Identity document scan")
    EVIDENCE_PHOTO = "evidence_photo", _("Evidence photo")
    OTHER = "other", _("Other document")


CONTENT_TYPE_CHOICES = [
    (content.PDF, "PDF"),
    (content.JPEG, "JPEG"),
    (content.PNG, "PNG"),
    (content.WEBP, "WebP"),
]


class Attachment(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    protection_case = models.ForeignKey(
        ProtectionCase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    criminal_case = models.ForeignKey(
        CriminalCase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = EncryptedTextField(_("title"), max_length=TITLE_MAX)
    content_type = models.CharField(max_length=20, choices=CONTENT_TYPE_CHOICES)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # ``v1.<key id>.`` then nonce and AES-GCM ciphertext (``Sealer.seal_bytes``); never in clear.
    content = models.BinaryField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        person__isnull=False,
                        protection_case__isnull=True,
                        criminal_case__isnull=True,
                    )
                    | models.Q(
                        person__isnull=True,
                        protection_case__isnull=False,
                        criminal_case__isnull=True,
                    )
                    | models.Q(
                        person__isnull=True,
                        protection_case__isnull=True,
                        criminal_case__isnull=False,
                    )
                ),
                name="attachment_has_one_record",
            )
        ]
        indexes = [
            models.Index(fields=["person", "-uploaded_at"], name="attachment_person_newest"),
            models.Index(fields=["protection_case", "-uploaded_at"], name="attachment_case_newest"),
            models.Index(fields=["criminal_case", "-uploaded_at"], name="attachment_crime_newest"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"A-{self.pk:07d}" if self.pk else "A-new"

    @property
    def file_name(self) -> str:
        """The name a download is saved under: the reference, never the title (no personal data
        in headers, proxies' logs or the reader's download folder listing)."""
        return f"{self.reference}.{content.EXTENSIONS.get(self.content_type, 'bin')}"
