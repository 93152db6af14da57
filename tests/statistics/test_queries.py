"""The counts behind the tables: grouped in the database, people counted once."""

import pytest

from rumdoh.statistics import queries
from rumdoh.statistics.dimensions import age_group
from rumdoh.statistics.rules.periods import Period
from tests.statistics.helpers import (
    Field,
    identify,
    link_as_one,
    make_same_person,
    moment,
    open_case,
    refer,
    screenings,
)

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(moment(2025, 1, 1).date(), moment(2025, 12, 31).date())


def total(cube, column=None, **where):
    positions = {"province": 0, "sex": 1, "age": 2, "nationality": 3}
    return sum(
        n
        for key, n in cube.items()
        if (column is None or key[4] == column)
        and all(key[positions[k]] == v for k, v in where.items())
    )


@pytest.fixture
def field(db):
    return Field()


def test_screenings_grouped_by_province_sex_age_nationality_and_result(field):
    screenings(field, 3, when=moment(2025, 3, 1))
    screenings(field, 2, when=moment(2025, 3, 1), age=15, sex="male", nationality="TH")
    screenings(field, 4, when=moment(2025, 3, 1), province="12", determination="not-indicated")
    screenings(field, 5, when=moment(2024, 12, 31))  # before the period
    cube = queries.screenings(YEAR_2025)
    assert total(cube) == 9
    assert total(cube, "trafficking-indicated", province="01") == 5
    assert total(cube, "not-indicated", province="12") == 4
    assert total(cube, age="12-17", sex="male", nationality="TH") == 2


def test_screening_age_falls_back_to_the_persons_birth_year(field):
    person = field.person(birth_year=2010)
    screenings(field, 1, when=moment(2025, 3, 1), age=None, person=person)
    screenings(field, 1, when=moment(2025, 3, 1), age=None)
    cube = queries.screenings(YEAR_2025)
    assert total(cube, age="12-17") == 1  # 2025 - 2010 = 15
    assert total(cube, age="unknown") == 1


def test_rare_nationalities_are_grouped(field):
    screenings(field, 2, when=moment(2025, 3, 1), nationality="KE")
    screenings(field, 1, when=moment(2025, 3, 1), nationality="XX")
    cube = queries.screenings(YEAR_2025)
    assert total(cube, nationality="other") == 2
    assert total(cube, nationality="XX") == 1


def test_a_person_identified_by_two_agencies_counts_once(field):
    first = field.person(given_name="Sreymom", family_name="Chan")
    same = make_same_person(field, first)
    assert first.national_link.national_id == same.national_link.national_id
    identify(first, field.poipet, field.worker, moment(2025, 2, 1))
    identify(same, field.capital, field.capital_worker, moment(2025, 5, 1))
    cube = queries.identified(YEAR_2025)
    assert total(cube) == 1
    assert total(cube, province="01") == 1  # the first identification in the period


def test_records_not_linked_yet_count_by_record(field):
    namesakes = [field.person(given_name="Sokha", family_name="Chan") for _ in range(2)]
    for person in namesakes:
        identify(person, field.poipet, field.worker, moment(2025, 2, 1))
    identify(namesakes[0], field.capital, field.capital_worker, moment(2025, 3, 1))
    assert total(queries.identified(YEAR_2025)) == 2


def test_identifications_count_national_persons_not_equal_names(field):
    """Spelling variants the linkage found to be one woman count once; two namesakes it kept
    apart count twice, though their names, birth years and sex are equal."""
    first = field.person(given_name="Srey Mom", family_name="Chan", birth_year=1999)
    variant = make_same_person(field, first, given_name="Sreymom", birth_year=None)
    namesake = field.person(given_name="Srey Mom", family_name="Chan", birth_year=1999)
    link_as_one(namesake)
    for person in (first, variant, namesake):
        identify(person, field.poipet, field.worker, moment(2025, 2, 1))
    assert total(queries.identified(YEAR_2025)) == 2


def test_identification_outside_the_period_or_not_a_victim_is_not_counted(field):
    person = field.person()
    identify(person, field.poipet, field.worker, moment(2024, 6, 1))
    other = field.person(given_name="Dara")
    identification = identify(other, field.poipet, field.worker, moment(2025, 6, 1))
    identification.designation = "not_victim"
    identification.save()
    assert total(queries.identified(YEAR_2025)) == 0


def test_identified_age_is_taken_at_the_year_of_identification(field):
    person = field.person(birth_year=2008)
    identify(person, field.poipet, field.worker, moment(2025, 2, 1))
    assert total(queries.identified(YEAR_2025), age="12-17", sex="female") == 1


def test_referrals_by_status_and_referring_province(field):
    person = field.person()
    for status in ["accepted", "accepted", "declined", "pending", "withdrawn"]:
        refer(field, person, status, moment(2025, 4, 1))
    refer(field, person, "accepted", moment(2026, 1, 2))
    cube = queries.referrals(YEAR_2025)
    assert total(cube) == 5
    assert total(cube, "accepted", province="01") == 2
    assert total(cube, "withdrawn") == 1


def test_cases_opened_and_closed_count_people(field):
    person = field.person()
    twin = make_same_person(field, person)
    open_case(person, field.poipet, field.worker, moment(2025, 1, 5), closed=moment(2025, 8, 1))
    open_case(twin, field.capital, field.capital_worker, moment(2025, 2, 5))
    open_case(field.person(given_name="Vanna"), field.poipet, field.worker, moment(2024, 1, 1))
    assert total(queries.cases_opened(YEAR_2025)) == 1
    assert total(queries.cases_closed(YEAR_2025)) == 1


def test_counting_takes_a_fixed_number_of_queries(field, django_assert_max_num_queries):
    screenings(field, 30, when=moment(2025, 3, 1))
    for i in range(5):
        person = field.person(given_name=f"Name{i}")
        identify(person, field.poipet, field.worker, moment(2025, 2, 1))
    # One query per measure, those of the apps above statistics included.
    with django_assert_max_num_queries(len(queries.QUERIES)):
        for query in queries.QUERIES.values():
            query(YEAR_2025)


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (None, "unknown"),
        (-1, "unknown"),
        (0, "0-11"),
        (11, "0-11"),
        (12, "12-17"),
        (17, "12-17"),
        (18, "18-24"),
        (24, "18-24"),
        (25, "25-34"),
        (35, "35-49"),
        (49, "35-49"),
        (50, "50+"),
        (97, "50+"),
    ],
)
def test_age_groups(age, group):
    assert age_group(age) == group


@pytest.mark.parametrize("age", [0, 11, 12, 17, 18, 24, 25, 34, 35, 49, 50, 80])
def test_database_age_groups_match_the_python_ones(field, age):
    screenings(field, 1, when=moment(2025, 3, 1), age=age)
    assert total(queries.screenings(YEAR_2025), age=age_group(age)) == 1
