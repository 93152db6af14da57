"""A period starts no earlier than 2008, the year the trafficking law took effect: an earlier
start is refused beside the start date, on the page, the download and the API, in the reader's
language. A start near year 1 once failed with a server error while the period's bounds were
turned into moments."""

from datetime import date

import pytest

from rumdoh.statistics.forms import period_form
from rumdoh.statistics.rules.periods import EARLIEST_START, Period, PeriodProblem
from tests.conftest import login
from tests.statistics.helpers import Field

pytestmark = pytest.mark.django_db

PAGE = "/statistics/"
CSV = "/statistics/download.csv"
API = "/api/v1/statistics/"
ANCIENT = {"start": "0001-01-01", "end": "2026-01-01"}
ENGLISH = "The statistics begin in 2008, the year the trafficking law took effect"
KHMER = "ស្ថិតិចាប់ផ្ដើមពីឆ្នាំ 2008"


@pytest.fixture
def field(db):
    return Field()


def test_a_period_may_not_start_before_the_trafficking_law():
    today = date(2026, 12, 8)
    assert date(2008, 1, 1) == EARLIEST_START
    assert Period(date(1, 1, 1), today).problems(today) == [PeriodProblem.BEFORE_EARLIEST]
    assert Period(date(2007, 12, 31), today).problems(today) == [PeriodProblem.BEFORE_EARLIEST]
    assert Period(EARLIEST_START, today).problems(today) == []


def test_the_form_says_so_beside_the_start_date():
    form = period_form(ANCIENT)
    assert not form.is_valid()
    assert ENGLISH in form.errors["start"][0]
    assert "2008-01-01" in form.errors["start"][0]
    assert not form.non_field_errors()
    assert period_form({"start": "2008-01-01", "end": "2008-12-31"}).is_valid()


def test_the_page_refuses_an_ancient_start_in_english_and_khmer(field):
    client = login(field.analyst)
    page = client.get(PAGE, ANCIENT, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert ENGLISH in page.content.decode()
    client.cookies["django_language"] = "km"
    assert KHMER in client.get(PAGE, ANCIENT).content.decode()


def test_the_download_refuses_an_ancient_start(field):
    client = login(field.analyst)
    client.cookies["django_language"] = "km"
    response = client.get(CSV, ANCIENT)
    assert response.status_code == 400
    assert KHMER in response.content.decode()


def test_the_api_refuses_an_ancient_start(field):
    client = login(field.analyst)
    response = client.get(API, ANCIENT, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert ENGLISH in str(response.json())
    client.cookies["django_language"] = "km"
    assert KHMER in str(client.get(API, ANCIENT).json())
    assert client.get(API, {"start": "2008-01-01", "end": "2008-12-31"}).status_code == 200
