from django.urls import path

from rumdoh.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.operation_list, name="list"),
    path("new/", views.operation_create, name="create"),
    path("deportations/bypassed/", views.bypassed, name="bypassed"),
    path("<int:pk>/", views.operation_detail, name="detail"),
    path("<int:pk>/edit/", views.operation_edit, name="edit"),
    path("<int:pk>/roster/import/", views.roster_import, name="roster_import"),
    path("<int:pk>/roster/new/", views.entry_add, name="entry_add"),
    path("<int:pk>/screen/", views.screen_next, name="screen_next"),
    path("<int:pk>/screen/<int:entry_pk>/", views.screen, name="screen"),
    path("<int:pk>/roster/<int:entry_pk>/deport/", views.deport, name="deport"),
    path("<int:pk>/roster/<int:entry_pk>/release/", views.release, name="release"),
    path("<int:pk>/submissions/", views.offline_import, name="offline_import"),
]
