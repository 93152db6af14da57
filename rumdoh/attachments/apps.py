from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "rumdoh.attachments"
    verbose_name = "Attachments"

    def ready(self) -> None:
        from rumdoh.attachments.services import erase_case_files
        from rumdoh.justice.retention import case_erased

        case_erased.connect(erase_case_files, dispatch_uid="attachments.erase_case_files")
