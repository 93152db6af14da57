from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "rumdoh.notices"
    verbose_name = "Notifications"
