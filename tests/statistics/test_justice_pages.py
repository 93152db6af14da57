"""The justice section of the statistics page, its download and its API: who may see it, what it
shows, what it hides."""

import csv
import io
from datetime import date

import pytest

from rumdoh.accounts.rules.roles import Role
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics import justice_queries
from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.rules.suppression import recover_linked
from rumdoh.statistics.tables import margin
from tests.conftest import login, make_user
from tests.statistics.justice_helpers import SUSPECT_NAMES, Courts

pytestmark = pytest.mark.django_db

PAGE = "/statistics/"
CSV = "/statistics/download.csv"
API = "/api/v1/statistics/"
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}
YEAR_PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
MEASURE_BY_KEY = {m.key: m for m in jm.JUSTICE_MEASURES}
VICTIM_NAMES = ("Zephyrine", "Quillfeather")


@pytest.fixture
def courts(db):
    return Courts()


@pytest.fixture
def busy(courts):
    """Twelve trafficking prosecutions in Banteay Meanchey, three rape cases in the capital."""
    victim = courts.person(given_name=VICTIM_NAMES[0], family_name=VICTIM_NAMES[1])
    courts.cases = []
    for i in range(12):
        case, suspect = courts.prosecuted(
            date(2025, 1, 10), date(2025, 2, 1), date(2025, 3, 1), victim=victim if i == 0 else None
        )
        courts.arrest(case, suspect, date(2025, 1, 20))
        courts.cases.append(case)
    for _ in range(3):
        courts.prosecuted(
            date(2025, 1, 15), date(2025, 2, 10), date(2025, 3, 10), offence="CC-239", capital=True
        )
    courts.victim_person = victim
    return courts


def justice_measure(body, key):
    return next(m for m in body["justice"]["measures"] if m["key"] == key)


def table(body, key, breakdown):
    return next(t for t in justice_measure(body, key)["tables"] if t["breakdown"] == breakdown)


def row(table, code):
    return next(r for r in table["rows"] if r["code"] == code)


def median(body, step):
    medians = body["justice"]["medians"]
    found = next(r for r in medians["rows"] if r["code"] == step)
    return dict(zip([c["code"] for c in medians["columns"]], found["values"], strict=True))


# --- who may see it -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, CSV, API])
def test_analyst_may_see_the_justice_figures(busy, url):
    response = login(busy.analyst).get(url, YEAR)
    assert response.status_code == 200
    assert b"investigations" in response.content or b"Investigations" in response.content


@pytest.mark.parametrize("url", [PAGE, CSV, API])
@pytest.mark.parametrize(
    "role",
    [
        Role.POLICE_INVESTIGATOR,
        Role.POLICE_SUPERVISOR,
        Role.PROSECUTOR,
        Role.COURT_CLERK,
        Role.CASE_WORKER,
        Role.LABOUR_INSPECTOR,
    ],
)
def test_roles_without_the_statistics_capability_get_403(courts, url, role):
    agency = {
        Role.PROSECUTOR: courts.prosecution,
        Role.COURT_CLERK: courts.court,
        Role.CASE_WORKER: courts.shelter,
    }.get(role, courts.police)
    assert login(make_user(role, agency)).get(url, YEAR).status_code == 403


# --- what the page shows --------------------------------------------------------------------


def test_page_has_a_justice_section_with_every_measure(busy):
    page = login(busy.analyst).get(PAGE, YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="s-justice"' in page
    for measure in jm.JUSTICE_MEASURES:
        assert str(measure.label) in page
    assert "Median days between stages" in page
    assert "Investigations opened by Law" in page
    assert "Suspects convicted by Sex of the suspect" in page
    assert ">12<" in page and ">15<" in page  # trafficking and all investigations
    assert ">22<" in page  # median days from investigation to sending, trafficking cases


def test_api_keeps_the_old_keys_and_adds_justice(busy):
    body = login(busy.analyst).get(API, YEAR).json()
    assert {"period", "threshold", "measures", "justice"} <= set(body)
    assert body["measures"][0]["key"] == "screenings"
    assert [m["key"] for m in body["justice"]["measures"]] == list(MEASURE_BY_KEY)
    investigations = justice_measure(body, "investigations")
    assert [c["code"] for c in investigations["columns"]] == ["trafficking", "related", "none"]
    assert [t["breakdown"] for t in investigations["tables"]] == ["province", "law", "exploitation"]


def test_small_cells_are_suppressed_and_nothing_hidden_can_be_derived(busy):
    body = login(busy.analyst).get(API, YEAR).json()
    by_province = table(body, "investigations", "province")
    assert row(by_province, "01")["values"][0] == 12
    assert row(by_province, "12")["values"] == [None, None, None]
    assert row(by_province, "12")["total"] is None
    assert by_province["totals"]["total"] == 15
    assert by_province["totals"]["values"][1] is None  # three related cases
    sent = table(body, "cases_sent", "province")
    assert sent["totals"]["values"] == [12, None]  # the trafficking figure survives...
    assert sent["totals"]["total"] is None  # ...because the grand total hides the three instead
    for key in MEASURE_BY_KEY:
        assert_nothing_recoverable(body, key)


def assert_nothing_recoverable(body, key):
    """Against the true tables, a reader solving the published totals can fix no hidden cell."""
    measure = MEASURE_BY_KEY[key]
    published_tables = justice_measure(body, key)["tables"]
    cube = justice_queries.cube_for(measure, YEAR_PERIOD)
    tables, hidden = [], []
    for position, (dimension, published) in enumerate(
        zip(measure.dimensions, published_tables, strict=True)
    ):
        _codes, true_table = margin(cube, position, measure, dimension)
        shown = [[*r["values"], r["total"]] for r in [*published["rows"], published["totals"]]]
        assert len(shown) == true_table.n_rows + 1
        for i, line in enumerate(shown):
            for j, value in enumerate(line):
                assert value is None or value == true_table.value((i, j))
        tables.append(true_table)
        hidden.append(
            {(i, j) for i, line in enumerate(shown) for j, v in enumerate(line) if v is None}
        )
    assert recover_linked(tables, hidden) == [{} for _ in tables]


def test_a_median_from_too_few_cases_is_suppressed(busy):
    body = login(busy.analyst).get(API, YEAR).json()
    assert median(body, "investigation_to_sent") == {"trafficking": 22, "related": None, "all": 22}
    assert median(body, "charged_to_verdict") == {"trafficking": None, "related": None, "all": None}


def test_threshold_setting_is_honoured(busy, settings):
    settings.RUMDOH_SUPPRESSION_THRESHOLD = 1
    body = login(busy.analyst).get(API, YEAR).json()
    assert row(table(body, "investigations", "province"), "12")["values"][1] == 3
    assert median(body, "investigation_to_sent")["related"] == 26
    assert median(body, "sent_to_charged") == {"trafficking": 28, "related": 28, "all": 28}
    settings.RUMDOH_SUPPRESSION_THRESHOLD = 20
    body = login(busy.analyst).get(API, YEAR).json()
    assert median(body, "investigation_to_sent") == {
        "trafficking": None,
        "related": None,
        "all": None,
    }
    assert row(table(body, "investigations", "province"), "01")["total"] is None


def test_no_personal_data_in_page_download_or_api(busy):
    client = login(busy.analyst)
    suspect = busy.cases[0].suspects.get()
    secrets = [
        *VICTIM_NAMES,
        *SUSPECT_NAMES,
        busy.victim_person.reference,
        "012 345 678",
        busy.cases[0].reference,
        suspect.reference,
        "call-centre job",
    ]
    for url in (PAGE, CSV, API):
        text = client.get(url, YEAR).content.decode()
        for secret in secrets:
            assert secret not in text, (url, secret)


def test_download_holds_the_justice_tables_and_medians(busy):
    client = login(busy.analyst)
    response = client.get(CSV, YEAR, HTTP_ACCEPT_LANGUAGE="en")
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    investigations = [r for r in lines if r["measure"] == "investigations"]
    national = next(
        r
        for r in investigations
        if r["breakdown"] == "province" and r["category"] == "total" and r["column"] == "total"
    )
    assert national["value"] == "15"
    capital = [r for r in investigations if r["breakdown"] == "province" and r["category"] == "12"]
    assert {r["value"] for r in capital} == {"x"}
    medians = {
        (r["category"], r["column"]): r["value"] for r in lines if r["measure"] == "median_days"
    }
    assert medians["investigation_to_sent", "trafficking"] == "22"
    assert medians["investigation_to_sent", "related"] == "x"
    assert {r["measure"] for r in lines} >= {"screenings", *MEASURE_BY_KEY, "median_days"}
    assert "3" not in {r["value"] for r in lines if r["measure"] in MEASURE_BY_KEY}


def test_api_schema_describes_the_justice_section(courts):
    schema = login(courts.analyst).get("/api/v1/schema/", {"format": "json"}).json()
    report = schema["components"]["schemas"]["Report"]
    assert {"measures", "justice"} <= set(report["properties"])
    assert "JusticeBreakdown" in schema["components"]["schemas"]


def test_page_download_and_api_reuse_the_justice_counts(busy, django_assert_max_num_queries):
    client = login(busy.analyst)
    client.get(PAGE, YEAR)
    with django_assert_max_num_queries(12):  # session, user, audit row; no counting again
        client.get(API, YEAR)


def test_laws_and_offences_are_named_in_khmer_on_a_khmer_page(busy):
    client = login(busy.analyst)
    client.cookies["django_language"] = "km"
    page = client.get(PAGE, YEAR, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "ក្រមព្រហ្មទណ្ឌ (២០០៩)" in page  # Criminal Code (2009)
    assert "ការរំលោភសេពសន្ថវៈ" in page  # rape, in the table of charges


def test_investigations_still_open_on_the_page_in_the_download_and_the_api(courts):
    """Twelve trafficking investigations opened in Banteay Meanchey and not yet sent on, three in
    the capital with no charge yet; two more sent to the prosecutor within the year."""
    for _ in range(12):
        case = courts.case(date(2025, 10, 1))
        courts.charge(case, courts.suspect(case), "LSHTSE-12", level="recommended")
    for _ in range(3):
        courts.case(date(2025, 11, 1), capital=True)
    for _ in range(2):
        courts.prosecuted(date(2025, 3, 1), date(2025, 4, 1))
    client = login(courts.analyst)
    page = client.get(PAGE, YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Investigations still open at the end of the period" in page
    assert "Investigations still open at the end of the period by Province" in page
    khmer = client.get(PAGE, YEAR, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "ការស៊ើបអង្កេតដែលនៅបើកនៅចុងរយៈពេល" in khmer

    body = client.get(API, YEAR).json()
    by_province = table(body, "investigations_still_open", "province")
    assert row(by_province, "01")["values"][0] == 12
    assert row(by_province, "12")["values"] == [None, None, None]  # three: under the threshold
    assert by_province["totals"]["total"] == 15
    assert by_province["totals"]["values"][0] == 12
    assert table(body, "investigations", "province")["totals"]["total"] == 17
    assert_nothing_recoverable(body, "investigations_still_open")

    response = client.get(CSV, YEAR, HTTP_ACCEPT_LANGUAGE="en")
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    still_open = {
        (r["category"], r["column"]): r["value"]
        for r in lines
        if r["measure"] == "investigations_still_open" and r["breakdown"] == "province"
    }
    assert still_open["total", "total"] == "15"
    assert still_open["01", "trafficking"] == "12"
    assert still_open["12", "none"] == "x"
