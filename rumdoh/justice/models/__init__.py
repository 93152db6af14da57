"""Criminal cases: suspects, charges, arrests, warrants, supervision, hearings, verdicts,
settlements, victims in the process, their interviews, and compensation.

A case belongs to the police unit that opened it; the prosecutor's office and the court join it
as it moves on. Every free text that can name or locate a person is sealed at rest: suspects'
names, aliases, handles and company names, places, the officials named, reasons, notes and every
narrative field. Sealed values cannot be filtered or ordered on; suspects are found through their
blinded keys (SuspectKey). History is kept: stage moves, check-ins, payments and enforcement steps
are added, never edited.
"""

from rumdoh.justice.models.cases import CaseHolder, CriminalCase, HolderRole, StageTransition
from rumdoh.justice.models.court import Hearing, Settlement, Verdict
from rumdoh.justice.models.custody import Arrest, CheckIn, Supervision, Warrant
from rumdoh.justice.models.interviews import Interview, JointInterviewInvitation
from rumdoh.justice.models.orders import (
    CompensationOrder,
    CompensationWorksheet,
    EnforcementStep,
    Payment,
)
from rumdoh.justice.models.parties import CaseVictim, Charge, Suspect, SuspectKey

__all__ = [
    "Arrest",
    "CaseHolder",
    "CaseVictim",
    "Charge",
    "CheckIn",
    "CompensationOrder",
    "CompensationWorksheet",
    "CriminalCase",
    "EnforcementStep",
    "Hearing",
    "HolderRole",
    "Interview",
    "JointInterviewInvitation",
    "Payment",
    "Settlement",
    "StageTransition",
    "Supervision",
    "Suspect",
    "SuspectKey",
    "Verdict",
    "Warrant",
]
