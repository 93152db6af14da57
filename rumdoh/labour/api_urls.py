from rest_framework.routers import SimpleRouter

from rumdoh.labour import api

router = SimpleRouter()
router.register("labour-complaints", api.ComplaintViewSet, basename="labour-complaint")
router.register("recruitment-agencies", api.RecruiterViewSet, basename="recruitment-agency")
router.register("labour/worksites", api.WorksiteViewSet, basename="labour-worksite")
router.register("labour/inspections", api.InspectionViewSet, basename="labour-inspection")
router.register("labour/prevention", api.PreventionViewSet, basename="labour-prevention")
urlpatterns = router.urls
