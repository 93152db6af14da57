from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Raids and rescues, detention-centre screening sessions and labour inspections: their rosters
    of the people found, screening person after person, and no deportation without screening."""

    name = "rumdoh.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from rumdoh.operations import checks  # noqa: F401 - checks register themselves
