from rumdoh.labour.models.complaints import Complaint, ComplaintEvent, ComplaintReferral
from rumdoh.labour.models.prevention import PreventionActivity
from rumdoh.labour.models.recruiters import (
    Branch,
    Broker,
    ConductAssessment,
    FeeRecord,
    RecruitmentAgency,
    SanctionRecord,
)
from rumdoh.labour.models.worksites import Inspection, Worksite

__all__ = [
    "Branch",
    "Broker",
    "Complaint",
    "ComplaintEvent",
    "ComplaintReferral",
    "ConductAssessment",
    "FeeRecord",
    "Inspection",
    "PreventionActivity",
    "RecruitmentAgency",
    "SanctionRecord",
    "Worksite",
]
