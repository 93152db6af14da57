from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    CounterpartRequestViewSet,
    DeportationListViewSet,
    DeporteeViewSet,
    ExchangeKeyView,
    ExchangeMessageView,
    OutboxView,
    RecognitionViewSet,
    RepatriationViewSet,
)

router = SimpleRouter()
router.register("crossborder/lists", DeportationListViewSet, basename="deportation-list")
router.register("crossborder/deportees", DeporteeViewSet, basename="deportee")
router.register("crossborder/repatriations", RepatriationViewSet, basename="repatriation")
router.register("crossborder/requests", CounterpartRequestViewSet, basename="counterpart-request")
router.register("crossborder/recognitions", RecognitionViewSet, basename="recognition")
urlpatterns = [
    *router.urls,
    path("crossborder/messages", ExchangeMessageView.as_view(), name="crossborder-messages"),
    path("crossborder/exchange-key", ExchangeKeyView.as_view(), name="crossborder-exchange-key"),
    path("crossborder/outbox", OutboxView.as_view(), name="crossborder-outbox"),
]
