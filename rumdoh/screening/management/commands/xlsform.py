"""Write the short or the detailed screening form as an XLSForm workbook."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rumdoh.screening import field


class Command(BaseCommand):
    help = "Write the short or detailed screening form as an XLSForm (.xlsx) for ODK or Kobo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("form", choices=field.KINDS)
        parser.add_argument("--out", required=True, help="The .xlsx file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        out.write_bytes(field.workbook(options["form"]))
        info = field.describe(options["form"])
        self.stdout.write(f"{out}: {info['form_id']} version {info['version']}")
