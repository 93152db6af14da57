"""Raise the alerts of labour complaints' deadlines (for a timer; requests also raise them)."""

from typing import Any

from django.core.management.base import BaseCommand

from rumdoh.labour.alerts import raise_due_alerts


class Command(BaseCommand):
    help = (
        "Alert on labour complaints without a conciliation hearing within three weeks and on "
        "claims near or past the two months to go to court. Each deadline alerts once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = raise_due_alerts()
        self.stdout.write(
            f"Alerts raised: {counts['conciliation']} conciliation, {counts['court']} court."
        )
