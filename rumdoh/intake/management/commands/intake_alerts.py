from django.core.management.base import BaseCommand

from rumdoh.intake.alerts import raise_tip_alerts


class Command(BaseCommand):
    help = "Alert the supervisors of tips that have had no outcome by their due time."

    def handle(self, *args: object, **options: object) -> None:
        count = raise_tip_alerts()
        self.stdout.write(f"{count} overdue tip(s) alerted.")
