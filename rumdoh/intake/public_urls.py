from django.urls import path

from rumdoh.intake import public

app_name = "report"
urlpatterns = [
    path("", public.report, name="form"),
    path("status/", public.status, name="status"),
]
