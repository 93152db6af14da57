from rest_framework.routers import SimpleRouter

from rumdoh.protection import api

router = SimpleRouter()
router.register("identifications", api.IdentificationViewSet, basename="identification")
router.register("providers", api.ProviderViewSet, basename="provider")
router.register("referrals", api.ReferralViewSet, basename="referral")
router.register("cases", api.CaseViewSet, basename="case")
router.register("follow-ups", api.FollowUpViewSet, basename="follow-up")
urlpatterns = router.urls
