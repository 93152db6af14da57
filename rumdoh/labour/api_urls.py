from rest_framework.routers import SimpleRouter

from rumdoh.labour import api

router = SimpleRouter()
router.register("labour-complaints", api.ComplaintViewSet, basename="labour-complaint")
router.register("recruitment-agencies", api.RecruiterViewSet, basename="recruitment-agency")
urlpatterns = router.urls
