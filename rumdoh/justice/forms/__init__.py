"""Forms of the justice pages. Every message in the user's language; dates never in the future."""

from rumdoh.justice.forms.cases import (
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    NotesForm,
    ProsecutorForm,
    StageForm,
)
from rumdoh.justice.forms.court import HearingForm, HearingUpdateForm, SettlementForm, VerdictForm
from rumdoh.justice.forms.custody import (
    ArrestForm,
    CheckInForm,
    CustodyOutcomeForm,
    SupervisionForm,
    WarrantForm,
    WarrantStatusForm,
)
from rumdoh.justice.forms.interviews import InterviewForm, InviteForm
from rumdoh.justice.forms.orders import (
    CalculatorForm,
    EnforcementForm,
    OrderForm,
    PaymentForm,
)
from rumdoh.justice.forms.parties import (
    AbscondForm,
    ChargeForm,
    NonPunishmentForm,
    NonPunishmentReviewForm,
    PersonSearchForm,
    SuspectEditForm,
    SuspectForm,
    VictimAddForm,
    VictimForm,
)

__all__ = [
    "AbscondForm",
    "ArrestForm",
    "CalculatorForm",
    "CaseEditForm",
    "CaseFilterForm",
    "CaseForm",
    "ChargeForm",
    "CheckInForm",
    "CustodyOutcomeForm",
    "EnforcementForm",
    "HearingForm",
    "HearingUpdateForm",
    "InterviewForm",
    "InviteForm",
    "NonPunishmentForm",
    "NonPunishmentReviewForm",
    "NotesForm",
    "OrderForm",
    "PaymentForm",
    "PersonSearchForm",
    "ProsecutorForm",
    "SettlementForm",
    "StageForm",
    "SupervisionForm",
    "SuspectEditForm",
    "SuspectForm",
    "VerdictForm",
    "VictimAddForm",
    "VictimForm",
    "WarrantForm",
    "WarrantStatusForm",
]
