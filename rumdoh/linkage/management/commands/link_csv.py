"""Deduplicate an outside list of people (a deportation list, an NGO spreadsheet).

    manage.py link_csv INPUT.csv --out OUTPUT.csv [--register]

Reads the list (columns in ``rumdoh.linkage.rules.csvinput``), links its records with the linkage
model, and writes ``record_id,cluster_id``, one row per input record: records of the same person
share a cluster id. With ``--register`` the list is linked together with the persons of the
register, unsealed in memory only; a record that matches a registered person gets that person's
reference (P-...) as its cluster id. Any bad row stops the command with the row and column named,
before anything is written; the output appears whole (written aside, then renamed) or not at all.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rumdoh.accounts.audit import log_action
from rumdoh.core.places import PROVINCES
from rumdoh.linkage.engine import LinkRecord, link
from rumdoh.linkage.rules.csvinput import MAX_ERRORS, province_key, read_records

REGISTER_PREFIX = "register:"


def register_records() -> list[LinkRecord]:
    """Every person of the register as a record to link, unsealed in memory, its id marked."""
    from rumdoh.linkage import services

    return [
        replace(record, record_id=f"{REGISTER_PREFIX}{record.record_id}")
        for record in services.register_records()
    ]


def cluster_names(clusters: dict[str, str], input_ids: list[str]) -> dict[str, str]:
    """Readable cluster ids: a registered person's reference, else C1, C2... in input order."""
    from rumdoh.core.person_numbers import person_number

    registered: dict[str, int] = {}
    for record_id, cluster in clusters.items():
        if record_id.startswith(REGISTER_PREFIX):
            pk = int(record_id.removeprefix(REGISTER_PREFIX))
            registered[cluster] = min(pk, registered.get(cluster, pk))
    names: dict[str, str] = {}
    for cluster, pk in registered.items():
        names[cluster] = person_number(pk)
    result = {}
    for record_id in input_ids:
        cluster = clusters[record_id]
        if cluster not in names:
            names[cluster] = f"C{len(names) - len(registered) + 1}"
        result[record_id] = names[cluster]
    return result


class Command(BaseCommand):
    help = "Deduplicate a CSV list of people, optionally against the register."

    def add_arguments(self, parser: Any) -> None:
        from rumdoh.linkage.services import add_backend_option

        parser.add_argument("input", help="UTF-8 CSV with a header row")
        parser.add_argument("--out", required=True, help="where to write record_id,cluster_id")
        parser.add_argument(
            "--register", action="store_true", help="link against the persons of the register"
        )
        add_backend_option(parser)

    def handle(self, *args: object, **options: Any) -> None:
        source = Path(options["input"])
        target = Path(options["out"])
        if target.is_dir():
            # Said before the list is read and linked, not as a traceback after.
            raise CommandError(f"--out {target}: a folder; give the name of the file to write")
        provinces = {
            province_key(name): code for code, names in PROVINCES.items() for name in names
        }
        try:
            with source.open(encoding="utf-8-sig", newline="") as lines:
                records, errors = read_records(lines, provinces, timezone.localdate().year)
        except FileNotFoundError as error:
            raise CommandError(f"{source}: no such file") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{source}: not UTF-8 text ({error.reason})") from error
        except csv.Error as error:
            raise CommandError(f"{source}: not a readable CSV ({error})") from error
        if errors:
            if len(errors) > MAX_ERRORS:
                said = f"the first {MAX_ERRORS} errors (there are more)"
            else:
                said = f"{len(errors)} error(s)"
            raise CommandError(
                f"{source}: nothing written, {said}:\n"
                + "\n".join(str(error) for error in errors[:MAX_ERRORS])
            )
        from rumdoh.linkage.services import engine_options

        # Spark's session is started (and may fail) before the register is unsealed.
        backend = engine_options(options["backend"])
        input_ids = [record.record_id for record in records]
        every = list(records)
        if options["register"]:
            clash = [rid for rid in input_ids if rid.startswith(REGISTER_PREFIX)]
            if clash:
                raise CommandError(f"record id {clash[0]!r} may not start with {REGISTER_PREFIX!r}")
            registered = register_records()
            log_action(
                "linkage.register_linked",
                user=None,
                data={"persons": len(registered), "records": len(input_ids), "via": "link_csv"},
            )
            every += registered

        def progress(step: str, done: int, total: int) -> None:
            self.stderr.write(f"[{done}/{total}] {step}")

        result = link(every, progress=progress, **backend)
        names = cluster_names(result.clusters, input_ids)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(["record_id", "cluster_id"])
                for record_id in input_ids:
                    writer.writerow([record_id, names[record_id]])
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        people = len(set(names.values()))
        self.stdout.write(f"{len(input_ids)} records, {people} people: {target}")
