from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "rumdoh.protection"
    label = "protection"
