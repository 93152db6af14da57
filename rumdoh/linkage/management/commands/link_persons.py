"""``manage.py link_persons [--new]``: link the register now, printing how far it got."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rumdoh.linkage.models import LinkRun, RunMode, RunStatus
from rumdoh.linkage.services import add_backend_option, execute_run


class Command(BaseCommand):
    help = (
        "Link the person records of the whole register into national persons (or, with --new, "
        "only the records new since the last run, against the existing national persons). "
        "Names are unsealed in memory only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new", action="store_true", help="link only records not linked by an earlier run"
        )
        add_backend_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        mode = RunMode.NEW if options["new"] else RunMode.FULL
        run = LinkRun.objects.create(mode=mode, reason="manage.py link_persons")
        run = execute_run(run.pk, report=self._report, backend=options["backend"])
        if run.status != RunStatus.DONE:
            self.stderr.write(f"Linkage run {run.pk} failed: {run.error}")
            raise SystemExit(1)
        register = (
            f"the register holds {run.national_persons} national persons, "
            f"{run.records_unlinked} record(s) not linked yet, "
            f"{run.pairs_waiting} pair(s) waiting for a decision."
        )
        if mode == RunMode.NEW and not run.records:
            self.stdout.write(
                f"Linkage run {run.pk} done: no record is new since the last run; {register}"
            )
        elif mode == RunMode.NEW:
            self.stdout.write(
                f"Linkage run {run.pk} done: {run.records} record(s) new since the last run "
                f"linked into {run.clusters} national person(s), {run.ids_new} of them new; "
                f"{run.review_pairs} new pair(s) for review; {register}"
            )
        else:
            self.stdout.write(
                f"Linkage run {run.pk} done: {run.records} record(s) linked into "
                f"{run.clusters} national persons, {run.review_pairs} new pair(s) for review; "
                f"ids kept {run.ids_kept}, new {run.ids_new}, retired {run.ids_retired}; "
                f"decisions applied: {run.forced_merges} merge(s), {run.forced_splits} "
                f"split(s); {register}"
            )

    def _report(self, run: LinkRun) -> None:
        if run.status == RunStatus.RUNNING:
            total = f"/{run.total}" if run.total else ""
            self.stdout.write(f"  {run.stage}: {run.done}{total}")
