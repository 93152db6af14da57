"""Operations benchmark: a 3,000-row roster imported (CSV and XLSX), then 50 screeners working
one operation at once.

    python bench/operations.py                    # PostgreSQL rumdoh_bench_operations
    python bench/operations.py --rows 3000 --screeners 50 --each 10
    python bench/operations.py --database sqlite:////tmp/ops.sqlite3 --screeners 1

Creates the database if needed (dropping its operations data first is not needed: each run makes
its own agencies and operations), migrates it, then, through the services the pages and the API
call:

1. builds a roster of ``--rows`` foreigners as CSV and as XLSX and imports each into a new
   operation, timing the whole import (reading the file, checking every row, sealing names and
   documents, search keys, grants, audit) — target: at most 30 s;
2. imports one roster with a bad row at the end, to time the all-or-nothing refusal;
3. starts ``--screeners`` threads, each a screener of a participating agency with its own
   database connection, screening ``--each`` people of the roster one after another with the
   short form (the tablet flow's service), and reports screenings per second and latencies.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/rumdoh_bench_operations"


def log(text: str) -> None:
    print(text, flush=True)


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    parts = urllib.parse.urlparse(url)
    admin, name = parts._replace(path="/postgres").geturl(), parts.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def roster(rows: int, offset: int) -> list[list[str]]:
    nations = [("CN", "zh"), ("VN", "vi"), ("TH", "th"), ("ID", "id")]
    table = [["Family name", "Given name", "Nationality", "Passport", "Language", "Sex", "Age"]]
    for i in range(rows):
        nationality, language = nations[i % 4]
        table.append(
            [
                f"Family{offset + i}",
                f"Given{i % 97}",
                nationality,
                f"B{offset + i:08d}",
                language,
                "female" if i % 3 == 0 else "male",
                str(18 + i % 40),
            ]
        )
    return table


def as_csv(table: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode()


def as_xlsx(table: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--screeners", type=int, default=50)
    parser.add_argument("--each", type=int, default=10, help="people each screener screens")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumdoh.settings")
    ensure_database(args.database)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=os.environ.copy(),
        check=True,
    )
    import django

    django.setup()
    run(args)


def run(args: argparse.Namespace) -> None:
    from datetime import date

    from django.db import connection

    from rumdoh.accounts.models import Agency, AgencyKind, User
    from rumdoh.accounts.rules.roles import Role
    from rumdoh.operations import services
    from rumdoh.operations.tables import rows_of

    stamp = str(int(time.time()))
    immigration = Agency.objects.create(
        name=f"Bench immigration {stamp}", kind=AgencyKind.IMMIGRATION, province="18"
    )
    centres = [
        Agency.objects.create(
            name=f"Bench centre {stamp}-{i}", kind=AgencyKind.TRANSIT_CENTRE, province="18"
        )
        for i in range(5)
    ]
    officer = User.objects.create_user(
        username=f"bench-officer-{stamp}", role=Role.IMMIGRATION_OFFICER, agency=immigration
    )

    def new_operation() -> Any:
        return services.create_operation(
            officer,
            {"kind": "raid", "held_on": date.today(), "province": "18", "status": "under_way"},
            centres,
        )

    log(f"Database: {connection.vendor}; roster of {args.rows:,} rows")
    timings: dict[str, float] = {}
    operation = None
    for kind, build in (("CSV", as_csv), ("XLSX", as_xlsx)):
        offset = 10_000_000 * (1 if kind == "CSV" else 2) + int(stamp) % 1_000_000 * 10
        content = build(roster(args.rows, offset))
        operation = new_operation()
        started = time.perf_counter()
        result = services.import_roster(officer, operation, rows_of(io.BytesIO(content), kind))
        timings[kind] = time.perf_counter() - started
        log(
            f"  {kind:5} import: {timings[kind]:6.2f} s  ({result.added:,} persons, "
            f"{args.rows / timings[kind]:,.0f} rows/s, file {len(content) / 1024:,.0f} kB)"
        )
    bad = roster(args.rows, 30_000_000 + int(stamp) % 1_000_000 * 10)
    bad[-1][2] = "Atlantis"
    started = time.perf_counter()
    try:
        services.import_roster(officer, new_operation(), bad)
    except services.RosterRejected as rejected:
        log(
            f"  refused import (bad last row): {time.perf_counter() - started:6.2f} s, "
            f"{len(rejected.errors)} problem(s) reported, nothing written"
        )
    assert operation is not None
    screen_many(args, operation, centres, stamp)


def screen_many(args: argparse.Namespace, operation: Any, centres: list[Any], stamp: str) -> None:
    from django.db import connection

    from rumdoh.accounts.models import User
    from rumdoh.accounts.rules.roles import Role
    from rumdoh.operations import services
    from rumdoh.screening.rules.questions import SHORT, observations_from
    from rumdoh.screening.services import ScreeningInput

    screeners = [
        User.objects.create_user(
            username=f"bench-screener-{stamp}-{i}",
            role=Role.SCREENER,
            agency=centres[i % len(centres)],
        )
        for i in range(args.screeners)
    ]
    entries = list(operation.roster.select_related("person").order_by("pk"))
    quiet = observations_from(SHORT, {q.key: "no" for q in SHORT})
    indicated = observations_from(SHORT, {q.key: "yes" for q in SHORT})
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(args.screeners)

    def work(number: int) -> None:
        mine = entries[number :: args.screeners][: args.each]
        barrier.wait()
        try:
            for turn, entry in enumerate(mine):
                started = time.perf_counter()
                services.screen_entry(
                    screeners[number],
                    operation,
                    entry,
                    ScreeningInput(
                        form="short",
                        observations=dict(indicated if turn % 7 == 0 else quiet),
                        context="",
                        age=30,
                        sex=entry.person.sex,
                        nationality=entry.person.nationality,
                    ),
                    interpreter_language=entry.language,
                )
                services.next_to_screen(operation, entry)
                with lock:
                    latencies.append(time.perf_counter() - started)
        except Exception as error:
            with lock:
                errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(args.screeners)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = len(latencies)
    ms = sorted(x * 1000 for x in latencies)
    log(
        f"{args.screeners} screeners, {done} screenings in {elapsed:.1f} s: "
        f"{done / elapsed:.1f} screenings/s; {len(errors)} errors"
    )
    if ms:
        p95 = ms[int(0.95 * (len(ms) - 1))]
        log(
            f"  latency per screening (save + next person): p50 {statistics.median(ms):.0f} ms, "
            f"p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"
        )
    for error in errors[:5]:
        log(f"  error: {error}")


if __name__ == "__main__":
    main()
