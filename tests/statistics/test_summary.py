"""The summary at the top of the statistics page: the national totals the tables publish, hidden
where the tables hide them; then every measure in a section that folds, the first one open."""

import re
from datetime import date

import pytest

from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics import measures as pm
from rumdoh.statistics.headlines import HEADLINE_MEASURES, headlines
from rumdoh.statistics.report import build_report
from rumdoh.statistics.rules.periods import Period
from tests.conftest import login
from tests.statistics.helpers import Field, identify, moment, open_case, refer
from tests.statistics.justice_helpers import Courts

pytestmark = pytest.mark.django_db

PAGE = "/statistics/"
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}
YEAR_PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def field(db):
    """Twelve people identified and given a protection case; three of them referred."""
    field = Field()
    for i in range(12):
        person = field.person(given_name=f"Sokha{i}", family_name="Chan", birth_year=1990 + i)
        identify(person, field.poipet, field.worker, moment(2025, 2, 1))
        open_case(person, field.poipet, field.worker, moment(2025, 2, 1))
        if i < 3:
            refer(field, person, "accepted", moment(2025, 2, 2))
    return field


@pytest.fixture
def courts(db):
    """Twelve trafficking prosecutions, each suspect arrested; three rape cases in the capital."""
    courts = Courts()
    for _ in range(12):
        case, suspect = courts.prosecuted(date(2025, 1, 10), date(2025, 2, 1), date(2025, 3, 1))
        courts.arrest(case, suspect, date(2025, 1, 20))
    for _ in range(3):
        courts.prosecuted(
            date(2025, 1, 15), date(2025, 2, 10), date(2025, 3, 10), offence="CC-239", capital=True
        )
    return courts


def page_of(user, language="en"):
    client = login(user)
    client.cookies["django_language"] = language
    return client.get(PAGE, YEAR, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def published_totals(key):
    """The national row of a measure's tables, as the tables publish it."""
    report = build_report(YEAR_PERIOD, 10, "en")
    item = next(i for i in (*report.measures, *report.justice.measures) if i.measure.key == key)
    return item.breakdowns[0].totals


def headline(key):
    report = build_report(YEAR_PERIOD, 10, "en")
    return next(h for h in headlines(report) if h.key == key)


def test_headlines_are_the_national_totals_of_the_tables(field):
    assert headline(pm.IDENTIFIED.key).total == 12
    assert headline(pm.CASES_OPENED.key).total == 12
    assert headline(pm.IDENTIFIED.key).total == published_totals(pm.IDENTIFIED.key).values[0]


def test_a_total_the_tables_hide_is_hidden_in_the_summary(field):
    assert published_totals(pm.REFERRALS.key).total is None  # three referrals
    assert headline(pm.REFERRALS.key).total is None


def test_justice_headlines_give_the_trafficking_figure_as_the_tables_publish_it(courts):
    cases = published_totals(jm.CASES_CHARGED.key)
    prosecuted = headline(jm.CASES_CHARGED.key)
    assert prosecuted.by_class
    assert prosecuted.trafficking == cases.values[0] == 12
    # three related cases are hidden, and so the total that would give them away
    assert prosecuted.total is cases.total is None
    arrested = headline(jm.SUSPECTS_ARRESTED.key)
    assert (arrested.trafficking, arrested.total) == (12, 12)


def test_every_headline_measure_is_one_the_report_publishes(field):
    report = build_report(YEAR_PERIOD, 10, "en")
    assert [h.key for h in headlines(report)] == [m.key for m in HEADLINE_MEASURES]
    assert not any(h.by_class for h in headlines(report)[:3])


def test_summary_comes_before_every_table(field):
    page = page_of(field.analyst)
    summary = page.index('id="s-summary"')
    assert summary < page.index("<table") and summary < page.index("<details")
    headlines_html = page[summary : page.index("<details")]
    assert "Suspected victims identified" in headlines_html
    assert ">12<" in headlines_html
    assert 'class="suppressed"' in headlines_html  # the three referrals


def test_each_measure_folds_and_only_the_first_is_open(field):
    page = page_of(field.analyst)
    fold = r'<details class="measure"( open)?>\s*<summary><h3 id="m-([a-z_]+)"'
    folds = re.findall(fold, page)
    keys = [key for _open, key in folds]
    assert keys == [m.key for m in [*pm.MEASURES, *jm.JUSTICE_MEASURES]] + ["medians"]
    assert [key for opened, key in folds if opened] == [pm.SCREENINGS.key]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "a person screened or referred twice counts twice"),
        ("km", "មនុស្សម្នាក់ដែលត្រូវបានពិនិត្យបឋម ឬបញ្ជូនពីរដង"),
    ],
)
def test_page_says_who_is_counted_once_and_what_is_counted_per_event(field, language, said):
    page = page_of(field.analyst, language)
    assert said in page
    summary = page[page.index('id="s-summary"') : page.index("<details")]
    assert said in summary


@pytest.mark.parametrize("world", ["field", "courts"])
def test_each_measure_folds_under_the_total_its_headline_gives(request, world):
    analyst = request.getfixturevalue(world).analyst
    report = build_report(YEAR_PERIOD, 10, "en")
    page = page_of(analyst)
    said = {h.key: h.total for h in headlines(report)}
    for item in (*report.measures, *report.justice.measures):
        start = page.index(f'<h3 id="m-{item.measure.key}">')
        shown = page[start : page.index("</summary>", start)]
        figure = re.search(r'class="figure-value">(\d+)<|class="suppressed"', shown)
        assert figure is not None
        assert (int(figure.group(1)) if figure.group(1) else None) == item.total
        if item.measure.key in said:
            assert said[item.measure.key] == item.total
