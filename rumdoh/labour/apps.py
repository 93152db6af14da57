from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    """Labour complaints and their deadlines, recruitment agencies and brokers, risky worksites and
    their inspections, prevention records, and the public recruiter check and rights pages."""

    name = "rumdoh.labour"
    label = "labour"
    verbose_name = _("Labour")

    def ready(self) -> None:
        from rumdoh.labour import alerts

        alerts.register_kinds()

        from rumdoh.labour.statistics import prevention_section
        from rumdoh.statistics import sections

        sections.register(prevention_section)

        from rumdoh.justice import panels
        from rumdoh.labour.case_panel import referral_panel

        panels.register(referral_panel)
