"""The repatriations page and the repatriations API take the same filters, read by the same form:
for the same filter they list the same repatriations, latest requested first, to the agency and
to an embassy alike, and the API answers 400 with the form's message for a value the form refuses
instead of ignoring it."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rumdoh.accounts.models import User
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation
from tests.conftest import login, make_person
from tests.crossborder.conftest import Border
from tests.list_filters import NOT_A_CHOICE, assert_refused, walk_pages

API = "/api/v1/crossborder/repatriations/"
PAGE = "/crossborder/repatriations/"


def opened(
    border: Border, name: str, direction: str, day: int, *, moved: bool, embassy: bool
) -> Repatriation:
    nationality = "KH" if direction == "home" else "VN"
    person = make_person(border.worker, given_name=name, nationality=nationality)
    made = services.open_repatriation(
        border.worker,
        person,
        {"direction": direction, "country": "TH" if direction == "home" else "VN",
         "requested_on": date(2026, 11, day), "embassy": border.embassy if embassy else None},
    )  # fmt: skip
    if moved:
        services.move_repatriation(
            border.worker, made.pk, "documents", on=date(2026, 11, day + 1), version=made.version
        )
    return made


@pytest.fixture
def repatriations(border: Border) -> dict[str, Repatriation]:
    return {
        "Dara home": opened(border, "Dara", "home", 1, moved=False, embassy=True),
        "Sreymom home documents": opened(border, "Sreymom", "home", 5, moved=True, embassy=True),
        "Lan abroad documents": opened(border, "Lan", "abroad", 10, moved=True, embassy=False),
        "Minh abroad": opened(border, "Minh", "abroad", 15, moved=False, embassy=False),
    }


def on_the_page(user: User, filters: dict[str, str]) -> list[int]:
    page = login(user).get(PAGE, filters)
    assert page.status_code == 200
    return [one.pk for one in page.context["page"]]


def in_the_api(user: User, filters: dict[str, str]) -> list[int]:
    answer = login(user).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [one["id"] for one in answer.json()["results"]]


ALL = ["Minh abroad", "Lan abroad documents", "Sreymom home documents", "Dara home"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ALL),
        ({"direction": "home"}, ["Sreymom home documents", "Dara home"]),
        ({"direction": "abroad"}, ["Minh abroad", "Lan abroad documents"]),
        ({"stage": "documents"}, ["Lan abroad documents", "Sreymom home documents"]),
        ({"direction": "abroad", "stage": "requested"}, ["Minh abroad"]),
        ({"stage": "closed"}, []),
        ({"q": "Dara"}, []),
        ({"q": "", "direction": "", "stage": ""}, ALL),
    ],
)
def test_the_page_and_the_api_list_the_same_repatriations_for_a_filter(
    border: Border,
    repatriations: dict[str, Repatriation],
    filters: dict[str, str],
    expected: list[str],
) -> None:
    wanted = [repatriations[name].pk for name in expected]
    assert on_the_page(border.worker, filters) == wanted
    assert in_the_api(border.worker, filters) == wanted


@pytest.mark.parametrize(("typed", "more", "found"), [
    ("{reference}", {}, True),
    ("rp{pk}", {"direction": "home"}, True),
    ("{person}", {}, True),
    ("p-{person_id}", {"stage": "documents"}, True),
    ("{reference}", {"direction": "abroad"}, False),
])  # fmt: skip
def test_the_page_and_the_api_find_the_same_repatriation_by_its_number_or_the_persons(
    border: Border,
    repatriations: dict[str, Repatriation],
    typed: str,
    more: dict[str, str],
    found: bool,
) -> None:
    one = repatriations["Sreymom home documents"]
    q = typed.format(
        reference=one.reference, pk=one.pk, person=one.person.reference, person_id=one.person_id
    )
    wanted = [one.pk] if found else []
    assert on_the_page(border.worker, {"q": q, **more}) == wanted
    assert in_the_api(border.worker, {"q": q, **more}) == wanted


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Sreymom home documents", "Dara home"]),
        ({"direction": "home"}, ["Sreymom home documents", "Dara home"]),
        ({"stage": "documents"}, ["Sreymom home documents"]),
        ({"stage": "requested", "direction": "abroad"}, []),
    ],
)
def test_an_embassy_finds_alike_among_its_own_nationals(
    border: Border,
    repatriations: dict[str, Repatriation],
    filters: dict[str, str],
    expected: list[str],
) -> None:
    wanted = [repatriations[name].pk for name in expected]
    assert on_the_page(border.consul, filters) == wanted
    assert in_the_api(border.consul, filters) == wanted


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    border: Border, repatriations: dict[str, Repatriation], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    filters = {"stage": "documents"}
    seen, links = walk_pages(login(border.worker), API, filters)
    wanted = [repatriations["Lan abroad documents"].pk, repatriations["Sreymom home documents"].pk]
    assert seen == wanted == on_the_page(border.worker, filters) and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {"stage": ["documents"], "page": ["2"]}


# --- a filter that does not validate --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"direction": "outgoing"}, "direction"),
        ({"stage": "departed_cambodia", "direction": "abroad"}, "stage"),
        ({"stage": "DOCUMENTS"}, "stage"),
    ],
)
def test_the_api_refuses_an_unknown_choice_in_the_readers_language(
    border: Border,
    repatriations: dict[str, Repatriation],
    filters: dict[str, str],
    field: str,
    language: str,
) -> None:
    answer = login(border.worker).get(API, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, NOT_A_CHOICE, "invalid_choice", language, filters[field])


def test_one_repatriation_is_read_and_moved_whatever_list_filters_come_along(
    border: Border, repatriations: dict[str, Repatriation]
) -> None:
    one = repatriations["Dara home"]
    client = login(border.worker)
    filters = "?direction=abroad&stage=nowhere&q=RP-0"
    read = client.get(f"{API}{one.pk}/{filters}")
    assert read.status_code == 200 and read.json()["id"] == one.pk
    moved = client.post(
        f"{API}{one.pk}/stage/{filters}",
        {"stage": "documents", "on": "2026-11-02", "version": 1},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert (moved.json()["id"], moved.json()["stage"]) == (one.pk, "documents")
