from django.urls import path
from rest_framework.routers import SimpleRouter

from rumdoh.justice import api

router = SimpleRouter()
router.register("criminal-cases", api.CriminalCaseViewSet, basename="criminal-case")
router.register("case-feedback", api.CaseFeedbackViewSet, basename="case-feedback")
router.register("victims", api.VictimViewSet, basename="victim")
router.register("suspects", api.SuspectViewSet, basename="suspect")
router.register("charges", api.ChargeViewSet, basename="charge")
router.register("arrests", api.ArrestViewSet, basename="arrest")
router.register("warrants", api.WarrantViewSet, basename="warrant")
router.register("supervisions", api.SupervisionViewSet, basename="supervision")
router.register("hearings", api.HearingViewSet, basename="hearing")
router.register("verdicts", api.VerdictViewSet, basename="verdict")
router.register("settlements", api.SettlementViewSet, basename="settlement")
router.register("compensation-orders", api.CompensationOrderViewSet, basename="compensation-order")
router.register("interviews", api.InterviewViewSet, basename="interview")
router.register("interview-invitations", api.InvitationViewSet, basename="interview-invitation")
router.register("notifications", api.NotificationViewSet, basename="notification")
urlpatterns = [
    path("offences/", api.OffenceListView.as_view(), name="offences"),
    path("compensation/calculate/", api.CalculatorView.as_view(), name="compensation-calculate"),
    *router.urls,
]
