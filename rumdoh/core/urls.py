from django.urls import path

from rumdoh.core import views

app_name = "core"
urlpatterns = [
    path("fonts/<str:name>", views.font, name="font"),
    path("health/", views.health, name="health"),
]
