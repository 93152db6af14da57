"""Suspected victims identified, by form of exploitation: the figure the national report gives
as sex and non-sex trafficking (2019: 66 non-sex, 76 sex) and forced marriage apart (2023: 214),
from the forms the identifier recorded, each person once, under their first identification."""

import pytest

from rumdoh.protection.models import Identification
from rumdoh.statistics import queries
from rumdoh.statistics.measures import IDENTIFIED
from rumdoh.statistics.rules.periods import Period
from tests.conftest import login
from tests.statistics.helpers import Field, identify, make_same_person, moment

pytestmark = pytest.mark.django_db

API = "/api/v1/statistics/"
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


def _identified(field, count, forms, when=None):
    for _ in range(count):
        found = identify(field.person(), field.poipet, field.worker, when or moment(2025, 2, 1))
        Identification.objects.filter(pk=found.pk).update(exploitation_types=forms)


def test_identified_victims_are_published_by_form_of_exploitation(settings):
    settings.RUMDOH_SUPPRESSION_THRESHOLD = 10
    field = Field()
    _identified(field, 12, ["sexual_exploitation"])
    _identified(field, 15, ["forced_marriage"])
    _identified(field, 11, ["forced_criminality", "forced_labour"])
    _identified(field, 2, [])
    body = login(field.analyst).get(API, YEAR, HTTP_ACCEPT_LANGUAGE="en").json()
    item = next(m for m in body["measures"] if m["key"] == "identified")
    table = next(t for t in item["tables"] if t["breakdown"] == "exploitation")
    rows = {r["code"]: r["values"][0] for r in table["rows"]}
    assert rows["sexual_exploitation"] == 12
    assert rows["forced_marriage"] == 15
    assert rows["several"] == 11
    assert rows["unspecified"] is None  # two people: hidden
    assert table["totals"]["values"] == [40]
    page = login(field.analyst).get("/statistics/", YEAR, HTTP_ACCEPT_LANGUAGE="en")
    assert "Suspected victims identified by Form of exploitation" in page.content.decode()


def test_a_person_identified_twice_counts_under_the_forms_of_the_first(settings):
    field = Field()
    person = field.person()
    first = identify(person, field.poipet, field.worker, moment(2025, 2, 1))
    Identification.objects.filter(pk=first.pk).update(exploitation_types=["forced_marriage"])
    identify(make_same_person(field, person), field.capital, field.worker, moment(2025, 3, 1))
    cube = queries.cube_for(
        IDENTIFIED, Period(moment(2025, 1, 1).date(), moment(2025, 12, 31).date())
    )
    forms = IDENTIFIED.dimensions.index(
        next(d for d in IDENTIFIED.dimensions if d.key == "exploitation")
    )
    assert {key[forms]: n for key, n in cube.items()} == {"forced_marriage": 1}
