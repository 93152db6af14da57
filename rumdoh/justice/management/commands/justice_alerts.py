"""Raise the alerts of deadlines passed: run every few minutes (cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from rumdoh.justice.alerts import raise_due_alerts


class Command(BaseCommand):
    help = (
        "Alert supervisors to arrests held 48 hours without charge or release, the police and "
        "prosecutor to missed supervision check-ins, and the prosecutor and case workers to "
        "overdue compensation orders. Each deadline alerts once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = raise_due_alerts()
        self.stdout.write(
            f"custody: {counts['custody']}, check-ins: {counts['check_ins']}, "
            f"orders: {counts['orders']}"
        )
