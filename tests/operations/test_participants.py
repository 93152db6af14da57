"""Only agencies that take part in raids, detention screening and labour inspections join an
operation: a court, a prosecutor, an embassy, a committee or an international organisation would
see the whole roster of people found, and is refused on the page, in the API and in the service."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rumdoh.accounts.models import AgencyKind
from rumdoh.core.errors import Refused
from rumdoh.operations import services
from tests.conftest import login, make_agency
from tests.operations.helpers import Raid

REFUSAL = "Only agencies that take part in raids, detention screening and labour inspections"


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


OUTSIDE = [
    AgencyKind.COURT,
    AgencyKind.PROSECUTION,
    AgencyKind.EMBASSY,
    AgencyKind.COMMITTEE,
    AgencyKind.INTERNATIONAL,
]


@pytest.mark.parametrize("kind", OUTSIDE)
def test_the_service_refuses_an_agency_that_takes_no_part_in_operations(
    raid: Raid, kind: str
) -> None:
    other = make_agency(kind=kind)
    with pytest.raises(Refused, match=REFUSAL):
        services.update_operation(
            raid.officer, raid.operation, {}, [raid.centre, other], expected_version=1
        )
    assert raid.operation.agency_ids() == {raid.immigration.pk, raid.centre.pk}
    with pytest.raises(Refused, match=REFUSAL):
        services.create_operation(raid.officer, {"kind": "raid", "province": "18"}, [other])


def test_the_page_offers_only_agencies_that_take_part_and_refuses_others(raid: Raid) -> None:
    court = make_agency("Municipal Court", AgencyKind.COURT)
    labour = make_agency("Labour Department", AgencyKind.LABOUR)
    client = login(raid.officer)
    form = client.get(reverse("operations:create")).context["form"]
    offered = set(form.fields["agencies"].queryset)
    assert labour in offered and raid.centre in offered and court not in offered
    data = {
        "kind": "raid",
        "held_on": "2026-11-25",
        "province": "12",
        "status": "planned",
        "agencies": [court.pk],
    }
    response = client.post(reverse("operations:create"), data)
    assert response.status_code == 200
    assert REFUSAL in html.unescape(response.content.decode())
    client.cookies["django_language"] = "km"
    khmer = html.unescape(client.post(reverse("operations:create"), data).content.decode())
    assert REFUSAL not in khmer
    assert "មានតែស្ថាប័នដែលចូលរួមក្នុងការវាយឆ្មក់" in khmer


def test_the_api_refuses_an_embassy_as_a_participant(raid: Raid) -> None:
    embassy = make_agency("Embassy", AgencyKind.EMBASSY, country="CN")
    client = APIClient()
    client.force_authenticate(raid.officer)
    url = f"/api/v1/operations/{raid.operation.pk}/"
    response = client.patch(url, {"agencies": [embassy.pk], "version": 1}, format="json")
    assert response.status_code == 400
    assert REFUSAL in str(response.json()["agencies"])
    assert raid.operation.agency_ids() == {raid.immigration.pk, raid.centre.pk}
