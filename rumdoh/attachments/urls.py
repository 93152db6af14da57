from django.urls import path

from . import views

app_name = "attachments"
urlpatterns = [
    path("<slug:parent>/<int:pk>/", views.attachment_list, name="list"),
    path("<slug:parent>/<int:pk>/upload/", views.attachment_upload, name="upload"),
    path("<int:pk>/download/", views.attachment_download, name="download"),
    path("<int:pk>/delete/", views.attachment_delete, name="delete"),
]
