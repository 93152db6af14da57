from rest_framework.routers import SimpleRouter

from rumdoh.operations.api import BypassedDeportationViewSet, OperationViewSet, RosterEntryViewSet

router = SimpleRouter()
router.register("operations", OperationViewSet, basename="operation")
router.register("roster-entries", RosterEntryViewSet, basename="roster-entry")
router.register(
    "deportations/bypassed", BypassedDeportationViewSet, basename="bypassed-deportation"
)
urlpatterns = router.urls
