from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "rumdoh.justice"
    verbose_name = "Justice"

    def ready(self) -> None:
        from rumdoh.justice import alerts

        alerts.register_kinds()
