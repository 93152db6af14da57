from rumdoh.labour.models.complaints import Complaint, ComplaintEvent, ComplaintReferral
from rumdoh.labour.models.hotlines import Hotline
from rumdoh.labour.models.prevention import PreventionActivity
from rumdoh.labour.models.recruiters import (
    Branch,
    Broker,
    ConductAssessment,
    ConductPrinciple,
    FeeRecord,
    LicenceTerm,
    RecruitmentAgency,
    SanctionRecord,
)
from rumdoh.labour.models.worksites import (
    Inspection,
    Worksite,
    WorksiteOperation,
    WorksiteTip,
)

__all__ = [
    "Branch",
    "Broker",
    "Complaint",
    "ComplaintEvent",
    "ComplaintReferral",
    "ConductAssessment",
    "ConductPrinciple",
    "FeeRecord",
    "Hotline",
    "Inspection",
    "LicenceTerm",
    "PreventionActivity",
    "RecruitmentAgency",
    "SanctionRecord",
    "Worksite",
    "WorksiteOperation",
    "WorksiteTip",
]
