from django.urls import path
from rest_framework.routers import SimpleRouter

from rumdoh.screening.api import AssessView, ScreeningViewSet

router = SimpleRouter()
router.register("screenings", ScreeningViewSet, basename="screening")
urlpatterns = [
    path("screening/assess", AssessView.as_view(), name="screening-assess"),
    *router.urls,
]
