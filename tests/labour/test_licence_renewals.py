"""Renewing a recruitment agency's licence: a refusal of the renewed dates is shown beside the
field it is about, on the page (English and Khmer) and in the API (400 naming the field); it
stood at the top of the form, and the API answered it as a bare ``detail``."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.labour.services import registers as rs
from tests.conftest import login
from tests.labour.test_bounds_and_field_errors import field_error, top_errors

pytestmark = pytest.mark.django_db

NOT_AFTER_ISSUE = "A licence must expire after it was issued."
KM_NOT_AFTER_ISSUE = "អាជ្ញាប័ណ្ណត្រូវផុតកំណត់ក្រោយថ្ងៃចេញ។"
NOT_AFTER_OLD = "A renewed licence must expire after the licence it renews."
KM_NOT_AFTER_OLD = "អាជ្ញាប័ណ្ណដែលបានបន្តត្រូវផុតកំណត់ក្រោយអាជ្ញាប័ណ្ណដែលវាបន្ត។"


def _today() -> date:
    return timezone.localdate()


def _agency(lw, issued_days_ago: int = 400, expires_in: int = 700):  # type: ignore[no-untyped-def]
    return rs.register_agency(
        lw.licensing,
        name="Mekong Workforce",
        licence_number="PRA-0101",
        issued_on=_today() - timedelta(days=issued_days_ago),
        expires_on=_today() + timedelta(days=expires_in),
        deposit_usd=100_000,
        province="12",
    )


def _post_renewal(lw, agency, issued_on: date, expires_on: date, language: str = "en"):  # type: ignore[no-untyped-def]
    client = login(lw.licensing)
    client.cookies["django_language"] = language
    url = reverse("labour:licence_renew", args=[agency.pk])
    data = {"issued_on": issued_on.isoformat(), "expires_on": expires_on.isoformat()}
    return client.post(url, data | {"version": str(agency.version)})


@pytest.mark.parametrize(
    ("days_after_issue", "days_after_old_expiry", "english", "khmer"),
    [
        (0, 30, NOT_AFTER_ISSUE, KM_NOT_AFTER_ISSUE),
        (5, -30, NOT_AFTER_OLD, KM_NOT_AFTER_OLD),
    ],
)
def test_a_renewal_refused_for_its_expiry_says_so_beside_expires_on(
    lw, days_after_issue, days_after_old_expiry, english, khmer
):  # type: ignore[no-untyped-def]
    agency = _agency(lw)
    expires_on = agency.expires_on + timedelta(days=days_after_old_expiry)
    issued_on = expires_on - timedelta(days=days_after_issue)
    page = _post_renewal(lw, agency, issued_on, expires_on)
    assert page.status_code == 200
    assert english in field_error(page, "expires_on")
    assert english not in top_errors(page)
    khmer_page = _post_renewal(lw, agency, issued_on, expires_on, "km")
    assert khmer in field_error(khmer_page, "expires_on")
    client = APIClient()
    client.force_authenticate(lw.licensing)
    answer = client.post(
        f"/api/v1/recruitment-agencies/{agency.pk}/renew/",
        {"issued_on": issued_on.isoformat(), "expires_on": expires_on.isoformat(), "version": 1},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json() == {"expires_on": [english]}
    agency.refresh_from_db()
    assert agency.version == 1
