"""The justice API: the same access helpers and services as the pages.

Participants of a case (the police unit, the prosecutor's office, the court) read and change it
through the resource endpoints; agencies following a victim read ``case-feedback`` only. A case or
a record of a case the caller may not see answers 404 (or 400 when named in a request body), the
same as one that does not exist.
"""

from rumdoh.justice.api.cases import CaseFeedbackViewSet, CriminalCaseViewSet
from rumdoh.justice.api.court import HearingViewSet, SettlementViewSet, VerdictViewSet
from rumdoh.justice.api.custody import ArrestViewSet, SupervisionViewSet, WarrantViewSet
from rumdoh.justice.api.interviews import InterviewViewSet, InvitationViewSet
from rumdoh.justice.api.notices import NotificationViewSet
from rumdoh.justice.api.orders import CalculatorView, CompensationOrderViewSet
from rumdoh.justice.api.parties import ChargeViewSet, OffenceListView, SuspectViewSet, VictimViewSet

__all__ = [
    "ArrestViewSet",
    "CalculatorView",
    "CaseFeedbackViewSet",
    "ChargeViewSet",
    "CompensationOrderViewSet",
    "CriminalCaseViewSet",
    "HearingViewSet",
    "InterviewViewSet",
    "InvitationViewSet",
    "NotificationViewSet",
    "OffenceListView",
    "SettlementViewSet",
    "SupervisionViewSet",
    "SuspectViewSet",
    "VerdictViewSet",
    "VictimViewSet",
    "WarrantViewSet",
]
