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
