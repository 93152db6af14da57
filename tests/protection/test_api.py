"""The protection API, as the owning agency, a partner and an unrelated agency."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from rumdoh.accounts.rules.roles import Role
from rumdoh.protection.models import ProtectionCase, Referral, StageChange
from tests.conftest import make_user
from tests.protection.helpers import (
    consent_to_referral,
    identifier,
    identify,
    make_provider,
    owner_case,
    ready_to_refer,
    refer,
)
from tests.screening.helpers import make_screening

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_identification_read_by_agency(world, who, status):
    found = identify(world)
    client = api(getattr(world, who))
    assert client.get(f"/api/v1/identifications/{found.pk}/").status_code == status
    assert (found.pk in ids(client.get("/api/v1/identifications/"))) is (status == 200)


def test_identification_created_by_an_eligible_identifier(world):
    screening = make_screening(world.owner, person=world.person)
    data = {
        "person": world.person.pk,
        "exploitation_types": ["forced_labour"],
        "sectors": ["fishing"],
        "basis": "detailed_form",
        "screening_id": screening.pk,
    }
    response = api(identifier(world)).post("/api/v1/identifications/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["screening_id"] == screening.pk
    wrong = api(identifier(world)).post(
        "/api/v1/identifications/", {**data, "screening_id": screening.pk + 99}, format="json"
    )
    assert wrong.status_code == 400
    assert api(world.owner).post("/api/v1/identifications/", data, format="json").status_code == 403


def test_identification_of_an_unseen_person_is_refused(world):
    data = {"person": world.person.pk, "exploitation_types": ["other"], "basis": "screening"}
    user = make_user(Role.IDENTIFIER, world.outsider_agency)
    assert api(user).post("/api/v1/identifications/", data, format="json").status_code == 400


def test_referral_api_without_consent_is_refused(world):
    identify(world)
    provider = make_provider(world.partner_agency)
    data = {"person": world.person.pk, "provider": provider.pk, "needs": ["housing"]}
    response = api(world.owner).post("/api/v1/referrals/", data, format="json")
    assert response.status_code == 400
    assert "consented" in str(response.json())
    assert not Referral.objects.exists()


def test_referral_api_create_accept(world):
    provider = ready_to_refer(world)
    data = {"person": world.person.pk, "provider": provider.pk, "needs": ["housing"]}
    created = api(world.owner).post("/api/v1/referrals/", data, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api(world.outsider).post(f"/api/v1/referrals/{pk}/accept/").status_code == 404
    assert api(world.owner).post(f"/api/v1/referrals/{pk}/accept/").status_code == 403
    accepted = api(world.partner).post(f"/api/v1/referrals/{pk}/accept/")
    assert accepted.json()["status"] == "accepted"
    assert api(world.partner).post(f"/api/v1/referrals/{pk}/accept/").status_code == 400


def test_referral_api_sent_twice_answers_the_referral_waiting(world):
    provider = ready_to_refer(world)
    data = {"person": world.person.pk, "provider": provider.pk, "needs": ["housing"]}
    created = api(world.owner).post("/api/v1/referrals/", data, format="json")
    again = api(world.owner).post("/api/v1/referrals/", data, format="json")
    assert (created.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == created.json()["id"]
    assert Referral.objects.count() == 1


def test_referral_api_decline_then_match_excludes_the_decliner(world):
    provider = ready_to_refer(world)
    other = make_provider(world.outsider_agency, name="Other")
    referral = refer(world, provider)
    url = f"/api/v1/referrals/{referral.pk}/decline/"
    assert api(world.partner).post(url, {"reason": ""}, format="json").status_code == 400
    declined = api(world.partner).post(url, {"reason": "full"}, format="json")
    assert declined.json()["decline_reason"] == "full"
    match = api(world.owner).post(
        "/api/v1/providers/match/",
        {"person": world.person.pk, "needs": ["housing"]},
        format="json",
    )
    body = match.json()
    assert [m["provider"]["id"] for m in body["matches"]] == [other.pk]
    assert body["rejections"][0]["reasons"][0]["code"] == "already_declined"


@pytest.mark.parametrize(("who", "seen"), [("owner", True), ("partner", True), ("outsider", False)])
def test_referral_list_by_agency(world, who, seen):
    referral = refer(world, ready_to_refer(world))
    assert (referral.pk in ids(api(getattr(world, who)).get("/api/v1/referrals/"))) is seen


def test_match_reports_reasons_with_messages(world):
    consent_to_referral(world)
    make_provider(world.partner_agency, sexes=["male"], free_places=0)
    response = api(world.owner).post(
        "/api/v1/providers/match/",
        {"person": world.person.pk, "needs": ["legal_aid"]},
        format="json",
    )
    reasons = response.json()["rejections"][0]["reasons"]
    assert [r["code"] for r in reasons] == ["no_places", "sex_not_accepted", "service_missing"]
    assert reasons[2]["params"] == {"service": "legal_aid"}


def test_match_for_an_unseen_person_is_refused(world):
    response = api(world.outsider).post(
        "/api/v1/providers/match/", {"person": world.person.pk, "needs": ["housing"]}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_case_read_by_agency(world, who, status):
    case = owner_case(world)
    client = api(getattr(world, who))
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == status
    assert client.get(f"/api/v1/cases/{case.pk}/history/").status_code == status
    assert (case.pk in ids(client.get("/api/v1/cases/"))) is (status == 200)


def test_case_stage_change_and_history(world):
    case = owner_case(world)
    url = f"/api/v1/cases/{case.pk}/stage/"
    data = {"stage": "recovery", "reason": "settled"}
    assert api(world.partner).post(url, data, format="json").status_code == 403
    assert api(world.outsider).post(url, data, format="json").status_code == 404
    assert api(world.owner).post(url, data, format="json").json()["stage"] == "recovery"
    history = api(world.owner).get(f"/api/v1/cases/{case.pk}/history/").json()
    assert [h["to_stage"] for h in history] == ["identification", "recovery"]
    assert StageChange.objects.filter(case=case).count() == 2


def test_case_plan_conflict_answers_409(world):
    case = owner_case(world)
    url = f"/api/v1/cases/{case.pk}/plan/"
    client = api(world.owner)
    assert client.get(url).json()["version"] == 1
    ok = client.put(url, {"needs": ["medical"], "goals": "a", "version": 1}, format="json")
    assert ok.json()["version"] == 2
    stale = client.put(url, {"needs": [], "goals": "b", "version": 1}, format="json")
    assert stale.status_code == 409


def test_case_services_and_follow_ups(world):
    case = owner_case(world, opened_on=date(2019, 6, 1))
    client = api(world.owner)
    paid = client.post(
        f"/api/v1/cases/{case.pk}/services/",
        {"area": "economic", "entitlement": "food_allowance", "delivered_on": "2026-01-02"},
        format="json",
    )
    assert paid.json()["amount_riel"] == 150_000
    due = client.post(
        f"/api/v1/cases/{case.pk}/follow-ups/", {"due_on": "2020-01-01"}, format="json"
    )
    assert due.json()["overdue"] is True
    url = f"/api/v1/follow-ups/{due.json()['id']}/done/"
    assert api(world.outsider).post(url, {}, format="json").status_code in (400, 404)
    done = client.post(url, {"done_on": "2026-01-03", "outcome": "stable"}, format="json")
    assert done.json()["overdue"] is False
    assert api(world.partner).get(f"/api/v1/cases/{case.pk}/follow-ups/").status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-01-01"])
def test_a_service_delivered_out_of_time_or_a_visit_due_in_9999_is_refused_by_its_field(world, day):
    case = owner_case(world)
    client = api(world.owner)
    service = client.post(
        f"/api/v1/cases/{case.pk}/services/",
        {"area": "medical", "delivered_on": day},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert service.status_code == 400 and list(service.json()) == ["delivered_on"]
    late = client.post(
        f"/api/v1/cases/{case.pk}/follow-ups/", {"due_on": "9999-12-31"}, format="json"
    )
    assert late.status_code == 400 and list(late.json()) == ["due_on"]
    assert not case.services.exists() and not case.follow_ups.exists()


def test_case_open_and_close(world):
    ready_to_refer(world)
    created = api(world.partner).post("/api/v1/cases/", {"person": world.person.pk}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    url = f"/api/v1/cases/{pk}/close/"
    assert (
        api(world.owner).post(url, {"closure_reason": "lost_contact"}, format="json").status_code
        == 403
    )
    closed = api(world.partner).post(url, {"closure_reason": "lost_contact"}, format="json")
    assert closed.json()["closure_reason"] == "lost_contact"
    assert ProtectionCase.objects.get(pk=pk).closed_at is not None


def test_provider_api_create_and_update_own_only(world):
    data = {
        "name": "New",
        "province": "12",
        "services": ["housing"],
        "capacity": 3,
        "free_places": 1,
    }
    created = api(world.partner).post("/api/v1/providers/", data, format="json")
    assert created.status_code == 201
    url = f"/api/v1/providers/{created.json()['id']}/"
    change = {"free_places": 0, "version": 1}
    assert api(world.owner).patch(url, change, format="json").status_code == 403
    assert api(world.partner).patch(url, change, format="json").json()["free_places"] == 0
    assert api(world.outsider).get(url).status_code == 200
    too_many = api(world.partner).patch(url, {"free_places": 9, "version": 2}, format="json")
    assert too_many.status_code == 400


def test_schema_is_generated(world):
    response = api(world.owner).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/providers/match/" in response.content


def test_a_case_plan_sent_with_a_version_below_one_is_refused_as_malformed(world):
    case = owner_case(world)
    url = f"/api/v1/cases/{case.pk}/plan/"
    response = api(world.owner).put(url, {"needs": [], "goals": "a", "version": 0}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
