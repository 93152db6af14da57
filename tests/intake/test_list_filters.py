"""The tip list page and the tips API take the same filters, read by the same form: for the
same filter they list the same tips, newest first, and the API answers 400 with the form's
message for a value the form refuses instead of listing nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from rumdoh.intake.models import Tip
from tests.conftest import login
from tests.intake.helpers import TipWorld
from tests.list_filters import NOT_A_CHOICE, assert_refused, walk_pages

DETAIL_LINK = re.compile(r'href="/tips/(\d+)/"')
API = "/api/v1/tips/"


def tip(tips: TipWorld, days_ago: int, overdue: bool = False, **fields: Any) -> int:
    """A tip the operator recorded ``days_ago``, then given ``fields`` as stored."""
    made = tips.tip()
    now = timezone.now()
    due = now - timedelta(hours=1) if overdue else now + timedelta(days=3)
    Tip.objects.filter(pk=made.pk).update(
        received_at=now - timedelta(days=days_ago), due_at=due, **fields
    )
    return made.pk


@pytest.fixture
def listed(tips: TipWorld) -> dict[str, int]:
    return {
        "urgent facebook": tip(tips, 1, urgency="urgent", channel="facebook", province="18"),
        "overdue hotline": tip(tips, 5, overdue=True, province="18"),
        "closed hotline": tip(tips, 7, overdue=True, status="closed", outcome="no_action"),
        "triaged telegram": tip(tips, 9, status="triaged", channel="telegram", province="01"),
    }


def on_the_page(tips: TipWorld, filters: dict[str, str]) -> list[int]:
    page = login(tips.operator).get("/tips/", filters)
    assert page.status_code == 200
    return [int(pk) for pk in DETAIL_LINK.findall(page.content.decode())]


def in_the_api(tips: TipWorld, filters: dict[str, str]) -> list[int]:
    answer = login(tips.operator).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


ALL = ["urgent facebook", "overdue hotline", "closed hotline", "triaged telegram"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ALL),
        ({"status": "closed"}, ["closed hotline"]),
        ({"status": "triaged", "channel": "telegram"}, ["triaged telegram"]),
        ({"channel": "ahjpd_hotline"}, ["overdue hotline", "closed hotline"]),
        ({"urgency": "urgent"}, ["urgent facebook"]),
        ({"urgency": "normal", "province": "18"}, ["overdue hotline"]),
        ({"province": "01"}, ["triaged telegram"]),
        ({"overdue": "on"}, ["overdue hotline"]),
        ({"overdue": "true", "channel": "facebook"}, []),
        ({"overdue": "false"}, ALL),
        ({"status": "assigned"}, []),
        ({"q": "T-"}, []),
        ({"q": "", "status": "", "channel": "", "urgency": "", "province": ""}, ALL),
    ],
)  # fmt: skip
def test_the_page_and_the_api_list_the_same_tips_for_a_filter(
    tips: TipWorld, listed: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    wanted = [listed[name] for name in expected]
    assert on_the_page(tips, filters) == wanted
    assert in_the_api(tips, filters) == wanted


@pytest.mark.parametrize(("typed", "more", "found"), [
    ("{reference}", {}, True),
    ("t{pk}", {"channel": "telegram"}, True),
    (" {pk} ", {}, True),
    ("{reference}", {"status": "new"}, False),
])  # fmt: skip
def test_the_page_and_the_api_find_the_same_tip_by_its_number(
    tips: TipWorld, listed: dict[str, int], typed: str, more: dict[str, str], found: bool
) -> None:
    pk = listed["triaged telegram"]
    filters = {"q": typed.format(reference=Tip.objects.get(pk=pk).reference, pk=pk), **more}
    wanted = [pk] if found else []
    assert on_the_page(tips, filters) == wanted
    assert in_the_api(tips, filters) == wanted


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    tips: TipWorld, listed: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(tips.operator)
    filters = {"channel": "ahjpd_hotline", "urgency": "normal"}
    seen, links = walk_pages(client, API, filters)
    assert seen == [listed["overdue hotline"], listed["closed hotline"]]
    assert seen == on_the_page(tips, filters) and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "channel": ["ahjpd_hotline"],
        "urgency": ["normal"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"status": "open"}, "status"),
        ({"channel": "whatsapp", "status": "new"}, "channel"),
        ({"urgency": "high"}, "urgency"),
        ({"province": "99"}, "province"),
    ],
)
def test_the_api_refuses_an_unknown_choice_in_the_readers_language(
    tips: TipWorld, listed: dict[str, int], filters: dict[str, str], field: str, language: str
) -> None:
    answer = login(tips.operator).get(API, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, NOT_A_CHOICE, "invalid_choice", language, filters[field])


def test_one_tip_is_read_whatever_list_filters_come_along(
    tips: TipWorld, listed: dict[str, int]
) -> None:
    pk = listed["urgent facebook"]
    one = login(tips.operator).get(f"{API}{pk}/", {"status": "closed", "channel": "nonsense"})
    assert one.status_code == 200 and one.json()["id"] == pk
