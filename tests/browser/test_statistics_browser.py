"""The statistics page on a 1280 px tablet, in English and in Khmer: the summary first, every
section folded but the first, and no table wider than its box once they are all opened."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from rumdoh.screening.models import ScreeningRecord
from tests.browser.conftest import sign_in
from tests.statistics.helpers import identify, open_case
from tests.statistics.justice_helpers import Courts

pytestmark = pytest.mark.django_db(transaction=True)

# Tables whose right edge passes their box, or the page's main column.
OVERFLOWING = """() => {
  const main = document.querySelector('main').getBoundingClientRect();
  return [...document.querySelectorAll('main table')]
    .filter(t => {
      const box = t.getBoundingClientRect();
      return box.width > t.parentElement.clientWidth + 0.5 || box.right > main.right + 0.5;
    })
    .map(t => t.caption ? t.caption.innerText : t.outerHTML.slice(0, 80));
}"""


@pytest.fixture
def year(db) -> Courts:
    """A year of work: screenings, people identified and taken in, cases up to the verdict."""
    courts = Courts()
    today = timezone.localdate()
    now = timezone.now() - timedelta(days=3)
    ScreeningRecord.objects.bulk_create(
        ScreeningRecord(
            agency=courts.shelter,
            screener=courts.worker,
            screened_at=now,
            form="short",
            age=30 + i % 30,
            sex="female",
            nationality="KH",
            province="01",
            context="deportation",
            determination="trafficking-indicated",
            catalogue_version="test",
        )
        for i in range(120)
    )
    for i in range(12):
        person = courts.person(given_name=f"Sokha{i}", family_name="Chan", birth_year=1990 + i)
        identify(person, courts.shelter, courts.worker, now)
        open_case(person, courts.shelter, courts.worker, now)
        case, suspect = courts.prosecuted(
            today - timedelta(days=40),
            today - timedelta(days=30),
            today - timedelta(days=20),
            victim=person,
        )
        courts.arrest(case, suspect, today - timedelta(days=35))
    return courts


def open_statistics(page: Page, base_url: str, courts: Courts, language: str) -> None:
    sign_in(page, base_url, courts.analyst)
    if language == "km":
        page.click("button[name=language][value=km]")
        page.wait_for_load_state("networkidle")
    start = timezone.localdate() - timedelta(days=300)
    page.goto(f"{base_url}/statistics/?start={start}&end={timezone.localdate()}")
    expect(page.locator("#s-summary")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "km"])
def test_summary_comes_first_and_no_table_overflows_at_1280(
    page: Page, live_server, year, language
):
    open_statistics(page, live_server.url, year, language)
    assert page.viewport_size == {"width": 1280, "height": 800}
    # The summary is the first part of the report, above every table, on the first screen.
    assert page.evaluate("document.querySelector('.stats').firstElementChild.id") == "s-summary"
    summary = page.locator("#s-summary").bounding_box()
    first_table = page.locator("main table").first.bounding_box()
    assert summary is not None and first_table is not None
    assert summary["y"] < 800 and summary["y"] + summary["height"] <= first_table["y"]
    expect(page.locator("#s-summary .headlines li")).to_have_count(7)
    # Every section folds; only the first is open as the page comes.
    # Eighteen sections of the register and of justice, and the deportees received at the
    # border and the people repatriated, which the cross-border app adds.
    expect(page.locator("details.measure")).to_have_count(20)
    expect(page.locator("details.measure[open]")).to_have_count(1)
    assert page.evaluate(OVERFLOWING) == []
    # Opened one by one, as the analyst would, no table is wider than its box.
    folded = page.locator("details.measure:not([open]) > summary")
    for _ in range(19):
        folded.first.click()
    expect(folded).to_have_count(0)
    assert page.locator("main table").count() == 75  # four of them the deportees per crossing
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_a_headline_opens_the_tables_behind_it(page: Page, live_server, year):
    open_statistics(page, live_server.url, year, "en")
    arrested = page.locator("#t-suspects_arrested")
    expect(arrested).to_be_hidden()
    page.locator("#s-summary .headlines a", has_text="Suspects arrested").click()
    expect(arrested).to_be_visible()
    expect(arrested.locator("table").first).to_be_in_viewport()
