"""The operations page and the operations API list the same operations for the same filter:
the operations the reader's agency leads or takes part in, newest first."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.operations import services
from rumdoh.operations.models import Operation
from tests.conftest import login, make_agency, make_user
from tests.list_filters import BACKWARDS, NOT_A_CHOICE, NOT_A_DATE, assert_refused, walk_pages
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
        ({"since": "2026-09-15", "until": "2026-11-10"}, ["detention under way", "raid closed"]),
        ({"since": "2026-11-20"}, ["inspection planned", "raid under way"]),
        ({"until": "2026-10-01"}, ["raid closed", "raid under way before"]),
        ({"since": "2026-11-20", "until": "2026-11-20"}, ["raid under way"]),
        ({"kind": "raid", "since": "2026-10-01"}, ["raid under way", "raid closed"]),
        ({"status": "planned", "until": "2026-12-04"}, []),
        ({"q": "OP-"}, []),
        ({"q": "Sihanoukville"}, []),
        ({"q": ""}, ["inspection planned", "raid under way", "detention under way",
                     "raid closed", "raid under way before"]),
    ],
)  # fmt: skip
def test_the_page_and_the_api_list_the_same_operations_for_a_filter(
    raid: Raid, operations: dict[str, Operation], filters: dict[str, str], expected: list[str]
) -> None:
    wanted = [operations[name].pk for name in expected]
    assert on_the_page(raid, filters) == wanted
    assert in_the_api(raid, filters) == wanted


@pytest.mark.parametrize(
    ("name", "typed", "more", "found"),
    [
        ("raid closed", "{reference}", {}, True),
        ("raid closed", "op{pk}", {}, True),
        ("raid closed", " {pk} ", {"kind": "raid", "until": "2026-10-01"}, True),
        ("raid closed", "{reference}", {"kind": "detention"}, False),
        ("raid closed", "{reference}", {"since": "2026-10-02"}, False),
        ("someone else's raid", "{reference}", {}, False),
    ],
)
def test_the_page_and_the_api_find_the_same_operation_by_its_number(
    raid: Raid,
    operations: dict[str, Operation],
    name: str,
    typed: str,
    more: dict[str, str],
    found: bool,
) -> None:
    operation = operations[name]
    filters = {"q": typed.format(reference=operation.reference, pk=operation.pk), **more}
    wanted = [operation.pk] if found else []
    assert on_the_page(raid, filters) == wanted
    assert in_the_api(raid, filters) == wanted


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    raid: Raid, operations: dict[str, Operation], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(raid.officer)
    filters = {"kind": "raid", "since": "2026-09-02", "until": "2026-11-30"}
    seen, links = walk_pages(client, "/api/v1/operations/", filters)
    assert seen == [operations["raid under way"].pk, operations["raid closed"].pk]
    assert seen == on_the_page(raid, filters) and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "kind": ["raid"],
        "since": ["2026-09-02"],
        "until": ["2026-11-30"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field", "messages", "code"),
    [
        ({"since": "2026-13-01"}, "since", NOT_A_DATE, "invalid"),
        ({"until": "yesterday"}, "until", NOT_A_DATE, "invalid"),
        ({"since": "20/11/2026", "kind": "raid"}, "since", NOT_A_DATE, "invalid"),
        ({"since": "2026-11-21", "until": "2026-11-20"}, "until", BACKWARDS, "before_since"),
        ({"kind": "submarine"}, "kind", NOT_A_CHOICE, "invalid_choice"),
        ({"status": "lost", "since": "2026-01-01"}, "status", NOT_A_CHOICE, "invalid_choice"),
    ],
)
def test_the_api_refuses_a_filter_that_does_not_validate_in_the_readers_language(
    raid: Raid,
    operations: dict[str, Operation],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(raid.officer).get("/api/v1/operations/", filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, messages, code, language, filters.get(field, ""))


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_page_says_the_days_held_are_backwards(raid: Raid, language: str) -> None:
    page = login(raid.officer).get(
        "/operations/",
        {"since": "2026-11-21", "until": "2026-11-20"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert page.status_code == 200
    assert BACKWARDS[language] in page.content.decode()


def test_one_operation_is_read_whatever_list_filters_come_along(
    raid: Raid, operations: dict[str, Operation]
) -> None:
    closed = operations["raid closed"]
    filters = {"kind": "detention", "since": "not a date"}
    one = login(raid.officer).get(f"/api/v1/operations/{closed.pk}/", filters)
    assert one.status_code == 200 and one.json()["id"] == closed.pk


def test_an_operation_is_found_by_its_reference_however_typed():
    from rumdoh.operations.models import Operation

    for typed in ("OP-000012", "op12", "Op-12", " 12 ", "000012", "OP - 12", "0" * 13 + "12"):
        assert Operation.pk_of(typed) == 12
    assert Operation.pk_of("OP-១២") == 12  # digits typed on a Khmer keyboard
    for typed in ("", "OP-", "OP-0", "T-12", "12a", "-12", "OP--12", "OP-²", "9" * 20):
        assert Operation.pk_of(typed) is None
