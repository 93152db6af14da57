"""A closed operation takes nobody on its roster, and is not closed before it was held; it still
records what becomes of the people on it, and can be reopened."""

from __future__ import annotations

import html
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from rumdoh.core.errors import FieldRefused, Refused
from rumdoh.operations import services
from rumdoh.operations.models import Deportation, Operation, RosterEntry
from rumdoh.screening.services import ScreeningInput, record_screening
from tests.conftest import login, make_person
from tests.operations.helpers import HEADER, Raid, fresh, roster_csv, roster_rows

CLOSED_EN = (
    "This operation is closed: nobody can be added to its roster. If more people were found, "
    "change its status back to under way first."
)
CLOSED_KM = "ប្រតិបត្តិការនេះត្រូវបានបិទហើយ៖ មិនអាចបន្ថែមនរណាម្នាក់ទៅក្នុងបញ្ជីឈ្មោះរបស់វាបានទេ។"
FUTURE_EN = (
    "An operation under way or closed cannot be dated after today. For an operation still to "
    "come, choose the status Planned."
)
FUTURE_KM = "មិនអាចមានកាលបរិច្ឆេទក្រោយថ្ងៃនេះបានទេ"
PERSON = {"family_name": "Tran", "given_name": "An", "nationality": "VN", "sex": "female"}


@pytest.fixture
def raid(db: None) -> Raid:
    """A raid with two people on its roster, both screened (nothing indicated), then closed."""
    raid = Raid()
    raid.import_rows(roster_rows(2))
    for entry in raid.operation.roster.select_related("person"):
        raid.screen(entry)
    raid.operation = services.update_operation(
        raid.officer, raid.operation, {"status": "closed"}, expected_version=1
    )
    return raid


def page(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


# --- the services ---------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "message"), [("en", CLOSED_EN), ("km", CLOSED_KM)])
def test_nobody_joins_the_roster_of_a_closed_operation(
    raid: Raid, language: str, message: str
) -> None:
    with translation.override(language):
        with pytest.raises(Refused, match=message):
            raid.import_rows(roster_rows(1, start=5))
        with pytest.raises(Refused, match=message):
            services.add_entry(raid.officer, raid.operation, PERSON)
    assert raid.operation.roster.count() == 2


def test_a_screening_from_the_field_does_not_add_a_new_person_to_a_closed_roster(
    raid: Raid,
) -> None:
    person = make_person(raid.screener, nationality="VN")
    record = record_screening(
        raid.screener, ScreeningInput(form="short", observations={}, context="raid", person=person)
    )
    with pytest.raises(Refused, match=CLOSED_EN):
        services.add_screened(raid.screener, raid.operation, record)
    with pytest.raises(Refused, match=CLOSED_EN):
        services.add_known(raid.screener, raid.operation, record)
    assert not raid.operation.roster.filter(person=person).exists()


def test_a_closed_operation_still_records_a_release_or_a_deportation_and_can_be_reopened(
    raid: Raid,
) -> None:
    first, second = raid.operation.roster.order_by("pk")
    day = raid.operation.held_on + timedelta(days=1)
    services.record_release(raid.officer, raid.operation, first, released_on=day)
    services.record_deportation(raid.officer, raid.operation, second, deported_on=day)
    assert Deportation.objects.get().entry == second
    reopened = services.update_operation(
        raid.officer, raid.operation, {"status": "under_way"}, expected_version=2
    )
    services.add_entry(raid.officer, reopened, PERSON)
    assert reopened.roster.count() == 3


def test_an_operation_is_not_created_closed_with_a_date_in_the_future(db: None) -> None:
    raid = Raid()
    data = {"kind": "raid", "held_on": date(2099, 1, 1), "province": "18", "status": "closed"}
    with pytest.raises(FieldRefused, match=FUTURE_EN) as refused:
        services.create_operation(raid.officer, data)
    assert refused.value.field == "held_on"
    with translation.override("km"), pytest.raises(FieldRefused, match=FUTURE_KM):
        services.update_operation(
            raid.officer,
            raid.operation,
            {"held_on": date(2099, 1, 1), "status": "closed"},
            expected_version=1,
        )
    assert Operation.objects.get() == raid.operation and fresh(raid.operation).version == 1
    today = {**data, "held_on": timezone.localdate()}
    assert services.create_operation(raid.officer, today).status == "closed"


# --- the pages and the API ------------------------------------------------------------------


@pytest.mark.parametrize(("language", "message"), [("en", CLOSED_EN), ("km", CLOSED_KM)])
def test_the_pages_that_add_people_lead_back_to_a_closed_operation_saying_why(
    raid: Raid, language: str, message: str
) -> None:
    client = login(raid.officer)
    client.cookies["django_language"] = language
    pk = raid.operation.pk
    upload = io.BytesIO(roster_csv(roster_rows(1, start=5)))
    upload.name = "roster.csv"
    for url, data in [
        (reverse("operations:roster_import", args=[pk]), None),
        (reverse("operations:roster_import", args=[pk]), {"file": upload}),
        (reverse("operations:entry_add", args=[pk]), None),
        (reverse("operations:entry_add", args=[pk]), PERSON),
    ]:
        response = client.post(url, data, follow=True) if data else client.get(url, follow=True)
        assert response.redirect_chain == [(reverse("operations:detail", args=[pk]), 302)]
        assert message in page(response)
    screener = login(raid.screener)
    response = screener.get(reverse("operations:offline_import", args=[pk]), follow=True)
    assert CLOSED_EN in page(response)
    assert raid.operation.roster.count() == 2


def test_a_closed_operation_offers_no_way_to_add_people(raid: Raid) -> None:
    text = page(login(raid.officer).get(reverse("operations:detail", args=[raid.operation.pk])))
    assert "Change the operation" in text
    assert "Add a person" not in text and "Import a roster" not in text
    assert "Import ODK/Kobo" not in text


def test_the_api_refuses_to_add_to_a_closed_roster(raid: Raid) -> None:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="km")
    client.force_authenticate(raid.officer)
    body = {"operation": raid.operation.pk, "rows": [HEADER, *roster_rows(1, start=5)]}
    response = client.post("/api/v1/roster-entries/import/", body, format="json")
    assert response.status_code == 400 and CLOSED_KM in response.json()["detail"]
    one = {"operation": raid.operation.pk, **PERSON}
    response = client.post("/api/v1/roster-entries/", one, format="json")
    assert response.status_code == 400 and CLOSED_KM in response.json()["detail"]
    assert RosterEntry.objects.count() == 2


def test_the_create_page_and_the_api_refuse_a_closed_operation_in_the_future(db: None) -> None:
    raid = Raid()
    data = {"kind": "raid", "held_on": "2099-01-01", "province": "18", "status": "closed"}
    response = login(raid.officer).post(reverse("operations:create"), data)
    assert response.status_code == 200
    error = page(response).split('id="id_held_on_error"', 1)[1].split("</ul>", 1)[0]
    assert 'value="2099-01-01"' in page(response) and FUTURE_EN in error
    client = APIClient()
    client.force_authenticate(raid.officer)
    answer = client.post("/api/v1/operations/", data, format="json")
    assert answer.status_code == 400 and answer.json() == {"held_on": [FUTURE_EN]}
    assert Operation.objects.get() == raid.operation
