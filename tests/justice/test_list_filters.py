"""The criminal case list page and the criminal cases API take the same filters, read by the same
form: for the same filter they list the same cases, newest first, and the API answers 400 with the
form's message for a value the form refuses instead of ignoring it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.justice import services
from rumdoh.justice.models import CriminalCase
from rumdoh.people import services as people
from rumdoh.people.models import ConsentScope
from tests.conftest import login, make_person
from tests.justice.helpers import JusticeWorld
from tests.list_filters import NOT_A_CHOICE, assert_refused, too_long, walk_pages
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

API = "/api/v1/criminal-cases/"


def opened(case: CriminalCase, days_ago: int, **fields: Any) -> int:
    """``case`` as opened ``days_ago``, then given ``fields`` as stored."""
    when = timezone.now() - timedelta(days=days_ago)
    CriminalCase.objects.filter(pk=case.pk).update(opened_at=when, **fields)
    return case.pk


@pytest.fixture
def cases(jw: JusticeWorld) -> dict[str, int]:
    """Made in one order, opened in another: the lists go by the day opened."""
    charged, _suspect, _charge = jw.charged_case()
    second = make_person(jw.world.owner, given_name="Dara", family_name="Keo", phone="")
    people.record_consent(
        jw.world.owner,
        second,
        scope=ConsentScope.SHARE,
        method="signed",
        given_on=date(2026, 1, 6),
        agency=jw.police_agency,
    )
    services.add_victim(jw.police, charged, second)  # two victims: listed once all the same
    related, _victim = jw.case_with_victim(origin="report", referring_agency=None)
    jw.send(related, jw.suspect(related, aliases=["Uncle Ny"], handles=[]), offence="CC-239")
    fresh = jw.open_case(province="07")
    ended, _victim = jw.case_with_victim(province="12")
    return {
        "fresh": opened(fresh, 1),
        "charged": opened(charged, 2),
        "ended": opened(ended, 3, stage="final"),
        "related": opened(related, 4),
    }


def on_the_page(jw: JusticeWorld, filters: dict[str, str]) -> list[int]:
    page = login(jw.police).get(reverse("justice:cases"), filters)
    assert page.status_code == 200
    return [case.pk for case in page.context["page"]]


def in_the_api(jw: JusticeWorld, filters: dict[str, str]) -> list[int]:
    answer = login(jw.police).get(API, filters)
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


ALL = ["fresh", "charged", "ended", "related"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ALL),
    ({"stage": "charged"}, ["charged"]),
    ({"stage": "trial"}, []),
    ({"state": "open"}, ["fresh", "charged", "related"]),
    ({"state": "final"}, ["ended"]),
    ({"offence_class": "trafficking"}, ["charged"]),
    ({"offence_class": "related"}, ["related"]),
    ({"offence_class": "none"}, ["fresh", "ended"]),
    ({"offence_class": "none", "state": "open"}, ["fresh"]),
    ({"province": "01"}, ["charged", "related"]),
    ({"province": "07", "stage": "investigation"}, ["fresh"]),
    ({"q": "@tiger_jobs"}, ["charged"]),
    ({"q": "uncle ny"}, ["related"]),
    ({"q": "uncle ny", "offence_class": "trafficking"}, []),
    ({"q": "", "stage": "", "offence_class": "", "province": "", "state": ""}, ALL),
])  # fmt: skip
def test_the_page_and_the_api_list_the_same_cases_for_a_filter(
    jw: JusticeWorld, cases: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    wanted = [cases[name] for name in expected]
    assert on_the_page(jw, filters) == wanted
    assert in_the_api(jw, filters) == wanted


@pytest.mark.parametrize(("typed", "expected"), [
    ("J-{charged:06d}", ["charged"]),
    ("j{charged}", ["charged"]),
    ("J - {ended}", ["ended"]),
    ("{person}", ["charged", "ended", "related"]),
])  # fmt: skip
def test_the_page_and_the_api_find_the_same_cases_by_a_number(
    jw: JusticeWorld, cases: dict[str, int], typed: str, expected: list[str]
) -> None:
    filters = {"q": typed.format(person=jw.person.reference, **cases)}
    wanted = [cases[name] for name in expected]
    assert on_the_page(jw, filters) == wanted
    assert in_the_api(jw, filters) == wanted


def test_the_api_pages_a_filtered_list_and_keeps_the_filter(
    jw: JusticeWorld, cases: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    filters = {"state": "open", "province": "01"}
    seen, links = walk_pages(login(jw.police), API, filters)
    assert seen == [cases["charged"], cases["related"]] == on_the_page(jw, filters)
    assert len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "state": ["open"],
        "province": ["01"],
        "page": ["2"],
    }


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(("filters", "field"), [
    ({"stage": "open"}, "stage"),
    ({"offence_class": "serious", "stage": "charged"}, "offence_class"),
    ({"state": "closed"}, "state"),
    ({"province": "99"}, "province"),
])  # fmt: skip
def test_the_api_refuses_an_unknown_choice_in_the_readers_language(
    jw: JusticeWorld, cases: dict[str, int], filters: dict[str, str], field: str, language: str
) -> None:
    answer = login(jw.police).get(API, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, NOT_A_CHOICE, "invalid_choice", language, filters[field])


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_api_refuses_a_search_too_long_in_the_readers_language(
    jw: JusticeWorld, cases: dict[str, int], language: str
) -> None:
    answer = login(jw.police).get(API, {"q": "tiger " * 40}, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, "q", too_long(200, 239), "max_length", language)


def test_one_case_is_read_whatever_list_filters_come_along(
    jw: JusticeWorld, cases: dict[str, int]
) -> None:
    pk = cases["ended"]
    one = login(jw.police).get(f"{API}{pk}/", {"state": "open", "stage": "nonsense"})
    assert one.status_code == 200 and one.json()["id"] == pk


def test_a_filtered_case_list_reads_a_fixed_number_of_queries(
    jw: JusticeWorld, cases: dict[str, int]
) -> None:
    def more() -> list[str]:
        return [jw.charged_case()[0].reference for _n in range(3)]

    url = f"{API}?offence_class=trafficking&state=open&q=tiger"
    assert_flat(login(jw.police), url, more)
