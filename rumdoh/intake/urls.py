from django.urls import path

from rumdoh.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.tip_list, name="list"),
    path("new/", views.new_tip, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
]
