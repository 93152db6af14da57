from django.urls import path
from rest_framework.routers import SimpleRouter

from rumdoh.screening.api import AssessView, ScreeningViewSet
from rumdoh.screening.field_api import FieldFormFileView, FieldFormsView, SubmissionImportView

router = SimpleRouter()
router.register("screenings", ScreeningViewSet, basename="screening")
urlpatterns = [
    path("screening/assess", AssessView.as_view(), name="screening-assess"),
    path("screening/field-forms/", FieldFormsView.as_view(), name="screening-field-forms"),
    path(
        "screening/field-forms/<str:form>/xlsx",
        FieldFormFileView.as_view(),
        name="screening-field-form-xlsx",
    ),
    path("screening/imports", SubmissionImportView.as_view(), name="screening-imports"),
    *router.urls,
]
