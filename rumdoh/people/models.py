"""Persons, their identity documents, consents, and which agencies may see them.

Names, documents, phones and addresses are sealed at rest (``Encrypted*Field``); searches go
through keyed blind indexes (``PersonSearchKey``). Province, sex, birth year and nationality stay in
clear because the statistics need them, and on their own they do not identify anyone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.core.choices import lazy_choices
from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField
from rumdoh.core.limits import ADDRESS_MAX, DOCUMENT_MAX, NAME_MAX, PHONE_MAX, PLACE_MAX
from rumdoh.core.person_numbers import person_number
from rumdoh.core.places import ABROAD, COUNTRIES, NATIONALITIES


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class AgePrecision(models.TextChoices):
    DATE = "date", _("Date of birth known")
    YEAR = "year", _("Only year of birth known")
    ESTIMATED = "estimated", _("Age estimated")
    UNKNOWN = "unknown", _("Age not known")


NATIONALITY_CHOICES = lazy_choices(NATIONALITIES)
COUNTRY_CHOICES = lazy_choices(COUNTRIES)  # the same codes, named as countries
HOME_PROVINCE_CHOICES = [*PROVINCE_CHOICES, (ABROAD, _("Abroad"))]


class Person(models.Model):
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="persons")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    given_name = EncryptedTextField(_("given name (Latin script)"), max_length=NAME_MAX, blank=True)
    family_name = EncryptedTextField(
        _("family name (Latin script)"), max_length=NAME_MAX, blank=True
    )
    name_km = EncryptedTextField(_("name in Khmer script"), max_length=NAME_MAX, blank=True)
    aliases = EncryptedJSONField(_("aliases and nicknames"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    age_precision = models.CharField(
        _("how the age is known"),
        max_length=10,
        choices=AgePrecision.choices,
        default=AgePrecision.UNKNOWN,
    )
    nationality = models.CharField(
        _("nationality"), max_length=2, choices=NATIONALITY_CHOICES, default="KH"
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=PHONE_MAX, blank=True)
    village = EncryptedTextField(_("home village"), max_length=PLACE_MAX, blank=True)
    commune = EncryptedTextField(_("commune"), max_length=PLACE_MAX, blank=True)
    district = EncryptedTextField(_("district"), max_length=PLACE_MAX, blank=True)
    province = models.CharField(
        _("home province"), max_length=2, choices=HOME_PROVINCE_CHOICES, blank=True
    )
    foreign_address = EncryptedTextField(_("address abroad"), max_length=ADDRESS_MAX, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner_agency", "-created_at"]),
            # The person list walks this index newest first and stops after one page.
            models.Index(fields=["-created_at", "-id"], name="person_newest_first"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return person_number(self.pk) if self.pk else "P-new"

    @property
    def display_name(self) -> str:
        latin = " ".join(part for part in (self.family_name, self.given_name) if part)
        return latin or self.name_km or str(_("(name not given)"))

    def age_on(self, year: int) -> int | None:
        if self.birth_year is None:
            return None
        return year - self.birth_year


class PersonSearchKey(models.Model):
    """One blinded search key of a person: a name word, the joined name, a phone or a document."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_keys")
    key = models.CharField(max_length=32, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="unique_search_key")]
        # Search reads (key, person) pairs from the index alone, without visiting the table.
        indexes = [models.Index(fields=["key", "person"], name="search_key_person")]

    def __str__(self) -> str:
        return f"search key of P-{self.person_id}"


class PersonNameSyllable(models.Model):
    """One folded syllable of a person's names (Latin, Khmer script transliterated, aliases),
    blinded with the index key: the table holds no name, only keyed hashes.

    Search counts how many of the searched syllables a person holds, whatever their order and
    however they were joined ("Srey Mom", "Sreymom"). Birth year, sex and the number of the
    person's syllables ride along in each row, so candidates are ranked from the index alone.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_syllables")
    key = models.CharField(max_length=16)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=8, blank=True)
    syllables = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="unique_name_syllable")
        ]
        # Candidates are found by walking one syllable's persons newest first and probing the
        # others by (person, key); PostgreSQL answers both from the indexes alone.
        indexes = [
            models.Index(
                fields=["key", "person"],
                include=["birth_year", "sex", "syllables"],
                name="name_syllable_key_person",
            )
        ]

    def __str__(self) -> str:
        return f"name syllable of P-{self.person_id}"


class DocumentKind(models.TextChoices):
    NATIONAL_ID = "national_id", _("National identity card")
    PASSPORT = "passport", _("Passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    FAMILY_BOOK = "family_book", _("Family book")
    WORK_PERMIT = "work_permit", _("Work permit")
    BORDER_PASS = "border_pass", _("Border pass")
    OTHER = "other", _("Other document")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    number = EncryptedTextField(_("number"), max_length=DOCUMENT_MAX)
    issuing_country = models.CharField(
        _("issued by"), max_length=2, choices=COUNTRY_CHOICES, default="KH"
    )
    held_by_other = models.BooleanField(
        _("held by someone else"),
        default=False,
        help_text=_("The document is kept by an employer, broker or other person."),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} of P-{self.person_id}"


class ConsentScope(models.TextChoices):
    SERVICES = "services", _("Receive services")
    REFERRAL = "referral", _("Be referred to service providers")
    SHARE = "share", _("Share the record with a named agency")
    STATISTICS = "statistics", _("Be counted in statistics")


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", _("Signed form")
    VERBAL = "verbal", _("Verbal, witnessed")
    THUMBPRINT = "thumbprint", _("Thumbprint")
    GUARDIAN = "guardian", _("Given by parent or guardian")


class Consent(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("consent to"), max_length=12, choices=ConsentScope.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("For sharing: the agency the person agreed to share with."),
    )
    method = models.CharField(
        _("how consent was given"), max_length=12, choices=ConsentMethod.choices
    )
    given_on = models.DateField(_("date given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = EncryptedTextField(_("reason for withdrawing"), max_length=200, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(scope="share") | models.Q(agency__isnull=False),
                name="share_consent_names_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} consent of P-{self.person_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class AccessSource(models.TextChoices):
    OWNER = "owner", _("Recorded by the agency")
    CONSENT = "consent", _("Consent to share")
    REFERRAL = "referral", _("Referral received")
    IDENTIFICATION_REQUEST = "id_request", _("Request for formal identification")
    OPERATION = "operation", _("Found in an operation of the agency")
    TIP = "tip", _("Tip assigned to the agency")
    REPATRIATION = "repatriation", _("Repatriation handled by the agency")


class PersonAccess(models.Model):
    """Which agencies may see a person, and on what ground. Visibility is one indexed join."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=AccessSource.choices)
    source_id = models.BigIntegerField(null=True, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "person"], name="access_agency_person")]

    def __str__(self) -> str:
        return f"{self.agency_id} sees P-{self.person_id} ({self.source})"
