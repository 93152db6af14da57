"""The screening API: the stateless assessment and saved screenings, for all three agencies."""

import json

import pytest
from django.test import Client

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules.catalogue import CATALOGUE_VERSION
from tests.conftest import login, make_user
from tests.screening.helpers import TRAFFICKED, make_screening

pytestmark = pytest.mark.django_db

ASSESS = "/api/v1/screening/assess"
LIST = "/api/v1/screenings/"


def post(client, url, body):
    return client.post(
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


# --- assess ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "partner", "outsider"])
def test_any_signed_in_user_can_assess_and_nothing_is_stored(world, who):
    client = login(getattr(world, who))  # the sign-in itself is audited
    audit_before = AuditEvent.objects.count()
    response = post(client, ASSESS, {"age": 24, "observations": TRAFFICKED})
    body = response.json()
    assert response.status_code == 200
    assert body["determination"] == "trafficking-indicated"
    assert body["next_step"] == "refer"
    assert body["catalogue_version"] == CATALOGUE_VERSION
    means = next(e for e in body["explanation"]["elements"] if e["element"] == "means")
    assert set(means["satisfied_by"]) == {"FL-DECEPTION", "FL-THREATS"}
    assert not ScreeningRecord.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_analyst_without_person_access_can_assess(world):
    analyst = make_user(Role.NCCT_ANALYST, world.owner_agency)
    response = post(login(analyst), ASSESS, {"observations": {}})
    assert response.status_code == 200
    assert response.json()["determination"] == "further-assessment"


def test_assess_needs_authentication():
    response = post(Client(), ASSESS, {"observations": {}})
    assert response.status_code in (401, 403)


def test_assess_child_rule_and_unknown_age(world):
    client = login(world.owner)
    obs = {"ACT-TRANSPORT": "yes", "PURPOSE-SEXUAL": "yes"}
    results = {
        age: post(client, ASSESS, {"age": age, "observations": obs}).json()["determination"]
        for age in (17, 18, None)
    }
    assert results == {
        17: "trafficking-indicated",
        18: "further-assessment",
        None: "further-assessment",
    }


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"observations": {"FL-FOO": "yes"}}, "observations", "unknown indicator code: FL-FOO"),
        ({"observations": {"FL-DEBT": "maybe"}}, "observations", "not a valid choice"),
        ({"observations": ["FL-DEBT"]}, "observations", "dictionary"),
        ({"observations": "FL-DEBT"}, "observations", "dictionary"),
        ({}, "observations", "required"),
        ({"age": -1, "observations": {}}, "age", "greater than or equal to 0"),
        ({"age": 500, "observations": {}}, "age", "less than or equal to 130"),
        ({"age": "old", "observations": {}}, "age", "valid integer"),
        ({"age": 24.5, "observations": {}}, "age", "valid integer"),
        ({"age": 24, "observation": {}}, "observations", "required"),
    ],
)
def test_assess_refuses_malformed_bodies_naming_the_problem(world, body, field, fragment):
    response = post(login(world.owner), ASSESS, body)
    assert response.status_code == 400
    assert fragment in str(response.json()[field])


def test_assess_refuses_unknown_fields(world):
    response = post(login(world.owner), ASSESS, {"observations": {}, "sex": "male"})
    assert response.status_code == 400
    assert "unknown field: sex" in str(response.json())


@pytest.mark.parametrize("body", [["FL-DEBT"], "text", 42])
def test_assess_refuses_a_body_that_is_not_an_object(world, body):
    response = post(login(world.owner), ASSESS, body)
    assert response.status_code == 400
    assert "Expected a dictionary" in str(response.json())


def test_assess_refuses_invalid_json(world):
    response = login(world.owner).post(ASSESS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


# --- saved screenings -----------------------------------------------------------------------


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_list_follows_the_access_rules(world):
    of_person = make_screening(world.owner, world.person)
    anonymous = make_screening(world.owner)
    outsiders = make_screening(world.outsider)
    assert ids(login(world.owner).get(LIST)) == {of_person.pk, anonymous.pk}
    assert ids(login(world.partner).get(LIST)) == {of_person.pk}
    assert ids(login(world.outsider).get(LIST)) == {outsiders.pk}


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_retrieve_a_screening_of_a_person(world, who, status):
    record = make_screening(world.owner, world.person)
    response = login(getattr(world, who)).get(f"{LIST}{record.pk}/")
    assert response.status_code == status
    if status == 200:
        assert response.json()["determination"] == "trafficking-indicated"
        assert response.json()["person"] == world.person.pk


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 404), ("outsider", 404)])
def test_retrieve_an_anonymous_screening(world, who, status):
    record = make_screening(world.owner)
    assert login(getattr(world, who)).get(f"{LIST}{record.pk}/").status_code == status


def test_list_filters_by_determination_and_person(world):
    traf = make_screening(world.owner, world.person)
    make_screening(world.owner, observations={"ACT-RECRUITMENT": "no"})
    client = login(world.owner)
    assert ids(client.get(LIST, {"determination": "trafficking-indicated"})) == {traf.pk}
    assert ids(client.get(LIST, {"person": world.person.pk})) == {traf.pk}


def new_screening(**fields):
    body = {
        "form": "short",
        "context": "raid",
        "age": 17,
        "sex": "male",
        "nationality": "ID",
        "location": "Sihanoukville compound",
        "observations": {"ACT-RECEIPT": "yes", "PURPOSE-FORCED-CRIMINALITY": "yes"},
    }
    body.update(fields)
    return body


@pytest.mark.parametrize("who", ["owner", "partner"])
def test_create_a_screening_of_a_visible_person(world, who):
    user = getattr(world, who)
    response = post(login(user), LIST, new_screening(person=world.person.pk))
    record = ScreeningRecord.objects.get()
    assert response.status_code == 201
    assert response.json()["determination"] == "trafficking-indicated"
    assert (record.person, record.agency, record.screener) == (world.person, user.agency, user)
    assert record.province == user.agency.province
    assert AuditEvent.objects.filter(action="screening.recorded", user=user).exists()


def test_a_screening_sent_twice_is_saved_once_and_an_anonymous_one_twice(world):
    client = login(world.owner)
    first = post(client, LIST, new_screening(person=world.person.pk))
    again = post(client, LIST, new_screening(person=world.person.pk))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert ScreeningRecord.objects.count() == 1
    # Other answers are another screening; two people screened anonymously may answer alike.
    other = new_screening(person=world.person.pk, observations={"ACT-RECEIPT": "no"})
    assert post(client, LIST, other).status_code == 201
    assert post(client, LIST, new_screening()).status_code == 201
    assert post(client, LIST, new_screening()).status_code == 201
    assert ScreeningRecord.objects.count() == 4


def test_outsider_cannot_create_a_screening_of_an_invisible_person(world):
    response = post(login(world.outsider), LIST, new_screening(person=world.person.pk))
    assert response.status_code == 400
    assert "person" in response.json()
    missing = post(login(world.outsider), LIST, new_screening(person=999999))
    assert str(response.json()["person"]).replace(str(world.person.pk), "N") == str(
        missing.json()["person"]
    ).replace("999999", "N")
    assert not ScreeningRecord.objects.exists()


def test_outsider_can_create_an_anonymous_screening(world):
    response = post(login(world.outsider), LIST, new_screening(province="18"))
    record = ScreeningRecord.objects.get()
    assert response.status_code == 201
    assert (record.person, record.province, record.agency) == (None, "18", world.outsider_agency)


def test_create_needs_the_screen_capability(world):
    clerk = make_user(Role.COURT_CLERK, world.owner_agency)
    response = post(login(clerk), LIST, new_screening())
    assert response.status_code == 403
    assert not ScreeningRecord.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"observations": {"FL-FOO": "yes"}}, "observations", "unknown indicator code: FL-FOO"),
        ({"age": -3}, "age", "greater than or equal to 0"),
        ({"form": "long"}, "form", "not a valid choice"),
        ({"context": "party"}, "context", "not a valid choice"),
        ({"province": "77"}, "province", "unknown province code: 77"),
        ({"location": "x" * 201}, "location", "at most 200 characters; it has 201"),
    ],
)
def test_create_refuses_bad_fields_by_name(world, fields, field, fragment):
    response = post(login(world.owner), LIST, new_screening(**fields))
    assert response.status_code == 400
    assert fragment in str(response.json()[field])
    assert not ScreeningRecord.objects.exists()


# --- schema ---------------------------------------------------------------------------------


def test_schema_describes_the_assess_endpoint(world):
    response = login(world.owner).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    schema = response.json()
    operation = schema["paths"]["/api/v1/screening/assess"]["post"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/Assessment"
    )
    assert {"determination", "next_step", "catalogue_version", "explanation"} <= set(
        schema["components"]["schemas"]["Assessment"]["properties"]
    )
    assert "/api/v1/screenings/" in schema["paths"]
