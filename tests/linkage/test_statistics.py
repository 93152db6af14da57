"""Statistics count the national persons a linkage run finds, wherever they count people."""

from __future__ import annotations

import pytest

from rumdoh.linkage import services
from rumdoh.statistics import queries
from rumdoh.statistics.rules.periods import Period
from tests.statistics.helpers import Field, identify, moment, open_case

YEAR = Period(start=moment(2025, 1, 1).date(), end=moment(2025, 12, 31).date())


@pytest.fixture
def field(db: None) -> Field:
    return Field()


def total(cube: dict) -> int:  # type: ignore[type-arg]
    return sum(cube.values())


def test_one_woman_recorded_by_two_agencies_counts_once_after_linkage(field: Field) -> None:
    first = field.person(given_name="Srey Mom", family_name="Chan", birth_year=1999)
    again = field.person(given_name="Sreymom", family_name="Chan", birth_year=1999, phone="")
    other = field.person(given_name="Dara", family_name="Kim", birth_year=1990, phone="099 111")
    for person, agency, user in (
        (first, field.poipet, field.worker),
        (again, field.capital, field.capital_worker),
        (other, field.poipet, field.worker),
    ):
        identify(person, agency, user, moment(2025, 3, 1))
        open_case(person, agency, user, moment(2025, 3, 2))
    assert total(queries.identified(YEAR)) == 3
    services.schedule_linkage("test", mode="full")
    assert total(queries.identified(YEAR)) == 2
    assert total(queries.cases_opened(YEAR)) == 2
