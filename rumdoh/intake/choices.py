"""The code lists of tips: channels, urgency, what a tip is about, and its outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    AHJPD_HOTLINE = "ahjpd_hotline", _("AHJPD hotline 1288")
    MOWA_HOTLINE = "mowa_hotline", _("Ministry of Women's Affairs hotline")
    EMBASSY_HOTLINE = "embassy_hotline", _("Embassy hotline")
    FACEBOOK = "facebook", _("Facebook message")
    TELEGRAM = "telegram", _("Telegram message")
    NGO = "ngo", _("Report from an NGO")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    WALK_IN = "walk_in", _("Walk-in")
    WEB_FORM = "web_form", _("Public web form")
    PARTNER_SYSTEM = "partner_system", _("Partner hotline system")


# Channels staff may choose: the web form is the public's own.
STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB_FORM]


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent: someone is in danger now")
    NORMAL = "normal", _("Normal")


class Concern(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SCAM_COMPOUND = "scam_compound", _("Forced work in a scam compound")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    CHILD = "child", _("A child at risk")
    MARRIAGE = "marriage", _("Forced or sham marriage")
    MISSING = "missing", _("A missing person")
    OTHER = "other", _("Something else")


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    CLOSED = "closed", _("Outcome recorded")


class Outcome(models.TextChoices):
    NO_ACTION = "no_action", _("No action")
    SCREENING = "screening", _("Screening")
    IDENTIFICATION = "identification", _("Formal identification")
    CRIMINAL_CASE = "criminal_case", _("Criminal case")
    OPERATION = "operation", _("Rescue operation")


class NoActionReason(models.TextChoices):
    NOT_TRAFFICKING = "not_trafficking", _("Not trafficking: referred elsewhere or advice given")
    NOT_FOUND = "not_found", _("Nobody could be found at the place given")
    DUPLICATE = "duplicate", _("Duplicate of another tip")
    FALSE = "false", _("False or malicious report")
    INSUFFICIENT = "insufficient", _("Too little information to act on")
    ABROAD = "abroad", _("Handed to the authorities of another country")
