from django.urls import path

from rumdoh.crossborder import views

app_name = "crossborder"

urlpatterns = [
    path("lists/", views.list_index, name="lists"),
    path("lists/new/", views.list_upload, name="list_upload"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/arrivals/", views.arrive_many, name="arrive_many"),
    path("deportees/<int:pk>/arrived/", views.arrive, name="arrive"),
    path("deportees/<int:pk>/absent/", views.absent, name="absent"),
    path("deportees/<int:pk>/screen/", views.screen, name="screen"),
    path("repatriations/", views.repatriation_index, name="repatriations"),
    path("repatriations/new/", views.repatriation_new, name="repatriation_new"),
    path("repatriations/<int:pk>/", views.repatriation_detail, name="repatriation_detail"),
    path("repatriations/<int:pk>/stage/", views.repatriation_move, name="repatriation_move"),
    path(
        "repatriations/<int:pk>/assessment/", views.repatriation_assess, name="repatriation_assess"
    ),
    path(
        "repatriations/<int:pk>/custody/", views.repatriation_custody, name="repatriation_custody"
    ),
    path("requests/", views.request_index, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/letter/<str:language>/", views.request_letter, name="request_letter"),
    path("persons/<int:person_pk>/recognise/", views.recognise, name="recognise"),
]
