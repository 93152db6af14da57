from django.urls import path

from rumdoh.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("read-all/", views.read_all, name="read_all"),
]
