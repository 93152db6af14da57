"""The tips API: a partner's hotline system posts tips with a token; reading is audited."""

import pytest
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.intake import services
from rumdoh.intake.models import Tip
from tests.conftest import make_person


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="partner-token")  # as with an API token
    return client


def test_a_partner_system_posts_a_tip(tips):
    response = _client(tips.operator).post(
        "/api/v1/tips/",
        {
            "channel": "partner_system",
            "summary": "Caller reports a child selling flowers at night, bruised",
            "urgency": "urgent",
            "province": "12",
            "external_reference": "CHL-2026-0042",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("T-") and body["urgency"] == "urgent"
    tip = Tip.objects.get()
    assert tip.recording_agency == tips.hotline_agency and tip.external_reference == "CHL-2026-0042"


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "web_form", "summary": "x"},
        {"channel": "walk_in"},
        {"channel": "walk_in", "summary": "x", "province": "99"},
        {"channel": "walk_in", "summary": "x", "colour": "red"},
        {"channel": "walk_in", "summary": "x", "person": 999999},
    ],
)
def test_a_bad_tip_is_refused_with_400(tips, body):
    response = _client(tips.operator).post("/api/v1/tips/", body, format="json")
    assert response.status_code == 400
    assert not Tip.objects.exists()


def test_reading_tips_is_audited_and_scoped(tips):
    person = make_person(tips.investigator)
    services.record_tip(
        tips.investigator,
        services.TipInput(channel="walk_in", summary="Her brother", person=person),
    )
    tips.tip()
    mine = _client(tips.investigator).get("/api/v1/tips/").json()
    assert len(mine["results"]) == 1 and mine["results"][0]["person"] == person.pk
    assert AuditEvent.objects.filter(action="tip.listed").exists()
    assert AuditEvent.objects.filter(action="person.listed", person_id=person.pk).exists()
    assert _client(tips.outsider).get("/api/v1/tips/").json()["results"] == []


def test_closing_a_tip_over_the_api(tips):
    tip = tips.tip()
    client = _client(tips.operator)
    refused = client.post(
        f"/api/v1/tips/{tip.pk}/outcome/", {"outcome": "no_action", "version": 1}, format="json"
    )
    assert refused.status_code == 400
    stale = client.post(
        f"/api/v1/tips/{tip.pk}/outcome/",
        {"outcome": "no_action", "reason": "false", "version": 5},
        format="json",
    )
    assert stale.status_code == 409
    done = client.post(
        f"/api/v1/tips/{tip.pk}/outcome/",
        {"outcome": "no_action", "reason": "false", "version": 1},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "closed"
    outsider = _client(tips.outsider).post(
        f"/api/v1/tips/{tip.pk}/outcome/",
        {"outcome": "no_action", "reason": "false", "version": 2},
        format="json",
    )
    assert outsider.status_code == 404


def test_a_role_without_tips_is_refused(tips):
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    analyst = make_user(Role.NCCT_ANALYST, tips.hotline_agency)
    assert _client(analyst).get("/api/v1/tips/").status_code == 403
    assert _client(analyst).post("/api/v1/tips/", {}, format="json").status_code == 403
