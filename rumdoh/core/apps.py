from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rumdoh.core"
    label = "core"

    def ready(self) -> None:
        from rumdoh.core import api_audit  # noqa: F401  (registers the check rumdoh.E002)
