"""The statistics page, its download and its API: who may see them and what they show."""

import csv
import io

import pytest
from django.test import Client

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.statistics import queries
from rumdoh.statistics.measures import MEASURES
from rumdoh.statistics.report import margin
from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.rules.suppression import recover_linked
from tests.conftest import login, make_user
from tests.statistics.helpers import (
    Field,
    identify,
    make_same_person,
    moment,
    open_case,
    refer,
    screenings,
)

pytestmark = pytest.mark.django_db

PAGE = "/statistics/"
CSV = "/statistics/download.csv"
API = "/api/v1/statistics/"
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}
YEAR_PERIOD = Period(moment(2025, 1, 1).date(), moment(2025, 12, 31).date())
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
DISTINCT = ("Zephyrine", "Quillfeather")


@pytest.fixture
def field(db):
    return Field()


@pytest.fixture
def busy(field):
    """A year with enough activity to show, and one person with a name that must never leak."""
    screenings(field, 40, when=moment(2025, 3, 1))
    screenings(field, 25, when=moment(2025, 3, 1), province="12", determination="not-indicated")
    screenings(field, 3, when=moment(2025, 3, 1), province="17", determination="further-assessment")
    person = field.person(given_name=DISTINCT[0], family_name=DISTINCT[1])
    identify(person, field.poipet, field.worker, moment(2025, 2, 1))
    refer(field, person, "accepted", moment(2025, 2, 2))
    open_case(person, field.poipet, field.worker, moment(2025, 2, 1))
    field.leaky_person = person
    return field


def api_table(body, measure, breakdown):
    item = next(m for m in body["measures"] if m["key"] == measure)
    return next(t for t in item["tables"] if t["breakdown"] == breakdown)


def row(table, code):
    return next(r for r in table["rows"] if r["code"] == code)


# --- who may see them -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, CSV, API])
def test_analyst_and_administrators_may_see_statistics(field, url):
    for role in [Role.NCCT_ANALYST, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN]:
        user = field.analyst if role == Role.NCCT_ANALYST else make_user(role, field.secretariat)
        assert login(user).get(url, YEAR).status_code == 200


@pytest.mark.parametrize("url", [PAGE, CSV, API])
@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.SCREENER, Role.POLICE_INVESTIGATOR])
def test_field_staff_get_403(field, url, role):
    user = make_user(role, field.poipet)
    assert login(user).get(url, YEAR).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(field):
    assert Client().get(PAGE).status_code == 302
    assert Client().get(API).status_code in (401, 403)


# --- what the page shows --------------------------------------------------------------------


def test_analyst_sees_every_measure_by_every_breakdown(busy):
    response = login(busy.analyst).get(PAGE, {**YEAR, "language": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    for heading in [
        "Screenings by result",
        "Suspected victims identified",
        "Referrals made, by response",
        "Protection cases opened",
        "Protection cases closed",
    ]:
        assert heading in page
    for breakdown in ["by Province", "by Sex", "by Age group", "by Nationality"]:
        assert breakdown in page
    assert ">40<" in page and ">68<" in page  # province row and the national total
    assert "Banteay Meanchey" in page
    assert "cannot be worked out from the totals" in page


def test_no_personal_data_in_page_download_or_api(busy):
    client = login(busy.analyst)
    reference = busy.leaky_person.reference
    outputs = [
        client.get(PAGE, YEAR).content.decode(),
        client.get(CSV, YEAR).content.decode("utf-8-sig"),
        client.get(API, YEAR).content.decode(),
    ]
    for text in outputs:
        for secret in [*DISTINCT, reference, "012 345 678"]:
            assert secret not in text


def test_small_cells_are_suppressed_on_the_page(busy):
    page = login(busy.analyst).get(PAGE, YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="num suppressed"' in page
    assert ">3<" not in page and ">1<" not in page


def test_small_cells_are_suppressed_in_the_api_and_nothing_hidden_can_be_derived(busy):
    body = login(busy.analyst).get(API, YEAR).json()
    province = api_table(body, "screenings", "province")
    siem_reap = row(province, "17")
    assert siem_reap["values"] == [None, None, None, None]
    assert siem_reap["total"] is None
    identified = api_table(body, "identified", "sex")
    assert identified["totals"]["total"] is None
    assert all(v is None for r in identified["rows"] for v in r["values"])
    for measure in MEASURE_BY_KEY:
        assert_nothing_recoverable(body, measure)


def assert_nothing_recoverable(body, measure):
    """Against the true tables, a reader solving the published totals can fix no hidden cell."""
    item = next(m for m in body["measures"] if m["key"] == measure)
    cube = queries.cube_for(MEASURE_BY_KEY[measure], YEAR_PERIOD)
    tables, hidden = [], []
    dimensions = MEASURE_BY_KEY[measure].dimensions
    for position, (dimension, published) in enumerate(zip(dimensions, item["tables"], strict=True)):
        _codes, table = margin(cube, position, MEASURE_BY_KEY[measure], dimension)
        rows = [*published["rows"], published["totals"]]
        shown = [[*r["values"], r["total"]] for r in rows]
        assert len(shown) == table.n_rows + 1
        cells = {(i, j) for i, line in enumerate(shown) for j, v in enumerate(line) if v is None}
        for i, line in enumerate(shown):
            for j, value in enumerate(line):
                assert value is None or value == table.value((i, j))
        tables.append(table)
        hidden.append(cells)
    assert recover_linked(tables, hidden) == [{} for _ in tables]


def test_threshold_setting_is_honoured(busy, settings):
    settings.RUMDOH_SUPPRESSION_THRESHOLD = 1
    body = login(busy.analyst).get(API, YEAR).json()
    assert body["threshold"] == 1
    assert row(api_table(body, "screenings", "province"), "17")["total"] == 3
    assert api_table(body, "identified", "sex")["totals"]["total"] == 1
    settings.RUMDOH_SUPPRESSION_THRESHOLD = 50
    body = login(busy.analyst).get(API, YEAR).json()
    assert api_table(body, "screenings", "province")["totals"]["total"] == 68
    assert row(api_table(body, "screenings", "province"), "01")["total"] is None


def test_two_agencies_identifying_one_person_count_once_in_the_api(field, settings):
    settings.RUMDOH_SUPPRESSION_THRESHOLD = 1
    person = field.person(given_name="Sreymom", family_name="Chan")
    identify(person, field.poipet, field.worker, moment(2025, 2, 1))
    identify(make_same_person(field, person), field.capital, field.worker, moment(2025, 3, 1))
    body = login(field.analyst).get(API, YEAR).json()
    province = api_table(body, "identified", "province")
    assert province["totals"]["values"] == [1]
    assert row(province, "01")["values"] == [1]
    assert row(province, "12")["values"] == [None]  # zero, hidden like any small cell


# --- the download ---------------------------------------------------------------------------


def test_download_holds_exactly_the_suppressed_tables(busy):
    client = login(busy.analyst)
    response = client.get(CSV, YEAR, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("text/csv")
    assert "rumdoh-statistics-2025-01-01-2025-12-31.csv" in response["Content-Disposition"]
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    body = client.get(API, YEAR).json()
    siem_reap = [
        r
        for r in lines
        if r["measure"] == "screenings" and r["breakdown"] == "province" and r["category"] == "17"
    ]
    assert {r["value"] for r in siem_reap} == {"x"}
    national = next(
        r
        for r in lines
        if r["measure"] == "screenings" and r["category"] == "total" and r["column"] == "total"
    )
    assert national["value"] == str(api_table(body, "screenings", "sex")["totals"]["total"])
    values = {r["value"] for r in lines}
    assert "3" not in values and "1" not in values


# --- the period -----------------------------------------------------------------------------


def test_start_after_end_is_refused_with_a_clear_message(field):
    client = login(field.analyst)
    page = client.get(PAGE, {"start": "2025-06-01", "end": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "start date must be on or before the end date" in page.content.decode()
    response = client.get(API, {"start": "2025-06-01", "end": "2025-01-01"})
    assert response.status_code == 400
    assert client.get(CSV, {"start": "2025-06-01", "end": "2025-01-01"}).status_code == 400


def test_future_period_is_refused(field):
    client = login(field.analyst)
    page = client.get(PAGE, {"start": "2025-01-01", "end": "2099-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "cannot reach past today" in page.content.decode()
    assert client.get(API, {"start": "2025-01-01", "end": "2099-01-01"}).status_code == 400


def test_half_a_period_is_refused(field):
    page = login(field.analyst).get(PAGE, {"start": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Give both a start and an end date" in page.content.decode()


def test_bad_preset_is_refused(field):
    assert login(field.analyst).get(API, {"preset": "forever"}).status_code == 400


def test_preset_and_default_periods(field):
    client = login(field.analyst)
    assert client.get(API, {"preset": "last-year"}).json()["period"]["start"].endswith("-01-01")
    default = client.get(API).json()["period"]
    assert default["start"].endswith("-01-01")


# --- the audit trail and the schema ---------------------------------------------------------


def test_views_and_downloads_are_logged(field):
    client = login(field.analyst)
    client.get(PAGE, YEAR)
    client.get(CSV, YEAR)
    client.get(API, YEAR)
    events = AuditEvent.objects.filter(user=field.analyst).order_by("id")
    actions = [e.action for e in events if e.action.startswith("statistics.")]
    assert actions == ["statistics.viewed", "statistics.downloaded", "statistics.viewed"]
    assert events.filter(action="statistics.downloaded").get().data["start"] == "2025-01-01"
    assert all(e.person_id is None for e in events)


def test_refused_request_is_not_logged_as_a_view(field):
    login(make_user(Role.CASE_WORKER, field.poipet)).get(PAGE, YEAR)
    assert not AuditEvent.objects.filter(action__startswith="statistics.").exists()


def test_api_schema_describes_the_statistics_endpoint(field):
    schema = login(field.analyst).get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/statistics/"]["get"]
    assert operation["operationId"] == "statistics_report"
    assert {p["name"] for p in operation["parameters"]} >= {"preset", "start", "end"}


def test_page_download_and_api_reuse_the_same_counts(busy, django_assert_max_num_queries):
    client = login(busy.analyst)
    client.get(PAGE, YEAR)
    with django_assert_max_num_queries(12):  # session, user, audit row; no counting again
        client.get(CSV, YEAR)
