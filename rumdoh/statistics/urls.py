from django.urls import path

from rumdoh.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.csv", views.download, name="download"),
]
