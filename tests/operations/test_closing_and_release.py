"""Closing an operation while people wait, and deporting someone released: refused by the
service, so the pages and the API give the same refusal in the user's language."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from rumdoh.core.errors import Refused
from rumdoh.operations import services
from rumdoh.operations.models import Deportation, Operation, RosterEntry
from rumdoh.protection import services as protection
from tests.conftest import login
from tests.operations.helpers import TRAFFICKED, Raid, fresh, roster_rows

DAY = date(2026, 11, 21)
NOT_SCREENED_EN = (
    "Not closed: 2 people on the roster have not been screened and were neither released nor "
    "deported. Screen everyone found, or record their release, first."
)
NOT_SCREENED_KM = "មិនបានបិទទេ៖ មនុស្ស 2 នាក់ក្នុងបញ្ជីឈ្មោះមិនទាន់ត្រូវបានពិនិត្យបឋម"
AWAITING_EN = (
    "Not closed: the screening of 1 person on the roster indicated trafficking or forced labour, "
    "and no eligible identifier has decided yet. Ask for a formal identification first."
)
RELEASED_EN = (
    "Not deported: this person's release from the operation is recorded, and someone released "
    "is no longer held for deportation."
)
RELEASED_KM = "មិនបានបណ្ដេញចេញ៖ ការដោះលែងបុគ្គលនេះពីប្រតិបត្តិការត្រូវបានកត់ត្រារួចហើយ"


@pytest.fixture
def raid(db: None) -> Raid:
    raid = Raid()
    raid.import_rows(roster_rows(3))
    return raid


def entries(raid: Raid) -> list[RosterEntry]:
    return list(raid.operation.roster.select_related("person").order_by("pk"))


def close(raid: Raid, language: str = "en") -> Operation:
    with translation.override(language):
        return services.update_operation(
            raid.officer, raid.operation, {"status": "closed"}, expected_version=1
        )


def release(raid: Raid, entry: RosterEntry) -> None:
    services.record_release(raid.officer, raid.operation, entry, released_on=DAY)


# --- the services ---------------------------------------------------------------------------


def test_closing_is_refused_while_people_wait_unscreened(raid: Raid) -> None:
    first, _second, _third = entries(raid)
    raid.screen(first)
    with pytest.raises(Refused) as refused:
        close(raid)
    assert str(refused.value) == NOT_SCREENED_EN
    with pytest.raises(Refused, match=NOT_SCREENED_KM):
        close(raid, "km")
    assert fresh(raid.operation).status == "under_way" and fresh(raid.operation).version == 1


def test_closing_waits_for_an_identifier_where_the_screening_indicated(raid: Raid) -> None:
    first, second, third = entries(raid)
    raid.screen(first)
    record = raid.screen(second, TRAFFICKED)
    release(raid, third)
    with pytest.raises(Refused) as refused:
        close(raid)
    assert str(refused.value) == AWAITING_EN
    protection.identify(
        raid.identifier,
        second.person,
        exploitation_types=["forced_criminality"],
        basis="screening",
        screening_id=record.pk,
    )
    assert close(raid).status == "closed"


def test_closing_is_allowed_once_everyone_is_screened_released_or_deported(raid: Raid) -> None:
    first, second, third = entries(raid)
    raid.screen(first)
    services.record_deportation(raid.officer, raid.operation, first, deported_on=DAY)
    release(raid, second)
    services.record_deportation(  # over the check, by a supervisor: no longer held either
        raid.supervisor, raid.operation, third, deported_on=DAY, override_reason="Court order"
    )
    closed = close(raid)
    assert closed.status == "closed" and closed.version == 2


def test_other_changes_of_an_operation_with_people_waiting_are_saved(raid: Raid) -> None:
    changed = services.update_operation(
        raid.officer, raid.operation, {"place": "Block C"}, expected_version=1
    )
    assert changed.place == "Block C" and changed.status == "under_way"


def test_deportation_after_a_release_is_refused_even_to_a_supervisor(raid: Raid) -> None:
    first, _second, _third = entries(raid)
    raid.screen(first)
    release(raid, first)
    with pytest.raises(Refused) as refused:
        services.record_deportation(raid.officer, raid.operation, first, deported_on=DAY)
    assert str(refused.value) == RELEASED_EN
    with translation.override("km"), pytest.raises(Refused, match=RELEASED_KM):
        services.record_deportation(
            raid.supervisor, raid.operation, first, deported_on=DAY, override_reason="Ordered"
        )
    assert not Deportation.objects.exists()


# --- the pages ------------------------------------------------------------------------------


def _edit(raid: Raid, language: str):  # type: ignore[no-untyped-def]
    client = login(raid.officer)
    client.cookies["django_language"] = language
    data = {
        "kind": "raid",
        "held_on": "2026-11-20",
        "province": "18",
        "place": "Compound on Road 4",
        "status": "closed",
        "agencies": [raid.centre.pk],
        "version": 1,
    }
    return client.post(reverse("operations:edit", args=[raid.operation.pk]), data)


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Not closed: 3 people"), ("km", "មនុស្ស 3 នាក់")]
)
def test_the_edit_page_shows_the_refusal_to_close_and_keeps_the_operation_open(
    raid: Raid, language: str, message: str
) -> None:
    response = _edit(raid, language)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert fresh(raid.operation).status == "under_way"


@pytest.mark.parametrize(("language", "message"), [("en", RELEASED_EN), ("km", RELEASED_KM)])
def test_the_roster_page_refuses_to_deport_someone_released(
    raid: Raid, language: str, message: str
) -> None:
    first = entries(raid)[0]
    raid.screen(first)
    release(raid, first)
    client = login(raid.officer)
    client.cookies["django_language"] = language
    url = reverse("operations:deport", args=[raid.operation.pk, first.pk])
    response = client.post(url, {"deported_on": "2026-11-22"}, follow=True)
    assert message in html.unescape(response.content.decode())
    assert not Deportation.objects.exists()


# --- the API --------------------------------------------------------------------------------


def api(user, language: str = "en") -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Not closed: 3 people"), ("km", "មនុស្ស 3 នាក់")]
)
def test_the_api_refuses_to_close_with_the_same_message(
    raid: Raid, language: str, message: str
) -> None:
    url = f"/api/v1/operations/{raid.operation.pk}/"
    response = api(raid.officer, language).patch(
        url, {"status": "closed", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert fresh(raid.operation).status == "under_way"


@pytest.mark.parametrize(("language", "message"), [("en", RELEASED_EN), ("km", RELEASED_KM)])
def test_the_api_refuses_to_deport_someone_released_with_the_same_message(
    raid: Raid, language: str, message: str
) -> None:
    first = entries(raid)[0]
    raid.screen(first)
    release(raid, first)
    url = f"/api/v1/roster-entries/{first.pk}/deportation/"
    response = api(raid.supervisor, language).post(
        url, {"deported_on": "2026-11-22", "override_reason": "Ordered"}, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Deportation.objects.exists()


@pytest.mark.parametrize(
    ("day", "en", "km"),
    [
        (date(2099, 1, 1), "The date cannot be in the future.", "មិនអាចជាថ្ងៃអនាគត"),
        (
            date(2026, 11, 19),
            "The date cannot be before the operation, held on 2026-11-20.",
            "មុនប្រតិបត្តិការ ដែលបានធ្វើនៅថ្ងៃ 2026-11-20",
        ),
    ],
)
def test_a_deportation_or_release_is_not_dated_in_the_future_nor_before_the_operation(
    raid: Raid, day: date, en: str, km: str
) -> None:
    first, second, _third = entries(raid)
    raid.screen(first)
    with pytest.raises(Refused, match=en):
        services.record_deportation(raid.officer, raid.operation, first, deported_on=day)
    with pytest.raises(Refused, match=en):
        services.record_release(raid.officer, raid.operation, second, released_on=day)
    url = f"/api/v1/roster-entries/{first.pk}/deportation/"
    response = api(raid.officer, "km").post(url, {"deported_on": day.isoformat()}, format="json")
    assert response.status_code == 400 and km in response.json()["detail"]
    assert not Deportation.objects.exists()
    assert not RosterEntry.objects.filter(released_on__isnull=False).exists()


# --- a release recorded once ----------------------------------------------------------------

RELEASED_TWICE_EN = "This person's release is already recorded, on 2026-11-21."
RELEASED_TWICE_KM = "ការដោះលែងបុគ្គលនេះត្រូវបានកត់ត្រារួចហើយ នៅថ្ងៃ 2026-11-21។"


def test_a_release_is_recorded_once_and_a_second_keeps_the_first_date(raid: Raid) -> None:
    first = entries(raid)[0]
    release(raid, first)
    later = date(2026, 11, 23)
    with pytest.raises(Refused, match=RELEASED_TWICE_EN):
        services.record_release(raid.officer, raid.operation, first, released_on=later)
    with translation.override("km"), pytest.raises(Refused, match=RELEASED_TWICE_KM):
        services.record_release(raid.officer, raid.operation, first, released_on=later)
    assert RosterEntry.objects.get(pk=first.pk).released_on == DAY


def _release_on_the_page(raid: Raid, entry: RosterEntry, day: str, language: str = "en"):  # type: ignore[no-untyped-def]
    client = login(raid.officer)
    client.cookies["django_language"] = language
    url = reverse("operations:release", args=[raid.operation.pk, entry.pk])
    return client.post(url, {"released_on": day}, follow=True)


@pytest.mark.parametrize(
    ("language", "message"), [("en", RELEASED_TWICE_EN), ("km", RELEASED_TWICE_KM)]
)
def test_the_roster_page_refuses_a_second_release(raid: Raid, language: str, message: str) -> None:
    first = entries(raid)[0]
    release(raid, first)
    response = _release_on_the_page(raid, first, "2026-11-23", language)
    assert message in html.unescape(response.content.decode())
    assert RosterEntry.objects.get(pk=first.pk).released_on == DAY


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Give the date of the release."), ("km", "សូមផ្ដល់កាលបរិច្ឆេទនៃការដោះលែង។")],
)
@pytest.mark.parametrize("day", ["", "2026-13-40"])
def test_a_release_without_a_date_says_so_on_the_roster_page(
    raid: Raid, day: str, language: str, message: str
) -> None:
    first = entries(raid)[0]
    response = _release_on_the_page(raid, first, day, language)
    assert response.redirect_chain[-1][0] == reverse("operations:detail", args=[raid.operation.pk])
    assert message in html.unescape(response.content.decode())
    assert not RosterEntry.objects.filter(released_on__isnull=False).exists()
