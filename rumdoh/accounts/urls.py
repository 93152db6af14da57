from django.contrib.auth.views import LogoutView
from django.urls import path

from rumdoh.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("audit/", views.audit_trail, name="audit"),
    path("users/", views.agency_users, name="users"),
    path("users/<int:pk>/toggle/", views.agency_user_toggle, name="user_toggle"),
    path(
        "users/<int:pk>/reset-two-factor/",
        views.agency_user_reset_two_factor,
        name="user_reset_two_factor",
    ),
]
