from django.urls import path

from rumdoh.screening import field_views, views

app_name = "screening"
urlpatterns = [
    path("", views.start, name="start"),
    path("new/<slug:kind>/", views.screen, name="form"),
    path("records/", views.screening_list, name="list"),
    path("records/<int:pk>/", views.detail, name="detail"),
    path("field/", field_views.field_forms, name="field"),
    path("field/forms/<slug:kind>.xlsx", field_views.download, name="field_download"),
    path("field/imports/new/", field_views.upload, name="field_upload"),
    path("field/imports/<int:pk>/", field_views.import_detail, name="field_import"),
]
