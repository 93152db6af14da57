"""A moment near year 1 (or in 9999) sent to the justice API or its pages is refused by its
field, never a server error: the REST framework moves a moment into Phnom Penh's time before any
check, which overflows near year 1."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.justice.helpers import JusticeWorld


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user, token="partner-token")
    return client


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00", "0001-01-01T00:00:00+07:00", "1899-05-01T10:00"]
)
def test_an_arrest_in_year_one_is_refused_by_its_field(jw: JusticeWorld, moment: str) -> None:
    case = jw.open_case()
    suspect = jw.suspect(case)
    response = api(jw.police).post(
        "/api/v1/arrests/",
        {"case": case.pk, "suspect": suspect.pk, "arrested_at": moment},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "arrested_at" in response.json()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_hearing_out_of_time_is_refused_by_its_field(jw: JusticeWorld, moment: str) -> None:
    case, _suspect, _charge = jw.at_trial()
    response = api(jw.clerk).post(
        "/api/v1/hearings/",
        {"case": case.pk, "kind": "trial", "scheduled_for": moment},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "scheduled_for" in response.json()


def test_the_hearing_page_refuses_year_one_beside_the_date(jw: JusticeWorld) -> None:
    from tests.conftest import login

    case, _suspect, _charge = jw.at_trial()
    response = login(jw.clerk).post(
        f"/justice/cases/{case.pk}/hearings/new/",
        {"kind": "trial", "scheduled_for": "0001-01-01T09:00"},
    )
    assert response.status_code in (200, 400)
    assert "check the year" in response.context["form"].errors["scheduled_for"][0]
