"""Erase the personal data of criminal cases past their retention (docs/data-protocol.md)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rumdoh.justice import retention


class Command(BaseCommand):
    help = (
        "Criminal cases final for ten years, with no defendant convicted in absentia still sought "
        "and no compensation unpaid, lose their sealed personal data; what the statistics count "
        "stays. Without --apply, only says what would be erased."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Erase; otherwise only count.")
        parser.add_argument("--as-of", help="Review as on this date (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["as_of"]:
            try:
                today = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError("--as-of must be a date, YYYY-MM-DD.") from None
        found = retention.review(today)
        self.stdout.write(
            f"As of {today}: {found.due} case(s) due for erasure; kept longer: "
            f"{found.kept_absconder} with a defendant convicted in absentia still sought, "
            f"{found.kept_unpaid} with compensation unpaid."
        )
        if not options["apply"]:
            self.stdout.write("Nothing erased (run with --apply to erase).")
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  erased {done:,} of {total:,}")

        erased = sum(1 for _ in retention.apply(today, progress))
        self.stdout.write(f"Erased the personal data of {erased} case(s).")
