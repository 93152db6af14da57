"""What counts as a trafficking case: only cases whose governing charges include a trafficking
offence. A rape-only case never enters the trafficking figures; it stays a related offence."""

import pytest

from rumdoh.justice import queries
from rumdoh.justice.models import CriminalCase

pytestmark = pytest.mark.django_db


def test_a_rape_only_case_is_never_counted_as_trafficking(jw):
    rape, _suspect, _charge = jw.charged_case(offence="CC-239")
    assert rape not in queries.trafficking_cases()
    assert rape in queries.related_offence_cases()
    assert queries.offence_class(rape) == "related"
    assert not queries.trafficking_charges().filter(case=rape).exists()


def test_a_trafficking_charge_makes_a_trafficking_case(jw):
    case, _suspect, _charge = jw.charged_case(offence="LSHTSE-15")
    assert list(queries.trafficking_cases()) == [case]
    assert not queries.related_offence_cases().exists()


def test_the_prosecutors_charges_decide_over_the_police_recommendation(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    jw.send(case, suspect, offence="LSHTSE-12")
    assert case in queries.trafficking_cases()  # recommended as trafficking, not yet charged
    jw.charge(case, suspect, offence="CC-239")  # charged as rape only
    assert case not in queries.trafficking_cases()
    assert case in queries.related_offence_cases()


def test_immigration_and_confinement_only_are_related_offences(jw):
    crossing, _s, _c = jw.charged_case(offence="IMMIGRATION-29")
    confinement, _s2, _c2 = jw.charged_case(offence="CC-253")
    related = set(queries.related_offence_cases())
    assert {crossing, confinement} <= related
    assert not queries.trafficking_cases().exists()


def test_a_case_with_no_charge_is_neither(jw):
    case = jw.open_case()
    assert case not in queries.trafficking_cases()
    assert case not in queries.related_offence_cases()
    assert queries.offence_class(case) == ""
    assert case in queries.filter_class(CriminalCase.objects.all(), "none")


def test_helpers_narrow_a_given_queryset(jw):
    trafficking, _s, _c = jw.charged_case()
    scoped = CriminalCase.objects.filter(province="12")
    assert trafficking not in queries.trafficking_cases(scoped)
