"""Load benchmark: N generated persons on PostgreSQL, 50 signed-in users, p50/p95/p99 per page.

    make bench        # or: .venv/bin/python bench/run.py --persons 1000000

Creates the database if needed, migrates, generates the persons once (skipped when enough are
there), starts the application under gunicorn on 127.0.0.1 with DEBUG off, signs in the
simulated case workers and measures, for a bounded time and number of requests:

* search   — the person list searched by a name in one of its spellings (``/people/?q=``)
* cases    — the protection case list (``/protection/cases/``)
* assess   — the screening rule through the API (``POST /api/v1/screening/assess``)
* screen   — saving an anonymous screening through the API (``POST /api/v1/screenings/``)

Each user waits a random "think time" between requests, as people reading a page do. Traffic
goes only to 127.0.0.1. ``--strict`` exits non-zero when a 95th percentile misses its target.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/rumdoh_bench"
BENCH_PASSWORD = "bench-only-password-2026"  # noqa: S105 - local benchmark accounts
TARGET_MS = 150.0
OPERATIONS = {"search": 5, "cases": 3, "assess": 1, "screen": 1}
# Agencies the simulated case workers belong to (indexes into demo.agencies.AGENCIES).
BENCH_AGENCIES = [2, 2, 2, 14, 14, 1]


def log(message: str) -> None:
    print(message, flush=True)


def environment(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database,
            "DJANGO_DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "rumdoh.settings",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "ERROR",
        }
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    return env


def ensure_database(url: str) -> None:
    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    import psycopg

    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *argv: str) -> None:
    subprocess.run([PYTHON, "manage.py", *argv], cwd=ROOT, env=env, check=True)


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    """Migrate, generate what is missing, create the bench users; return users and tokens."""
    ensure_database(args.database)
    log("Migrating")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from rumdoh.people.models import Person

    existing = Person.objects.count()
    if existing < args.persons:
        missing = args.persons - existing
        log(f"{existing:,} persons present; generating {missing:,} more")
        manage(
            env,
            "generate_demo_data",
            f"--persons={missing}",
            f"--seed={args.seed}",
            f"--workers={args.gen_workers}",
        )
        # A freshly bulk-loaded table has no visibility map and stale statistics; a database in
        # service has both from autovacuum. Measure the database in service.
        log("Vacuuming and analysing")
        import psycopg

        with psycopg.connect(args.database, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    else:
        log(f"{existing:,} persons present; no generation needed")
    from rest_framework.authtoken.models import Token

    from rumdoh.accounts.models import User
    from rumdoh.accounts.rules.roles import Role
    from rumdoh.demo.agencies import ensure_demo_agencies

    agencies = ensure_demo_agencies()
    users = []
    for i in range(args.users):
        name = f"bench.user{i + 1:02d}"
        user = User.objects.filter(username=name).first()
        if user is None:
            agency = agencies[BENCH_AGENCIES[i % len(BENCH_AGENCIES)]]
            user = User(username=name, role=Role.CASE_WORKER, agency=agency)
            user.set_password(BENCH_PASSWORD)
            user.save()
        token, _created = Token.objects.get_or_create(user=user)
        users.append((name, token.key))
    return {"persons": Person.objects.count(), "users": users}


def search_terms(seed: int) -> list[str]:
    """Names as users type them: a family and a given name in any of their spellings."""
    from rumdoh.demo import names as n

    rng = random.Random(seed)
    terms = []
    for _ in range(300):
        family = rng.choice(n.KHMER_FAMILY)
        given = rng.choice(n.KHMER_GIVEN_FEMALE + n.KHMER_GIVEN_MALE)
        shape = rng.random()
        if shape < 0.6:
            terms.append(f"{rng.choice(family[1])} {rng.choice(given[1])}")
        elif shape < 0.8:
            terms.append(rng.choice(given[1]))
        else:
            terms.append(f"{family[0]} {given[0]}")
    return terms


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, op: str, ms: float, ok: bool) -> None:
        with self.lock:
            if ok:
                self.samples.setdefault(op, []).append(ms)
            else:
                self.errors[op] = self.errors.get(op, 0) + 1


class Client:
    """One signed-in user: cookies by hand, a fresh connection per request (gunicorn sync)."""

    timeout = 30.0

    def __init__(self, port: int, username: str, token: str) -> None:
        self.port, self.username, self.token = port, username, token
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            sent = dict(headers or {})
            if self.cookies and "Authorization" not in sent:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data
        finally:
            conn.close()

    def login(self) -> None:
        status, page = self.request("GET", "/account/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not found:
            raise RuntimeError(f"login page answered {status}")
        form = urllib.parse.urlencode(
            {
                "username": self.username,
                "password": BENCH_PASSWORD,
                "csrfmiddlewaretoken": found.group(1).decode(),
            }
        ).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = self.request("POST", "/account/login/", form, headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username} could not sign in ({status})")


def screening_body(rng: random.Random) -> dict[str, object]:
    from rumdoh.screening.rules import questions

    observations = {}
    for question in questions.SHORT:
        value = rng.choices(["yes", "no", "unknown"], [3, 5, 2])[0]
        for code in question.codes:
            observations[code] = value
    return {"age": rng.randint(14, 50), "observations": observations}


def user_loop(
    client: Client,
    results: Results,
    deadline: float,
    budget: dict[str, int],
    terms: list[str],
    think: tuple[float, float],
    seed: int,
) -> None:
    rng = random.Random(seed)
    ops = list(OPERATIONS)
    weights = list(OPERATIONS.values())
    while time.monotonic() < deadline:
        op = rng.choices(ops, weights)[0]
        with results.lock:
            if budget[op] <= 0:
                if all(v <= 0 for v in budget.values()):
                    return
                continue
            budget[op] -= 1
        started = time.perf_counter()
        try:
            status = perform(client, op, rng, terms)
        except OSError:
            status = 0
        elapsed = (time.perf_counter() - started) * 1000
        results.add(op, elapsed, status in (200, 201))
        time.sleep(rng.uniform(*think))


def perform(client: Client, op: str, rng: random.Random, terms: list[str]) -> int:
    if op == "search":
        query = urllib.parse.urlencode({"q": rng.choice(terms)})
        status, _ = client.request("GET", f"/people/?{query}")
    elif op == "cases":
        status, _ = client.request("GET", "/protection/cases/")
    else:
        body = screening_body(rng)
        path = "/api/v1/screening/assess"
        if op == "screen":
            path = "/api/v1/screenings/"
            age = body["age"]
            body.update(form="short", context="deportation", sex="male", nationality="KH")
            body["age"] = age
        headers = {
            "Authorization": f"Token {client.token}",
            "Content-Type": "application/json",
        }
        status, _ = client.request("POST", path, json.dumps(body).encode(), headers)
    return status


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/account/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the application did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--max-requests", type=int, default=4000, help="total, all operations")
    # Seconds a user spends reading a page and typing before the next request. 5-10 s is brisk
    # for people reading case records; --think 1 3 measures the machine's saturation instead.
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 10.0), metavar=("MIN", "MAX"))
    parser.add_argument("--duration", type=float, default=90.0, help="seconds of measurement")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--gen-workers", type=int, default=2, help="processes generating data")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--operations",
        default=",".join(OPERATIONS),
        help="comma-separated operations to measure, of: " + ", ".join(OPERATIONS),
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds before a request fails"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if a p95 misses target")
    args = parser.parse_args()

    chosen = [op for op in args.operations.split(",") if op in OPERATIONS]
    for op in list(OPERATIONS):
        if op not in chosen:
            del OPERATIONS[op]
    Client.timeout = args.timeout
    env = environment(args)
    setup = prepare(args, env)
    users: list[tuple[str, str]] = setup["users"]  # type: ignore[assignment]
    log(f"Starting gunicorn ({args.workers} workers) on 127.0.0.1:{args.port}")
    server = subprocess.Popen(
        [
            GUNICORN,
            "rumdoh.wsgi",
            f"--workers={args.workers}",
            f"--bind=127.0.0.1:{args.port}",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(args.port)
        log(f"Signing in {len(users)} users")
        clients = [Client(args.port, name, token) for name, token in users]
        for client in clients:
            client.login()
        terms = search_terms(args.seed)
        total_weight = sum(OPERATIONS.values())
        budget = {op: args.max_requests * w // total_weight for op, w in OPERATIONS.items()}
        # Warm up: each worker loads its code and opens its connection.
        for client in clients[: args.workers * 2]:
            client.request("GET", "/account/login/")
        results = Results()
        log(f"Measuring for up to {args.duration:.0f}s or {args.max_requests:,} requests")
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=user_loop,
                args=(c, results, deadline, budget, terms, tuple(args.think), args.seed + i),
                daemon=True,
            )
            for i, c in enumerate(clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
            time.sleep(args.think[0] / len(threads))  # users arrive spread out
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    count = sum(len(v) for v in results.samples.values())
    log(
        f"\n{setup['persons']:,} persons, {len(users)} users, {args.workers} gunicorn workers, "
        f"{count:,} requests in {elapsed:.0f}s ({count / elapsed:.1f}/s)\n"
    )
    log(f"{'operation':<10} {'n':>6} {'err':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  target")
    missed = []
    for op in OPERATIONS:
        values = results.samples.get(op, [])
        errors = results.errors.get(op, 0)
        if not values:
            log(f"{op:<10} {'':>6} {errors:>5} {'not available':>26}")
            missed.append(op)
            continue
        p50, p95, p99 = (percentile(values, s) for s in (0.5, 0.95, 0.99))
        verdict = "ok" if p95 <= TARGET_MS and not errors else "MISSED"
        if verdict != "ok":
            missed.append(op)
        log(
            f"{op:<10} {len(values):>6} {errors:>5} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f}"
            f"  p95 <= {TARGET_MS:.0f} ms: {verdict}"
        )
    if missed and args.strict:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
