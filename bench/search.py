"""Person search benchmark: 20 spelling-variant searches among N persons with decoys.

    .venv/bin/python bench/search.py                       # 100,000 persons
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rumdoh_bench_search \\
        .venv/bin/python bench/search.py --persons 1000000

Builds (once; later runs reuse and top up) a register of Khmer-named persons: names drawn from
the demo's lists in their several romanisations, years 1960-2012, either sex; the background holds
many namesakes of every target, as a real register does. Twenty target persons are recorded a
third of the way in, so a plain "newest first" list buries them under the newer records. Each
target gets decoys: 20 namesakes born at least four years away and 5 namesakes of the other sex
born the same year (recorded before it: without a year nothing tells them apart); 30 persons
recorded after it sharing its family name or its given name and its year; and 5 exact twins
(same name, year and sex) recorded by an agency the searching user does not see, which must
never be listed.

Then, as a case worker of the agency holding most records, it types each target's name in a
different spelling (Pao for Pov, Morm for Mom, Lida for Lyda, Sreymom for Srey Mom, ...) and
times the person list's search (``services.find_persons`` and the first page's rows, what the
list page and the API run) with and without the year of birth, plus the whole page through the
test client. Prints how many targets are on the first page (25 rows), whether a hidden twin ever
showed, and p50/p95 latency.

The database: ``--database``, else ``DATABASE_URL``, else a SQLite file in ``var/``. PostgreSQL
databases are created when missing and vacuumed after loading.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
PAGE = 25
BATCH = 10_000
TARGET_YEAR_RANGE = (1975, 2004)

# (family name as recorded, given name as recorded, sex, what the user types)
VARIANTS = [
    ("Pov", "Sokha", "female", "Pao Sokha"),
    ("Mom", "Sophea", "female", "Morm Sophea"),
    ("Sok", "Lyda", "female", "Sok Lida"),
    ("Chan", "Thida", "female", "Chan Thyda"),
    ("Keo", "Bopha", "female", "Keo Bupha"),
    ("Ouk", "Channary", "female", "Uk Channary"),
    ("Lim", "Srey Mom", "female", "Lim Sreymom"),
    ("Pich", "Davy", "female", "Petch Davy"),
    ("Yim", "Navy", "female", "Yem Navy"),
    ("Meas", "Sreymom", "female", "Meas Srey Mom"),
    ("Chhim", "Kanha", "female", "Chim Kanha"),
    ("Heng", "Sokha", "male", "Sokha Heng"),
    ("Nget", "Pisey", "female", "Ngeth Pisei"),
    ("Touch", "Malis", "female", "Toch Malis"),
    ("Seng", "Sopheap", "female", "Sieng Sopheap"),
    ("Nuon", "Raksmey", "female", "Noun Reaksmey"),
    ("Kim", "Leakhena", "female", "Kym Lakhena"),
    ("Ly", "Chenda", "female", "Lee Chinda"),
    ("Sorn", "Rithy", "male", "Son Rithi"),
    ("", "", "female", "Pov Sreymom"),  # recorded in Khmer script only: ពៅ ស្រីមុំ
]
KHMER_ONLY = "ពៅ ស្រីមុំ"


def log(message: str) -> None:
    print(message, flush=True)


def database_url(args: argparse.Namespace) -> str:
    if args.database:
        return str(args.database)
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    return f"sqlite:///{ROOT / 'var' / 'bench_search.sqlite3'}"


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        (ROOT / "var").mkdir(exist_ok=True)
        return
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def setup(url: str) -> None:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "rumdoh.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "LOG_LEVEL": "ERROR",
        }
    )
    ensure_database(url)
    log("Migrating")
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- Building the register ----------------------------------------------------------------


def spelling(rng: random.Random, entry: tuple[str, tuple[str, ...]]) -> str:
    spellings = entry[1]
    return spellings[0] if rng.random() < 0.6 else rng.choice(spellings)


def background(rng: random.Random) -> tuple[str, str, str, str, int]:
    from rumdoh.demo import names as N

    sex = rng.choice(["female", "male"])
    family = rng.choice(N.KHMER_FAMILY)
    given = rng.choice(N.KHMER_GIVEN_FEMALE if sex == "female" else N.KHMER_GIVEN_MALE)
    name_km = f"{family[0]} {given[0]}" if rng.random() < 0.15 else ""
    return spelling(rng, family), spelling(rng, given), name_km, sex, rng.randint(1960, 2012)


class Register:
    """The bench's agencies, users and the persons written so far (ids kept in a JSON note)."""

    def __init__(self, url: str) -> None:
        from rumdoh.accounts.models import Agency, AgencyKind, User
        from rumdoh.accounts.rules.roles import Role

        self.note_path = ROOT / "var" / f"bench_search_{abs(hash_text(url))}.json"
        names = ["Search bench shelter", "Search bench transit centre", "Search bench police"]
        self.agencies = [
            Agency.objects.get_or_create(
                name=name, defaults={"kind": AgencyKind.NGO, "province": "01"}
            )[0]
            for name in names
        ]
        self.user, _ = User.objects.get_or_create(
            username="search.bench",
            defaults={"role": Role.CASE_WORKER, "agency": self.agencies[0]},
        )
        self.note: dict[str, Any] = {"persons": 0, "targets": {}, "twins": []}
        if self.note_path.exists():
            self.note = json.loads(self.note_path.read_text())

    def save(self) -> None:
        self.note_path.parent.mkdir(exist_ok=True)
        self.note_path.write_text(json.dumps(self.note))


def hash_text(text: str) -> int:
    import hashlib

    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def rows_for(
    register: Register, count: int, start: int, total: int, rng: random.Random
) -> Iterator[dict[str, Any]]:
    """Persons number ``start`` to ``start + count`` of ``total``: background, with the targets
    and their decoys a third of the way in."""
    owners = register.agencies
    target_at = total // 3
    for n in range(start, start + count):
        if n == target_at and not register.note["targets"]:
            yield from targets_and_decoys(register, rng)
        family, given, name_km, sex, year = background(rng)
        # The searching user's agency holds about half the register.
        owner = owners[0] if rng.random() < 0.5 else rng.choice(owners[1:])
        yield {
            "family": family,
            "given": given,
            "name_km": name_km,
            "sex": sex,
            "year": year,
            "owner": owner,
        }


def targets_and_decoys(register: Register, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Namesakes born far from the target's year and of the other sex first (older records:
    without a year nothing tells them from the target), then the targets, then newer persons
    sharing part of each name, and hidden twins."""
    from rumdoh.demo import names as N

    own, other = register.agencies[0], register.agencies[1]
    targets = []
    for family, given, sex, typed in VARIANTS:
        name = {"family": family, "given": given, "name_km": "" if family else KHMER_ONLY}
        targets.append((name, sex, rng.randint(*TARGET_YEAR_RANGE), typed))
    for name, sex, year, _typed in targets:
        other_sex = "male" if sex == "female" else "female"
        for _ in range(20):
            far = year + rng.choice([-1, 1]) * rng.randint(4, 15)
            yield name | {"sex": sex, "year": far, "owner": own}
        for _ in range(5):
            yield name | {"sex": other_sex, "year": year, "owner": own}
    for name, sex, year, typed in targets:
        yield name | {"sex": sex, "year": year, "owner": own, "target": typed}
    for name, sex, year, _typed in targets:
        given_names = N.KHMER_GIVEN_FEMALE if sex == "female" else N.KHMER_GIVEN_MALE
        for _ in range(15):  # the same family name, another given name, the same year
            given = spelling(rng, rng.choice(given_names))
            yield name | {"given": given, "sex": sex, "year": year, "owner": own}
        for _ in range(15):  # the same given name, another family name, the same year
            family = spelling(rng, rng.choice(N.KHMER_FAMILY))
            yield name | {"family": family, "sex": sex, "year": year, "owner": own}
        for _ in range(5):
            yield name | {"sex": sex, "year": year, "owner": other, "twin": True}


def build(register: Register, total: int, seed: int) -> None:
    from django.db import connection, transaction

    from rumdoh.demo.writer import BulkWriter, Progress
    from rumdoh.people import search
    from rumdoh.people.models import AccessSource, Person, PersonAccess, PersonNameSyllable

    have = int(register.note["persons"])
    if have >= total:
        log(f"{have:,} persons present; nothing to build")
        return
    log(f"{have:,} persons present; building {total - have:,} more")
    rng = random.Random(seed + have)
    writer = BulkWriter()
    writer.prepare_session()
    progress = Progress("persons", total - have)
    columns = [
        "id",
        "owner_agency_id",
        "created_by_id",
        "created_at",
        "updated_at",
        "version",
        "given_name",
        "family_name",
        "name_km",
        "aliases",
        "sex",
        "date_of_birth",
        "birth_year",
        "age_precision",
        "nationality",
        "languages",
        "phone",
        "village",
        "commune",
        "district",
        "province",
        "foreign_address",
    ]
    access_columns = ["person_id", "agency_id", "source", "source_id", "granted_at", "revoked_at"]
    started = datetime(2020, 1, 1, tzinfo=UTC)
    done = have
    while done < total:
        size = min(BATCH, total - done)
        specs = list(rows_for(register, size, done, total, rng))
        ids = writer.allocate_ids(Person, len(specs))
        persons, access, syllables = [], [], []
        for pid, spec in zip(ids, specs, strict=True):
            at = started + timedelta(minutes=pid)
            persons.append(
                (
                    pid,
                    spec["owner"].pk,
                    register.user.pk,
                    at,
                    at,
                    1,
                    spec["given"],
                    spec["family"],
                    spec["name_km"],
                    [],
                    spec["sex"],
                    "",
                    spec["year"],
                    "year",
                    "KH",
                    [],
                    "",
                    "",
                    "",
                    "",
                    "01",
                    "",
                )
            )
            access.append((pid, spec["owner"].pk, AccessSource.OWNER, None, at, None))
            names = (spec["given"], spec["family"], spec["name_km"])
            syllables += search.name_rows(pid, names, spec["year"], spec["sex"])
            if "target" in spec:
                register.note["targets"][spec["target"]] = [pid, spec["year"]]
            if spec.get("twin"):
                register.note["twins"].append(pid)
        with transaction.atomic():
            writer.insert(Person, columns, persons)
            writer.insert(PersonAccess, access_columns, access)
            writer.insert(PersonNameSyllable, search.NAME_COLUMNS, syllables)
        done += size
        register.note["persons"] = done
        register.save()
        progress.advance(size)
    progress.finish()
    if connection.vendor == "postgresql":
        log("Vacuuming and analysing")
        connection.ensure_connection()
        raw = connection.connection
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- Searching -----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(register: Register, repeat: int) -> dict[str, Any]:
    from django.test import Client

    from rumdoh.people import services
    from rumdoh.people.access import visible_persons

    user = register.user
    twins = set(register.note["twins"])
    client = Client()
    client.force_login(user)
    results: dict[str, Any] = {}
    for with_year in (True, False):
        found, leaks, times, pages = 0, 0, [], []
        ranks = []
        for _family, _given, _sex, typed in VARIANTS:
            pid, year = register.note["targets"][typed]
            birth_year = year if with_year else None
            for attempt in range(repeat):
                t0 = time.perf_counter()
                persons, _more = services.find_persons(
                    visible_persons(user), typed, None, birth_year
                )
                page = list(persons[0 : PAGE + 1])
                times.append((time.perf_counter() - t0) * 1000)
                if attempt == 0:
                    ids = [p.pk for p in page[:PAGE]]
                    found += pid in ids
                    ranks.append(ids.index(pid) + 1 if pid in ids else None)
                    leaks += len(twins & set(ids))
                params = {"q": typed} | ({"birth_year": year} if with_year else {})
                t0 = time.perf_counter()
                response = client.get("/people/", params)
                pages.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
        label = "with year" if with_year else "without year"
        results[label] = {
            "found_on_page_1": found,
            "of": len(VARIANTS),
            "ranks": ranks,
            "hidden_twins_shown": leaks,
            "search_p50_ms": round(statistics.median(times), 1),
            "search_p95_ms": round(percentile(times, 0.95), 1),
            "page_p50_ms": round(statistics.median(pages), 1),
            "page_p95_ms": round(percentile(pages, 0.95), 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--database", help="database URL (default: DATABASE_URL, else SQLite)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each search")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    url = database_url(args)
    setup(url)
    register = Register(url)
    started = time.monotonic()
    build(register, args.persons, args.seed)
    log(f"Register ready in {time.monotonic() - started:.0f} s")
    from rumdoh.people.models import Person, PersonNameSyllable

    log(
        f"{Person.objects.count():,} persons, {PersonNameSyllable.objects.count():,} index rows; "
        f"the searching agency sees about half"
    )
    results = run(register, args.repeat)
    for label, r in results.items():
        log(
            f"{label:>13}: {r['found_on_page_1']}/{r['of']} on page 1 (ranks {r['ranks']}), "
            f"hidden twins shown {r['hidden_twins_shown']}; search p50 {r['search_p50_ms']} ms, "
            f"p95 {r['search_p95_ms']} ms; whole page p50 {r['page_p50_ms']} ms, "
            f"p95 {r['page_p95_ms']} ms"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
