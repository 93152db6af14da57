"""The screening list page and the screenings API take the same filters, read by the same form:
for the same filter they list the same screenings, newest first, and the API answers 400 with
the form's message for a value the form refuses."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from rumdoh.screening.models import ScreeningRecord
from tests.conftest import World, login, make_person
from tests.list_filters import BACKWARDS, NOT_A_CHOICE, NOT_A_DATE, assert_refused, walk_pages
from tests.screening.helpers import make_screening

pytestmark = pytest.mark.django_db

API = "/api/v1/screenings/"
PAGE = "/screening/records/"
DETAIL_LINK = re.compile(r'href="/screening/records/(\d+)/"')
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


def screened(world: World, on: str, determination: str, context: str, **fields: Any) -> int:
    """A screening by the owner's agency, screened on the day ``on`` at noon in Phnom Penh."""
    record = make_screening(world.owner, **fields)
    at = datetime.fromisoformat(f"{on}T12:00").replace(tzinfo=PHNOM_PENH)
    ScreeningRecord.objects.filter(pk=record.pk).update(
        screened_at=at, determination=determination, context=context
    )
    return record.pk


@pytest.fixture
def screenings(world: World) -> dict[str, int]:
    other = make_person(world.owner, given_name="Dara", family_name="Meas")
    make_screening(world.outsider)  # another agency's: in no answer of the owner's
    return {
        "trafficking raid": screened(
            world, "2026-11-20", "trafficking-indicated", "raid", person=world.person
        ),
        "trafficking deportation": screened(
            world, "2026-10-01", "trafficking-indicated", "deportation", person=other
        ),
        "not indicated deportation": screened(world, "2026-09-01", "not-indicated", "deportation"),
        "forced labour inspection": screened(
            world, "2026-12-05", "forced-labour-indicated", "labour_inspection",
            person=world.person,
        ),
    }  # fmt: skip


def on_the_page(world: World, filters: dict[str, str]) -> list[int]:
    page = login(world.owner).get(PAGE, filters)
    assert page.status_code == 200
    return [int(pk) for pk in DETAIL_LINK.findall(page.content.decode())]


def in_the_api(world: World, filters: dict[str, str]) -> list[int]:
    answer = login(world.owner).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


ALL = ["forced labour inspection", "trafficking raid", "trafficking deportation",
       "not indicated deportation"]  # fmt: skip


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ALL),
        ({"determination": "trafficking-indicated"}, ["trafficking raid",
                                                      "trafficking deportation"]),
        ({"context": "deportation"}, ["trafficking deportation", "not indicated deportation"]),
        ({"determination": "trafficking-indicated", "context": "deportation"},
         ["trafficking deportation"]),
        ({"determination": "further-assessment"}, []),
        ({"since": "2026-10-01", "until": "2026-11-20"}, ["trafficking raid",
                                                          "trafficking deportation"]),
        ({"since": "2026-11-21"}, ["forced labour inspection"]),
        ({"until": "2026-09-30"}, ["not indicated deportation"]),
        ({"since": "2026-11-20", "until": "2026-11-20"}, ["trafficking raid"]),
        ({"context": "raid", "since": "2026-11-21"}, []),
        ({"q": "", "determination": "", "context": ""}, ALL),
    ],
)  # fmt: skip
def test_the_page_and_the_api_list_the_same_screenings_for_a_filter(
    world: World, screenings: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    wanted = [screenings[name] for name in expected]
    assert on_the_page(world, filters) == wanted
    assert in_the_api(world, filters) == wanted


@pytest.mark.parametrize("typed", ["{reference}", "p-{pk}", " {pk} "])
def test_the_page_and_the_api_find_a_persons_screenings_by_the_p_number(
    world: World, screenings: dict[str, int], typed: str
) -> None:
    q = typed.format(reference=world.person.reference, pk=world.person.pk)
    wanted = [screenings["forced labour inspection"], screenings["trafficking raid"]]
    assert on_the_page(world, {"q": q}) == wanted
    assert in_the_api(world, {"q": q}) == wanted
    narrowed = {"q": q, "determination": "trafficking-indicated"}
    assert on_the_page(world, narrowed) == in_the_api(world, narrowed) == wanted[1:]


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    world: World, screenings: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(world.owner)
    filters = {"context": "deportation", "since": "2026-08-01", "until": "2026-10-31"}
    seen, links = walk_pages(client, API, filters)
    wanted = [screenings["trafficking deportation"], screenings["not indicated deportation"]]
    assert seen == wanted == on_the_page(world, filters) and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "context": ["deportation"],
        "since": ["2026-08-01"],
        "until": ["2026-10-31"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------

NOT_A_P_NUMBER = {
    "en": "Give a P-number, such as P-0000012.",
    "km": "សូមបញ្ចូលលេខ P ឧទាហរណ៍ P-0000012។",
}


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field", "messages", "code"),
    [
        ({"determination": "trafficked"}, "determination", NOT_A_CHOICE, "invalid_choice"),
        ({"context": "airport", "since": "2026-01-01"}, "context", NOT_A_CHOICE,
         "invalid_choice"),
        ({"since": "2026-13-01"}, "since", NOT_A_DATE, "invalid"),
        ({"until": "yesterday", "context": "raid"}, "until", NOT_A_DATE, "invalid"),
        ({"since": "2026-11-21", "until": "2026-11-20"}, "until", BACKWARDS, "before_since"),
        ({"q": "Sokha"}, "q", NOT_A_P_NUMBER, "invalid"),
    ],
)  # fmt: skip
def test_the_api_refuses_a_filter_that_does_not_validate_in_the_readers_language(
    world: World,
    screenings: dict[str, int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(world.owner).get(API, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, messages, code, language, filters.get(field, ""))


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_page_says_how_to_write_a_date(world: World, language: str) -> None:
    page = login(world.owner).get(PAGE, {"since": "20/11/2026"}, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert NOT_A_DATE[language] in page.content.decode()


def test_one_screening_is_read_whatever_list_filters_come_along(
    world: World, screenings: dict[str, int]
) -> None:
    pk = screenings["trafficking raid"]
    filters = {"determination": "not-indicated", "since": "not a date"}
    one = login(world.owner).get(f"{API}{pk}/", filters)
    assert one.status_code == 200 and one.json()["id"] == pk


def test_the_api_also_lists_the_screenings_of_persons_the_agency_sees_filtered_alike(
    world: World, screenings: dict[str, int]
) -> None:
    """The page lists the agency's own screenings; the API also those other agencies made of
    persons the agency may see, narrowed by the same filters."""
    partners = make_screening(world.partner, world.person, context="raid")
    at = datetime(2026, 11, 21, 12, tzinfo=PHNOM_PENH)
    ScreeningRecord.objects.filter(pk=partners.pk).update(screened_at=at)
    filters = {"context": "raid", "since": "2026-11-01"}
    assert on_the_page(world, filters) == [screenings["trafficking raid"]]
    assert in_the_api(world, filters) == [partners.pk, screenings["trafficking raid"]]
