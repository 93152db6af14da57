from django.contrib.auth.views import LogoutView
from django.urls import path

from rumdoh.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("password/", views.own_password, name="password"),
    path("audit/", views.audit_trail, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("users/", views.agency_users, name="users"),
    path("users/new/", views.agency_user_create, name="user_create"),
    path("users/<int:pk>/role/", views.agency_user_role, name="user_role"),
    path("users/<int:pk>/password/", views.agency_user_password, name="user_password"),
    path("users/<int:pk>/toggle/", views.agency_user_toggle, name="user_toggle"),
    path(
        "users/<int:pk>/reset-two-factor/",
        views.agency_user_reset_two_factor,
        name="user_reset_two_factor",
    ),
]
