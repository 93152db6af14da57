from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "rumdoh.protection"
    label = "protection"

    def ready(self) -> None:
        from rumdoh.people.services import referral_consent_withdrawn
        from rumdoh.protection import identification_requests

        identification_requests.register_kinds()
        referral_consent_withdrawn.connect(
            identification_requests.close_on_consent_withdrawn,
            dispatch_uid="protection.close_identification_requests",
        )
