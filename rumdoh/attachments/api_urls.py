from rest_framework.routers import SimpleRouter

from .api import AttachmentViewSet

router = SimpleRouter()
router.register("attachments", AttachmentViewSet, basename="attachment")
urlpatterns = router.urls
