"""(Re)build the blinded syllable index of every person's names, with progress.

Run after a bulk load that wrote persons without going through the services, or after the
folding of names changed. Persons are read in id order, a batch per transaction, so the command
can be stopped and resumed (``--after``) and searches keep working while it runs.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rumdoh.people.models import Person
from rumdoh.people.search import rebuild_batch


class Command(BaseCommand):
    help = "Rebuild the blinded name-syllable index that ranks person searches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=2000, help="persons per transaction")
        parser.add_argument("--after", type=int, default=0, help="start after this person id")

    def handle(self, *args: Any, **options: Any) -> None:
        total = Person.objects.filter(id__gt=options["after"]).count()
        done, last, started = 0, options["after"], time.monotonic()
        self.stdout.write(f"Indexing the names of {total:,} persons")
        while True:
            last, count = rebuild_batch(last, options["batch"])
            if not count:
                break
            done += count
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(
                f"{done:,} of {total:,} persons ({100 * done / max(total, 1):.0f}%), "
                f"{rate:,.0f} a second, last id {last}"
            )
        self.stdout.write(self.style.SUCCESS(f"Indexed {done:,} persons"))
