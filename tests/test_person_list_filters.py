"""The person list page and the persons API take the same filters, read by the same form: for the
same filter they list the same persons in the same order, and the API answers 400 with the form's
message, in Khmer or English, for a value the form refuses."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import World, login, make_person
from tests.list_filters import NOT_A_CHOICE, assert_refused, walk_pages

pytestmark = pytest.mark.django_db

API = "/api/v1/persons/"


@pytest.fixture
def persons(world: World) -> dict[str, int]:
    """world.person (Sokha Chan, female, KH, 2001, province 01) and four more; one more of the
    outsider's, whom the owner never sees."""
    make_person(world.outsider, given_name="Sokha", family_name="Chan")
    made = {
        "Sokha Chan": world.person.pk,
        "Dara Sok": make_person(world.owner, given_name="Dara", family_name="Sok", sex="male",
                                birth_year=1990, province="12", phone="").pk,
        "Srey Mom Pov": make_person(world.owner, given_name="Srey Mom", family_name="Pov",
                                    birth_year=1990, province="12", phone="").pk,
        "Nguyen Lan": make_person(world.owner, given_name="Lan", family_name="Nguyen",
                                  nationality="VN", birth_year=1998, phone="").pk,
        "Sokha Meas": make_person(world.owner, given_name="Sokha", family_name="Meas",
                                  sex="male", birth_year=2001, phone="").pk,
    }  # fmt: skip
    return made


def on_the_page(world: World, filters: dict[str, Any]) -> list[int]:
    page = login(world.owner).get("/people/", filters)
    assert page.status_code == 200
    return [person.pk for person in page.context["page"]]


def in_the_api(world: World, filters: dict[str, Any]) -> list[int]:
    answer = login(world.owner).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


NEWEST_FIRST = ["Sokha Meas", "Nguyen Lan", "Srey Mom Pov", "Dara Sok", "Sokha Chan"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, NEWEST_FIRST),
        ({"province": "12"}, ["Srey Mom Pov", "Dara Sok"]),
        ({"sex": "male"}, ["Sokha Meas", "Dara Sok"]),
        ({"sex": "male", "province": "12"}, ["Dara Sok"]),
        ({"nationality": "VN"}, ["Nguyen Lan"]),
        ({"nationality": "vn"}, ["Nguyen Lan"]),
        ({"birth_year": "1990"}, ["Srey Mom Pov", "Dara Sok"]),
        ({"birth_year": "1990", "sex": "female"}, ["Srey Mom Pov"]),
        ({"sex": "unknown"}, []),
        ({"q": "Sokha", "sex": "male"}, ["Sokha Meas"]),
        ({"q": "", "province": "", "sex": "", "nationality": "", "birth_year": ""}, NEWEST_FIRST),
    ],
)
def test_the_page_and_the_api_list_the_same_persons_for_a_filter(
    world: World, persons: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    wanted = [persons[name] for name in expected]
    assert on_the_page(world, filters) == wanted
    assert in_the_api(world, filters) == wanted


def test_the_page_and_the_api_rank_a_search_alike(world: World, persons: dict[str, int]) -> None:
    filters = {"q": "Sokha", "birth_year": "2001", "nationality": "KH"}
    ranked = on_the_page(world, filters)
    assert set(ranked) == {persons["Sokha Chan"], persons["Sokha Meas"]}
    assert in_the_api(world, filters) == ranked


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    world: World, persons: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(world.owner)
    filters = {"province": "12", "nationality": "KH"}
    seen, links = walk_pages(client, API, filters)
    assert seen == [persons["Srey Mom Pov"], persons["Dara Sok"]] == on_the_page(world, filters)
    assert len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "province": ["12"],
        "nationality": ["KH"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------

NOT_A_YEAR = {
    "en": "Give a year between 1900 and 2100.",
    "km": "សូមបញ្ចូលឆ្នាំចន្លោះពី 1900 ដល់ 2100។",
}
TOO_LONG = {
    "en": "Ensure this value has at most 2 characters (it has 3).",
    "km": "តម្លៃនេះត្រូវមានយ៉ាងច្រើន 2 តួអក្សរ (វាមាន 3)។",
}


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field", "messages", "code"),
    [
        ({"province": "99"}, "province", NOT_A_CHOICE, "invalid_choice"),
        ({"sex": "woman", "province": "12"}, "sex", NOT_A_CHOICE, "invalid_choice"),
        ({"birth_year": "nineteen ninety"}, "birth_year", NOT_A_YEAR, "invalid"),
        ({"birth_year": "1850", "q": "Sokha"}, "birth_year", NOT_A_YEAR, "min_value"),
        ({"birth_year": "2300"}, "birth_year", NOT_A_YEAR, "max_value"),
        ({"nationality": "KHM"}, "nationality", TOO_LONG, "max_length"),
    ],
)
def test_the_api_refuses_a_filter_that_does_not_validate_in_the_readers_language(
    world: World,
    persons: dict[str, int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(world.owner).get(API, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, messages, code, language, filters[field])


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_page_says_which_years_it_takes(world: World, language: str) -> None:
    page = login(world.owner).get("/people/", {"birth_year": "1850"}, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert NOT_A_YEAR[language] in page.content.decode()
