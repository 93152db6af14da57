from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "rumdoh.attachments"
    verbose_name = "Attachments"
