from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "rumdoh.protection"
    label = "protection"

    def ready(self) -> None:
        from rumdoh.protection import identification_requests

        identification_requests.register_kinds()
