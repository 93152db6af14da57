"""Demo data for record linkage: the data steward, and persons recorded by two agencies.

The generated persons already include a few percent recorded again by another agency. Here a
handful more are added on purpose, each a pair the engine should find hard: one woman recorded
by the Poipet Transit Centre and again by the NGO shelter or the police, her name spelled as
another office romanised it (Srey Mom / Sreymom, Bopha Ouk / Bupha Uk, Thida Pov / Thyda Pao),
sometimes without a birth year; and two namesakes born years apart with different phones, who
are not one person. After the data is written a linkage run is asked for, as after any bulk
import, and ``setup_demo`` runs it at once so the steward finds pairs to review.
"""

from __future__ import annotations

from typing import IO, Any

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Role
from rumdoh.linkage.models import LinkRun, RunStatus
from rumdoh.linkage.services import execute_run, schedule_linkage
from rumdoh.people.services import create_person

# username, first, last, role, agency index (demo.agencies.AGENCIES: the NCCT secretariat)
USERS = [("steward", "Sophea", "Nget", Role.DATA_STEWARD, 12)]

# (first record, second record, username of the second recorder); the first is recorded by the
# Poipet Transit Centre's case worker, the second copies the first and changes what is given.
_BASE = {"sex": "female", "nationality": "KH", "province": "01", "age_precision": "estimated"}
PAIRS: list[tuple[dict[str, Any], dict[str, Any], str]] = [
    (  # one woman, two spellings: the linkage joins them by itself
        {
            "given_name": "Srey Mom",
            "family_name": "Chan",
            "birth_year": 1998,
            "phone": "012 881 402",
        },
        {"given_name": "Sreymom", "phone": ""},
        "ngo.caseworker",
    ),
    (  # two spellings, recorded in another province without a phone: for the steward
        {"given_name": "Bopha", "family_name": "Ouk", "birth_year": 2003, "phone": "097 552 1180"},
        {"given_name": "Bupha", "family_name": "Uk", "province": "12", "phone": ""},
        "police",
    ),
    (
        {"given_name": "Thida", "family_name": "Pov", "birth_year": 2001, "province": "02"},
        {"given_name": "Thyda", "family_name": "Pao", "province": "12"},
        "ngo.caseworker",
    ),
    (  # an estimated age two years apart, no province: for the steward
        {"given_name": "Lyda", "family_name": "Mom", "birth_year": 1995, "phone": "088 410 2231"},
        {"given_name": "Lida", "family_name": "Morm", "birth_year": 1997, "province": ""},
        "police",
    ),
    (
        {
            "given_name": "Channary",
            "family_name": "Sam",
            "birth_year": 1992,
            "phone": "092 310 771",
        },
        {"province": "17", "phone": ""},
        "ngo.caseworker",
    ),
    (  # namesakes: a common name, years and phones apart; kept apart
        {
            "given_name": "Sokunthea",
            "family_name": "Heng",
            "birth_year": 1987,
            "phone": "011 200 310",
        },
        {"birth_year": 2004, "phone": "070 915 644"},
        "ngo.caseworker",
    ),
]


def generate(users: list[User], out: IO[str]) -> int:
    """Record the pairs of ``PAIRS`` through the people services; ask for a linkage run."""
    by_name = {user.username: user for user in users}
    first_recorder = by_name.get("caseworker")
    made = 0
    if first_recorder is not None:
        for first, second, recorder in PAIRS:
            other = by_name.get(recorder)
            if other is None:
                continue
            create_person(first_recorder, {**_BASE, **first})
            create_person(other, {**_BASE, **first, **second})
            made += 2
    out.write(f"Linkage demo: {made} records of persons recorded by two agencies.\n")
    schedule_linkage("demo data generated")
    return made


def link_now(out: IO[str]) -> None:
    """Run the linkage run waiting in the queue here and now (``setup_demo``, before the task
    worker starts), so the steward's queue is filled when the demo opens."""
    waiting = LinkRun.objects.filter(status=RunStatus.QUEUED).order_by("id").first()
    if waiting is None:
        return
    out.write("Linking the records of the demo register into national persons...\n")
    run = execute_run(waiting.pk)
    if run.status == RunStatus.DONE:
        out.write(
            f"  {run.records} records, {run.clusters} national persons, "
            f"{run.review_pairs} pairs for the data steward to review.\n"
        )
    else:
        out.write(f"  The linkage run failed ({run.error}); see the log.\n")
