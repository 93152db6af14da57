from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossborderConfig(AppConfig):
    """Work across borders: deportation lists received at transit centres, repatriation both
    ways, family tracing and child custody transfer, requests to and from counterparts, foreign
    identifications recognised, and the exchange format counterparts' systems use."""

    name = "rumdoh.crossborder"
    label = "crossborder"
    verbose_name = _("Across borders")

    def ready(self) -> None:
        from rumdoh.crossborder import checks  # noqa: F401 - checks register themselves
        from rumdoh.crossborder.messages import register_kinds
        from rumdoh.crossborder.statistics import register_measures

        register_kinds()
        register_measures()
