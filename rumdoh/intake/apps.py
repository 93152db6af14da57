from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Tips and reports from every channel, the public report form, triage, and what each became."""

    name = "rumdoh.intake"
    label = "intake"
    verbose_name = "Intake"

    def ready(self) -> None:
        from rumdoh.intake import alerts, checks  # noqa: F401 - checks register themselves

        alerts.register_kinds()
