from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "rumdoh.screening"
    label = "screening"
