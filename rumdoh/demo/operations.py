"""Demo operation: an immigration raid on a scam compound in Preah Sihanouk, its roster of
foreigners found (Chinese, Vietnamese, Thai, Indonesian), partly screened by the Poipet Transit
Centre's screener through interpreters; three people indicated, two of them identified as
suspected victims and referred to their embassy (one also to IOM) for a safe return, the third
waiting for an identifier; two deported after screening, one released, and one handed over on a
list as already deported (it shows in the report of deportations that bypassed screening).

The immigration demo user ``immigration`` (an immigration supervisor) leads it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import IO

from django.db import transaction
from django.utils import timezone

from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.demo.agencies import DEMO_PASSWORD
from rumdoh.demo.providers import EMBASSY_PROVIDERS, ensure_demo_providers
from rumdoh.operations import services
from rumdoh.operations.models import Operation
from rumdoh.people.models import ConsentMethod, ConsentScope, Person
from rumdoh.people.services import record_consent
from rumdoh.protection.choices import ServiceArea
from rumdoh.protection.services import identify, refer
from rumdoh.screening.rules.questions import SHORT, observations_from
from rumdoh.screening.services import ScreeningInput

IMMIGRATION = "General Department of Immigration"
PARTICIPANTS = (
    "Poipet Transit Centre",
    "Banteay Meanchey Department of Social Affairs",
    "Preah Sihanouk Provincial AHJPD Office",
)
# username, first, last, role, agency name
USERS = [("immigration", "Vichea", "Sam", Role.IMMIGRATION_SUPERVISOR, IMMIGRATION)]

HEADER = [
    "Family name",
    "Given name",
    "Nationality",
    "Passport",
    "Language",
    "Sex",
    "Age",
    "Status",
]
NAMES = {
    "CN": [
        ("Wang", "Wei"),
        ("Li", "Na"),
        ("Zhang", "Min"),
        ("Liu", "Yang"),
        ("Chen", "Jie"),
        ("Yang", "Fang"),
        ("Huang", "Lei"),
        ("Zhao", "Jing"),
        ("Wu", "Hao"),
        ("Zhou", "Xin"),
    ],
    "VN": [
        ("Nguyen", "Van An"),
        ("Tran", "Thi Hoa"),
        ("Le", "Minh"),
        ("Pham", "Thu"),
        ("Hoang", "Duc"),
        ("Vu", "Lan"),
        ("Dang", "Quang"),
        ("Bui", "Mai"),
    ],
    "TH": [
        ("Saelim", "Somchai"),
        ("Wongsa", "Malee"),
        ("Chaiyaphum", "Niran"),
        ("Srisuk", "Ploy"),
        ("Boonmee", "Arthit"),
        ("Thongdee", "Kanya"),
    ],
    "ID": [
        ("Santoso", "Budi"),
        ("Wijaya", "Siti"),
        ("Saputra", "Agus"),
        ("Lestari", "Dewi"),
        ("Pratama", "Rizky"),
        ("Hidayat", "Putri"),
    ],
}
LANGUAGE = {"CN": "zh", "VN": "vi", "TH": "th", "ID": "id"}
TRAFFICKED = {"ACT-RECRUITMENT": "yes", "FL-DECEPTION": "yes", "FL-THREATS": "yes"}
# Of the first twelve people screened, those whose screening indicates trafficking, and those of
# them an identifier then identified as suspected victims (a Chinese and a Vietnamese national).
INDICATED = (2, 7, 10)
IDENTIFIED = (2, 10)
IOM_PROVIDER = "IOM Return and Reintegration Assistance"


def ensure_users(agencies: list[Agency]) -> list[User]:
    by_name = {a.name: a for a in agencies}
    users = []
    for username, first, last, role, agency in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                agency=by_name[agency],
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


def roster_table() -> list[list[str]]:
    rows = [HEADER]
    number = 0
    for nationality, names in NAMES.items():
        for family, given in names:
            number += 1
            sex = "female" if number % 3 == 0 else "male"
            status = "deported" if number == 30 else ""
            rows.append(
                [
                    family,
                    given,
                    nationality,
                    f"{nationality}{7300000 + number * 37}",
                    LANGUAGE[nationality],
                    sex,
                    str(19 + number % 17),
                    status,
                ]
            )
    return rows


def _refer_home(
    lead: User, identifier: User, victims: list[Person], agencies: list[Agency], day: date
) -> None:
    """Each foreign victim, having agreed to it, is referred to the embassy of their country
    for travel documents and a safe return; the first also to IOM."""
    providers = {p.name: p for p in ensure_demo_providers(agencies)}
    for number, person in enumerate(victims):
        record_consent(
            lead, person, scope=ConsentScope.REFERRAL, method=ConsentMethod.VERBAL, given_on=day
        )
        chosen = [providers[EMBASSY_PROVIDERS[person.nationality]]]
        if number == 0:
            chosen.append(providers[IOM_PROVIDER])
        for provider in chosen:
            refer(
                identifier,
                person,
                provider,
                needs=[ServiceArea.REPATRIATION, ServiceArea.ADMINISTRATIVE],
                note="Found in the raid on the compound; asks to go home.",
            )


@transaction.atomic
def generate(agencies: list[Agency], out: IO[str]) -> Operation | None:
    """The demo raid, once."""
    (lead,) = ensure_users(agencies)
    if Operation.objects.filter(created_by=lead).exists():
        return None
    by_name = {a.name: a for a in agencies}
    screener = User.objects.get(username="screener")
    identifier = User.objects.get(username="identifier")
    operation = services.create_operation(
        lead,
        {
            "kind": "raid",
            "held_on": timezone.localdate() - timedelta(days=3),
            "province": "18",
            "place": "Compound on Road 4, Otres, Sihanoukville",
            "status": "under_way",
        },
        [by_name[name] for name in PARTICIPANTS],
    )
    services.import_roster(lead, operation, roster_table())
    entries = list(operation.roster.select_related("person").order_by("pk"))
    quiet = observations_from(SHORT, {q.key: "no" for q in SHORT})
    for index, entry in enumerate(entries[:12]):
        answers = TRAFFICKED if index in INDICATED else quiet
        record = services.screen_entry(
            screener,
            operation,
            entry,
            ScreeningInput(
                form="short",
                observations=dict(answers),
                context="",
                age=25,
                sex=entry.person.sex,
                nationality=entry.person.nationality,
            ),
            interpreter_language=entry.language,
        )
        if index in IDENTIFIED:
            identify(
                identifier,
                entry.person,
                exploitation_types=["forced_criminality"],
                sectors=["scam_compound"],
                basis="screening",
                screening_id=record.pk,
            )
    day = operation.held_on + timedelta(days=2)
    _refer_home(lead, identifier, [entries[i].person for i in IDENTIFIED], agencies, day)
    for entry in (entries[0], entries[1]):
        services.record_deportation(lead, operation, entry, deported_on=day)
    services.record_release(lead, operation, entries[3], released_on=day)
    out.write(f"Operations: {operation.reference} with {len(entries)} people on its roster.\n")
    return operation
