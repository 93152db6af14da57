"""The operations page and the operations API list the same operations for the same filter:
the operations the reader's agency leads or takes part in, newest first."""

from __future__ import annotations

import re
from datetime import date

import pytest

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.operations import services
from rumdoh.operations.models import Operation
from tests.conftest import login, make_agency, make_user
from tests.operations.helpers import Raid

DETAIL_LINK = re.compile(r'href="/operations/(\d+)/"')


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


def held(user: User, kind: str, on: date, status: str, agencies: list[Agency]) -> Operation:
    return services.create_operation(
        user,
        {"kind": kind, "held_on": on, "province": "18", "place": "Sihanoukville",
         "status": status},
        agencies,
    )  # fmt: skip


@pytest.fixture
def operations(raid: Raid) -> dict[str, Operation]:
    elsewhere = make_agency("Immigration Koh Kong", AgencyKind.IMMIGRATION, "09", False)
    stranger = make_user(Role.IMMIGRATION_OFFICER, elsewhere, "kk.officer")
    officer, mine = raid.officer, [raid.centre]
    return {
        "raid under way": raid.operation,  # 2026-11-20
        "raid closed": held(officer, "raid", date(2026, 10, 1), "closed", mine),
        "raid under way before": held(officer, "raid", date(2026, 9, 1), "under_way", mine),
        "detention under way": held(officer, "detention", date(2026, 11, 1), "under_way", mine),
        "inspection planned": held(officer, "labour_inspection", date(2026, 12, 5), "planned", []),
        # Of an agency the officer's does not work with: in no answer of his.
        "someone else's raid": held(stranger, "raid", date(2026, 11, 25), "under_way", []),
    }


def on_the_page(raid: Raid, filters: dict[str, str]) -> list[int]:
    page = login(raid.officer).get("/operations/", filters)
    assert page.status_code == 200
    return [int(pk) for pk in DETAIL_LINK.findall(page.content.decode())]


def in_the_api(raid: Raid, filters: dict[str, str]) -> list[int]:
    answer = login(raid.officer).get("/api/v1/operations/", filters)
    assert answer.status_code == 200
    return [row["id"] for row in answer.json()["results"]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["inspection planned", "raid under way", "detention under way", "raid closed",
              "raid under way before"]),
        ({"kind": "raid"}, ["raid under way", "raid closed", "raid under way before"]),
        ({"status": "under_way"}, ["raid under way", "detention under way",
                                   "raid under way before"]),
        ({"kind": "raid", "status": "under_way"}, ["raid under way", "raid under way before"]),
        ({"kind": "detention", "status": "closed"}, []),
    ],
)  # fmt: skip
def test_the_page_and_the_api_list_the_same_operations_for_a_filter(
    raid: Raid, operations: dict[str, Operation], filters: dict[str, str], expected: list[str]
) -> None:
    wanted = [operations[name].pk for name in expected]
    assert on_the_page(raid, filters) == wanted
    assert in_the_api(raid, filters) == wanted


def test_the_page_also_filters_by_number_and_days_held(
    raid: Raid, operations: dict[str, Operation]
) -> None:
    closed = operations["raid closed"]
    assert on_the_page(raid, {"q": closed.reference.lower()}) == [closed.pk]
    autumn = {"since": "2026-09-15", "until": "2026-11-10"}
    assert on_the_page(raid, autumn) == [operations["detention under way"].pk, closed.pk]
    assert on_the_page(raid, {"q": operations["someone else's raid"].reference}) == []


def test_an_operation_is_found_by_its_reference_however_typed():
    from rumdoh.operations.models import Operation

    for typed in ("OP-000012", "op12", "Op-12", " 12 ", "000012", "OP - 12", "0" * 13 + "12"):
        assert Operation.pk_of(typed) == 12
    assert Operation.pk_of("OP-១២") == 12  # digits typed on a Khmer keyboard
    for typed in ("", "OP-", "OP-0", "T-12", "12a", "-12", "OP--12", "OP-²", "9" * 20):
        assert Operation.pk_of(typed) is None
