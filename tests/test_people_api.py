import pytest

from rumdoh.accounts.models import AuditEvent
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_api_person_detail_for_owner_partner_and_outsider(world):
    url = f"/api/v1/persons/{world.person.pk}/"
    assert login(world.owner).get(url).json()["given_name"] == "Sokha"
    assert login(world.partner).get(url).status_code == 200
    assert login(world.outsider).get(url).status_code == 404


def test_api_person_list_is_scoped_and_audited(world):
    assert login(world.outsider).get("/api/v1/persons/").json()["results"] == []
    data = login(world.partner).get("/api/v1/persons/", {"q": "Chhan"}).json()
    assert [row["id"] for row in data["results"]] == [world.person.pk]
    assert AuditEvent.objects.filter(action="person.listed", user=world.partner).count() == 1


def test_api_creates_a_person_with_validation(world):
    client = login(world.owner)
    bad = client.post("/api/v1/persons/", {"sex": "female"}, content_type="application/json")
    assert bad.status_code == 400
    assert "name" in str(bad.json()).lower()
    good = client.post(
        "/api/v1/persons/",
        {"given_name": "Dara", "date_of_birth": "2008-03-01", "sex": "male"},
        content_type="application/json",
    )
    assert good.status_code == 201
    assert good.json()["birth_year"] == 2008 and good.json()["age_precision"] == "date"


def test_api_update_detects_a_concurrent_edit(world):
    client = login(world.owner)
    url = f"/api/v1/persons/{world.person.pk}/"
    first = client.patch(
        url, {"village": "Ou Chrov", "version": 1}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(url, {"village": "Other", "version": 1}, content_type="application/json")
    assert stale.status_code == 409


def test_api_partner_cannot_change_anothers_record(world):
    response = login(world.partner).patch(
        f"/api/v1/persons/{world.person.pk}/",
        {"village": "X", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_api_consents_of_a_person_for_the_three_agencies(world):
    url = f"/api/v1/persons/{world.person.pk}/consents/"
    assert len(login(world.owner).get(url).json()) == 1
    assert login(world.partner).get(url).status_code == 200
    assert login(world.outsider).get(url).status_code == 404


def test_schema_is_served():
    from django.test import Client

    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/persons/" in response.content


NOT_FOUND_KM = "រកមិនឃើញកំណត់ត្រានេះ ឬអ្នកមិនមានសិទ្ធិមើលវាទេ។"


def test_a_missing_and_a_hidden_record_answer_the_same_words_in_khmer(world):
    client = login(world.outsider)
    hidden = client.get(f"/api/v1/persons/{world.person.pk}/", HTTP_ACCEPT_LANGUAGE="km")
    missing = client.get("/api/v1/persons/987654/", HTTP_ACCEPT_LANGUAGE="km")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": NOT_FOUND_KM}


def test_a_missing_record_names_no_model_in_english(world):
    response = login(world.owner).get("/api/v1/persons/987654/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such record, or you may not see it."}


def test_a_partner_is_told_in_khmer_that_only_the_recording_agency_changes_a_person(world):
    response = login(world.partner).patch(
        f"/api/v1/persons/{world.person.pk}/",
        {"village": "X", "version": 1},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="km",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "មានតែស្ថាប័នដែលបានកត់ត្រាបុគ្គលនេះប៉ុណ្ណោះ ដែលអាចកែប្រែបាន។"}


@pytest.mark.parametrize(
    ("sent", "field", "said"),
    [
        ({"date_of_birth": "1800-01-01"}, "date_of_birth", "before 1900-01-01"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "in the future"),
        ({"birth_year": 1800}, "birth_year", "between 1900 and"),
        ({"birth_year": 2999}, "birth_year", "between 1900 and"),
    ],
)
def test_api_refuses_a_birth_before_1900_or_in_the_future_by_its_field(world, sent, field, said):
    from rumdoh.people.models import Person

    client = login(world.owner)
    before = Person.objects.count()
    created = client.post(
        "/api/v1/persons/", {"given_name": "Dara", **sent}, content_type="application/json"
    )
    assert created.status_code == 400 and said in created.json()[field][0]
    assert Person.objects.count() == before
    changed = client.patch(
        f"/api/v1/persons/{world.person.pk}/",
        {**sent, "version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 400 and said in changed.json()[field][0]


def test_api_change_cannot_take_away_every_name(world):
    client = login(world.owner)
    url = f"/api/v1/persons/{world.person.pk}/"
    emptied = client.patch(
        url,
        {"given_name": "", "family_name": "\u200b", "name_km": "", "aliases": [], "version": 1},
        content_type="application/json",
    )
    assert emptied.status_code == 400 and "name" in str(emptied.json()).lower()
    world.person.refresh_from_db()
    assert world.person.given_name == "Sokha"
    kept = client.patch(url, {"given_name": "", "version": 1}, content_type="application/json")
    assert kept.status_code == 200, "the family name stays"
