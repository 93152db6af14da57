from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.actions import action_label
from rumdoh.accounts.rules.roles import Capability, Role, can, requires_two_factor
from rumdoh.accounts.rules.usernames import is_plain
from rumdoh.core.choices import for_reader, lazy_choices
from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.person_numbers import person_number
from rumdoh.core.places import COUNTRIES, PROVINCES


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or national department")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    DISTRICT_OFFICE = "district_office", _("District or commune office")
    COMMITTEE = "committee", _("National or provincial committee")
    POLICE = "police", _("Police unit")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    IMMIGRATION = "immigration", _("Immigration department")
    PROSECUTION = "prosecution", _("Prosecutor's office")
    COURT = "court", _("Court")
    TRANSIT_CENTRE = "transit_centre", _("Transit or victim support centre")
    LABOUR = "labour", _("Labour department")
    EMBASSY = "embassy", _("Embassy or consulate")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")


# The kinds of agency that act on a tip and take part in raids, detention screening and labour
# inspections (domain: police and gendarmerie, immigration, social affairs at every level,
# transit centres, labour, NGOs). Courts and prosecutors judge what these find, embassies
# assist their own nationals, committees coordinate and international organisations receive
# referrals: none of them holds a tip or sees an operation's whole roster.
FIELD_AGENCY_KINDS = frozenset(
    {
        AgencyKind.MINISTRY,
        AgencyKind.PROVINCIAL_DEPARTMENT,
        AgencyKind.DISTRICT_OFFICE,
        AgencyKind.POLICE,
        AgencyKind.GENDARMERIE,
        AgencyKind.IMMIGRATION,
        AgencyKind.TRANSIT_CENTRE,
        AgencyKind.LABOUR,
        AgencyKind.NGO,
    }
)

ROLE_LABELS = {
    Role.SCREENER: _("Screener"),
    Role.CASE_WORKER: _("Case worker"),
    Role.IDENTIFIER: _("Eligible identifier"),
    Role.POLICE_INVESTIGATOR: _("Police investigator"),
    Role.POLICE_SUPERVISOR: _("Police unit supervisor"),
    Role.PROSECUTOR: _("Prosecutor"),
    Role.COURT_CLERK: _("Court clerk"),
    Role.LABOUR_INSPECTOR: _("Labour inspector"),
    Role.NCCT_ANALYST: _("NCCT analyst"),
    Role.AGENCY_ADMIN: _("Agency administrator"),
    Role.SYSTEM_ADMIN: _("System administrator"),
    Role.DATA_STEWARD: _("Data steward"),
    Role.IMMIGRATION_OFFICER: _("Immigration officer"),
    Role.IMMIGRATION_SUPERVISOR: _("Immigration supervisor"),
    Role.HOTLINE_OPERATOR: _("Hotline operator"),
    Role.LICENSING_OFFICER: _("Licensing officer"),
    Role.CONSULAR_OFFICER: _("Consular officer"),
}
ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]

PROVINCE_CHOICES = lazy_choices(PROVINCES)


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="units"
    )
    can_identify = models.BooleanField(
        _("eligible to identify victims"),
        default=False,
        help_text=_("Agencies whose officials may formally identify a suspected victim."),
    )
    is_active = models.BooleanField(default=True)
    # Naming an embassy on a repatriation gives it the person's record: it is named only on the
    # repatriation of a national of the country it represents (rumdoh.crossborder.services).
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=lazy_choices(COUNTRIES),
        blank=True,
        help_text=_(
            "For an embassy or consulate: the country it represents (Cambodia for Cambodia's "
            "embassies abroad). It is named only on the repatriations of that country's "
            "nationals."
        ),
    )
    # Cambodia's embassies abroad are named only on the returns from the country each is posted
    # in: the embassy in Bangkok has no business with a return from Malaysia.
    posted_in = models.CharField(
        _("posted in"),
        max_length=2,
        choices=lazy_choices(COUNTRIES),
        blank=True,
        help_text=_(
            "For Cambodia's embassies and consulates abroad: the country where it is posted. It "
            "is named only on the repatriations of Cambodians coming home from that country."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name  # for logs and the console, in English like every model's

    def clean(self) -> None:
        """A posting abroad is recorded only for one of Cambodia's embassies or consulates."""
        if self.posted_in and (self.kind != AgencyKind.EMBASSY or self.country != "KH"):
            raise ValidationError(
                {"posted_in": _("Only Cambodia's embassies and consulates are posted abroad.")}
            )
        if self.posted_in == "KH":
            raise ValidationError(
                {"posted_in": _("Cambodia's embassies are posted in another country.")}
            )

    @property
    def label(self) -> str:
        """The agency's name in the reader's language: its Khmer name on a Khmer page when it
        has one, else its name. ``name`` stays the one the API, exports and records keep."""
        return for_reader(self.name, self.name_km)


# No agency has this id (ids start at 1): what a user of no agency is filtered by.
NO_AGENCY = 0


#: Why a username is refused: the only words for it, on every form and in the services.
PLAIN_USERNAME = _(
    "Use Latin letters (a-z), digits and . @ + - _ only: a letter of another script can look "
    "like a Latin one and pass for another account."
)


class User(AbstractUser):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=32, choices=ROLE_CHOICES)

    def clean(self) -> None:
        """A username of Latin letters, digits and . @ + - _ (``rules.usernames``), on the
        console's forms too, a new account or a renamed one."""
        super().clean()
        if not is_plain(self.username):
            raise ValidationError({"username": PLAIN_USERNAME})

    def can(self, capability: Capability) -> bool:
        return self.is_active and can(self.role, capability)

    @property
    def needs_two_factor(self) -> bool:
        return requires_two_factor(self.role)

    @property
    def agency_key(self) -> int:
        """The user's agency id to filter by: ``NO_AGENCY``, which matches no row, for a user of
        no agency (a filter by None would match the rows of no agency)."""
        return self.agency_id if self.agency_id is not None else NO_AGENCY

    def acting_agency_id(self) -> int:
        """The agency a record the user makes belongs to; a user of no agency makes none."""
        if self.agency_id is None:
            raise PermissionDenied(_("Only a user of an agency can record this."))
        return self.agency_id


class AuditEvent(models.Model):
    """One read or change of data, written on the same transaction as the change itself."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("agency")
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("type of record"), max_length=64, blank=True)
    object_id = models.CharField(_("record number"), max_length=64, blank=True)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("network address"), null=True, blank=True)
    reason = EncryptedTextField(_("why"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["agency", "-at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    @property
    def record(self) -> str:
        """The record read or changed, named in the reader's language ("criminal case 1" for
        ``justice.criminalcase``); the stored type itself when no model has that name now."""
        if not self.object_type:
            return self.object_id
        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            kind = self.object_type
        else:
            kind = str(model._meta.verbose_name)
        return f"{kind} {self.object_id}".strip()

    @property
    def label(self) -> str:
        """What was done, in the reader's language (the code itself when it has no label)."""
        return action_label(self.action)

    @property
    def person_number(self) -> str:
        """The number of the person concerned, as users see it; empty when there is none."""
        return person_number(self.person_id) if self.person_id else ""
