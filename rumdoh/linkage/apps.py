from django.apps import AppConfig


class LinkageConfig(AppConfig):
    """One person across agencies: probabilistic record linkage of the register (Splink), the
    national pseudonymous person id, and the review of uncertain pairs."""

    name = "rumdoh.linkage"
    label = "linkage"
    verbose_name = "Linkage"
