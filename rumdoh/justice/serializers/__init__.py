"""Serializers of the justice API. Every choice field names its own schema component, so that
fields of the same name (``status``, ``outcome``, ``kind``) never collide in the OpenAPI schema.

The package exports the serializers the API's views use; the fields they share are in
``common``."""

from rumdoh.justice.serializers.cases import (
    CaseEditSerializer,
    CaseFeedbackSerializer,
    CriminalCaseSerializer,
    NotesSerializer,
    NotificationSerializer,
    ProsecutorSerializer,
    StageMoveSerializer,
    TransitionSerializer,
)
from rumdoh.justice.serializers.court import (
    HearingSerializer,
    HearingUpdateSerializer,
    SettlementSerializer,
    VerdictSerializer,
)
from rumdoh.justice.serializers.custody import (
    ArrestSerializer,
    CheckInSerializer,
    CustodyOutcomeSerializer,
    SupervisionSerializer,
    WarrantSerializer,
    WarrantStatusSerializer,
)
from rumdoh.justice.serializers.interviews import (
    InterviewSerializer,
    InvitationSerializer,
)
from rumdoh.justice.serializers.orders import (
    CompensationAssessmentSerializer,
    CompensationClaimSerializer,
    CompensationOrderSerializer,
    EnforcementSerializer,
    PaymentSerializer,
)
from rumdoh.justice.serializers.parties import (
    ChargeSerializer,
    NonPunishmentFlagSerializer,
    NonPunishmentReviewSerializer,
    OffenceSerializer,
    SuspectSerializer,
    VictimChangeSerializer,
    VictimSerializer,
)

__all__ = [
    "ArrestSerializer",
    "CaseEditSerializer",
    "CaseFeedbackSerializer",
    "ChargeSerializer",
    "CheckInSerializer",
    "CompensationAssessmentSerializer",
    "CompensationClaimSerializer",
    "CompensationOrderSerializer",
    "CriminalCaseSerializer",
    "CustodyOutcomeSerializer",
    "EnforcementSerializer",
    "HearingSerializer",
    "HearingUpdateSerializer",
    "InterviewSerializer",
    "InvitationSerializer",
    "NonPunishmentFlagSerializer",
    "NonPunishmentReviewSerializer",
    "NotesSerializer",
    "NotificationSerializer",
    "OffenceSerializer",
    "PaymentSerializer",
    "ProsecutorSerializer",
    "SettlementSerializer",
    "StageMoveSerializer",
    "SupervisionSerializer",
    "SuspectSerializer",
    "TransitionSerializer",
    "VerdictSerializer",
    "VictimChangeSerializer",
    "VictimSerializer",
    "WarrantSerializer",
    "WarrantStatusSerializer",
]
