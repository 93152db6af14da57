"""Cross-border demo data: Thai deportation lists received at Poipet, their arrivals registered
and screened; repatriations both ways at their stages, one child's custody transferred; requests
to counterparts, one of them late; an identification made in Thailand recognised.

Small and made through the services, as staff would make it, so every rule and audit applies.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction

from rumdoh.accounts.models import Agency, User
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Counterpart
from rumdoh.crossborder.rules import exchange
from rumdoh.demo.context import Context
from rumdoh.people import services as people
from rumdoh.screening.rules.questions import SHORT

GIVEN = ["Srey Mom", "Dara", "Sokha", "Bopha", "Vuthy", "Chanthy", "Rithy", "Sreyneang", "Piseth",
         "Kunthea", "Sovann", "Nary", "Veasna", "Channa", "Sopheap", "Ratha"]  # fmt: skip
FAMILY = [
    "Chan",
    "Sok",
    "Keo",
    "Prak",
    "Meas",
    "Ouk",
    "Lim",
    "Heng",
    "Yim",
    "Pich",
    "Touch",
    "Nhem",
]
THAI_NAMES = [("สมชาย", "ใจดี"), ("บุญมี", "ศรีสุข"), ("สุดา", "แก้วมณี")]


def _user(ctx: Context, username: str) -> User:
    return next(u for u in ctx.users if u.username == username)


def _agency(ctx: Context, name: str) -> Agency:
    return next(a for a in ctx.agencies if a.name == name)


def _answers(rng: Any, indicated: bool) -> dict[str, str]:
    answers = {code: "no" for question in SHORT for code in question.codes}
    if indicated:
        for code in rng.sample(sorted(answers), k=min(6, len(answers))):
            answers[code] = "yes"
    return answers


def generate(ctx: Context, id_range: tuple[int, int] | None) -> dict[str, int]:
    with transaction.atomic():
        return _generate(ctx)


def _generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("crossborder", 0)
    screener, worker = _user(ctx, "screener"), _user(ctx, "caseworker")
    identifier, police = _user(ctx, "identifier"), _user(ctx, "police")
    centre = _agency(ctx, "Poipet Transit Centre")
    embassy = _agency(ctx, "Royal Embassy of Cambodia in Bangkok")
    iom = _agency(ctx, "International Organization for Migration, Cambodia")
    Counterpart.objects.get_or_create(
        code="th-imm-sakaeo",
        defaults={
            "name": "Sa Kaeo Immigration Checkpoint",
            "country": "TH",
            # The demo keeps no private key: the counterpart's system holds its own.
            "public_key": exchange.public_pem(Ed25519PrivateKey.generate()),
            "receiving_agency": centre,
        },
    )
    today = ctx.as_of
    lists = deportees = screened = 0
    headers = ["No.", "Name", "Surname", "Sex", "Age", "Passport No.", "Nationality"]
    for weeks_ago, size in ((3, 18), (2, 24), (0, 20)):
        rows: list[dict[str, object]] = []
        for number in range(1, size + 1):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            if number % 9 == 0:
                given, family = rng.choice(THAI_NAMES)
            rows.append(
                {
                    "No.": str(number),
                    "Name": given,
                    "Surname": family,
                    "Sex": rng.choice(["F", "M", "F"]),
                    "Age": str(rng.randint(15, 48)),
                    "Passport No.": f"N{rng.randint(100000, 999999)}" if rng.random() < 0.4 else "",
                    "Nationality": "Cambodian",
                }
            )
        expected = today - timedelta(weeks=weeks_ago)
        made = services.import_list(
            worker,
            services.ListDetails("Sa Kaeo Immigration Checkpoint", "TH", "poipet", expected),
            headers,
            rows,
            file_name=f"sakaeo-{expected:%Y%m%d}.xlsx",
        )
        lists += 1
        deportees += size
        for deportee in made.deportees.order_by("row"):
            roll = rng.random()
            if weeks_ago == 0 and roll < 0.5:
                continue  # the latest list is still arriving
            if roll < 0.08:
                services.mark_absent(screener, deportee.pk)
                continue
            services.register_arrival(screener, deportee.pk)
            if roll < 0.85:
                services.screen_deportee(screener, deportee.pk, _answers(rng, roll < 0.2))
                screened += 1
    repatriations = 0
    steps = {
        "home": ["documents", "travel_arranged", "received", "family_assessed", "returned"],
        "abroad": ["documents", "travel_arranged", "departed", "arrived"],
    }
    plans: list[tuple[str, str, int, int, Agency | None]] = [
        # direction, country, birth year, stages reached, embassy
        ("home", "TH", 1998, 5, embassy),
        ("home", "TH", 2001, 3, embassy),
        ("home", "MY", 1994, 1, None),
        ("home", "TH", 2011, 5, embassy),  # a child: custody transferred before the return
        ("abroad", "VN", 1999, 2, iom),
        ("abroad", "TH", 1990, 4, iom),
    ]
    for index, (direction, country, year, reached, helper) in enumerate(plans):
        nationality = "KH" if direction == "home" else country
        person = people.create_person(
            worker,
            {
                "given_name": GIVEN[index],
                "family_name": FAMILY[index],
                "sex": "female" if index % 2 == 0 else "male",
                "birth_year": year,
                "nationality": nationality,
            },
        )
        start = today - timedelta(days=40 - index * 3)
        repatriation = services.open_repatriation(
            worker,
            person,
            {
                "direction": direction,
                "country": country,
                "requested_on": start,
                "embassy": helper,
                "crossing": "poipet" if direction == "home" else "pnh_airport",
                "travel_documents": "Travel document issued by the embassy",
            },
        )
        for number, stage in enumerate(steps[direction][:reached], start=1):
            day = start + timedelta(days=number * 4)
            if stage == "family_assessed":
                services.record_assessment(
                    worker,
                    repatriation.pk,
                    {
                        "traced_on": day,
                        "result": "safe",
                        "family_contact": "Mother, Svay Rieng",
                        "findings": "Mother and aunt found; no part in the recruitment; she "
                        "wants to go home.",
                    },
                )
            if stage == "returned" and services.is_child(person, day):
                services.transfer_custody(
                    worker,
                    repatriation.pk,
                    {
                        "to_whom": "Aunt",
                        "relationship": "aunt",
                        "authority": "Banteay Meanchey Department of Social Affairs",
                        "authority_reference": f"{index + 100}/PoSVY",
                        "transferred_on": day,
                    },
                )
            repatriation.refresh_from_db()
            services.move_repatriation(
                worker, repatriation.pk, stage, on=day, version=repatriation.version
            )
        repatriations += 1
    requests = 0
    for days_ago, kind, replied in ((70, "evidence", False), (50, "mla", False),
                                    (40, "evidence", True), (10, "tracing", False)):  # fmt: skip
        item = services.open_request(
            police,
            {
                "direction": "outgoing",
                "kind": kind,
                "counterpart_name": "Royal Thai Police, Anti-Trafficking in Persons Division",
                "country": "TH",
                "subject": "Records of the recruiter's phone numbers and transfers.",
                "sent_on": today - timedelta(days=days_ago),
            },
        )
        if replied:
            services.record_reply(
                police,
                item.pk,
                replied_on=today - timedelta(days=5),
                reply="Records sent by courier.",
                version=item.version,
            )
        requests += 1
    services.send_reminders(today)
    recognised = people.create_person(
        identifier,
        {"given_name": "Kunthea", "family_name": "Heng", "sex": "female", "birth_year": 2000},
    )
    services.recognise_identification(
        identifier,
        recognised,
        {
            "country": "TH",
            "authority": "Ministry of Social Development and Human Security, Thailand",
            "decided_on": today - timedelta(days=20),
            "decision_reference": "MSDHS 118/2569",
            "exploitation_types": ["forced_labour"],
        },
    )
    summary = {
        "lists": lists,
        "deportees": deportees,
        "screened": screened,
        "repatriations": repatriations,
        "requests": requests,
    }
    ctx.out.write(
        "Across borders: {lists} deportation lists ({deportees} listed, {screened} screened), "
        "{repatriations} repatriations, {requests} requests to counterparts\n".format(**summary)
    )
    return summary
