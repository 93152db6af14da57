from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rumdoh.core"
    label = "core"
