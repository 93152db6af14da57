"""Code lists of the labour app, with their labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.labour.rules.complaints import Stage as S
from rumdoh.labour.rules.risk import WorksiteKind as W


class Stage(models.TextChoices):
    FILED = S.FILED.value, _("Filed")
    HEARING_SCHEDULED = S.HEARING_SCHEDULED.value, _("Conciliation hearing scheduled")
    AGREEMENT = S.AGREEMENT.value, _("Agreement signed")
    NON_CONCILIATION = S.NON_CONCILIATION.value, _("Non-conciliation")
    IN_COURT = S.IN_COURT.value, _("Before the court")
    LAPSED = S.LAPSED.value, _("Lapsed: not taken to court in time")
    CLOSED = S.CLOSED.value, _("Closed")


class Receiver(models.TextChoices):
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial labour department")
    MINISTRY = "ministry", _("Labour ministry (Phnom Penh)")
    MRC = "mrc", _("Migrant Resource Centre")


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    FINE = "fine", _("Fine")
    SUSPENSION = "suspension", _("Licence suspended")
    REVOCATION = "revocation", _("Licence revoked")


class WorksiteKind(models.TextChoices):
    SCAM_COMPOUND = W.SCAM_COMPOUND.value, _("Scam compound")
    BRICK_KILN = W.BRICK_KILN.value, _("Brick kiln")
    ENTERTAINMENT = W.ENTERTAINMENT.value, _("Entertainment venue")
    FISHING = W.FISHING.value, _("Fishing")
    CONSTRUCTION = W.CONSTRUCTION.value, _("Construction site")
    PLANTATION = W.PLANTATION.value, _("Plantation")
    FACTORY = W.FACTORY.value, _("Factory")
    OTHER = W.OTHER.value, _("Other")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Carried out")
    CANCELLED = "cancelled", _("Cancelled")


class PreventionKind(models.TextChoices):
    TRAINING = "training", _("Training session")
    AWARENESS = "awareness", _("Awareness campaign")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure orientation")


# The sources of a worksite's risk score (labour.queries.register_risk_source), in words.
RISK_SOURCE_LABELS = {
    "kind": _("Kind of place"),
    "complaints": _("Labour complaints"),
    "crime_indicated": _("Complaints whose screening indicated a crime"),
    "criminal_cases": _("Criminal cases"),
    "findings": _("Inspections that found violations"),
    "tips": _("Linked tips"),
    "raids": _("Linked raids"),
}
