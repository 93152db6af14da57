from rest_framework.routers import SimpleRouter

from rumdoh.linkage.api import LinkRunViewSet, ReviewPairViewSet

router = SimpleRouter()
router.register("linkage/queue", ReviewPairViewSet, basename="link-pair")
router.register("linkage/runs", LinkRunViewSet, basename="link-run")
urlpatterns = router.urls
