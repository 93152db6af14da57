"""The deportation lists page and the lists API take the same filters, read by the same form: for
the same filter they list the same lists, latest expected first, and the API answers 400 with the
form's message for a value the form refuses instead of ignoring it."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rumdoh.crossborder import services
from rumdoh.crossborder.models import DeportationList
from tests.conftest import login
from tests.crossborder.conftest import HEADERS, Border, row
from tests.list_filters import BACKWARDS, NOT_A_CHOICE, NOT_A_DATE, assert_refused, walk_pages

API = "/api/v1/crossborder/lists/"
PAGE = "/crossborder/lists/"


def received(border: Border, crossing: str, expected_on: date) -> int:
    made = services.import_list(
        border.worker,
        services.ListDetails("Sa Kaeo Immigration", "TH", crossing, expected_on),
        HEADERS,
        [row("Dara", "Sok", "M", "31")],
        file_name="list.csv",
        again=True,  # the same man deported again and again
    )
    return made.pk


@pytest.fixture
def lists(border: Border) -> dict[str, int]:
    return {
        "poipet 1 Nov": received(border, "poipet", date(2026, 11, 1)),
        "bavet 10 Nov": received(border, "bavet", date(2026, 11, 10)),
        "poipet 20 Nov": received(border, "poipet", date(2026, 11, 20)),
        "osmach 20 Nov": received(border, "osmach", date(2026, 11, 20)),
    }


def on_the_page(border: Border, filters: dict[str, str]) -> list[int]:
    page = login(border.screener).get(PAGE, filters)
    assert page.status_code == 200
    return [one.pk for one in page.context["page"]]


def in_the_api(border: Border, filters: dict[str, str]) -> list[int]:
    answer = login(border.screener).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [one["id"] for one in answer.json()["results"]]


ALL = ["osmach 20 Nov", "poipet 20 Nov", "bavet 10 Nov", "poipet 1 Nov"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ALL),
        ({"crossing": "poipet"}, ["poipet 20 Nov", "poipet 1 Nov"]),
        ({"crossing": "pnh_airport"}, []),
        ({"since": "2026-11-10"}, ["osmach 20 Nov", "poipet 20 Nov", "bavet 10 Nov"]),
        ({"until": "2026-11-10"}, ["bavet 10 Nov", "poipet 1 Nov"]),
        ({"since": "2026-11-05", "until": "2026-11-15"}, ["bavet 10 Nov"]),
        ({"since": "2026-11-20", "until": "2026-11-20", "crossing": "osmach"}, ["osmach 20 Nov"]),
        ({"q": "Sa Kaeo"}, []),
        ({"q": "", "crossing": "", "since": "", "until": ""}, ALL),
    ],
)  # fmt: skip
def test_the_page_and_the_api_list_the_same_lists_for_a_filter(
    border: Border, lists: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    wanted = [lists[name] for name in expected]
    assert on_the_page(border, filters) == wanted
    assert in_the_api(border, filters) == wanted


@pytest.mark.parametrize(("typed", "more", "found"), [
    ("{reference}", {}, True),
    ("dl{pk}", {"crossing": "bavet"}, True),
    (" {pk} ", {}, True),
    ("{reference}", {"crossing": "poipet"}, False),
])  # fmt: skip
def test_the_page_and_the_api_find_the_same_list_by_its_number(
    border: Border, lists: dict[str, int], typed: str, more: dict[str, str], found: bool
) -> None:
    pk = lists["bavet 10 Nov"]
    reference = DeportationList.objects.get(pk=pk).reference
    filters = {"q": typed.format(reference=reference, pk=pk), **more}
    wanted = [pk] if found else []
    assert on_the_page(border, filters) == wanted
    assert in_the_api(border, filters) == wanted


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    border: Border, lists: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    filters = {"crossing": "poipet", "since": "2026-11-01"}
    seen, links = walk_pages(login(border.screener), API, filters)
    assert seen == [lists["poipet 20 Nov"], lists["poipet 1 Nov"]] == on_the_page(border, filters)
    assert len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "crossing": ["poipet"],
        "since": ["2026-11-01"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field", "messages", "code"),
    [
        ({"crossing": "Poipet"}, "crossing", NOT_A_CHOICE, "invalid_choice"),
        ({"crossing": "aranyaprathet", "since": "2026-11-01"}, "crossing", NOT_A_CHOICE,
         "invalid_choice"),
        ({"since": "2026-13-01"}, "since", NOT_A_DATE, "invalid"),
        ({"until": "20/11/2026", "crossing": "poipet"}, "until", NOT_A_DATE, "invalid"),
        ({"since": "2026-11-21", "until": "2026-11-20"}, "until", BACKWARDS, "before_since"),
    ],
)  # fmt: skip
def test_the_api_refuses_a_filter_that_does_not_validate_in_the_readers_language(
    border: Border,
    lists: dict[str, int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(border.screener).get(API, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, messages, code, language, filters.get(field, ""))


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "messages"),
    [
        ({"since": "20/11/2026"}, NOT_A_DATE),
        ({"since": "2026-11-21", "until": "2026-11-20"}, BACKWARDS),
    ],
)
def test_the_page_says_what_it_refuses_beside_the_date(
    border: Border,
    lists: dict[str, int],
    filters: dict[str, str],
    messages: dict[str, str],
    language: str,
) -> None:
    page = login(border.screener).get(PAGE, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert messages[language] in page.content.decode()


def test_one_list_is_read_whatever_list_filters_come_along(
    border: Border, lists: dict[str, int]
) -> None:
    pk = lists["bavet 10 Nov"]
    filters = {"crossing": "poipet", "since": "not a date", "q": "DL-1"}
    one = login(border.screener).get(f"{API}{pk}/", filters)
    assert one.status_code == 200
    assert (one.json()["id"], one.json()["listed"]) == (pk, 1)
