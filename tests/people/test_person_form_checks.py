"""What the record-a-person page refuses, as the API refuses it: births out of time."""

import pytest

from rumdoh.people.models import Person
from tests.conftest import login

pytestmark = pytest.mark.django_db

NEW = "/people/new/"
DARA = {"given_name": "Dara", "sex": "male", "nationality": "KH"}


@pytest.mark.parametrize(
    ("born", "said"),
    [
        ("1800-01-01", "The date cannot be before 1900-01-01: check the year."),
        ("1899-12-31", "The date cannot be before 1900-01-01: check the year."),
        ("2999-01-01", "The date cannot be in the future."),
    ],
)
def test_a_birth_before_1900_or_in_the_future_is_refused_beside_the_date(world, born, said):
    before = Person.objects.count()
    page = login(world.owner).post(NEW, {**DARA, "date_of_birth": born})
    assert page.status_code == 200
    assert page.context["form"].errors["date_of_birth"] == [said]
    assert Person.objects.count() == before


def test_a_birth_on_the_first_of_1900_is_recorded(world):
    page = login(world.owner).post(NEW, {**DARA, "date_of_birth": "1900-01-01"})
    assert page.status_code == 302
    assert Person.objects.order_by("-pk").first().birth_year == 1900


INVISIBLE = [
    {"given_name": "\u200b\u200b", "family_name": "\u202e"},
    {"given_name": "\ufeff", "name_km": "\u200c\u200d\u2060", "aliases_text": "\u00ad, \u2066"},
    {"given_name": " \u3164 "},
]


@pytest.mark.parametrize("names", INVISIBLE)
def test_names_of_invisible_characters_only_are_no_names_on_the_page(world, names):
    before = Person.objects.count()
    page = login(world.owner).post(NEW, {**DARA, "given_name": "", **names})
    assert page.status_code == 200
    assert "Give at least one name" in str(page.context["form"].non_field_errors())
    assert Person.objects.count() == before


@pytest.mark.parametrize("names", INVISIBLE)
def test_names_of_invisible_characters_only_are_no_names_in_the_api(world, names):
    sent = {k: v for k, v in names.items() if k != "aliases_text"}
    if "aliases_text" in names:
        sent["aliases"] = [a.strip() for a in names["aliases_text"].split(",")]
    before = Person.objects.count()
    answer = login(world.owner).post(
        "/api/v1/persons/", {"sex": "male", **sent}, content_type="application/json"
    )
    assert answer.status_code == 400, answer.json()
    assert "Give at least one name" in str(answer.json())
    assert Person.objects.count() == before


def test_a_name_is_kept_without_the_characters_that_show_nothing(world):
    client = login(world.owner)
    page = client.post(
        NEW, {**DARA, "given_name": "\u200bDa\u00adra\u202e", "name_km": "សុ\u200bខា"}
    )
    assert page.status_code == 302
    person = Person.objects.order_by("-pk").first()
    assert (person.given_name, person.name_km) == ("Dara", "សុខា")
    answer = client.post(
        "/api/v1/persons/",
        {"given_name": "\ufeffVanna\u2066", "aliases": ["\u200b", "Nee\u200d"]},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert (answer.json()["given_name"], answer.json()["aliases"]) == ("Vanna", ["Nee"])
