"""A deportation list's page and the deportees API take the same filters, read by the same form:
for the same filter they list the same people, in the list's order, and the API answers 400 with
the form's message for a value the form refuses instead of ignoring it."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rumdoh.crossborder import services
from rumdoh.crossborder.models import DeportationList
from rumdoh.screening.rules.questions import SHORT
from tests.conftest import login
from tests.crossborder.conftest import Border, row
from tests.list_filters import NOT_A_CHOICE, assert_refused, walk_pages

API = "/api/v1/crossborder/deportees/"
NOTHING_SEEN = {code: "no" for question in SHORT for code in question.codes}


@pytest.fixture
def lists(border: Border) -> dict[str, DeportationList]:
    first = border.import_list(
        [
            row("Dara", "Sok", "M", "31"),  # expected
            row("Srey Mom", "Chan", "F", "24"),  # arrived and screened
            row("Sophea", "Keo", "F", "19"),  # arrived, not screened yet
            row("Vuthy", "Mao", "M", "40"),  # did not arrive
        ]
    )
    _expected, screened, waiting, absent = first.deportees.order_by("row")
    services.register_arrival(border.screener, screened.pk)
    services.screen_deportee(border.screener, screened.pk, NOTHING_SEEN)
    services.register_arrival(border.screener, waiting.pk)
    services.mark_absent(border.screener, absent.pk)
    second = border.import_list([row("Bopha", "Lim", "F", "28"), row("Rith", "Chea", "M", "35")])
    services.register_arrival(border.screener, second.deportees.get(row=3).pk)
    return {"first": first, "second": second}


def rows_of(deportation_list: DeportationList, *numbers: int) -> list[int]:
    return [deportation_list.deportees.get(row=n).pk for n in numbers]


def on_the_page(border: Border, deportation_list: DeportationList, filters: Any) -> list[int]:
    page = login(border.screener).get(f"/crossborder/lists/{deportation_list.pk}/", filters)
    assert page.status_code == 200
    return [d.pk for d in page.context["page"]]


def in_the_api(border: Border, filters: dict[str, Any]) -> list[int]:
    answer = login(border.screener).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [one["id"] for one in answer.json()["results"]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [2, 3, 4, 5]),
        ({"status": "expected"}, [2]),
        ({"status": "arrived"}, [3, 4]),
        ({"status": "absent"}, [5]),
        ({"screened": "yes"}, [3]),
        ({"screened": "no"}, [2, 4, 5]),
        ({"status": "arrived", "screened": "no"}, [4]),
        ({"status": "expected", "screened": "yes"}, []),
        ({"status": "", "screened": ""}, [2, 3, 4, 5]),
    ],
)
def test_the_page_and_the_api_list_the_same_people_of_a_list_for_a_filter(
    border: Border,
    lists: dict[str, DeportationList],
    filters: dict[str, str],
    expected: list[int],
) -> None:
    first = lists["first"]
    wanted = rows_of(first, *expected)
    assert on_the_page(border, first, filters) == wanted
    assert in_the_api(border, {"list": first.pk, **filters}) == wanted


def test_without_a_list_the_api_filters_the_people_of_every_list_alike(
    border: Border, lists: dict[str, DeportationList]
) -> None:
    first, second = lists["first"], lists["second"]
    arrived = {"status": "arrived", "screened": "no"}
    assert in_the_api(border, arrived) == [
        *on_the_page(border, first, arrived),
        *on_the_page(border, second, arrived),
    ]
    assert in_the_api(border, arrived) == [*rows_of(first, 4), *rows_of(second, 3)]


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    border: Border, lists: dict[str, DeportationList], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(border.screener)
    first = lists["first"]
    filters = {"list": str(first.pk), "screened": "no"}
    seen, links = walk_pages(client, API, filters)
    assert seen == rows_of(first, 2, 4, 5) == on_the_page(border, first, {"screened": "no"})
    assert len(links) == 2
    assert parse_qs(urlsplit(links[0]).query) == {
        "list": [str(first.pk)],
        "screened": ["no"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"status": "ARRIVED"}, "status"),
        ({"status": "came"}, "status"),
        ({"screened": "true", "status": "arrived"}, "screened"),
    ],
)
def test_the_api_refuses_an_unknown_choice_in_the_readers_language(
    border: Border,
    lists: dict[str, DeportationList],
    filters: dict[str, str],
    field: str,
    language: str,
) -> None:
    answer = login(border.screener).get(
        API, {"list": lists["first"].pk, **filters}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert_refused(answer, field, NOT_A_CHOICE, "invalid_choice", language, filters[field])


def test_one_person_of_a_list_is_read_whatever_list_filters_come_along(
    border: Border, lists: dict[str, DeportationList]
) -> None:
    (pk,) = rows_of(lists["first"], 2)
    one = login(border.screener).get(f"{API}{pk}/", {"status": "absent", "screened": "maybe"})
    assert one.status_code == 200 and one.json()["id"] == pk
