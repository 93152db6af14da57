from rest_framework.routers import SimpleRouter

from rumdoh.intake.api import TipViewSet

router = SimpleRouter()
router.register("tips", TipViewSet, basename="tip")
urlpatterns = router.urls
