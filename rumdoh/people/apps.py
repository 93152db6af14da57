from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "rumdoh.people"
    label = "people"

    def ready(self) -> None:
        from rumdoh.people import api_audit  # noqa: F401  (registers the check rumdoh.E002)
