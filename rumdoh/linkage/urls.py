from django.urls import path

from rumdoh.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pk>/", views.pair, name="pair"),
    path("runs/", views.runs, name="runs"),
    path("runs/start/", views.start_run, name="start_run"),
    path("runs/<int:pk>/", views.run_progress, name="run"),
]
