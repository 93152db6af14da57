"""Code lists of the protection app, aligned with the HTCDS and the Minimum Standards."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.protection.rules import entitlements


class Exploitation(models.TextChoices):
    """Forms of exploitation (HTCDS types, plus forced criminality)."""

    SEXUAL = "sexual_exploitation", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour or services")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminality")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    SLAVERY = "slavery", _("Slavery and similar practices")
    SERVITUDE = "servitude", _("Servitude")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    SCAM_COMPOUND = "scam_compound", _("Online scam compound")
    FISHING = "fishing", _("Fishing")
    CONSTRUCTION = "construction", _("Construction")
    AGRICULTURE = "agriculture", _("Agriculture or plantation")
    FACTORY = "factory", _("Factory")
    BRICK_KILN = "brick_kiln", _("Brick kiln")
    DOMESTIC_WORK = "domestic_work", _("Domestic work")
    BEGGING = "begging", _("Begging")
    ENTERTAINMENT = "entertainment", _("Entertainment venue or sex industry")
    ONLINE_CHILD_ABUSE = "online_child_abuse", _("Online sexual exploitation of children")
    MARRIAGE = "marriage", _("Marriage")
    SURROGACY = "surrogacy", _("Surrogacy")
    ORPHANAGE = "orphanage", _("Orphanage")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Basis(models.TextChoices):
    SCREENING = "screening", _("Screening")
    INTERVIEW = "structured_interview", _("Structured interview")
    SHORT_FORM = "short_form", _("Short identification form")
    DETAILED_FORM = "detailed_form", _("Detailed identification form")
    FOREIGN = "foreign_identification", _("Identification by a competent authority abroad")


class Designation(models.TextChoices):
    SUSPECTED = "suspected_victim", _("Suspected victim")
    NOT_VICTIM = "not_victim", _("Not identified as a victim")


class ServiceArea(models.TextChoices):
    HOUSING = "housing", _("Housing and accommodation")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support and counselling")
    EDUCATION = "education", _("Education, training and life skills")
    ECONOMIC = "economic", _("Economic empowerment")
    ADMINISTRATIVE = "administrative", _("Administrative assistance")
    SAFETY = "safety", _("Safety and security")
    FAMILY = "family", _("Assistance to family members")
    CASE_MANAGEMENT = "case_management", _("Case management")
    LEGAL_AID = "legal_aid", _("Legal aid")
    REPATRIATION = "repatriation", _("Repatriation support")


class Entitlement(models.TextChoices):
    FOOD_ALLOWANCE = entitlements.FOOD_ALLOWANCE, _("Food allowance (150,000 riel)")
    LIVING_STIPEND = entitlements.LIVING_STIPEND, _("Living stipend (120,000 riel a month)")


class Stage(models.TextChoices):
    IDENTIFICATION = "identification", _("Identification")
    CRISIS = "crisis_intervention", _("Crisis intervention")
    REPATRIATION = "repatriation", _("Repatriation")
    REFERRAL = "referral", _("Referral")
    RECEPTION = "reception", _("Reception")
    PLANNING = "case_planning", _("Case planning")
    ASSESSMENT = "assessment", _("Assessment")
    RECOVERY = "recovery", _("Recovery")
    REINTEGRATION = "reintegration", _("Reintegration")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSURE = "case_closure", _("Case closure")


OPEN_STAGES = [s for s in Stage if s != Stage.CLOSURE]


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated")
    TRANSFERRED = "transferred", _("Transferred to another agency")
    DECLINED = "declined_services", _("Declined services")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting response")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FollowUpOutcome(models.TextChoices):
    STABLE = "stable", _("Safe and stable")
    NEEDS_SUPPORT = "needs_support", _("Needs more support")
    AT_RISK = "at_risk", _("At risk")
    NOT_REACHED = "not_reached", _("Could not be reached")


class Sexes(models.TextChoices):
    FEMALE = "female", _("Women and girls")
    MALE = "male", _("Men and boys")
    OTHER = "other", _("Other")
