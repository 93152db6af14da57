"""The justice API: the same access helpers and services as the pages.

Participants of a case (the police unit, the prosecutor's office, the court) read and change it
through the resource endpoints; agencies following a victim read ``case-feedback`` only. A case or
a record of a case the caller may not see answers 404 (or 400 when named in a request body), the
same as one that does not exist.
"""

from rumdoh.justice.api.cases import CaseFeedbackViewSet, CriminalCaseViewSet
from rumdoh.justice.api.common import (
    CASE_PARAMETER,
    LIST_BY_CASE,
    CaseScoped,
    M,
    agency_user_or_400,
    case_or_400,
    member,
)
from rumdoh.justice.api.court import HearingViewSet, SettlementViewSet, VerdictViewSet
from rumdoh.justice.api.custody import ArrestViewSet, SupervisionViewSet, WarrantViewSet
from rumdoh.justice.api.interviews import (
    InterviewViewSet,
    InvitationViewSet,
    interviewed_person_or_400,
)
from rumdoh.justice.api.notices import NotificationViewSet
from rumdoh.justice.api.orders import CalculatorView, CompensationOrderViewSet
from rumdoh.justice.api.parties import ChargeViewSet, OffenceListView, SuspectViewSet, VictimViewSet

__all__ = [
    "CASE_PARAMETER",
    "LIST_BY_CASE",
    "ArrestViewSet",
    "CalculatorView",
    "CaseFeedbackViewSet",
    "CaseScoped",
    "ChargeViewSet",
    "CompensationOrderViewSet",
    "CriminalCaseViewSet",
    "HearingViewSet",
    "InterviewViewSet",
    "InvitationViewSet",
    "M",
    "NotificationViewSet",
    "OffenceListView",
    "SettlementViewSet",
    "SupervisionViewSet",
    "SuspectViewSet",
    "VerdictViewSet",
    "VictimViewSet",
    "WarrantViewSet",
    "agency_user_or_400",
    "case_or_400",
    "interviewed_person_or_400",
    "member",
]
