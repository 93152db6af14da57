from django.core.management.base import BaseCommand
from django.utils import timezone

from rumdoh.crossborder.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind agencies of requests to counterparts whose reply is late: the day after the "
        "deadline, then every fortnight until the reply is recorded. Run daily (cron)."
    )

    def handle(self, *args: object, **options: object) -> None:
        sent = send_reminders(timezone.localdate())
        self.stdout.write(f"{sent} reminder(s) sent")
