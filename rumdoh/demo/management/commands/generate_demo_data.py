"""Generate realistic synthetic data: persons first, then every later stage of the flow.

    manage.py generate_demo_data --persons 1000000 --seed 7

Stages run in order and each can be run alone (``--stages screenings,protection`` adds the later
steps for persons already there). A stage whose app has no tables yet is skipped with a note.
"""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from rumdoh.accounts.audit import log_action
from rumdoh.demo import linkage, stages
from rumdoh.demo.agencies import ensure_demo_agencies, ensure_demo_users
from rumdoh.demo.context import Context
from rumdoh.demo.writer import BulkWriter


class Command(BaseCommand):
    help = "Generate synthetic persons and the later stages of the flow for the demo or benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=400, help="how many persons to add")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--as-of",
            default="",
            help="reference date (YYYY-MM-DD) the data is dated up to; default today",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--duplicates",
            type=float,
            default=0.04,
            help="share of persons recorded again by another agency (0-1)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes generating persons side by side (PostgreSQL; e.g. 2 on 2 cores)",
        )
        parser.add_argument(
            "--stages",
            default=",".join(stages.NAMES),
            help=f"comma-separated stages to run, of: {', '.join(stages.NAMES)}",
        )

    def handle(self, *args: object, **options: object) -> None:
        wanted = [s.strip() for s in str(options["stages"]).split(",") if s.strip()]
        unknown = [s for s in wanted if s not in stages.NAMES]
        if unknown:
            raise CommandError(f"unknown stage(s): {', '.join(unknown)}")
        try:
            as_of = date.fromisoformat(str(options["as_of"])) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError("--as-of must be a date, YYYY-MM-DD") from exc
        rate = float(options["duplicates"])  # type: ignore[arg-type]
        if not 0 <= rate <= 0.5:
            raise CommandError("--duplicates must be between 0 and 0.5")
        workers = int(options["workers"]) if connection.vendor == "postgresql" else 1  # type: ignore[call-overload]
        agencies = ensure_demo_agencies()
        users = ensure_demo_users(agencies)
        ctx = Context(
            seed=int(options["seed"]),  # type: ignore[call-overload]
            as_of=as_of or timezone.localdate(),
            agencies=agencies,
            users=users,
            writer=BulkWriter(connection),
            out=self.stdout,
            batch_size=max(100, int(options["batch_size"])),  # type: ignore[call-overload]
            workers=max(1, workers),
        )
        started = time.monotonic()
        self.stdout.write(
            f"Generating demo data (seed {ctx.seed}, dated up to {ctx.as_of}, "
            f"{connection.vendor}) — stages: {', '.join(wanted)}"
        )
        summary = stages.run(
            ctx,
            wanted,
            persons=int(options["persons"]),  # type: ignore[call-overload]
            duplicate_rate=rate,
        )
        if "persons" in wanted:
            linkage.generate(users, self.stdout)  # type: ignore[arg-type]
        elapsed = time.monotonic() - started
        log_action(
            "demo.generated",
            user=None,
            data={"seed": ctx.seed, "as_of": ctx.as_of.isoformat(), **summary},
        )
        self.stdout.write(f"Done in {elapsed:,.1f}s: {ctx.writer.rows_written:,} rows written.")
