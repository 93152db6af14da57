from django.urls import path

from rumdoh.intake import public

app_name = "report"
urlpatterns = [
    path("", public.report, name="form"),
    path("received/", public.received, name="received"),
    path("status/", public.status, name="status"),
]
