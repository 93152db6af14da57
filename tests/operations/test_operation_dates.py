"""The day an operation is dated: not before 2008, not after today once it has begun, at most a
year ahead when planned, and never after a release or deportation recorded for it; refused
beside the date on the pages and by the date's name in the API, in English or Khmer."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from rumdoh.core.errors import FieldRefused
from rumdoh.operations import services
from rumdoh.operations.models import Operation
from rumdoh.operations.rules.dates import DateProblem, date_problem
from tests.conftest import login
from tests.operations.helpers import Raid, fresh, roster_rows

EARLY_EN = (
    "The date cannot be before 2008-01-01: operations are recorded from 2008, the year the "
    "trafficking law took effect."
)
EARLY_KM = "កាលបរិច្ឆេទមិនអាចនៅមុនថ្ងៃ 2008-01-01 បានទេ"
AFTER_EN = (
    "The date cannot be after 2026-11-22: a release or a deportation of someone on the roster "
    "is recorded on that day, and none can come before the operation."
)
AFTER_KM = "កាលបរិច្ឆេទមិនអាចនៅក្រោយថ្ងៃ 2026-11-22 បានទេ"


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


def beside_the_date(page: str) -> str:
    """The error list of the date field on an operation's form."""
    start = page.index('id="id_held_on_error"')
    return page[start : page.index("</ul>", start)]


def new(raid: Raid, held_on: date, status: str = "planned") -> Operation:
    data = {"kind": "raid", "held_on": held_on, "province": "18", "status": status}
    return services.create_operation(raid.officer, data)


def test_the_rule() -> None:
    today = date(2026, 12, 7)
    assert date_problem(date(2007, 12, 31), "planned", today) is DateProblem.BEFORE_EARLIEST
    assert date_problem(date(1, 1, 1), "closed", today) is DateProblem.BEFORE_EARLIEST
    assert date_problem(date(2008, 1, 1), "closed", today) is None
    assert date_problem(date(2026, 12, 8), "under_way", today) is DateProblem.BEGUN_IN_FUTURE
    assert date_problem(date(2026, 12, 8), "planned", today) is None
    assert date_problem(date(2027, 12, 8), "planned", today) is None
    assert date_problem(date(2027, 12, 9), "planned", today) is DateProblem.TOO_FAR_AHEAD
    outcome = date(2026, 11, 22)
    assert date_problem(outcome, "closed", today, outcome) is None
    assert date_problem(date(2026, 11, 23), "closed", today, outcome) is DateProblem.AFTER_OUTCOME


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1800, 1, 1), date(2007, 12, 31)])
def test_an_operation_is_not_dated_before_2008(raid: Raid, day: date) -> None:
    with pytest.raises(FieldRefused, match=EARLY_EN) as refused:
        new(raid, day)
    assert refused.value.field == "held_on"
    with translation.override("km"), pytest.raises(FieldRefused, match=EARLY_KM):
        services.update_operation(
            raid.officer, raid.operation, {"held_on": day}, expected_version=1
        )
    assert Operation.objects.get() == raid.operation
    assert fresh(raid.operation).held_on == date(2026, 11, 20)
    assert new(raid, date(2008, 1, 1)).held_on == date(2008, 1, 1)


def test_an_operation_begun_is_not_dated_after_today_and_one_planned_a_year_ahead_at_most(
    raid: Raid,
) -> None:
    today = timezone.localdate()
    with pytest.raises(FieldRefused, match="An operation under way or closed cannot be dated"):
        new(raid, today + timedelta(days=1), "under_way")
    planned = new(raid, today + timedelta(days=30))
    with pytest.raises(FieldRefused, match="choose the status Planned"):
        services.update_operation(
            raid.officer, planned, {"status": "under_way"}, expected_version=1
        )
    latest = (today + timedelta(days=366)).isoformat()
    with pytest.raises(FieldRefused, match=f"at most a year ahead, on {latest} or before"):
        new(raid, date(2099, 1, 1))
    assert new(raid, today, "under_way").held_on == today


def _deported_on_the_22nd(raid: Raid) -> None:
    raid.import_rows(roster_rows(2))
    first, second = raid.operation.roster.select_related("person").order_by("pk")
    raid.screen(first)
    services.record_deportation(raid.officer, raid.operation, first, deported_on=date(2026, 11, 22))
    services.record_release(raid.officer, raid.operation, second, released_on=date(2026, 11, 25))


def test_the_date_is_not_moved_after_a_deportation_or_release_recorded(raid: Raid) -> None:
    _deported_on_the_22nd(raid)
    with pytest.raises(FieldRefused, match=AFTER_EN) as refused:
        services.update_operation(
            raid.officer, raid.operation, {"held_on": date(2026, 11, 23)}, expected_version=1
        )
    assert refused.value.field == "held_on"
    assert fresh(raid.operation).held_on == date(2026, 11, 20)
    moved = services.update_operation(
        raid.officer, raid.operation, {"held_on": date(2026, 11, 22)}, expected_version=1
    )
    assert moved.held_on == date(2026, 11, 22)


def test_only_a_release_recorded_holds_the_date_too(raid: Raid) -> None:
    raid.import_rows(roster_rows(1))
    entry = raid.operation.roster.get()
    services.record_release(raid.officer, raid.operation, entry, released_on=date(2026, 11, 21))
    with pytest.raises(FieldRefused, match="cannot be after 2026-11-21"):
        services.update_operation(
            raid.officer, raid.operation, {"held_on": date(2026, 11, 30)}, expected_version=1
        )


@pytest.mark.parametrize(("language", "message"), [("en", AFTER_EN), ("km", AFTER_KM)])
def test_the_edit_page_says_it_beside_the_date_and_keeps_what_was_typed(
    raid: Raid, language: str, message: str
) -> None:
    _deported_on_the_22nd(raid)
    client = login(raid.officer)
    client.cookies["django_language"] = language
    data = {
        "kind": "raid",
        "held_on": "2026-11-30",
        "province": "18",
        "place": "Compound on Road 4",
        "status": "under_way",
        "agencies": [raid.centre.pk],
        "version": 1,
    }
    response = client.post(reverse("operations:edit", args=[raid.operation.pk]), data)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert message in beside_the_date(text) and 'value="2026-11-30"' in text
    assert fresh(raid.operation).held_on == date(2026, 11, 20)


@pytest.mark.parametrize(("language", "message"), [("en", EARLY_EN), ("km", EARLY_KM)])
def test_the_create_page_and_the_api_refuse_an_early_date_by_its_field(
    raid: Raid, language: str, message: str
) -> None:
    data = {"kind": "raid", "held_on": "1800-01-01", "province": "18", "status": "closed"}
    client = login(raid.officer)
    client.cookies["django_language"] = language
    response = client.post(reverse("operations:create"), data)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert message in beside_the_date(text) and 'value="1800-01-01"' in text
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.force_authenticate(raid.officer)
    answer = api.post("/api/v1/operations/", data, format="json")
    assert answer.status_code == 400 and message in answer.json()["held_on"][0]
    url = f"/api/v1/operations/{raid.operation.pk}/"
    answer = api.patch(url, {"held_on": "0001-01-01", "version": 1}, format="json")
    assert answer.status_code == 400 and message in answer.json()["held_on"][0]
    assert Operation.objects.get() == raid.operation
