"""When a tip was received: not in the future, and not before the trafficking law of 2008, by
the page, the API and the service alike. A day near year 1 could not even be stored (a moment
in Phnom Penh before year 1 in UTC) and answered 500."""

import re
from datetime import datetime

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from rumdoh.core.errors import FieldRefused
from rumdoh.intake.models import Tip
from tests.conftest import login

TOO_EARLY = ["0001-01-01T00:00", "1900-01-01T08:30", "2007-12-31T23:59"]


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="partner-token")
    return client


@pytest.mark.parametrize("received_at", TOO_EARLY)
def test_the_page_refuses_a_tip_received_before_2008_beside_its_date(tips, received_at):
    r = login(tips.operator).post(
        "/tips/new/",
        {
            "channel": "ahjpd_hotline",
            "received_at": received_at,
            "summary": "Two boys on a fishing boat",
            "concern": "other",
            "urgency": "normal",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and not Tip.objects.exists()
    assert re.search(
        r'id="id_received_at_error"[^>]*>\s*<li>The date cannot be before 2008-01-01: check the '
        r"year\.",
        html,
    )
    assert "Two boys on a fishing boat" in html


@pytest.mark.parametrize("received_at", TOO_EARLY)
def test_the_api_refuses_a_tip_received_before_2008_naming_the_field(tips, received_at):
    response = _api(tips.operator).post(
        "/api/v1/tips/",
        {"channel": "partner_system", "summary": "A call", "received_at": received_at},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["received_at"]
    assert "2008-01-01" in response.json()["received_at"][0]
    assert not Tip.objects.exists()


def test_the_api_says_a_future_tip_by_its_field_too(tips):
    response = _api(tips.operator).post(
        "/api/v1/tips/",
        {"channel": "partner_system", "summary": "A call", "received_at": "2099-01-01T10:00"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"received_at": ["A tip cannot be received in the future."]}


def test_the_refusal_is_said_in_khmer(tips):
    with translation.override("km"), pytest.raises(FieldRefused) as refused:
        tips.tip(received_at=timezone.make_aware(datetime(1900, 1, 1, 8, 30)))
    assert refused.value.field == "received_at"
    assert "សូមពិនិត្យឆ្នាំ" in str(refused.value) and "2008-01-01" in str(refused.value)


def test_the_first_moment_of_2008_is_accepted(tips):
    first = timezone.make_aware(datetime(2008, 1, 1))
    assert tips.tip(received_at=first).received_at == first
