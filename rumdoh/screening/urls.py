from django.urls import path

from rumdoh.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.start, name="start"),
    path("new/<slug:kind>/", views.screen, name="form"),
    path("records/", views.screening_list, name="list"),
    path("records/<int:pk>/", views.detail, name="detail"),
]
