"""Builders for operation tests: an immigration raid with a participating transit centre."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.operations import services
from rumdoh.operations.models import Operation
from rumdoh.screening.rules.questions import SHORT, observations_from
from rumdoh.screening.services import ScreeningInput
from tests.conftest import make_agency, make_user

HEADER = ["Family name", "Given name", "Nationality", "Passport", "Language", "Sex", "Age"]
NOT_INDICATED = observations_from(SHORT, {q.key: "no" for q in SHORT})
TRAFFICKED = {"ACT-RECRUITMENT": "yes", "FL-DECEPTION": "yes", "FL-THREATS": "yes"}


def roster_rows(count: int, start: int = 0) -> list[list[str]]:
    nations = ["CN", "VN", "TH", "ID"]
    languages = ["zh", "vi", "th", "id"]
    return [
        [
            f"Family{i}",
            f"Given{i}",
            nations[i % 4],
            f"E{1000000 + i}",
            languages[i % 4],
            "male" if i % 3 else "female",
            str(20 + i % 30),
        ]
        for i in range(start, start + count)
    ]


def roster_csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


class Raid:
    def __init__(self) -> None:
        self.immigration = make_agency("Immigration", AgencyKind.IMMIGRATION, "18", False)
        self.centre = make_agency("Transit Centre", AgencyKind.TRANSIT_CENTRE, "18", True)
        self.outsider_agency = make_agency("Other NGO", AgencyKind.NGO, "01")
        self.officer = make_user(Role.IMMIGRATION_OFFICER, self.immigration, "officer")
        self.supervisor = make_user(Role.IMMIGRATION_SUPERVISOR, self.immigration, "chief")
        self.screener = make_user(Role.SCREENER, self.centre, "screener1")
        self.identifier = make_user(Role.IDENTIFIER, self.centre, "identifier1")
        self.outsider = make_user(Role.SCREENER, self.outsider_agency, "outsider1")
        self.operation = services.create_operation(
            self.officer,
            {
                "kind": "raid",
                "held_on": date(2026, 11, 20),
                "province": "18",
                "place": "Compound on Road 4",
                "status": "under_way",
            },
            [self.centre],
        )

    def import_rows(self, rows: list[list[str]], header: list[str] = HEADER) -> Any:
        return services.import_roster(self.officer, self.operation, [header, *rows])

    def screen(self, entry: Any, observations: dict[str, str] | None = None) -> Any:
        return services.screen_entry(
            self.screener,
            self.operation,
            entry,
            ScreeningInput(
                form="short",
                observations=dict(observations or NOT_INDICATED),
                context="",
                age=30,
                sex="male",
                nationality=entry.person.nationality,
            ),
            interpreter_language="zh",
        )


def fresh(operation: Operation) -> Operation:
    return Operation.objects.get(pk=operation.pk)
