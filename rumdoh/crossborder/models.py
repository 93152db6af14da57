"""Cross-border work: lists of deportees received at transit centres, repatriations both ways,
family assessments and child custody transfers, requests to and from counterparts, foreign
identifications recognised (ACTIP art. 14), and the signed messages counterparts send.

Names, document numbers and what people said are sealed at rest like every personal record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField
from rumdoh.core.limits import DOCUMENT_MAX, NAME_MAX, PLACE_MAX, REASON_MAX, TEXT_MAX
from rumdoh.crossborder.messages import stage_label
from rumdoh.crossborder.rules.deadlines import Kind as RequestKind
from rumdoh.crossborder.rules.stages import Direction, Stage
from rumdoh.people.models import COUNTRY_CHOICES, NATIONALITY_CHOICES, Person, Sex


class Crossing(models.TextChoices):
    POIPET = "poipet", _("Poipet (Banteay Meanchey)")
    OSMACH = "osmach", _("O'Smach (Oddar Meanchey)")
    BAVET = "bavet", _("Bavet (Svay Rieng)")
    CHREY_THOM = "chrey_thom", _("Chrey Thom (Kandal)")
    KOH_KONG = "koh_kong", _("Cham Yeam (Koh Kong)")
    PHNOM_PENH_AIRPORT = "pnh_airport", _("Phnom Penh airport")
    OTHER = "other", _("Other crossing")


class Counterpart(models.Model):
    """An authority abroad whose system sends signed messages; its Ed25519 public key verifies
    them. Registered by the system administrator; holds no personal data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    public_key = models.TextField(_("public key (PEM)"))
    receiving_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency that receives its notices"),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("counterpart")
        verbose_name_plural = _("counterparts")

    def __str__(self) -> str:
        return self.code


class ListSource(models.TextChoices):
    FILE = "file", _("File as received")
    EXCHANGE = "exchange", _("Signed message from the counterpart's system")


class DeportationList(models.Model):
    """A list of people a counterpart deports to Cambodia on a date through a crossing."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving agency")
    )
    sent_by = models.CharField(_("sent by"), max_length=200)
    country = models.CharField(
        _("deporting country"), max_length=2, choices=COUNTRY_CHOICES, default="TH"
    )
    crossing = models.CharField(_("crossing"), max_length=20, choices=Crossing.choices)
    expected_on = models.DateField(_("expected on"))
    source = models.CharField(max_length=10, choices=ListSource.choices, default=ListSource.FILE)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    counterpart = models.ForeignKey(
        Counterpart, on_delete=models.PROTECT, null=True, blank=True, related_name="lists"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    # A keyed digest of who is listed (rules.deportee_lists.list_content): the same list received
    # twice is told before its people are expected twice.
    fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-expected_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "-expected_on"]),
            models.Index(fields=["agency", "fingerprint"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"DL-{self.pk:05d}" if self.pk else "DL-new"


class Arrival(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    ARRIVED = "arrived", _("Arrived")
    ABSENT = "absent", _("Did not arrive")


class Deportee(models.Model):
    """One row of a list, as received, and what became of the person at the crossing."""

    deportation_list = models.ForeignKey(
        DeportationList, on_delete=models.CASCADE, related_name="deportees"
    )
    row = models.PositiveIntegerField(_("row"))
    given_name = EncryptedTextField(_("given name as listed"), max_length=NAME_MAX, blank=True)
    family_name = EncryptedTextField(_("family name as listed"), max_length=NAME_MAX, blank=True)
    script = models.CharField(_("script"), max_length=8, default="latin")
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_year_estimated = models.BooleanField(default=False)
    document_number = EncryptedTextField(_("document number"), max_length=DOCUMENT_MAX, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=2, choices=NATIONALITY_CHOICES, default="KH"
    )
    home_province = EncryptedTextField(
        _("home province as listed"), max_length=PLACE_MAX, blank=True
    )
    remarks = EncryptedTextField(_("remarks on the list"), max_length=TEXT_MAX, blank=True)
    status = models.CharField(
        _("arrival"), max_length=10, choices=Arrival.choices, default=Arrival.EXPECTED
    )
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="deportations"
    )
    matched_by = models.CharField(max_length=12, blank=True)  # document, name, new
    screening = models.ForeignKey(
        "screening.ScreeningRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["deportation_list", "row"]
        constraints = [
            models.UniqueConstraint(fields=["deportation_list", "row"], name="one_deportee_a_row")
        ]

    def __str__(self) -> str:
        return f"{self.deportation_list.reference} row {self.row}"

    @property
    def listed_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


class Repatriation(models.Model):
    """A person's return home: a Cambodian from abroad, or a foreigner from Cambodia."""

    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=[
            (Direction.HOME.value, _("Cambodian coming home")),
            (Direction.ABROAD.value, _("Foreigner going home")),
        ],
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="repatriations")
    stage = models.CharField(_("stage"), max_length=20, default=Stage.REQUESTED.value)
    country = models.CharField(
        _("country abroad"), max_length=2, choices=COUNTRY_CHOICES, default="TH"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    embassy = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("embassy or IOM office"),
    )
    crossing = models.CharField(_("crossing"), max_length=20, choices=Crossing.choices, blank=True)
    requested_on = models.DateField(_("requested on"))
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    travel_documents = EncryptedTextField(_("travel documents"), max_length=TEXT_MAX, blank=True)
    escort = EncryptedTextField(_("escort"), max_length=REASON_MAX, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["agency", "stage"]), models.Index(fields=["embassy"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"RP-{self.pk:05d}" if self.pk else "RP-new"

    @property
    def stage_display(self) -> str:
        return stage_label(self.stage)


class RepatriationStep(models.Model):
    repatriation = models.ForeignKey(Repatriation, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=20)
    on = models.DateField()
    note = EncryptedTextField(max_length=REASON_MAX, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.repatriation} → {self.stage}"


class AssessmentResult(models.TextChoices):
    SAFE = "safe", _("Family found, return is safe")
    UNSAFE = "unsafe", _("Family found, return is not safe")
    NOT_FOUND = "not_found", _("Family not found")


class FamilyAssessment(models.Model):
    """Family tracing and the assessment before a return: who was found and whether going back
    to them is safe. A return home waits for a safe assessment."""

    repatriation = models.ForeignKey(
        Repatriation, on_delete=models.CASCADE, related_name="assessments"
    )
    traced_on = models.DateField(_("traced on"))
    result = models.CharField(_("result"), max_length=10, choices=AssessmentResult.choices)
    family_contact = EncryptedTextField(
        _("family and how to reach them"), max_length=TEXT_MAX, blank=True
    )
    findings = EncryptedTextField(_("findings"), max_length=TEXT_MAX)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-traced_on", "-id"]

    def __str__(self) -> str:
        return f"assessment for {self.repatriation}"


class CustodyTransfer(models.Model):
    """A child handed to a guardian as a formal act: to whom, by what authority, with which
    documents, on the strength of a safe assessment."""

    repatriation = models.OneToOneField(
        Repatriation, on_delete=models.CASCADE, related_name="custody_transfer"
    )
    assessment = models.ForeignKey(FamilyAssessment, on_delete=models.PROTECT, related_name="+")
    to_whom = EncryptedTextField(_("handed to"), max_length=REASON_MAX)
    relationship = models.CharField(_("relationship to the child"), max_length=100)
    authority = models.CharField(_("by the authority of"), max_length=200)
    authority_reference = models.CharField(_("decision number"), max_length=100)
    documents = EncryptedTextField(_("documents signed"), max_length=TEXT_MAX, blank=True)
    transferred_on = models.DateField(_("transferred on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"custody transfer for {self.repatriation}"


class RequestDirection(models.TextChoices):
    OUTGOING = "outgoing", _("Sent to a counterpart")
    INCOMING = "incoming", _("Received from a counterpart")


REQUEST_KIND_CHOICES = [
    (RequestKind.EVIDENCE.value, _("Request for evidence or information")),
    (RequestKind.MLA.value, _("Mutual legal assistance request")),
    (RequestKind.REPATRIATION_NOTICE.value, _("Repatriation notice")),
    (RequestKind.DEPORTATION_NOTICE.value, _("Deportation notice")),
    (RequestKind.IDENTIFICATION.value, _("Notice of a victim identified abroad")),
    (RequestKind.TRACING.value, _("Family tracing request")),
]


class CounterpartRequest(models.Model):
    """A request to or from an authority abroad, with the date a reply is due and the replies
    and reminders that followed."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("direction"), max_length=10, choices=RequestDirection.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=REQUEST_KIND_CHOICES)
    counterpart_name = models.CharField(_("counterpart"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    counterpart = models.ForeignKey(
        Counterpart, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    their_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    subject = EncryptedTextField(_("what is asked"), max_length=TEXT_MAX)
    criminal_case = models.ForeignKey(
        "justice.CriminalCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criminal case"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(_("sent or received on"))
    due_on = models.DateField(_("reply due by"))
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply = EncryptedTextField(_("reply"), max_length=TEXT_MAX, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    last_reminder_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "replied_on", "due_on"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CR-{self.pk:05d}" if self.pk else "CR-new"


class ForeignIdentification(models.Model):
    """A victim identified by a competent authority abroad, recognised here (ACTIP art. 14):
    the authority, its decision, and the services opened on it."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="foreign_identifications"
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    authority = models.CharField(_("identifying authority"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    decision_reference = models.CharField(_("decision reference"), max_length=100)
    summary = EncryptedTextField(_("what the decision says"), max_length=TEXT_MAX, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recognised_at = models.DateTimeField(auto_now_add=True)
    identification = models.ForeignKey(
        "protection.Identification", on_delete=models.PROTECT, null=True, related_name="+"
    )
    protection_case = models.ForeignKey(
        "protection.ProtectionCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("services opened"),
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "country", "decision_reference"],
                name="one_recognition_a_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.decision_reference}"


class ExchangeMessage(models.Model):
    """A signed message received from a counterpart's system (a notice, a request, a reply, or
    a fetch of its outbox), kept sealed, once per id: a fetch id used again is a replay."""

    counterpart = models.ForeignKey(Counterpart, on_delete=models.PROTECT, related_name="messages")
    message_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=24)
    sent_at = models.CharField(max_length=40)
    body = EncryptedJSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=40, blank=True)  # the record it made, e.g. DL-00012

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["counterpart", "message_id"], name="one_message_an_id")
        ]

    def __str__(self) -> str:
        return f"{self.counterpart} {self.message_id}"


class OutboundMessage(models.Model):
    """A message this system addresses to a counterpart's system (a reply to its request, our
    request or notice to it), kept sealed and unsigned; each fetch signs it with this system's
    key (Ed25519 signs the same bytes the same way) until the counterpart acknowledges it."""

    counterpart = models.ForeignKey(Counterpart, on_delete=models.PROTECT, related_name="outbox")
    message_id = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=24)
    envelope = EncryptedJSONField()
    counterpart_request = models.ForeignKey(
        CounterpartRequest, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True)  # first fetched
    acknowledged_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["counterpart", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"to {self.counterpart} {self.message_id}"
