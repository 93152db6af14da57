"""An operation's roster page and the roster API take the same filters, read by the same form:
for the same filter they list the same people, and the API answers 400 with the form's message
for a value the form refuses instead of ignoring it."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rumdoh.operations import services
from rumdoh.operations.models import Operation, RosterEntry
from tests.conftest import login
from tests.list_filters import NOT_A_CHOICE, assert_refused, walk_pages
from tests.operations.helpers import HEADER, TRAFFICKED, Raid, roster_rows

API = "/api/v1/roster-entries/"


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


@pytest.fixture
def other(raid: Raid) -> Operation:
    """Another operation the officer leads, with one Chinese national on its roster."""
    operation = services.create_operation(
        raid.officer,
        {"kind": "detention", "held_on": date(2026, 11, 25), "province": "18",
         "place": "Detention centre", "status": "under_way"},
        [raid.centre],
    )  # fmt: skip
    services.import_roster(raid.officer, operation, [HEADER, *roster_rows(1, 60)])
    return operation


@pytest.fixture
def roster(raid: Raid, other: Operation) -> list[int]:
    """Six people of the raid (CN, VN, TH, ID, CN, VN, in that order): the first screened with an
    indication, the second screened, the third screened and deported, the fourth released."""
    raid.import_rows(roster_rows(6))
    entries = list(raid.operation.roster.select_related("person").order_by("pk"))
    raid.screen(entries[0], TRAFFICKED)
    raid.screen(entries[1])
    raid.screen(entries[2])
    services.record_deportation(
        raid.officer, raid.operation, entries[2], deported_on=date(2026, 11, 22)
    )
    RosterEntry.objects.filter(pk=entries[3].pk).update(released_on=date(2026, 11, 21))
    return [entry.pk for entry in entries]


def on_the_page(raid: Raid, filters: dict[str, str]) -> list[int]:
    page = login(raid.officer).get(f"/operations/{raid.operation.pk}/", filters)
    assert page.status_code == 200
    return [entry.pk for entry in page.context["page"]]


def in_the_api(raid: Raid, filters: dict[str, Any]) -> list[int]:
    answer = login(raid.officer).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [one["id"] for one in answer.json()["results"]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [0, 1, 2, 3, 4, 5]),
        ({"nationality": "CN"}, [0, 4]),
        ({"nationality": "VN", "state": "screened"}, [1]),
        ({"state": "waiting"}, [3, 4, 5]),
        ({"state": "screened"}, [0, 1, 2]),
        ({"state": "indicated"}, [0]),
        ({"state": "deported"}, [2]),
        ({"state": "released"}, [3]),
        ({"state": "released", "nationality": "CN"}, []),
        ({"q": "E1000004"}, [4]),  # a passport
        ({"q": "E1000001", "state": "waiting"}, []),
        ({"q": "", "nationality": "", "state": ""}, [0, 1, 2, 3, 4, 5]),
    ],
)
def test_the_page_and_the_api_list_the_same_people_of_a_roster_for_a_filter(
    raid: Raid, roster: list[int], filters: dict[str, str], expected: list[int]
) -> None:
    """The page lists a roster in the order it was made, the API newest first."""
    wanted = [roster[i] for i in expected]
    assert on_the_page(raid, filters) == wanted
    assert in_the_api(raid, {"operation": raid.operation.pk, **filters}) == wanted[::-1]


def test_without_an_operation_the_api_filters_every_roster_alike(
    raid: Raid, roster: list[int], other: Operation
) -> None:
    (theirs,) = other.roster.values_list("pk", flat=True)
    assert in_the_api(raid, {"nationality": "CN", "state": "waiting"}) == [roster[4], theirs]


def test_the_api_pages_a_filtered_roster_and_keeps_the_filter(
    raid: Raid, roster: list[int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    client = login(raid.officer)
    filters = {"operation": str(raid.operation.pk), "state": "screened"}
    seen, links = walk_pages(client, API, filters)
    assert seen == [roster[2], roster[1], roster[0]] and len(links) == 1
    assert seen[::-1] == on_the_page(raid, {"state": "screened"})
    assert parse_qs(urlsplit(links[0]).query) == {
        "operation": [str(raid.operation.pk)],
        "state": ["screened"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------

TOO_MANY_WORDS = {
    "en": "A search has at most 10 words. Search for a name, phone or number.",
    "km": "ការស្វែងរកមួយមានមិនលើសពី 10 ពាក្យ។ សូមស្វែងរកតាមឈ្មោះ លេខទូរស័ព្ទ ឬលេខសម្គាល់។",
}
ELEVEN_WORDS = " ".join(["Sok"] * 11)


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field", "messages", "code"),
    [
        ({"state": "arrested"}, "state", NOT_A_CHOICE, "invalid_choice"),
        ({"nationality": "Chinese", "state": "waiting"}, "nationality", NOT_A_CHOICE,
         "invalid_choice"),
        ({"q": ELEVEN_WORDS}, "q", TOO_MANY_WORDS, "invalid"),
    ],
)  # fmt: skip
def test_the_api_refuses_a_filter_that_does_not_validate_in_the_readers_language(
    raid: Raid,
    roster: list[int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(raid.officer).get(
        API, {"operation": raid.operation.pk, **filters}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert_refused(answer, field, messages, code, language, filters[field])


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_page_says_a_search_has_too_many_words(raid: Raid, language: str) -> None:
    page = login(raid.officer).get(
        f"/operations/{raid.operation.pk}/", {"q": ELEVEN_WORDS}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert page.status_code == 200
    assert TOO_MANY_WORDS[language] in page.content.decode()


def test_one_roster_entry_is_read_whatever_list_filters_come_along(
    raid: Raid, roster: list[int]
) -> None:
    one = login(raid.officer).get(f"{API}{roster[3]}/", {"state": "waiting", "nationality": "?"})
    assert one.status_code == 200 and one.json()["id"] == roster[3]
