from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the commands that load it: sits on top, imports any app, none imports it."""

    name = "rumdoh.demo"
    label = "demo"
    verbose_name = "Demo data"
