"""Code lists of the justice app. Stage, closure and offence codes come from the pure modules."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.justice.rules import clocks, compensation, transitions
from rumdoh.justice.rules.transitions import Stage as S


class Stage(models.TextChoices):
    INVESTIGATION = S.INVESTIGATION.value, _("Investigation")
    SENT_TO_PROSECUTOR = S.SENT_TO_PROSECUTOR.value, _("Case file sent to the prosecutor")
    RETURNED = S.RETURNED.value, _("Returned for further investigation")
    CHARGED = S.CHARGED.value, _("Charged")
    INVESTIGATING_JUDGE = S.INVESTIGATING_JUDGE.value, _("Investigating judge")
    TRIAL = S.TRIAL.value, _("Trial")
    VERDICT = S.VERDICT.value, _("Verdict")
    APPEAL = S.APPEAL.value, _("Appeal")
    FINAL = S.FINAL.value, _("Final")


class Closure(models.TextChoices):
    JUDGMENT = transitions.Closure.JUDGMENT.value, _("Judgment became final")
    DROPPED = transitions.Closure.DROPPED.value, _("Dropped by the prosecutor")
    DISMISSED = transitions.Closure.DISMISSED.value, _("Dismissed by the investigating judge")
    SETTLED = transitions.Closure.SETTLED.value, _("Settled out of court")
    WITHDRAWN = transitions.Closure.WITHDRAWN.value, _("Complaint withdrawn")
    NO_EVIDENCE = transitions.Closure.NO_EVIDENCE.value, _("Insufficient evidence")


class Origin(models.TextChoices):
    REPORT = "report", _("Report or complaint")
    SCREENING = "screening", _("Screening")
    REFERRAL = "referral", _("Referral by another agency")
    RAID = "raid", _("Raid or rescue")
    FOREIGN_REQUEST = "foreign_request", _("Request from abroad")


class Support(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    INTERPRETER = "interpreter", _("Interpreter")
    REMOTE_TESTIMONY = "remote_testimony", _("Remote testimony")


class NonPunishment(models.TextChoices):
    NONE = "", _("Not raised")
    REVIEW = "review", _("Flagged for review")
    APPLIED = "applied", _("Applied: not prosecuted for these acts")
    NOT_APPLIED = "not_applied", _("Reviewed: not applied")


class SuspectKind(models.TextChoices):
    NATURAL = "natural", _("Person")
    LEGAL = "legal", _("Company or organisation")


class SuspectRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    BROKER = "broker", _("Broker")
    HARBOURER = "harbourer", _("Harbourer")
    BUYER = "buyer", _("Buyer")
    EXPLOITER = "exploiter", _("Exploiter")
    EMPLOYER = "employer", _("Employer")
    OFFICIAL = "official", _("Official")
    FINANCIER = "financier", _("Financier")
    OTHER = "other", _("Other")


class Relation(models.TextChoices):
    UNKNOWN = "unknown", _("Not known")
    STRANGER = "stranger", _("Stranger")
    FAMILY = "family", _("Family member")
    PARTNER = "partner", _("Spouse or partner")
    ACQUAINTANCE = "acquaintance", _("Friend, neighbour or acquaintance")
    EMPLOYER = "employer", _("Employer")
    RECRUITMENT_AGENT = "recruitment_agent", _("Recruitment agent")
    OTHER = "other", _("Other")


class CompanyKind(models.TextChoices):
    RECRUITMENT_AGENCY = "recruitment_agency", _("Recruitment agency")
    EMPLOYER = "employer", _("Employer")
    COMPOUND_OPERATOR = "compound_operator", _("Compound operator")
    ENTERTAINMENT = "entertainment", _("Entertainment venue")
    VESSEL_OWNER = "vessel_owner", _("Vessel owner")
    OTHER = "other", _("Other")


class SuspectStatus(models.TextChoices):
    AT_LARGE = "at_large", _("At large")
    IN_CUSTODY = "in_custody", _("In police custody")
    DETAINED = "detained", _("Detained")
    UNDER_SUPERVISION = "under_supervision", _("Under judicial supervision")
    RELEASED = "released", _("Released")
    ABSCONDED = "absconded", _("Absconded")


class ChargeLevel(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended by the police")
    CHARGED = "charged", _("Charged by the prosecutor")


class CustodyOutcome(models.TextChoices):
    NONE = "", _("Still in custody")
    CHARGED = "charged", _("Brought before the prosecutor and charged")
    RELEASED = "released", _("Released")


class WarrantKind(models.TextChoices):
    SUMMONS = "summons", _("Summons")
    ARREST = "arrest", _("Arrest warrant")
    SEARCH = "search", _("Search warrant")


class WarrantStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    SENT = "sent", _("Sent")
    SERVED = "served", _("Served")
    NOT_SERVED = "not_served", _("Not served")


class SentVia(models.TextChoices):
    MESSAGING_APP = "messaging_app", _("Messaging app")
    LETTER = "letter", _("Letter")
    BY_HAND = "by_hand", _("By hand")
    OTHER = "other", _("Other")


class Condition(models.TextChoices):
    REPORT = "report", _("Report to the police on set dates")
    STAY = "stay", _("Stay within a set area")
    PASSPORT = "passport", _("Surrender passport or identity papers")
    NO_CONTACT = "no_contact", _("No contact with the victims or witnesses")
    BAIL = "bail", _("Deposit or surety")
    OTHER = "other", _("Other")


class SupervisionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    ABSCONDED = "absconded", _("Absconded")


class HearingKind(models.TextChoices):
    INVESTIGATING_JUDGE = "investigating_judge", _("Hearing before the investigating judge")
    TRIAL = "trial", _("Trial hearing")
    VERDICT = "verdict", _("Pronouncement of the verdict")
    APPEAL = "appeal", _("Appeal hearing")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted (present)")
    CONVICTED_IN_ABSENTIA = "convicted_in_absentia", _("Convicted in absentia")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")


CONVICTIONS = (VerdictOutcome.CONVICTED, VerdictOutcome.CONVICTED_IN_ABSENTIA)


class Instance(models.TextChoices):
    FIRST = "first_instance", _("First instance")
    APPEAL = "appeal", _("Appeal")
    RETRIAL = "retrial", _("Retrial after arrest")


class SettlementKind(models.TextChoices):
    SETTLEMENT = "settlement", _("Out-of-court settlement")
    WITHDRAWAL = "withdrawal", _("Withdrawal of the complaint")


class Proposer(models.TextChoices):
    VICTIM = "victim", _("The victim")
    VICTIM_FAMILY = "victim_family", _("The victim's family")
    DEFENDANT = "defendant", _("The defendant")
    DEFENDANT_FAMILY = "defendant_family", _("The defendant's family")
    POLICE = "police", _("The police")
    PROSECUTOR = "prosecutor", _("The prosecutor")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    OTHER = "other", _("Other")


class InterviewPurpose(models.TextChoices):
    SCREENING = "screening", _("Screening")
    IDENTIFICATION = "identification", _("Identification")
    STATEMENT = "statement", _("Police statement")
    PROSECUTION = "prosecution", _("Questioning by the prosecutor")
    INVESTIGATING_JUDGE = "investigating_judge", _("Questioning by the investigating judge")
    TRIAL = "trial", _("Testimony at trial")
    CASE_MANAGEMENT = "case_management", _("Case management assessment")
    OTHER = "other", _("Other")


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    BANK = "bank", _("Bank transfer")
    COURT = "court", _("Paid through the court")
    DEPOSIT = "deposit", _("From a recruitment agency's deposit")
    OTHER = "other", _("Other")


class EnforcementKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder to pay")
    SUMMONS = "summons", _("Summons to pay")
    SEIZURE = "seizure", _("Seizure of assets")
    PHYSICAL_FORCE = "physical_force", _("Imprisonment for non-payment (physical force)")
    DEPOSIT_CLAIM = "deposit_claim", _("Claim on a recruitment agency's deposit")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    NONE = compensation.Severity.NONE.value, _("None claimed")
    MODERATE = compensation.Severity.MODERATE.value, _("Moderate")
    SERIOUS = compensation.Severity.SERIOUS.value, _("Serious")
    SEVERE = compensation.Severity.SEVERE.value, _("Severe")


class Head(models.TextChoices):
    WAGES = compensation.Head.WAGES.value, _("Lost or withheld wages")
    MATERIAL = compensation.Head.MATERIAL.value, _("Material and property loss")
    MEDICAL = compensation.Head.MEDICAL.value, _("Medical costs")
    EMOTIONAL = compensation.Head.EMOTIONAL.value, _("Emotional damage")
    PUNITIVE = compensation.Head.PUNITIVE.value, _("Punitive damages")


class CustodyState(models.TextChoices):
    RUNNING = clocks.CustodyState.RUNNING.value, _("Running")
    ENDING = clocks.CustodyState.ENDING.value, _("Ending soon")
    OVERDUE = clocks.CustodyState.OVERDUE.value, _("Overdue: no charge or release at 48 hours")
    RESOLVED = clocks.CustodyState.RESOLVED.value, _("Resolved within 48 hours")
    RESOLVED_LATE = clocks.CustodyState.RESOLVED_LATE.value, _("Resolved after 48 hours")
