"""A repatriation changed through the API: each change answers the repatriation as it left it,
read with the same access as every other answer; another agency finds nothing to change."""

from __future__ import annotations

from datetime import date

from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation
from tests.conftest import login, make_person
from tests.crossborder.conftest import Border

ON = date(2026, 12, 1)


def open_for_child(border: Border) -> Repatriation:
    child = make_person(border.worker, birth_year=2013)
    return services.open_repatriation(
        border.worker,
        child,
        {"direction": "home", "country": "TH", "requested_on": ON, "embassy": border.embassy,
         "travel_documents": "Laissez-passer 42"},
    )  # fmt: skip


def url(repatriation: Repatriation, action: str) -> str:
    return f"/api/v1/crossborder/repatriations/{repatriation.pk}/{action}/"


def test_each_change_answers_the_repatriation_as_it_left_it(border: Border) -> None:
    open_for_child(border)  # another one of the agency's, left as it is
    repatriation = open_for_child(border)
    client = login(border.worker)

    moved = client.post(
        url(repatriation, "stage"),
        {"stage": "documents", "on": "2026-12-02", "version": 1},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["id"] == repatriation.pk
    assert (moved.json()["stage"], moved.json()["version"]) == ("documents", 2)

    assessed = client.post(
        url(repatriation, "assessment"),
        {"traced_on": "2026-12-03", "result": "safe", "findings": "Mother found."},
        content_type="application/json",
    )
    assert assessed.status_code == 200
    assert assessed.json()["id"] == repatriation.pk

    custody = client.post(
        url(repatriation, "custody"),
        {"to_whom": "Mrs Sok Vanna", "relationship": "aunt", "authority": "PoSVY",
         "authority_reference": "12/26", "transferred_on": "2026-12-04"},
        content_type="application/json",
    )  # fmt: skip
    assert custody.status_code == 200
    assert custody.json()["travel_documents"] == "Laissez-passer 42"


def test_another_agency_finds_no_repatriation_to_change(border: Border) -> None:
    repatriation = open_for_child(border)
    move = {"stage": "documents", "on": "2026-12-02", "version": 1}

    stranger = login(border.stranger).post(
        url(repatriation, "stage"), move, content_type="application/json"
    )
    consul = login(border.consul).post(
        url(repatriation, "stage"), move, content_type="application/json"
    )

    assert stranger.status_code == 404
    assert consul.status_code == 403
    repatriation.refresh_from_db()
    assert (repatriation.stage, repatriation.version) == ("requested", 1)
