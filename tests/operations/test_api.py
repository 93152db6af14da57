"""The operations API: roster import all-or-nothing, the deportation check, the bypass report."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.operations.models import Deportation, RosterEntry
from tests.operations.helpers import HEADER, Raid, roster_rows


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_import_over_the_api_and_list_the_roster_audited(raid: Raid) -> None:
    client = client_for(raid.officer)
    body = {"operation": raid.operation.pk, "rows": [HEADER, *roster_rows(4)]}
    response = client.post("/api/v1/roster-entries/import/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == {"added": 4, "linked": 0, "deported": 0, "ignored_columns": []}
    listing = client_for(raid.screener).get(
        f"/api/v1/roster-entries/?operation={raid.operation.pk}"
    )
    assert listing.status_code == 200
    assert len(listing.json()["results"]) == 4
    assert AuditEvent.objects.filter(action="person.listed", user=raid.screener).count() == 4


def test_a_bad_row_over_the_api_is_reported_and_nothing_written(raid: Raid) -> None:
    rows = roster_rows(3)
    rows[0][2] = "Mars"
    body = {"operation": raid.operation.pk, "rows": [HEADER, *rows]}
    response = client_for(raid.officer).post("/api/v1/roster-entries/import/", body, format="json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["row"], error["code"], error["value"]) == (2, "unknown_nationality", "Mars")
    assert not RosterEntry.objects.exists()


def test_deportation_over_the_api_is_refused_without_screening_and_override_is_reported(
    raid: Raid,
) -> None:
    raid.import_rows(roster_rows(1))
    entry = raid.operation.roster.get()
    url = f"/api/v1/roster-entries/{entry.pk}/deportation/"
    refused = client_for(raid.officer).post(url, {"deported_on": "2026-11-22"}, format="json")
    assert refused.status_code == 400 and "not been screened" in refused.json()["detail"]
    forced = client_for(raid.supervisor).post(
        url, {"deported_on": "2026-11-22", "override_reason": "Ordered"}, format="json"
    )
    assert forced.status_code == 201 and forced.json()["bypassed"] is True
    report = client_for(raid.supervisor).get("/api/v1/deportations/bypassed/")
    assert [d["entry"] for d in report.json()["results"]] == [entry.pk]
    assert client_for(raid.officer).get("/api/v1/deportations/bypassed/").status_code == 403
    assert Deportation.objects.count() == 1


def test_operation_board_and_outsider(raid: Raid) -> None:
    raid.import_rows(roster_rows(4))
    board = client_for(raid.officer).get(f"/api/v1/operations/{raid.operation.pk}/board/")
    assert board.json()["total"]["found"] == 4
    outsider = client_for(raid.outsider).get(f"/api/v1/operations/{raid.operation.pk}/")
    assert outsider.status_code == 404


def test_operation_change_needs_the_version(raid: Raid) -> None:
    client = client_for(raid.officer)
    url = f"/api/v1/operations/{raid.operation.pk}/"
    assert client.patch(url, {"status": "closed"}, format="json").status_code == 400
    assert client.patch(url, {"status": "closed", "version": 1}, format="json").status_code == 200
    assert client.patch(url, {"status": "planned", "version": 1}, format="json").status_code == 409
