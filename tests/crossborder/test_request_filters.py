"""The page of requests to and from counterparts and the requests API take the same filters, read
by the same form: for the same filter they list the same requests in the page's order, and the
API answers 400 with the form's message for a value the form refuses instead of ignoring it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from rumdoh.crossborder import services
from tests.conftest import login
from tests.crossborder.conftest import Border
from tests.list_filters import NOT_A_CHOICE, assert_refused, walk_pages

API = "/api/v1/crossborder/requests/"
PAGE = "/crossborder/requests/"


def recorded(
    border: Border, direction: str, kind: str, sent_days_ago: int, due_in_days: int
) -> int:
    today = timezone.localdate()
    made = services.open_request(
        border.investigator,
        {"direction": direction, "kind": kind, "counterpart_name": "Royal Thai Police",
         "country": "TH", "subject": f"{kind} {direction}",
         "sent_on": today - timedelta(days=sent_days_ago),
         "due_on": today + timedelta(days=due_in_days)},
    )  # fmt: skip
    return made.pk


@pytest.fixture
def requests(border: Border) -> dict[str, int]:
    made = {
        "late evidence sent": recorded(border, "outgoing", "evidence", 40, -10),
        "open mla received": recorded(border, "incoming", "mla", 10, 80),
        "replied tracing sent": recorded(border, "outgoing", "tracing", 30, -9),
        "open evidence received": recorded(border, "incoming", "evidence", 5, 25),
    }
    services.record_reply(
        border.investigator,
        made["replied tracing sent"],
        replied_on=timezone.localdate(),
        reply="Family found in Battambang",
        version=1,
    )
    return made


def on_the_page(border: Border, filters: dict[str, str]) -> list[int]:
    page = login(border.investigator).get(PAGE, filters)
    assert page.status_code == 200
    return [one.pk for one in page.context["page"]]


def in_the_api(border: Border, filters: dict[str, str]) -> list[int]:
    answer = login(border.investigator).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [one["id"] for one in answer.json()["results"]]


OPEN = ["late evidence sent", "open evidence received", "open mla received"]  # by due date


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [*OPEN, "replied tracing sent"]),
        ({"status": "open"}, OPEN),
        ({"status": "late"}, ["late evidence sent"]),
        ({"status": "replied"}, ["replied tracing sent"]),
        ({"direction": "outgoing"}, ["late evidence sent", "replied tracing sent"]),
        ({"kind": "evidence"}, ["late evidence sent", "open evidence received"]),
        ({"direction": "incoming", "kind": "mla"}, ["open mla received"]),
        ({"direction": "incoming", "status": "late"}, []),
        ({"kind": "deportation_notice"}, []),
        ({"direction": "", "kind": "", "status": ""}, [*OPEN, "replied tracing sent"]),
    ],
)
def test_the_page_and_the_api_list_the_same_requests_for_a_filter(
    border: Border, requests: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    page = on_the_page(border, filters)
    assert in_the_api(border, filters) == page
    wanted = [requests[name] for name in expected]
    # The requests waiting for a reply come first, soonest due first, on every database.
    assert page == wanted


def test_replied_requests_come_after_the_open_ones_latest_reply_first(
    border: Border, requests: dict[str, int]
) -> None:
    services.record_reply(
        border.investigator,
        requests["open mla received"],
        replied_on=timezone.localdate() - timedelta(days=3),
        reply="Documents sent",
        version=1,
    )
    expected = [
        requests["late evidence sent"],
        requests["open evidence received"],
        requests["replied tracing sent"],
        requests["open mla received"],
    ]
    assert on_the_page(border, {}) == expected == in_the_api(border, {})


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    border: Border, requests: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    filters = {"kind": "evidence", "status": "open"}
    seen, links = walk_pages(login(border.investigator), API, filters)
    wanted = [requests["late evidence sent"], requests["open evidence received"]]
    assert seen == wanted == on_the_page(border, filters) and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "kind": ["evidence"],
        "status": ["open"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"direction": "sent"}, "direction"),
        ({"kind": "extradition", "status": "open"}, "kind"),
        ({"status": "overdue"}, "status"),
    ],
)
def test_the_api_refuses_an_unknown_choice_in_the_readers_language(
    border: Border,
    requests: dict[str, int],
    filters: dict[str, str],
    field: str,
    language: str,
) -> None:
    answer = login(border.investigator).get(API, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, NOT_A_CHOICE, "invalid_choice", language, filters[field])


def test_one_request_is_read_and_replied_to_whatever_list_filters_come_along(
    border: Border, requests: dict[str, int]
) -> None:
    pk = requests["open mla received"]
    client = login(border.investigator)
    filters = "?direction=outgoing&status=late&kind=nonsense"
    read = client.get(f"{API}{pk}/{filters}")
    assert read.status_code == 200 and read.json()["id"] == pk
    replied = client.post(
        f"{API}{pk}/reply/{filters}",
        {"replied_on": str(timezone.localdate()), "reply": "Documents attached", "version": 1},
        content_type="application/json",
    )
    assert replied.status_code == 200, replied.content
    assert (replied.json()["id"], replied.json()["reply"]) == (pk, "Documents attached")
